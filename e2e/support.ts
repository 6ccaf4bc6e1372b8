import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

// What the browser journeys share: the demo logins, logging in, the accessibility check.
export const DEMO_PASSWORD = 'channeldesk-demo';
export const SCREENSHOTS = 'test-results/screenshots';

/** Logs in through the login form, in whichever language it shows. */
export async function logIn(page: Page, email: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(/^(E-Mail-Adresse|Email address)/).fill(email);
  await page.getByLabel(/^(Passwort|Password)/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /^(Anmelden|Sign in)$/ }).click();
  await expect(page.getByRole('navigation', { name: /Hauptnavigation|Main navigation/ })).toBeVisible();
}

/** No serious or critical accessibility violations on the page as it is now. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${name}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad).toEqual([]);
}

/** Waits until the page has its heading and nothing is loading any more. */
export async function pageSettled(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('.mantine-Loader-root')).toHaveCount(0);
}
