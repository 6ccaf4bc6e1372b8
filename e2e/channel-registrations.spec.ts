import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import {
  apiSession,
  DEMO_PASSWORD,
  DESKTOP,
  expectAccessible,
  expectStrictPolicy,
  layoutSettled,
  logIn,
  PHONE,
  pageSettled,
  SCREENSHOTS,
  switchLanguage,
  watchContentSecurityPolicy,
} from './support';

// Deal registrations, direct offers and the installed base on the demo data: a partner registers
// a deal, the channel manager approves it with a reason, another partner never sees it; a direct
// offer to a customer a partner protects is refused naming that partner; a partner sees its
// customers' devices with their warranty ends.

test.describe.configure({ mode: 'serial' });

const CHANNEL = 'channel@printwerk.example';
const ADMIN = 'admin@printwerk.example';
const NORDWEST = 'inhaber@nordwest-it.example';
/** A second partner's login, created by the operator admin for this journey. */
const OTHER_PARTNER = 'e2e-registrations@leinetal.example';
const SHOTS = `${SCREENSHOTS}/registrations`;

type Org = { id: string; name: string; active: boolean; postalCode: string | null };

async function organisations(api: APIRequestContext, query: string): Promise<Org[]> {
  const response = await api.get(`/api/organisations?${query}`);
  expect(response.status()).toBe(200);
  return (await response.json()).items;
}

const isoDay = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function open(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expectStrictPolicy(response?.headers()['content-security-policy']);
  await pageSettled(page);
}

async function pick(page: Page, label: RegExp, option: string | RegExp, search?: string): Promise<void> {
  const input = page.getByRole('textbox', { name: label });
  await input.click();
  if (search !== undefined) await input.fill(search);
  await page.getByRole('option', { name: option }).first().click();
}

let nordwestCustomer: Org;
let sommer: Org;
let otherPartner: Org;

test.beforeAll(async () => {
  const { api, csrf } = await apiSession(ADMIN);
  // An active partner other than Nordwest IT, Leinetal Systemhaus if it is one.
  const partners = (await organisations(api, 'kind=partner&limit=100')).filter(
    (o) => o.active && o.name !== 'Nordwest IT GmbH',
  );
  otherPartner = (partners.find((o) => o.name.startsWith('Leinetal')) ?? partners[0]) as Org;
  expect(otherPartner, 'a second demo partner').toBeTruthy();
  const created = await api.post('/api/users', {
    headers: { 'x-csrf-token': csrf },
    data: {
      organisationId: otherPartner.id,
      name: 'Jana Leinert',
      email: OTHER_PARTNER,
      roles: ['partner_admin'],
      password: DEMO_PASSWORD,
    },
  });
  // 409: an earlier run on the same database made it already.
  expect([201, 409], await created.text()).toContain(created.status());
  await api.dispose();
  // The partner's own customer list: Bäckerei Sommer and another one, so the S1 demo state of
  // Bäckerei Sommer stays as it is.
  const partner = await apiSession(NORDWEST);
  const customers = await organisations(partner.api, 'kind=customer&limit=100');
  sommer = customers.find((o) => o.name === 'Bäckerei Sommer GmbH') as Org;
  nordwestCustomer = customers.find((o) => o.name !== 'Bäckerei Sommer GmbH') as Org;
  expect(sommer).toBeTruthy();
  expect(nordwestCustomer, 'a second customer of Nordwest IT').toBeTruthy();
  await partner.api.dispose();
});

