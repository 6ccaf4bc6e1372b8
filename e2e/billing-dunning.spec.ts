import { expect, test } from '@playwright/test';
import { DESKTOP, logIn, PHONE, pageSettled, switchLanguage } from './support';

// Dunning in the browser on the demo data: the billing clerk finds "Mahnwesen" next to the other
// billing pages, reads the default levels with their fees in euros, saves them, and starts a
// dunning run by hand (nothing on the demo data is overdue, and the page says so). The page fits a
// phone. A partner has no such page. The run is left at today, so other journeys' balances stay.

const CLERK = 'billing@printwerk.example';
const PARTNER = 'inhaber@nordwest-it.example';

test.describe.configure({ mode: 'serial' });

test('the billing clerk keeps the dunning levels and starts a dunning run', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize(DESKTOP);
  await logIn(page, CLERK);
  await switchLanguage(page, 'de');
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Mahnwesen', exact: true })
    .click();
  await expect(page).toHaveURL(/\/billing\/dunning$/);
  await pageSettled(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Mahnwesen' })).toBeVisible();
  await expect(page.getByText('Stufe 1: Zahlungserinnerung')).toBeVisible();
  const fees = page.getByLabel('Gebühr (netto)');
  await expect(fees.nth(0)).toHaveValue('0,00');
  await expect(fees.nth(1)).toHaveValue('5,00');

  await fees.nth(2).fill('7,50');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByText('Gespeichert.')).toBeVisible();
  await page.reload();
  await pageSettled(page);
  await expect(page.getByLabel('Gebühr (netto)').nth(2)).toHaveValue('7,50');

  await page.getByRole('button', { name: 'Mahnlauf jetzt starten' }).click();
  await expect(page.getByTestId('dunning-run-result')).toBeVisible();

  await page.setViewportSize(PHONE);
  await pageSettled(page);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(PHONE.width);
});

test('a partner has no dunning page', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await logIn(page, PARTNER, '/billing/dunning');
  await expect(page.getByRole('heading', { level: 1, name: /Mahnwesen|Dunning/ })).toHaveCount(0);
  await expect(
    page
      .getByRole('navigation', { name: /Hauptnavigation|Main navigation/ })
      .getByRole('link', { name: /Mahnwesen|Dunning/ }),
  ).toHaveCount(0);
});
