import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import {
  apiSession,
  DESKTOP,
  expectAccessible,
  expectStrictPolicy,
  type Language,
  layoutSettled,
  logIn,
  PHONE,
  pageSettled,
  SCREENSHOTS,
  saveLanguage,
  switchLanguage,
  watchContentSecurityPolicy,
} from './support';

// Every main page, for every persona, in German and in English: a screenshot of each into
// test-results/screenshots/<language>/ and an accessibility check on each. The journeys in the
// other files test behaviour; this tour makes sure no page is left unfinished in either language.
// The pages people use on the road (home, bell, search, the admin's lists) are shot on a phone as
// well, into <language>/<persona>-<name>-phone.png.

type Stop = {
  name: string;
  /** Where the stop goes; without it the stop stays on the page the one before left. */
  path?: string | ((page: Page) => Promise<string>);
  prepare?: (page: Page) => Promise<void>;
  /** Also on a 390×844 phone, no wider than its screen: the whole page, or only the screen. */
  phone?: 'page' | 'screen';
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

/** The bell's list, opened; it stays open while the viewport changes for the phone shot. */
const openBell = async (page: Page) => {
  await page.getByTestId('notification-bell').click();
  await expect(
    page.getByRole('heading', { level: 2, name: /^(Benachrichtigungen|Notifications)$/ }),
  ).toBeVisible();
};

/** Words in the header's search box list the matching cases. */
const searchFor = (q: string) => async (page: Page) => {
  const box = page.getByRole('search', { name: /^(Fall finden|Find a case)$/ }).getByRole('searchbox');
  await box.fill(q);
  await box.press('Enter');
  await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(q)}`));
  await expect(page.getByTestId('case-list')).toContainText(q);
};

const TOURS: { persona: string; email: string; stops: Stop[] }[] = [
  {
    persona: 'agent',
    email: 'agent@printwerk.example',
    stops: [
      { name: 'overview', path: '/', phone: 'page' },
      { name: 'search', prepare: searchFor('Paket'), phone: 'page' },
      { name: 'bell', prepare: openBell, phone: 'screen' },
    ],
  },
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
      { name: 'mailboxes', path: '/mail/mailboxes', phone: 'page' },
      { name: 'users', path: '/settings/users', phone: 'page' },
      { name: 'groups', path: '/settings/groups', phone: 'page' },
      { name: 'causes', path: '/settings/causes', phone: 'page' },
      { name: 'text-modules', path: '/settings/text-modules', phone: 'page' },
      { name: 'sla', path: '/settings/sla', phone: 'page' },
      { name: 'settings', path: '/settings' },
      { name: 'about', path: '/about' },
    ],
  },
  {
    persona: 'partner',
    email: 'inhaber@nordwest-it.example',
    stops: [
      { name: 'overview', path: '/', phone: 'page' },
      { name: 'bell', prepare: openBell, phone: 'screen' },
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
      { name: 'overview', path: '/', phone: 'page' },
      { name: 'cases', path: '/cases' },
      { name: 'case', path: `/cases/${S4_CASE}` },
      { name: 'new-case', path: '/cases/new', prepare: chooseComplaint },
      { name: 'organisation', path: (page) => organisationPath(page, 'Bäckerei Sommer GmbH') },
      { name: 'settings', path: '/settings' },
      { name: 'about', path: '/about' },
    ],
  },
];

/** The page on a phone: a screenshot, no wider than the screen, checked by axe; back on the desktop. */
async function onPhone(page: Page, stop: Stop, name: string, language: Language): Promise<void> {
  await page.setViewportSize(PHONE);
  await layoutSettled(page);
  await page.screenshot({
    path: `${SCREENSHOTS}/${language}/${name}-phone.png`,
    fullPage: stop.phone === 'page',
  });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} (${language}, phone): page wider than the screen`).toBeLessThanOrEqual(0);
  await expectAccessible(page, `${name} (${language}, phone)`);
  await page.setViewportSize(DESKTOP);
  await layoutSettled(page);
}

for (const language of ['de', 'en'] as const) {
  test.describe(`main pages in ${language === 'de' ? 'German' : 'English'}`, () => {
    for (const tour of TOURS) {
      test(`${tour.persona}`, async ({ page }) => {
        // Up to twenty shots, each with an accessibility scan: more than the default 30 s on a busy machine.
        test.setTimeout(180_000);
        await page.setViewportSize(DESKTOP);
        const violations = await watchContentSecurityPolicy(page);
        await logIn(page, tour.email);
        await switchLanguage(page, language);
        try {
          for (const stop of tour.stops) {
            if (stop.path !== undefined) {
              const path = typeof stop.path === 'string' ? stop.path : await stop.path(page);
              const response = await page.goto(path);
              expectStrictPolicy(response?.headers()['content-security-policy']);
              await pageSettled(page);
            }
            await expect(page.locator('html')).toHaveAttribute('lang', language);
            await stop.prepare?.(page);
            await pageSettled(page);
            const name = `${tour.persona}-${stop.name}`;
            await page.screenshot({ path: `${SCREENSHOTS}/${language}/${name}.png`, fullPage: true });
            await expectAccessible(page, `${tour.persona} ${stop.name} (${language})`);
            if (stop.phone !== undefined) await onPhone(page, stop, name, language);
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
