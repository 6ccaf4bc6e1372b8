import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { simpleParser } from 'mailparser';
import { type FeedServer, rssFeed, serveFeed, startFeedServer } from '../test/feed-server';
import {
  DESKTOP,
  expectAccessible,
  type Language,
  logIn,
  PHONE,
  pageSettled,
  SCREENSHOTS,
  shoot,
  switchLanguage,
} from './support';

// Scenario S4's monitoring step: a customer blogs about its case; the operator admin adds the blog
// as a feed source, polls it now and finds the mention case, with the customer's case suggested
// for linking, and links it; the complaints lead is mailed. An agent's public reply on the mention
// case quoting its internal note is refused, rewritten and sent. The feed is served by a real HTTP server on 127.0.0.1 started by this test, so the
// source needs the private-network allowance.

const SHOTS = `${SCREENSHOTS}/monitoring`;
const ADMIN = 'admin@printwerk.example';
// The demo's first case: Bäckerei Sommer's external drive (scenario S4).
const CUSTOMER_CASE = 'CD-2026-000001';
const POST_TITLE = 'Seit Wochen Ärger mit PRINTWERK';
const AGENT = 'agent@printwerk.example';
const NOTE = 'Bloggerin ist Stammkundin, Ersatzgerät nur nach Freigabe durch die Teamleitung zusagen.';
const QUOTING = 'Guten Tag Frau Sommer, ein Ersatzgerät nur nach Freigabe durch die Teamleitung.';
const FOUND = 'Ersatzgerät nur nach Freigabe durch die Teamleitung';
const REWRITTEN =
  'Guten Tag Frau Sommer, wir haben Ihren Beitrag gelesen und melden uns heute noch bei Ihnen.';

let feeds: FeedServer;

/** Subjects of the mails to `to` the server wrote to its mail-out directory (no SMTP_URL in e2e). */
async function subjectsTo(to: string): Promise<string[]> {
  const dir = path.join(process.env.E2E_DATA_DIR ?? '', 'mail-out');
  const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.eml'));
  const subjects: string[] = [];
  for (const file of files) {
    const mail = await simpleParser(await readFile(path.join(dir, file)));
    if (mail.to && JSON.stringify(mail.to).includes(to)) subjects.push(mail.subject ?? '');
  }
  return subjects;
}

