import { expect, type Page, test } from '@playwright/test';
import {
  expectAccessible,
  expectStrictPolicy,
  logIn,
  pageSettled,
  SCREENSHOTS,
  watchContentSecurityPolicy,
} from './support';

// The channel manager's data-quality worklist on the demo data: every kind with its count, and
// each item leads to the page that fixes it.

const CHANNEL = 'channel@printwerk.example';
const SHOTS = `${SCREENSHOTS}/channel`;
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

const KINDS = {
  de: {
    title: 'Kanal-Aufgaben',
    reseller_inactive: 'Zuständiger Fachhändler inaktiv oder gesperrt',
    partner_without_coordinates: 'Fachhändler ohne Koordinaten',
    customer_without_reseller: 'Kunden ohne zuständigen Fachhändler',
  },
  en: {
    title: 'Channel worklist',
    reseller_inactive: 'Reseller of record inactive or suspended',
    partner_without_coordinates: 'Partners without coordinates',
    customer_without_reseller: 'Customers without a reseller of record',
  },
} as const;

async function switchLanguage(page: Page, language: 'de' | 'en'): Promise<void> {
  await page
    .getByRole('radiogroup', { name: /Sprache|Language/ })
    .getByText(language.toUpperCase(), { exact: true })
    .click();
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

test('the channel manager opens the worklist, sees each kind with a count and follows an item to its fix', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const violations = await watchContentSecurityPolicy(page);
  await page.setViewportSize(DESKTOP);
  await logIn(page, CHANNEL);
  try {
    await switchLanguage(page, 'de');
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Kanal-Aufgaben' })
      .click();
    await expect(page).toHaveURL(/\/channel\/worklist$/);
    await pageSettled(page);

    for (const language of ['de', 'en'] as const) {
      await switchLanguage(page, language);
      const names = KINDS[language];
      await expect(page.getByRole('heading', { level: 1, name: names.title })).toBeVisible();
      for (const kind of [
        'reseller_inactive',
        'partner_without_coordinates',
        'customer_without_reseller',
      ] as const) {
        const section = page.getByRole('region', { name: new RegExp(`^${names[kind]}`) });
        const count = Number(await section.getByTestId(`count-${kind}`).textContent());
        expect(count, kind).toBeGreaterThan(0);
        await expect(section.getByRole('row')).not.toHaveCount(0);
      }
      for (const [device, viewport] of [
        ['desktop', DESKTOP],
        ['phone', PHONE],
      ] as const) {
        await page.setViewportSize(viewport);
        await page.evaluate(() => window.scrollTo(0, 0));
        // Let the navigation finish sliding in or out after the resize.
        await page.waitForTimeout(500);
        await page.screenshot({
          path: `${SHOTS}/${language}-${device}-worklist.png`,
          fullPage: device === 'desktop',
        });
        await expectAccessible(page, `worklist (${language}, ${device})`);
      }
      await page.setViewportSize(DESKTOP);
    }

    // The first customer whose reseller of record is inactive or suspended: its page fixes it.
    const section = page.getByRole('region', { name: /^Reseller of record inactive or suspended/ });
    const firstRow = section.getByRole('row').nth(1);
    const customer = (await firstRow.getByRole('cell').first().locator('p').first().textContent()) ?? '';
    expect(customer).not.toBe('');
    await firstRow.getByRole('link', { name: `Fix: ${customer}` }).click();
    await expect(page).toHaveURL(/\/organisations\/[0-9a-f-]{36}$/);
    await pageSettled(page);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(customer);

    // A direct load of the page is served with the strict policy.
    const response = await page.goto('/channel/worklist');
    expectStrictPolicy(response?.headers()['content-security-policy']);
    await pageSettled(page);
  } finally {
    await switchLanguage(page, 'de').catch(() => undefined);
  }
  expect(violations).toEqual([]);
});
