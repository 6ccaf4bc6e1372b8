import { expect, type Page, test } from '@playwright/test';
import {
  apiSession,
  DESKTOP,
  expectAccessible,
  type Language,
  layoutSettled,
  logIn,
  PHONE,
  SCREENSHOTS,
  shoot,
  switchLanguage,
} from './support';

// The bell: Nordwest IT's owner has its page open when Bäckerei Sommer reports a problem in the
// portal; the count on the bell rises without a reload (live stream), the list names the new case
// of its customer, opening it goes to the case and marks it read. The settings page lets the
// partner turn off the mail for optional notices.

const SHOTS = `${SCREENSHOTS}/notifications`;
const PARTNER = 'inhaber@nordwest-it.example';
const CUSTOMER = 'buero@baeckerei-sommer.example';

/** A portal case of Bäckerei Sommer, as its office opens one. */
async function customerReports(subject: string): Promise<string> {
  const { api, csrf } = await apiSession(CUSTOMER);
  const created = await api.post('/api/cases', {
    headers: { 'x-csrf-token': csrf },
    data: { type: 'complaint', subject, description: 'Seit heute Morgen.' },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { number } = await created.json();
  await api.dispose();
  return number as string;
}

async function markAllRead(page: Page): Promise<void> {
  const session = await page.request.get('/api/auth/session');
  const read = await page.request.post('/api/notifications/read', {
    headers: { 'x-csrf-token': (await session.json()).csrfToken },
    data: {},
  });
  expect(read.status(), await read.text()).toBe(200);
}

async function shootBell(page: Page, language: Language): Promise<void> {
  for (const [device, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    await layoutSettled(page);
    await page.screenshot({ path: `${SHOTS}/${language}-${device}-bell.png` });
    // The header keeps logout on the screen next to the bell.
    const logout = await page.getByRole('button', { name: /Abmelden|Log out/ }).boundingBox();
    expect(logout!.x + logout!.width, `${language} ${device}: logout off the screen`).toBeLessThanOrEqual(
      viewport.width,
    );
    await expectAccessible(page, `bell (${language}, ${device})`);
  }
  await page.setViewportSize(DESKTOP);
}

test('the partner hears of a new case of its customer live, under the bell, in German and English', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await logIn(page, PARTNER);
  await markAllRead(page);
  await page.reload();
  const bell = page.getByTestId('notification-bell');
  await expect(bell).toHaveAccessibleName('Benachrichtigungen');

  for (const language of ['de', 'en'] as const) {
    if (language === 'en') await switchLanguage(page, 'en');
    const subject = language === 'de' ? 'Kassendrucker druckt nicht' : 'Scanner offline';
    const number = await customerReports(subject);
    // No reload: the stream tells the page, and the count appears on the bell.
    await expect(page.getByTestId('notification-count')).toHaveText('1', { timeout: 20_000 });
    await expect(bell).toHaveAccessibleName(language === 'de' ? /1 ungelesen/ : /1 unread/);

    await bell.click();
    const item = page.getByRole('button', {
      name: new RegExp(
        `${language === 'de' ? 'Neuer Fall Ihres Kunden' : 'New case of your customer'}: ${number}`,
      ),
    });
    await expect(item).toBeVisible();
    await expect(item).toContainText(subject);
    await shootBell(page, language);

    await item.click();
    await expect(page).toHaveURL(new RegExp(`/cases/${number}$`));
    await expect(page.getByTestId('notification-count')).toHaveCount(0);
  }

  await page.goto('/settings');
  const section = page.getByRole('region', { name: 'Notifications' });
  await expect(section.getByRole('checkbox', { name: 'New cases of our customers' })).toBeChecked();
  await shoot(page, { dir: SHOTS, name: 'settings', language: 'en' });
  await switchLanguage(page, 'de');
  const german = page.getByRole('region', { name: 'Benachrichtigungen' });
  const replies = german.getByRole('checkbox', { name: 'Antworten an unsere Kunden' });
  await replies.uncheck();
  await expect(german.getByRole('status')).toHaveText('Gespeichert.');
  await page.reload();
  await expect(replies).not.toBeChecked();
  await shoot(page, { dir: SHOTS, name: 'settings', language: 'de' });
  // Switch it back on for later journeys; a click that lands while the page refetches the
  // preferences is undone by the fresh data, so click until it stays checked.
  await expect(async () => {
    if (!(await replies.isChecked())) await replies.click();
    await expect(replies).toBeChecked({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(german.getByRole('status')).toHaveText('Gespeichert.');
});
