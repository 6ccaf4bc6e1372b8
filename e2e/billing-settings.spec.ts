import { expect, type Page, test } from '@playwright/test';
import { DESKTOP, logIn, pageSettled, SCREENSHOTS, shootBoth, switchLanguage } from './support';

// Billing in the browser on the demo data: the operator admin keeps the seller details (a wrong
// IBAN is refused at its field before anything is sent, the server's field problems land at
// their fields), the billing clerk charges Bäckerei Sommer and sees the balance move, the
// customer reads the charge on its own account, and a partner sees no billing at all.

const ADMIN = 'admin@printwerk.example';
const CLERK = 'billing@printwerk.example';
const CUSTOMER = 'buero@baeckerei-sommer.example';
const PARTNER = 'inhaber@nordwest-it.example';
const SHOTS = `${SCREENSHOTS}/billing`;
const VALID_IBAN = 'DE89370400440532013000';

/** Desktop and phone screenshots in both languages; the phone page must not be wider than the screen. */
const shoot = (page: Page, name: string) => shootBoth(page, { dir: SHOTS, name, fitsPhone: true });

test.describe.configure({ mode: 'serial' });

const description = `Vor-Ort-Service Kasse ${Date.now()}`;

test('the operator admin keeps the seller details; a wrong IBAN is refused at its field', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize(DESKTOP);
  await logIn(page, ADMIN);
  await switchLanguage(page, 'de');
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Rechnungssteller' })
    .click();
  await expect(page).toHaveURL(/\/settings\/seller$/);
  await pageSettled(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Rechnungssteller' })).toBeVisible();
  // Stored without spaces, shown in groups of four.
  await expect(page.getByLabel('IBAN')).toHaveValue('DE89 3704 0044 0532 0130 00');
  await expect(page.getByTestId('invoice-number-preview')).toContainText(/RE-\d{4}-000001/);

  // One digit off: the browser says so at the field, with the server's rule, and sends nothing.
  let sent = 0;
  page.on('request', (request) => {
    if (request.method() === 'PUT' && request.url().endsWith('/api/settings/seller')) sent += 1;
  });
  await page.getByLabel('IBAN').fill('DE88 3704 0044 0532 0130 00');
  await page.getByLabel('IBAN').blur();
  await expect(page.getByLabel('IBAN')).toHaveAccessibleDescription(/Prüfziffern passen nicht/);
  await page.getByRole('button', { name: 'Speichern' }).click();
  expect(sent).toBe(0);
  await shoot(page, 'seller-iban-error');

  // Neither VAT ID nor tax number: said at the VAT ID before sending; a tax number of the wrong
  // form is the server's problem, shown at its field.
  await page.getByLabel('IBAN').fill(VALID_IBAN);
  await page.getByLabel('IBAN').blur();
  await expect(page.getByLabel('IBAN')).toHaveValue('DE89 3704 0044 0532 0130 00');
  const vatId = await page.getByLabel('USt-IdNr.').inputValue();
  const taxNumber = await page.getByLabel('Steuernummer').inputValue();
  await page.getByLabel('USt-IdNr.').fill('');
  await page.getByLabel('Steuernummer').fill('');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByLabel('USt-IdNr.')).toHaveAccessibleDescription(/USt-IdNr\. oder eine Steuernummer/);
  expect(sent).toBe(0);
  await page.getByLabel('Steuernummer').fill('12');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByLabel('Steuernummer')).toHaveAccessibleDescription(/Steuernummer aus Ziffern/);
  expect(sent).toBe(1);

  // Valid data is saved; the continuous series shows its number without the year.
  await page.getByLabel('USt-IdNr.').fill(vatId || 'DE123456789');
  await page.getByLabel('Steuernummer').fill(taxNumber);
  await page.getByText('Fortlaufend', { exact: true }).click();
  await expect(page.getByTestId('invoice-number-preview')).toContainText('RE-000001');
  await page.getByText('Je Jahr', { exact: true }).click();
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Angaben des Rechnungsstellers sind gespeichert' }),
  ).toBeVisible();
  expect(sent).toBe(2);
  await shoot(page, 'seller-saved');

  // The charge types with their VAT treatment, the two fees not subject to VAT.
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Abrechnung' })
    .click();
  await pageSettled(page);
  await expect(page.getByRole('row', { name: /Mahngebühr.*Nicht steuerbar/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /Serviceleistung.*19 %/ })).toBeVisible();
  await shoot(page, 'charge-types');

  // A new exempt type names its legal basis, which the list shows under the treatment.
  const code = `kurs_${Date.now() % 100000}`;
  await page.getByRole('button', { name: 'Abrechnungstyp anlegen' }).click();
  const form = page.getByRole('region', { name: 'Abrechnungstyp anlegen' });
  await form.getByLabel('Kürzel').fill(code);
  await form.getByLabel('Bezeichnung (Deutsch)').fill('Schulung');
  await form.getByLabel('Bezeichnung (Englisch)').fill('Training');
  await form.getByLabel('Umsatzsteuer').click();
  await page.getByRole('option', { name: 'Steuerfrei' }).click();
  await form.getByLabel('Rechtsgrundlage der Steuerbefreiung').fill('Steuerfrei nach § 4 Nr. 21 UStG');
  await form.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Abrechnungstyp ist gespeichert' })).toBeVisible();
  await expect(
    page.getByRole('row', { name: new RegExp(`Schulung.*${code}.*Steuerfrei.*§ 4 Nr. 21`) }),
  ).toBeVisible();
});

