import { expect, type Page, test } from '@playwright/test';
import { apiSession, DESKTOP, logIn, PHONE, SCREENSHOTS, switchLanguage } from './support';

// Scenario S3, the partner's path: the reseller opens a fault case for its customer, runs the
// checklist "Störung Internetanschluss" in the Diagnose panel, gets a line fault and escalates it
// to the carrier, which accepts escalations from resellers.

const SHOTS = `${SCREENSHOTS}/triage`;
// Not technik@: the password-reset journey, which runs earlier, changes that partner's password.
const PARTNER = 'inhaber@nordwest-it.example';

async function newFault(assetSerial?: string): Promise<{ id: string; number: string }> {
  const { api } = await apiSession('agent@printwerk.example');
  const customers = await api.get('/api/organisations', {
    params: { kind: 'customer', q: 'Bäckerei Sommer' },
  });
  const customerId = (await customers.json()).items[0].id as string;
  await api.dispose();
  const partner = await apiSession(PARTNER);
  // A case about one of the customer's devices names it: its model and serial become facts.
  const assets = assetSerial
    ? await (await partner.api.get('/api/assets', { params: { serial: assetSerial } })).json()
    : null;
  const created = await partner.api.post('/api/cases', {
    headers: { 'x-csrf-token': partner.csrf },
    data: {
      type: 'fault',
      subject: 'Internet in der Filiale ausgefallen',
      customerId,
      description: 'Seit 7 Uhr kein Internet.',
      ...(assets ? { assetId: assets.items[0].id } : {}),
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

// The device-fault path: the router does not light up anywhere, so the checklist classifies a
// device fault and offers the replacement: a return for Bäckerei Sommer's router in warranty, a
// new-device lead for Nordwest IT (its reseller of record) for the old one out of warranty.
async function diagnoseDeviceFault(page: Page, kase: { id: string }) {
  await logIn(page, PARTNER, `/cases/${kase.id}`);
  const panel = page.getByRole('region', { name: /Diagnose|Diagnosis/ });
  await expect(panel).toBeVisible();
  await panel.getByRole('button', { name: /Störung Internetanschluss/ }).click();
  await expect(panel).toContainText(/Leuchtet die Power-LED|power LED/);
  await panel.getByRole('button', { name: /^(Nein|No)$/ }).click();
  await expect(panel).toContainText(/anderen Steckdose|another socket/);
  await panel.getByRole('button', { name: /^(Nein|No)$/ }).click();
  return panel;
}

test('the partner diagnoses a device fault on a router in warranty and opens the return', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const kase = await newFault('PW-NB-41001');
  await logIn(page, PARTNER, `/cases/${kase.id}`);
  await switchLanguage(page, 'de');
  const panel = await diagnoseDeviceFault(page, kase);
  await expect(panel).toContainText('Gerätefehler');
  const offer = panel.getByTestId('replacement');
  await expect(offer).toContainText('NetBox 8 · PW-NB-41001 hat Garantie bis');
  await panel.screenshot({ path: `${SHOTS}/de-desktop-device-offer.png` });
  await offer.getByRole('button', { name: 'Rücksendung eröffnen' }).click();
  await expect(offer).toContainText('Rücksendung eröffnet');
  const rma = offer.getByRole('link', { name: /^RMA-\d{4}-\d{6}$/ });
  await expect(rma).toBeVisible();
  const number = (await rma.textContent()) ?? '';
  await panel.screenshot({ path: `${SHOTS}/de-desktop-return-opened.png` });
  // The return is on the case's returns panel, with the router as its item.
  const returns = page.getByRole('region', { name: 'Rücksendung', exact: true });
  await expect(returns).toContainText(number);
  await expect(returns).toContainText('PW-NB-41001');
  // The timeline tells everyone on the case what replaces the device.
  await expect(page.getByRole('list', { name: 'Nachrichten und Ereignisse' })).toContainText(
    `Ersatz für NetBox 8 PW-NB-41001: Rücksendung ${number}`,
  );
  await page.setViewportSize(PHONE);
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: `${SHOTS}/de-phone-return-opened.png` });
  await page.setViewportSize(DESKTOP);
  // Pressed again (a second tab, a script): the same return, not a second one.
  const again = await page.request.post(
    `/api/cases/${kase.id}/checklist-runs/${await runIdOf(page, kase.id)}/replacement`,
    {
      headers: { 'x-csrf-token': await csrfOf(page) },
    },
  );
  expect(again.status()).toBe(200);
  expect((await again.json()).return.number).toBe(number);
});

test('the partner diagnoses a device fault on a router out of warranty and gets the new-device lead', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const kase = await newFault('PW-NB-30907');
  await logIn(page, PARTNER, `/cases/${kase.id}`);
  await switchLanguage(page, 'en');
  try {
    const panel = await diagnoseDeviceFault(page, kase);
    await expect(panel).toContainText('Device fault');
    const offer = panel.getByTestId('replacement');
    await expect(offer).toContainText('The warranty of NetBox 5 · PW-NB-30907 ended on');
    await expect(offer).toContainText('Nordwest IT GmbH gets a lead for a new device');
    await panel.screenshot({ path: `${SHOTS}/en-desktop-lead-offer.png` });
    await page.setViewportSize(PHONE);
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: `${SHOTS}/en-phone-lead-offer.png` });
    await page.setViewportSize(DESKTOP);
    await offer.getByRole('button', { name: 'Create new-device lead' }).click();
    await expect(offer).toContainText('New-device lead created');
    const lead = offer.getByRole('link', { name: /^L-\d{4}-\d{6}$/ });
    await expect(lead).toBeVisible();
    const number = (await lead.textContent()) ?? '';
    await panel.screenshot({ path: `${SHOTS}/en-desktop-lead-opened.png` });
    // The lead is Nordwest IT's, offered to it as the customer's reseller of record.
    await lead.click();
    await expect(page).toHaveURL(/\/leads\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { name: 'Bäckerei Sommer GmbH' })).toBeVisible();
    await expect(page.getByRole('main')).toContainText(number);
    await expect(page.getByRole('main')).toContainText('NetBox 5');
    await page.screenshot({ path: `${SHOTS}/en-desktop-lead-page.png`, fullPage: true });
  } finally {
    await switchLanguage(page, 'de');
  }
});

async function csrfOf(page: Page): Promise<string> {
  return (await (await page.request.get('/api/auth/session')).json()).csrfToken;
}

async function runIdOf(page: Page, caseId: string): Promise<string> {
  const runs = await (await page.request.get(`/api/cases/${caseId}/checklist-runs`)).json();
  return runs.at(-1).id;
}