test('a partner registers a deal, the channel manager approves it with a reason, another partner does not see it', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const violations = await watchContentSecurityPolicy(page);
  await page.setViewportSize(DESKTOP);

  // The other partner registers a prospect that is in fact Nordwest IT's customer: flagged.
  await logIn(page, OTHER_PARTNER);
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Deal-Registrierungen' })
    .click();
  await pageSettled(page);
  const otherForm = page.getByRole('form', { name: 'Projekt registrieren' });
  await otherForm.getByText('Interessenten', { exact: true }).click();
  await otherForm.getByRole('textbox', { name: /^Name des Interessenten/ }).fill(sommer.name);
  await otherForm.getByRole('textbox', { name: /^Postleitzahl/ }).fill(sommer.postalCode ?? '26121');
  await pick(page, /^Produktlinie/, 'Drucker');
  await otherForm.getByRole('textbox', { name: /^Erwarteter Wert in Euro/ }).fill('4.800');
  await otherForm.getByLabel(/^Voraussichtlicher Abschluss/).fill(isoDay(30));
  await otherForm.getByRole('button', { name: 'Projekt registrieren' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Projekt registriert' })).toBeVisible();
  const otherList = page.getByRole('region', { name: 'Ihre Registrierungen' });
  await expect(otherList.getByRole('row').filter({ hasText: sommer.name })).toContainText('4.800,00');
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await expect(page.getByRole('heading', { name: 'Anmelden' })).toBeVisible();

  // Nordwest IT registers a deal with its own customer; the value is typed with a decimal comma.
  await logIn(page, NORDWEST);
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Deal-Registrierungen' })
    .click();
  await pageSettled(page);
  const form = page.getByRole('form', { name: 'Projekt registrieren' });
  // Nothing is sent while required fields are empty; each says so at its input.
  await form.getByRole('button', { name: 'Projekt registrieren' }).click();
  await expect(form.getByText('Bitte füllen Sie dieses Feld aus.').first()).toBeVisible();
  await pick(page, /^Kunde/, nordwestCustomer.name, nordwestCustomer.name.split(' ')[0]);
  await pick(page, /^Produktlinie/, 'Multifunktionsgeräte');
  await form.getByRole('textbox', { name: /^Erwarteter Wert in Euro/ }).fill('12.500,50');
  await expect(form).toContainText('= 12.500,50');
  await form.getByLabel(/^Voraussichtlicher Abschluss/).fill(isoDay(60));
  await form.getByRole('textbox', { name: /^Notiz/ }).fill('Drei Multifunktionsgeräte für die Filialen');
  await form.getByRole('button', { name: 'Projekt registrieren' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Projekt registriert' })).toBeVisible();
  const own = page.getByRole('region', { name: 'Ihre Registrierungen' });
  const row = own.getByRole('row').filter({ hasText: nordwestCustomer.name });
  await expect(row).toContainText('12.500,50 €');
  await expect(row).toContainText('Offen');
  // The other partner's registration is not Nordwest IT's business.
  await expect(own.getByRole('row').filter({ hasText: '4.800,00' })).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/de-desktop-partner-registrations.png`, fullPage: true });
  await expectAccessible(page, 'partner registrations');
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await expect(page.getByRole('heading', { name: 'Anmelden' })).toBeVisible();

  // The channel manager sees both pending, the prospect flagged, and approves Nordwest IT's.
  await logIn(page, CHANNEL);
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Deal-Registrierungen' })
    .click();
  await pageSettled(page);
  const pending = page.getByRole('region', { name: /^Zu entscheiden/ });
  const flagged = pending.getByRole('article').filter({ hasText: otherPartner.name });
  await expect(flagged.getByTestId('registration-conflicts')).toContainText(/Konflikt/);
  await expect(flagged).toContainText('Nordwest IT GmbH');
  await page.screenshot({ path: `${SHOTS}/de-desktop-manager-pending.png`, fullPage: true });
  await pending
    .getByRole('button', { name: `Genehmigen: ${nordwestCustomer.name} (Nordwest IT GmbH)` })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Registrierung genehmigen' });
  // A decision needs a reason.
  await dialog.getByRole('button', { name: 'Genehmigen' }).click();
  await expect(dialog.getByText('Bitte füllen Sie dieses Feld aus.')).toBeVisible();
  await dialog.getByRole('textbox', { name: /^Grund/ }).fill('Zuständiger Fachhändler, Projekt plausibel');
  await dialog.screenshot({ path: `${SHOTS}/de-desktop-approve-dialog.png` });
  await dialog.getByRole('button', { name: 'Genehmigen' }).click();
  await expect(dialog).toBeHidden();
  const decided = page.getByRole('region', { name: 'Entschieden' });
  const approved = decided.getByRole('row').filter({ hasText: nordwestCustomer.name });
  await expect(approved).toContainText('Genehmigt');
  await expect(approved).toContainText('Zuständiger Fachhändler, Projekt plausibel');
  await expect(approved).toContainText('Katrin Vogel');
  await expect(pending.getByRole('article').filter({ hasText: nordwestCustomer.name })).toHaveCount(0);
  await expectAccessible(page, 'manager registrations');
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await expect(page.getByRole('heading', { name: 'Anmelden' })).toBeVisible();

  // Nordwest IT sees the approval with its protection; the other partner still sees only its own.
  await logIn(page, NORDWEST);
  await open(page, '/deal-registrations');
  const mine = page.getByRole('region', { name: 'Ihre Registrierungen' }).getByRole('row').filter({
    hasText: nordwestCustomer.name,
  });
  await expect(mine).toContainText('Genehmigt');
  await expect(mine).toContainText('Geschützt bis');
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await expect(page.getByRole('heading', { name: 'Anmelden' })).toBeVisible();
  await logIn(page, OTHER_PARTNER);
  await open(page, '/deal-registrations');
  const theirs = page.getByRole('region', { name: 'Ihre Registrierungen' });
  await expect(theirs.getByRole('row').filter({ hasText: sommer.name })).toHaveCount(1);
  await expect(page.getByText(nordwestCustomer.name)).toHaveCount(0);
  await expect(page.getByText('12.500,50')).toHaveCount(0);
  // Nor its devices: Bäckerei Sommer is Nordwest IT's customer.
  await open(page, '/assets');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Geräte meiner Kunden');
  await expect(page.getByText(sommer.name)).toHaveCount(0);
  expect(violations).toEqual([]);
});

test('a direct offer to a customer Nordwest IT protects is refused naming the partner, then recorded with its consent', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.setViewportSize(DESKTOP);
  await logIn(page, CHANNEL);
  await open(page, `/organisations/${sommer.id}`);
  const section = page.getByRole('region', { name: 'Direktkontakte' });
  await expect(section).toContainText('Noch keine Direktkontakte');
  await section.getByRole('textbox', { name: /^Notiz/ }).fill('Angebot Wartungsvertrag LX 500');
  await section.getByRole('button', { name: 'Direktkontakt erfassen' }).click();
  const refused = section.getByTestId('direct-offer-refused');
  await expect(refused).toContainText('Direktes Angebot nicht möglich');
  await expect(refused).toContainText('Nordwest IT GmbH schützt diesen Kunden');
  await expect(refused).toContainText('zuständiger Fachhändler');
  await section.screenshot({ path: `${SHOTS}/de-desktop-direct-offer-refused.png` });
  await expectAccessible(page, 'direct offer refused');

  await refused.getByRole('radio', { name: 'Nordwest IT GmbH hat zugestimmt' }).check();
  await section.getByRole('button', { name: 'Angebot mit Freigabe erfassen' }).click();
  await expect(refused.getByText('Bitte füllen Sie dieses Feld aus.')).toBeVisible();
  await refused
    .getByRole('textbox', { name: /^Wer hat wann und wie zugestimmt/ })
    .fill('Heike Onken am Telefon, heute 10:15');
  await section.getByRole('button', { name: 'Angebot mit Freigabe erfassen' }).click();
  await expect(section.getByRole('status')).toHaveText('Direktkontakt erfasst.');
  const row = section.getByRole('table', { name: 'Liste der Direktkontakte' }).getByRole('row').nth(1);
  await expect(row).toContainText('Angebot');
  await expect(row).toContainText('Nordwest IT GmbH');
  await expect(row).toContainText('Fachhändler hat zugestimmt');
  await expect(row).toContainText('Heike Onken am Telefon');
  await expect(row).toContainText('Katrin Vogel');

  // A call needs no clearance.
  await section.getByText('Anruf', { exact: true }).click();
  await section.getByRole('textbox', { name: /^Notiz/ }).fill('Rückruf zur Rechnung');
  await section.getByRole('button', { name: 'Direktkontakt erfassen' }).click();
  await expect(section.getByRole('table', { name: 'Liste der Direktkontakte' }).getByRole('row')).toHaveCount(
    3,
  );
  await section.screenshot({ path: `${SHOTS}/de-desktop-direct-contacts.png` });
});

test('a partner sees its customers with their devices and warranty ends, the ending ones highlighted', async ({
  page,
}) => {
  await page.setViewportSize(DESKTOP);
  await logIn(page, NORDWEST);
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Geräte & Garantien' })
    .click();
  await pageSettled(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Geräte meiner Kunden');
  const customer = page.getByRole('region', { name: sommer.name });
  const printer = customer.getByRole('row').filter({ hasText: 'Printwerk LX 500' });
  await expect(printer).toHaveAttribute('data-ending-soon', 'true');
  await expect(printer).toContainText(/noch 4[456] Tage/);
  await expect(customer).toContainText(/\d+ Garantien? (endet|enden) bald/);
  // Sorted by warranty end: the first running warranty of the page ends first.
  await page.getByRole('switch', { name: 'Nur bald endende Garantien' }).click();
  await expect(page.locator('[data-warranty="running"]')).toHaveCount(0);
  await expect(page.locator('[data-warranty="endingSoon"]').first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/de-desktop-partner-devices.png`, fullPage: true });
  await expectAccessible(page, 'partner devices');

  await printer.getByRole('link').click();
  await pageSettled(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Printwerk LX 500');
  await expect(page.getByRole('region', { name: 'Technische Daten' })).toContainText('pagesPerMinute');
  // A partner reads, it does not edit.
  await expect(page.getByRole('button', { name: 'Gerät bearbeiten' })).toHaveCount(0);
});

test('the operator finds devices whose warranty ends within 90 days and edits one', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize(DESKTOP);
  await logIn(page, CHANNEL);
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Installierte Basis' })
    .click();
  await pageSettled(page);
  await pick(page, /^Garantieende/, 'Endet in 90 Tagen');
  await expect(page).toHaveURL(/warranty=within90/);
  const table = page.getByRole('table', { name: 'Installierte Basis' });
  await expect(table.locator('[data-warranty="running"]')).toHaveCount(0);
  await expect(table.locator('[data-warranty="expired"]')).toHaveCount(0);
  await page.getByRole('searchbox', { name: /^Suche/ }).fill('Bäckerei Sommer');
  // Bäckerei Sommer's printer is its only device whose warranty ends within 90 days.
  await expect(table.getByRole('row')).toHaveCount(2);
  const row = table.getByRole('row').filter({ hasText: 'Printwerk LX 500' });
  await expect(row).toContainText(sommer.name);
  await page.screenshot({ path: `${SHOTS}/de-desktop-assets.png`, fullPage: true });
  await expectAccessible(page, 'assets');

  await row.getByRole('link').first().click();
  await pageSettled(page);
  const details = page.getByRole('region', { name: 'Angaben zum Gerät' });
  await expect(details).toContainText(sommer.name);
  await expect(page.getByRole('region', { name: 'Zuständiger Fachhändler' })).toContainText(
    'Nordwest IT GmbH',
  );
  await details.getByRole('button', { name: 'Gerät bearbeiten' }).click();
  const form = page.getByRole('form', { name: 'Gerät bearbeiten' });
  await form.getByRole('button', { name: 'Merkmal hinzufügen' }).click();
  await form.getByRole('textbox', { name: 'Merkmal 3' }).fill('Standort');
  await form.getByRole('textbox', { name: 'Wert 3' }).fill('Backstube');
  await page.screenshot({ path: `${SHOTS}/de-desktop-asset-edit.png`, fullPage: true });
  await expectAccessible(page, 'asset edit');
  await form.getByRole('button', { name: 'Speichern' }).click();
  await expect(form).toBeHidden();
  await expect(page.getByRole('region', { name: 'Technische Daten' })).toContainText('Backstube');
});

test('the pages in German and English, on desktop and phone', async ({ page }) => {
  test.setTimeout(240_000);
  const violations = await watchContentSecurityPolicy(page);
  const printer = await (async () => {
    const { api } = await apiSession(CHANNEL);
    const response = await api.get(`/api/assets?customerId=${sommer.id}`);
    const found = (await response.json()).items.find(
      (a: { productModel: string }) => a.productModel === 'Printwerk LX 500',
    );
    await api.dispose();
    return found as { id: string };
  })();
  for (const [who, pages] of [
    [
      CHANNEL,
      [
        '/deal-registrations',
        '/assets?warranty=within90',
        `/assets/${printer.id}`,
        `/organisations/${sommer.id}`,
      ],
    ],
    [NORDWEST, ['/deal-registrations', '/assets']],
  ] as const) {
    await page.setViewportSize(DESKTOP);
    await logIn(page, who);
    try {
      for (const language of ['de', 'en'] as const) {
        await switchLanguage(page, language);
        // Each page is loaded once and shot on the desktop, then on the phone.
        for (const path of pages) {
          await page.setViewportSize(DESKTOP);
          await open(page, path);
          for (const [device, viewport] of [
            ['desktop', DESKTOP],
            ['phone', PHONE],
          ] as const) {
            await page.setViewportSize(viewport);
            await page.evaluate(() => window.scrollTo(0, 0));
            await layoutSettled(page);
            const name = path
              .replace(/^\//, '')
              .replace(/\?.*$/, '')
              .replace(/\/[0-9a-f-]{36}$/, '-detail');
            const role = who === CHANNEL ? 'manager' : 'partner';
            if (path.startsWith('/organisations/')) {
              const section = page.getByRole('region', {
                name: language === 'de' ? 'Direktkontakte' : 'Direct contacts',
              });
              await section.scrollIntoViewIfNeeded();
              await section.screenshot({
                path: `${SHOTS}/${language}-${device}-${role}-direct-contacts.png`,
              });
              const devices = page.getByRole('region', { name: language === 'de' ? 'Geräte' : 'Devices' });
              await devices.screenshot({
                path: `${SHOTS}/${language}-${device}-${role}-customer-devices.png`,
              });
            } else {
              await page.screenshot({
                path: `${SHOTS}/${language}-${device}-${role}-${name}.png`,
                fullPage: true,
              });
            }
            if (device === 'phone') {
              // Nothing but the tables scrolls sideways on a phone.
              const overflow = await page.evaluate(
                () => document.documentElement.scrollWidth - window.innerWidth,
              );
              expect(overflow, `${path} fits the phone`).toBeLessThanOrEqual(0);
            }
            await expectAccessible(page, `${path} ${device} (${language})`);
          }
        }
        await page.setViewportSize(DESKTOP);
      }
    } finally {
      await page.setViewportSize(DESKTOP);
      await page.goto('/settings');
      await switchLanguage(page, 'de');
      await page.getByRole('button', { name: /^(Abmelden|Log out)$/ }).click();
      await expect(page.getByRole('heading', { name: /^(Anmelden|Log in)$/ })).toBeVisible();
    }
  }
  expect(violations).toEqual([]);
});