/** The mention case's composer with the refusal, on a desktop and a phone, each checked by axe. */
async function shootComposer(page: Page, language: Language): Promise<void> {
  for (const [device, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    const composer = page.getByRole('region', { name: /^(Reply|Antworten)$/ });
    await composer.scrollIntoViewIfNeeded();
    // Below the sticky header, so the shot shows the composer's heading.
    await page.evaluate(() => window.scrollBy(0, -80));
    await composer.screenshot({ path: `${SHOTS}/${language}-${device}-mention-reply-refused.png` });
    await expectAccessible(page, `mention reply refused (${language}, ${device})`);
  }
  await page.setViewportSize(DESKTOP);
}

test.beforeAll(async () => {
  feeds = await startFeedServer();
  feeds.route(
    '/backstube.xml',
    serveFeed(() =>
      rssFeed([
        {
          guid: 'backstube-2026-12-festplatte',
          title: POST_TITLE,
          body: `<p>Unsere DataVault X2 läuft immer noch nicht am Notebook. Vorgang ${CUSTOMER_CASE}, keine Lösung in Sicht.</p>`,
          link: 'https://blog.baeckerei-sommer.example/2026/12/festplatte',
          author: 'Anna Sommer',
        },
        { guid: 'backstube-2026-12-broetchen', title: 'Neue Dinkelbrötchen', body: 'Ab Montag im Laden.' },
      ]),
    ),
  );
});

test.afterAll(async () => {
  await feeds.close();
});

test('an admin adds a feed, polls it now and finds the mention case with the customer case suggested', async ({
  page,
}) => {
  // Four axe checks and two logins on a machine shared with other builds.
  test.setTimeout(180_000);
  await logIn(page, ADMIN);
  await switchLanguage(page, 'de');
  // The entry sits low in a long navigation (below the fold at 900 px): checked, then followed.
  const entry = page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Feed-Überwachung' });
  await expect(entry).toHaveAttribute('href', '/monitoring/sources');
  await page.goto('/monitoring/sources');
  await expect(page).toHaveURL(/\/monitoring\/sources$/);
  await pageSettled(page);

  await page.getByRole('textbox', { name: 'Name' }).fill('Backstube Blog');
  await page.getByRole('textbox', { name: 'Feed-URL' }).fill(feeds.url('/backstube.xml'));
  const terms = page.getByRole('textbox', { name: 'Suchbegriffe' });
  await terms.fill('Printwerk');
  await terms.press('Enter');
  await terms.fill('Präzision');
  await terms.press('Enter');
  await page.getByRole('switch', { name: 'Private Netze erlauben' }).check({ force: true });
  await expect(page.getByText('Nur für vertrauenswürdige Adressen')).toBeVisible();
  // Paused, so the worker's own polling does not take the entry before "Jetzt abrufen" does.
  await page.getByRole('switch', { name: /^Aktiv/ }).uncheck({ force: true });
  await page.getByRole('button', { name: 'Quelle anlegen' }).click();

  const card = page.getByRole('article', { name: 'Backstube Blog' });
  await expect(card).toBeVisible();
  await expect(card.getByText('Printwerk', { exact: true })).toBeVisible();
  await card.getByRole('button', { name: 'Jetzt abrufen' }).click();
  const result = card.getByTestId('poll-result');
  await expect(result).toContainText('2 Einträge gelesen, neue Erwähnungen: 1.');
  await expect(card.getByTestId('mentions-found')).toHaveText('1');
  await shoot(page, { dir: SHOTS, name: 'sources', language: 'de', fitsPhone: true });

  const mention = result.getByRole('link');
  const number = (await mention.textContent()) ?? '';
  expect(number).toMatch(/^CD-2026-\d{6}$/);
  await mention.click();
  await expect(page).toHaveURL(new RegExp(`/cases/${number}$`));
  await pageSettled(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(POST_TITLE);
  await expect(page.getByText('Gefunden in „Backstube Blog“ (Suchbegriffe: Printwerk)')).toBeVisible();

  const suggestions = page.getByTestId('mention-suggestions');
  await expect(suggestions).toContainText(CUSTOMER_CASE);
  await expect(suggestions).toContainText(`Vorgangsnummer ${CUSTOMER_CASE} im Beitrag`);
  await suggestions.getByRole('button', { name: `Mit ${CUSTOMER_CASE} verknüpfen` }).click();
  await expect(suggestions.getByText('Verknüpft')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Verknüpfte Fälle' })).toContainText(CUSTOMER_CASE);
  await shoot(page, { dir: SHOTS, name: 'mention-case', language: 'de' });

  // The complaints group's lead (Reklamationen: the admin, who reads German) was told by mail.
  if (process.env.E2E_DATA_DIR && !process.env.E2E_BASE_URL)
    await expect
      .poll(() => subjectsTo(ADMIN), { timeout: 15_000 })
      .toContain(`Öffentliche Erwähnung (${number}): ${POST_TITLE}`);

  // The agent notes on the mention case what the customer must not read, then quotes it in a
  // public reply: refused at the composer, naming the quoted words; rewritten, the reply goes.
  await logIn(page, AGENT, `/cases/${number}`);
  await switchLanguage(page, 'en');
  await expect(page.getByRole('region', { name: 'Linked cases' })).toContainText(CUSTOMER_CASE);
  const composer = page.getByRole('region', { name: /^(Reply|Antworten)$/ });
  const write = async (visibility: RegExp, text: string, send: RegExp) => {
    await composer.locator('label', { hasText: visibility }).click();
    await composer.getByRole('textbox', { name: 'Message' }).fill(text);
    await composer.getByRole('button', { name: send }).click();
  };
  await write(/^Internal note$/, NOTE, /^Save note$/);
  await expect(page.locator('[data-visibility="internal"]').filter({ hasText: NOTE })).toBeVisible();
  await write(/^Public \(customer\)$/, QUOTING, /^Send publicly$/);
  const refusal = page.getByTestId('leak-refusal');
  await expect(refusal).toContainText('Reply not sent: internal data');
  await expect(refusal.locator('mark')).toHaveText([FOUND]);
  await shootComposer(page, 'en');
  await switchLanguage(page, 'de');
  await expect(refusal).toContainText('Antwort nicht gesendet: interne Daten');
  await expect(refusal).toContainText('Interne Notiz');
  await shootComposer(page, 'de');
  await refusal.getByRole('button', { name: 'Text überarbeiten' }).click();
  const message = composer.getByRole('textbox', { name: 'Nachricht' });
  await expect(message).toHaveValue(QUOTING);
  await message.fill(REWRITTEN);
  await composer.getByRole('button', { name: 'Öffentlich senden' }).click();
  await expect(page.locator('[data-visibility="public"]').filter({ hasText: REWRITTEN })).toBeVisible();
  await expect(refusal).toHaveCount(0);
  // The demo agent works in English; later specs expect that.
  await switchLanguage(page, 'en');

  await logIn(page, ADMIN);
  await switchLanguage(page, 'en');
  await page.goto('/monitoring/sources');
  await pageSettled(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Feed monitoring' })).toBeVisible();
  await shoot(page, { dir: SHOTS, name: 'sources', language: 'en', fitsPhone: true });
  // The specs share one demo database: later ones expect the admin to read German.
  await switchLanguage(page, 'de');
});
