import { expect, test } from '@playwright/test';
import { expectAccessible, logIn, SCREENSHOTS } from './support';

// Status links on the case page: the customer (or the operator) makes one, passes it on, and
// revokes it when it went to the wrong person; the revoked link says so. A partner has none.
const S4_CASE = 'CD-2026-000001';
const S4_SUBJECT = /Externe Festplatte wird am Notebook nicht erkannt/;

test('the customer creates, passes on and revokes a status link (German UI)', async ({ page, browser }) => {
  await logIn(page, 'buero@baeckerei-sommer.example');
  await page.goto(`/cases/${S4_CASE}`);
  const panel = page.getByRole('region', { name: 'Status-Links' });
  await expect(panel).toBeVisible();
  await panel.getByRole('button', { name: 'Status-Link erzeugen' }).click();
  const href = await panel.getByTestId('status-link').getAttribute('href');
  expect(href).toMatch(/^\/status\//);
  const row = panel.getByTestId('status-link-row').filter({ has: page.locator(`a[href="${href}"]`) });
  await expect(row).toHaveAttribute('data-state', 'active');
  await expect(row).toContainText('gültig');
  await expect(row).toContainText('von Hand erzeugt');
  await expectAccessible(page, 'status links');

  const anonymous = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  const visitor = await anonymous.newPage();
  await visitor.goto(href ?? '/');
  await expect(visitor.getByRole('heading', { level: 1, name: S4_SUBJECT })).toBeVisible();

  await row.getByRole('button', { name: /^Status-Link vom .+ widerrufen$/ }).click();
  // Revoked: the row stays in the list as revoked, without its link.
  await expect(row).toHaveCount(0);
  await expect(panel.getByTestId('status-link-row').first()).toHaveAttribute('data-state', 'revoked');
  await expect(panel.getByTestId('status-link-row').first()).toContainText('Widerrufen');
  await page.screenshot({ path: `${SCREENSHOTS}/status-links-de.png`, fullPage: true });

  await visitor.reload();
  await expect(visitor.getByRole('heading', { level: 1, name: 'Link widerrufen' })).toBeVisible();
  await expect(visitor.getByTestId('status-link-revoked')).toContainText('wurde widerrufen');
  await expect(visitor.getByRole('main')).not.toContainText('Festplatte');
  await expectAccessible(visitor, 'revoked status link');
  await anonymous.close();
});

test('a partner sees the case but manages no status links', async ({ page }) => {
  await logIn(page, 'inhaber@nordwest-it.example');
  await page.goto(`/cases/${S4_CASE}`);
  await expect(page.getByRole('heading', { level: 1, name: S4_SUBJECT })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Status-Links' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Status-Link erzeugen' })).toHaveCount(0);
});
