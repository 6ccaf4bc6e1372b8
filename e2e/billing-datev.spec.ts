import { expect, test } from '@playwright/test';
import iconv from 'iconv-lite';
import { DESKTOP, logIn, PHONE, pageSettled, switchLanguage } from './support';

// The DATEV export in the browser on the demo data: the billing clerk finds "DATEV-Export" beside
// the billing pages, cannot export before the consultant and client number are saved, saves them,
// downloads the Buchungsstapel of last month (Windows-1252, EXTF header with the numbers just
// saved) and reads a reversed period refused at the "Bis" field. The page fits a phone. A partner
// has no such page.

const CLERK = 'billing@printwerk.example';
const PARTNER = 'inhaber@nordwest-it.example';

test.describe.configure({ mode: 'serial' });

test('the billing clerk saves the DATEV settings and downloads the Buchungsstapel', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize(DESKTOP);
  await logIn(page, CLERK);
  await switchLanguage(page, 'de');
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'DATEV-Export', exact: true })
    .click();
  await expect(page).toHaveURL(/\/billing\/export$/);
  await pageSettled(page);
  await expect(page.getByRole('heading', { level: 1, name: 'DATEV-Export' })).toBeVisible();

  const csv = page.getByRole('button', { name: 'DATEV-CSV herunterladen' });
  if (await csv.isDisabled()) {
    await expect(page.getByText('Bitte zuerst unten die DATEV-Einstellungen speichern')).toBeVisible();
  }
  await expect(page.getByLabel('Erlöse 19 % USt')).toHaveValue('8400');
  await page.getByLabel('Beraternummer').fill('1234567');
  await page.getByLabel('Mandantennummer').fill('42');
  await page.getByRole('button', { name: 'DATEV-Einstellungen speichern' }).click();
  await expect(page.getByText('Die DATEV-Einstellungen wurden gespeichert.')).toBeVisible();
  await expect(csv).toBeEnabled();

  const [download] = await Promise.all([page.waitForEvent('download'), csv.click()]);
  expect(download.suggestedFilename()).toMatch(/^EXTF_Buchungsstapel_\d{4}-\d{2}-01_\d{4}-\d{2}-\d{2}\.csv$/);
  const path = await download.path();
  const { readFile } = await import('node:fs/promises');
  const text = iconv.decode(await readFile(path), 'windows-1252');
  const [header, columns] = text.split('\r\n');
  expect(header).toMatch(/^"EXTF";700;21;"Buchungsstapel";13;/);
  expect(header?.split(';').slice(10, 12)).toEqual(['1234567', '42']);
  expect(columns).toContain('Gegenkonto (ohne BU-Schlüssel)');
  await expect(page.getByText(/wurde heruntergeladen/)).toBeVisible();

  const to = page.getByLabel('Bis');
  await to.fill('2020-01-01');
  await csv.click();
  await expect(page.getByText('Das Ende darf nicht vor dem Beginn liegen.')).toBeVisible();

  await page.setViewportSize(PHONE);
  await pageSettled(page);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(PHONE.width);
});

test('a partner has no DATEV export page', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await logIn(page, PARTNER, '/billing/export');
  await expect(page.getByRole('heading', { level: 1, name: /DATEV/ })).toHaveCount(0);
  await expect(
    page
      .getByRole('navigation', { name: /Hauptnavigation|Main navigation/ })
      .getByRole('link', { name: /DATEV/ }),
  ).toHaveCount(0);
});