test('the billing clerk charges Bäckerei Sommer and sees the balance change', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize(DESKTOP);
  await logIn(page, CLERK);
  await switchLanguage(page, 'de');
  const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
  await expect(nav.getByRole('link', { name: 'Abrechnung' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Rechnungssteller' })).toBeVisible();
  const found = await page.request.get('/api/organisations?kind=customer&q=Sommer');
  const sommer = ((await found.json()) as { items: { id: string; name: string }[] }).items.find(
    (o) => o.name === 'Bäckerei Sommer GmbH',
  );
  expect(sommer).toBeTruthy();
  await page.goto(`/organisations/${sommer?.id}`);
  await pageSettled(page);
  const account = page.getByRole('region', { name: 'Konto' });
  await expect(account.getByTestId('account-balance')).toBeVisible();
  const before = await account.getByTestId('account-balance').textContent();

  // A wrong amount is refused at its field.
  await account.getByLabel('Abrechnungstyp').click();
  await page.getByRole('option', { name: 'Serviceleistung' }).click();
  await account.getByLabel('Einzelpreis netto').fill('12,345');
  await account.getByLabel('Beschreibung').fill(description);
  await account.getByRole('button', { name: 'Posten buchen' }).click();
  await expect(account.getByLabel('Einzelpreis netto')).toHaveAccessibleDescription(
    /höchstens zwei Nachkommastellen/,
  );

  // 2 × 49,90 € net = 99,80 € net, 118,76 € gross at 19 %.
  await account.getByLabel('Einzelpreis netto').fill('49,90');
  await account.getByLabel('Menge').fill('2');
  await account.getByRole('button', { name: 'Posten buchen' }).click();
  await expect(account.getByRole('status').filter({ hasText: 'Der Posten ist gebucht' })).toBeVisible();
  await expect(account.getByRole('row', { name: new RegExp(description) })).toContainText('99,80');
  await expect(account.getByTestId('account-balance')).not.toHaveText(before ?? '');
  const toCents = (text: string | null) => Number((text ?? '').replace(/[^\d,-]/g, '').replace(',', ''));
  const after = await account.getByTestId('account-balance').textContent();
  expect(toCents(after) - toCents(before)).toBe(11876);
  await account.scrollIntoViewIfNeeded();
  await shoot(page, 'customer-account');
});

test('the customer sees the charge on its own account', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize(DESKTOP);
  await logIn(page, CUSTOMER);
  await switchLanguage(page, 'de');
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Mein Konto' })
    .click();
  await expect(page).toHaveURL(/\/account$/);
  await pageSettled(page);
  await expect(page.getByRole('row', { name: new RegExp(description) })).toContainText('99,80');
  await expect(page.getByTestId('account-balance')).toBeVisible();
  await shoot(page, 'my-account');
});

test('a partner sees no billing: no navigation entries, /account and the seller details are not found', async ({
  page,
}) => {
  await page.setViewportSize(DESKTOP);
  await logIn(page, PARTNER);
  await switchLanguage(page, 'de');
  const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
  for (const name of ['Abrechnung', 'Rechnungssteller', 'Mein Konto']) {
    await expect(nav.getByRole('link', { name })).toHaveCount(0);
  }
  for (const path of ['/account', '/settings/seller', '/billing/charge-types']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' })).toBeVisible();
  }
  await page.goto('/account');
  await pageSettled(page);
  await shoot(page, 'partner-account');
});
