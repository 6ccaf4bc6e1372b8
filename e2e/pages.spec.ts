import { expect, test } from '@playwright/test';
import { logIn } from './support';

// A tour of the operator's pages against the real server and its demo data.
const OPERATOR = 'admin@printwerk.example';
const PARTNER = 'inhaber@nordwest-it.example';
const CUSTOMER_NAME = 'Bäckerei Sommer GmbH';
const SCREENSHOTS = 'test-results/screenshots';

test('the login page is in German by default', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page).toHaveTitle('Anmelden – channeldesk');
  await page.screenshot({ path: `${SCREENSHOTS}/login-de.png`, fullPage: true });
});

test('operator searches and filters organisations and opens one', async ({ page }) => {
  await logIn(page, OPERATOR);
  await page.getByRole('navigation').getByRole('link', { name: 'Organisationen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Organisationen' })).toBeVisible();
  const table = page.getByRole('table');
  await expect(table.getByRole('row')).toHaveCount(51); // header + first page of 50

  await page.getByRole('button', { name: 'Mehr laden' }).click();
  await expect(table.getByRole('row')).toHaveCount(101);
  await page.screenshot({ path: `${SCREENSHOTS}/operator-organisations.png` });

  await page.getByRole('textbox', { name: 'Art' }).click();
  await page.getByRole('option', { name: 'Fachhändler' }).click();
  await expect(table.getByRole('row').nth(1)).toContainText('Fachhändler');
  await expect(table.getByRole('cell', { name: 'Kunde', exact: true })).toHaveCount(0);

  await page.getByRole('textbox', { name: 'Art' }).click();
  await page.getByRole('option', { name: 'Alle Arten' }).click();
  await page.getByRole('searchbox', { name: 'Suche' }).fill('Sommer');
  await expect(table.getByRole('link', { name: CUSTOMER_NAME })).toBeVisible();
  await table
    .getByRole('row', { name: new RegExp(CUSTOMER_NAME) })
    .getByRole('cell')
    .first()
    .click();

  await expect(page.getByRole('heading', { level: 1, name: CUSTOMER_NAME })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('26121 Oldenburg');
  await expect(page.getByRole('link', { name: /Nordwest IT GmbH/ })).toBeVisible();
  const people = page.getByRole('table', { name: /^(Personen|People)$/ });
  await expect(people).toContainText('buero@baeckerei-sommer.example');
  await page.screenshot({ path: `${SCREENSHOTS}/operator-organisation.png`, fullPage: true });
});

test('API tokens: create, show the secret once, revoke; the audit log records it', async ({ page }) => {
  await logIn(page, PARTNER);
  await page.getByRole('navigation').getByRole('link', { name: 'Einstellungen', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'API-Tokens' })).toBeVisible();

  await page.getByLabel(/^Bezeichnung/).fill('Warenwirtschaft');
  await page.getByRole('checkbox', { name: 'Schreiben' }).check();
  await page.getByRole('button', { name: 'Token erstellen' }).click();
  const secret = page.getByTestId('api-token-secret');
  await expect(secret).toHaveValue(/^cd_/);
  await expect(page.getByText('nur dieses eine Mal')).toBeVisible();
  const tokens = page.getByRole('table', { name: 'Ihre API-Tokens' });
  await expect(tokens).toContainText('Warenwirtschaft');
  await expect(tokens).toContainText('Lesen, Schreiben');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENSHOTS}/partner-settings.png`, fullPage: true });

  // The token works against the API.
  const token = await secret.inputValue();
  const me = await page.request.get('/api/organisations', { headers: { authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);

  await page.getByRole('button', { name: 'Ich habe das Token gespeichert' }).click();
  await expect(secret).toHaveCount(0);

  await tokens.getByRole('button', { name: 'Widerrufen: Warenwirtschaft' }).click();
  const dialog = page.getByRole('dialog', { name: 'Token widerrufen?' });
  await dialog.getByRole('button', { name: 'Widerrufen' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(tokens.getByRole('row', { name: /Warenwirtschaft/ })).toContainText('Widerrufen');
});

test('operator reads the audit log and expands a change', async ({ page }) => {
  await logIn(page, OPERATOR);
  // Make a change that is audited: the operator's own profile.
  await page.getByRole('navigation').getByRole('link', { name: 'Einstellungen', exact: true }).click();
  await page.getByRole('textbox', { name: 'Zeitzone' }).click();
  await page.getByRole('textbox', { name: 'Zeitzone' }).fill('Europe/Vienna');
  await page.getByRole('option', { name: 'Europe/Vienna' }).click();
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByText('Gespeichert.')).toBeVisible();

  await page.getByRole('navigation').getByRole('link', { name: 'Audit-Log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit-Log' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Einträge im Audit-Log' });
  await expect(table.getByRole('row').nth(1)).toBeVisible();
  await table.getByRole('button', { name: 'Anzeigen' }).first().click();
  await expect(table.getByRole('columnheader', { name: 'Vorher' })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/operator-audit.png`, fullPage: true });

  // Restore the seeded time zone.
  await page.getByRole('navigation').getByRole('link', { name: 'Einstellungen', exact: true }).click();
  await page.getByRole('textbox', { name: 'Zeitzone' }).click();
  await page.getByRole('textbox', { name: 'Zeitzone' }).fill('Europe/Berlin');
  await page.getByRole('option', { name: 'Europe/Berlin' }).click();
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByText('Gespeichert.')).toBeVisible();
});
