import { expect, type Page, test } from '@playwright/test';
import {
  apiSession,
  DESKTOP,
  expectAccessible,
  type Language,
  logIn,
  PHONE,
  SCREENSHOTS,
  switchLanguage,
} from './support';

// Scenario S4's leak guard: an agent notes something internal on a case, then pastes it into a
// public reply; the reply is refused at the composer with what was found, the draft stays, and
// the rewritten reply goes out. An operator admin is offered to send anyway with a reason.

const SHOTS = `${SCREENSHOTS}/leak-guard`;
const NOTE = 'Kunde ist mit zwei Rechnungen im Rückstand, Austausch erst nach Zahlungseingang freigeben.';
const QUOTING =
  'Guten Tag Frau Sommer,\nSie sind mit zwei Rechnungen im Rückstand, Austausch erst nach Zahlungseingang.';
const FOUND = 'mit zwei Rechnungen im Rückstand, Austausch erst nach Zahlungseingang';
const REWRITTEN = 'Guten Tag Frau Sommer, wir prüfen den Austausch und melden uns bis Freitag bei Ihnen.';

/** A fresh case of the demo's Bäckerei Sommer, so earlier specs' changes do not matter. */
async function newCase(): Promise<{ id: string; number: string }> {
  const { api, csrf } = await apiSession('agent@printwerk.example');
  const demo = await api.get('/api/cases/CD-2026-000001');
  expect(demo.status(), await demo.text()).toBe(200);
  const created = await api.post('/api/cases', {
    headers: { 'x-csrf-token': csrf },
    data: {
      type: 'complaint',
      subject: 'Austauschgerät gewünscht',
      customerId: (await demo.json()).customer.id,
      description: 'Die Festplatte soll getauscht werden.',
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const kase = await created.json();
  await api.dispose();
  return kase;
}

/** The composer with the refusal, on a desktop and a phone, each checked by axe. */
async function shootComposer(page: Page, name: string, language: Language): Promise<void> {
  for (const [device, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    const composer = page.getByRole('region', { name: /Antworten|Reply/ });
    // The composer is taller than a screen: the shot scrolls through it, and the sticky header
    // would cover its heading there, so the header is left out of the shot.
    await composer.screenshot({
      path: `${SHOTS}/${language}-${device}-${name}.png`,
      style: '.mantine-AppShell-header { visibility: hidden; }',
    });
    await expectAccessible(page, `${name} (${language}, ${device})`);
  }
  await page.setViewportSize(DESKTOP);
}

async function write(page: Page, visibility: RegExp, text: string, send: RegExp): Promise<void> {
  const composer = page.getByRole('region', { name: /Antworten|Reply/ });
  await composer.locator('label', { hasText: visibility }).click();
  await composer.getByRole('textbox', { name: /Nachricht|Message/ }).fill(text);
  await composer.getByRole('button', { name: send }).click();
}

test('an agent quoting an internal note in a public reply is stopped, rewrites and sends', async ({
  page,
}) => {
  // Two axe checks per language and device on a machine shared with other builds.
  test.setTimeout(120_000);
  const kase = await newCase();
  await logIn(page, 'agent@printwerk.example', `/cases/${kase.id}`);
  await switchLanguage(page, 'en');
  await expect(page.getByRole('heading', { level: 1, name: /Austauschgerät gewünscht/ })).toBeVisible();

  await write(page, /^Internal note$/, NOTE, /^Save note$/);
  await expect(page.locator('[data-visibility="internal"]').filter({ hasText: NOTE })).toBeVisible();

  await write(page, /^Public \(customer\)$/, QUOTING, /^Send publicly$/);
  const refusal = page.getByTestId('leak-refusal');
  await expect(refusal).toContainText('Reply not sent: internal data');
  await expect(refusal.locator('mark')).toHaveText([FOUND]);
  await expect(refusal).toContainText('Internal note');
  // An agent cannot send anyway; the draft is kept and nothing reached the timeline.
  await expect(refusal.getByRole('button', { name: 'Send anyway' })).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue(QUOTING);
  await expect(page.locator('[data-visibility="public"]').filter({ hasText: 'Zahlungseingang' })).toHaveCount(
    0,
  );
  await shootComposer(page, 'refused', 'en');
  await switchLanguage(page, 'de');
  await expect(refusal).toContainText('Antwort nicht gesendet: interne Daten');
  await shootComposer(page, 'refused', 'de');

  await refusal.getByRole('button', { name: 'Text überarbeiten' }).click();
  await expect(refusal).toHaveCount(0);
  const message = page.getByRole('textbox', { name: 'Nachricht' });
  await expect(message).toBeFocused();
  await expect(message).toHaveValue(QUOTING);
  await message.fill(REWRITTEN);
  await page.getByRole('button', { name: 'Öffentlich senden' }).click();
  await expect(page.locator('[data-visibility="public"]').filter({ hasText: REWRITTEN })).toBeVisible();
  await expect(message).toHaveValue('');
  // The demo agent works in English; later specs expect that.
  await switchLanguage(page, 'en');
});

test('an operator admin may send a stopped reply anyway, with a reason', async ({ page }) => {
  test.setTimeout(120_000);
  const kase = await newCase();
  await logIn(page, 'admin@printwerk.example', `/cases/${kase.id}`);
  await switchLanguage(page, 'de');
  await write(page, /^Interne Notiz$/, NOTE, /^Notiz speichern$/);
  await write(page, /^Öffentlich \(Kunde\)$/, QUOTING, /^Öffentlich senden$/);
  const refusal = page.getByTestId('leak-refusal');
  await expect(refusal.locator('mark')).toHaveText([FOUND]);

  // Without a reason the admin is asked for one; with it the reply goes out.
  await refusal.getByRole('button', { name: 'Trotzdem senden' }).click();
  await expect(refusal).toContainText('Bitte geben Sie eine Begründung an.');
  await refusal.getByRole('textbox', { name: 'Begründung' }).fill('Kundin hat ausdrücklich nachgefragt');
  await shootComposer(page, 'override', 'de');
  await refusal.getByRole('button', { name: 'Trotzdem senden' }).click();
  await expect(
    page.locator('[data-visibility="public"]').filter({ hasText: 'Zahlungseingang' }),
  ).toBeVisible();
  await expect(refusal).toHaveCount(0);
});
