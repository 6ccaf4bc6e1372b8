import { expect, test } from '@playwright/test';
import { apiSession, DESKTOP, logIn, PHONE, SCREENSHOTS, switchLanguage } from './support';

// Scenario S3, the partner's path: the reseller opens a fault case for its customer, runs the
// checklist "Störung Internetanschluss" in the Diagnose panel, gets a line fault and escalates it
// to the carrier, which accepts escalations from resellers.

const SHOTS = `${SCREENSHOTS}/triage`;
// Not technik@: the password-reset journey, which runs earlier, changes that partner's password.
const PARTNER = 'inhaber@nordwest-it.example';

async function newFault(): Promise<{ id: string; number: string }> {
  const { api } = await apiSession('agent@printwerk.example');
  const customers = await api.get('/api/organisations', {
    params: { kind: 'customer', q: 'Bäckerei Sommer' },
  });
  const customerId = (await customers.json()).items[0].id as string;
  await api.dispose();
  const partner = await apiSession(PARTNER);
  const created = await partner.api.post('/api/cases', {
    headers: { 'x-csrf-token': partner.csrf },
    data: {
      type: 'fault',
      subject: 'Internet in der Filiale ausgefallen',
      customerId,
      description: 'Seit 7 Uhr kein Internet.',
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const kase = await created.json();
  await partner.api.dispose();
  return kase;
}

test('the partner runs the fault checklist, gets a line fault and escalates it to the carrier', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const kase = await newFault();
  await logIn(page, PARTNER, `/cases/${kase.id}`);
  await switchLanguage(page, 'de');
  const panel = page.getByRole('region', { name: 'Diagnose' });
  await expect(panel).toBeVisible();
  await panel.getByRole('button', { name: /Störung Internetanschluss.*starten/ }).click();
  await expect(panel).toContainText('Leuchtet die Power-LED des Routers?');
  await panel.getByRole('button', { name: 'Ja' }).click();
  await expect(panel).toContainText('Wie verhält sich die DSL-LED?');
  await panel.screenshot({ path: `${SHOTS}/de-desktop-step.png` });
  await panel.getByRole('button', { name: 'blinkt' }).click();
  await panel.getByRole('button', { name: 'Nein' }).click();
  await expect(panel).toContainText('Leitungsstörung');
  await page.setViewportSize(PHONE);
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: `${SHOTS}/de-phone-line-fault.png` });
  await page.setViewportSize(DESKTOP);
  await panel
    .getByRole('textbox', { name: /Hinweis für Fernmeldenetz Nord/ })
    .fill('Ersatzrouter synchronisiert nicht, bitte Leitung prüfen.');
  await panel.getByRole('button', { name: /An Fernmeldenetz Nord GmbH melden/ }).click();
  await expect(panel).toContainText('An Fernmeldenetz Nord GmbH gemeldet');
  await panel.screenshot({ path: `${SHOTS}/de-desktop-escalated.png` });
});
