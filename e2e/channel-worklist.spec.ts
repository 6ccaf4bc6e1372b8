import { expect, test } from '@playwright/test';
import {
  DESKTOP,
  expectStrictPolicy,
  logIn,
  pageSettled,
  SCREENSHOTS,
  shoot,
  switchLanguage,
  watchContentSecurityPolicy,
} from './support';

// The channel manager's data-quality worklist on the demo data: every kind with its count, and
// each item leads to the page that fixes it.

const CHANNEL = 'channel@printwerk.example';
const SHOTS = `${SCREENSHOTS}/channel`;

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
      await shoot(page, { dir: SHOTS, name: 'worklist', language, fullPage: 'desktop' });
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
