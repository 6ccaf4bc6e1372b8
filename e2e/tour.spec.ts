import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import {
  apiSession,
  DESKTOP,
  expectAccessible,
  expectStrictPolicy,
  logIn,
  pageSettled,
  SCREENSHOTS,
  saveLanguage,
  switchLanguage,
  watchContentSecurityPolicy,
} from './support';

// Every main page, for every persona, in German and in English: a screenshot of each into
// test-results/screenshots/<language>/ and an accessibility check on each. The journeys in the
// other files test behaviour; this tour makes sure no page is left unfinished in either language.

type Stop = {
  name: string;
  path: string | ((page: Page) => Promise<string>);
  prepare?: (page: Page) => Promise<void>;
};

const S4_CASE = 'CD-2026-000001';
const S3_CASE = 'CD-2026-000002';

async function organisationPath(page: Page, name: string): Promise<string> {
  const response = await page.request.get(`/api/organisations?q=${encodeURIComponent(name)}`);
  expect(response.status()).toBe(200);
  const found = (await response.json()).items.find((o: { name: string }) => o.name === name);
  expect(found, `organisation ${name}`).toBeTruthy();
  return `/organisations/${found.id}`;
}

async function statusLinkPath(api: APIRequestContext, csrf: string): Promise<string> {
  const created = await api.post(`/api/cases/${S4_CASE}/status-link`, {
    headers: { 'x-csrf-token': csrf },
  });
  expect(created.status()).toBe(201);
  return new URL((await created.json()).url).pathname;
}

const chooseComplaint = async (page: Page) => {
  await page.getByRole('radio', { name: /^(Reklamation|Complaint)/ }).click();
  await expect(page.getByRole('textbox', { name: /^(Betreff|Subject)/ })).toBeVisible();
};

const TOURS: { persona: string; email: string; stops: Stop[] }[] = [
  {
    persona: 'operator',
    email: 'admin@printwerk.example',
    stops: [
      { name: 'overview', path: '/' },
      { name: 'cases', path: '/cases?view=all' },
      { name: 'case', path: `/cases/${S4_CASE}` },
      { name: 'new-case', path: '/cases/new', prepare: chooseComplaint },
      { name: 'organisations', path: '/organisations' },
      { name: 'organisation', path: (page) => organisationPath(page, 'Bäckerei Sommer GmbH') },
      { name: 'channel-leads', path: '/channel/leads' },
      { name: 'channel-settings', path: '/channel/settings' },
      { name: 'audit', path: '/audit' },
      { name: 'mail', path: '/mail' },
      { name: 'mailboxes', path: '/mail/mailboxes' },
      { name: 'settings', path: '/settings' },
      { name: 'about', path: '/about' },
    ],
  },
  {
    persona: 'partner',
    email: 'inhaber@nordwest-it.example',
    stops: [
      { name: 'overview', path: '/' },
      { name: 'cases', path: '/cases' },
      { name: 'case', path: `/cases/${S3_CASE}` },
      { name: 'new-case', path: '/cases/new', prepare: chooseComplaint },
      { name: 'customers', path: '/organisations' },
      { name: 'customer', path: (page) => organisationPath(page, 'Bäckerei Sommer GmbH') },
      { name: 'leads', path: '/leads' },
      { name: 'settings', path: '/settings' },
      { name: 'about', path: '/about' },
    ],
  },
  {
    persona: 'customer',
    email: 'buero@baeckerei-sommer.example',
    stops: [
      { name: 'overview', path: '/' },
      { name: 'cases', path: '/cases' },
      { name: 'case', path: `/cases/${S4_CASE}` },
      { name: 'new-case', path: '/cases/new', prepare: chooseComplaint },
      { name: 'organisation', path: (page) => organisationPath(page, 'Bäckerei Sommer GmbH') },
      { name: 'settings', path: '/settings' },
      { name: 'about', path: '/about' },
    ],
  },
];

for (const language of ['de', 'en'] as const) {
  test.describe(`main pages in ${language === 'de' ? 'German' : 'English'}`, () => {
    for (const tour of TOURS) {
      test(`${tour.persona}`, async ({ page }) => {
        // Up to ten pages, each with an accessibility scan: more than the default 30 s on a busy machine.
        test.setTimeout(120_000);
        await page.setViewportSize(DESKTOP);
        const violations = await watchContentSecurityPolicy(page);
        await logIn(page, tour.email);
        await switchLanguage(page, language);
        try {
          for (const stop of tour.stops) {
            const path = typeof stop.path === 'string' ? stop.path : await stop.path(page);
            const response = await page.goto(path);
            expectStrictPolicy(response?.headers()['content-security-policy']);
            await pageSettled(page);
            await expect(page.locator('html')).toHaveAttribute('lang', language);
            await stop.prepare?.(page);
            await page.screenshot({
              path: `${SCREENSHOTS}/${language}/${tour.persona}-${stop.name}.png`,
              fullPage: true,
            });
            await expectAccessible(page, `${tour.persona} ${stop.name} (${language})`);
          }
          expect(violations).toEqual([]);
        } finally {
          // The language is the user's setting: leave the demo users as they were.
          await saveLanguage(page, tour.email.startsWith('agent@') ? 'en' : 'de');
        }
      });
    }

    test('pages without login', async ({ browser }) => {
      // The status link is made through the API: the operator's pages are not what this test is about.
      const operator = await apiSession('admin@printwerk.example');
      const statusPath = await statusLinkPath(operator.api, operator.csrf);
      await operator.api.dispose();

      const visitor = await browser.newContext({
        locale: language === 'de' ? 'de-DE' : 'en-GB',
        viewport: DESKTOP,
      });
      const anonymous = await visitor.newPage();
      const violations = await watchContentSecurityPolicy(anonymous);
      await anonymous.goto('/login');
      if (language === 'en') await switchLanguage(anonymous, 'en');
      for (const [name, path] of [
        ['login', '/login'],
        ['forgot-password', '/forgot-password'],
        ['status-page', statusPath],
      ] as const) {
        await anonymous.goto(path);
        await pageSettled(anonymous);
        await expect(anonymous.locator('html')).toHaveAttribute('lang', language);
        await anonymous.screenshot({ path: `${SCREENSHOTS}/${language}/public-${name}.png`, fullPage: true });
        await expectAccessible(anonymous, `${name} (${language})`);
      }
      // The API reference (Swagger UI) runs under the same policy.
      const docs = await anonymous.goto('/api/docs/');
      expectStrictPolicy(docs?.headers()['content-security-policy']);
      // Swagger UI parses the whole reference before it draws the title: give it time on a busy machine.
      await expect(anonymous.locator('.swagger-ui .info .title')).toContainText('channeldesk API', {
        timeout: 30_000,
      });
      await expect(anonymous.locator('.opblock').first()).toBeVisible();
      await anonymous.screenshot({ path: `${SCREENSHOTS}/${language}/public-api-docs.png` });
      expect(violations).toEqual([]);
      await visitor.close();
    });
  });
}
