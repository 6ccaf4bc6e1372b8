import { expect, type Page, test } from '@playwright/test';
import {
  DESKTOP,
  expectAccessible,
  expectStrictPolicy,
  layoutSettled,
  logIn,
  PHONE,
  pageSettled,
  SCREENSHOTS,
  switchLanguage,
  watchContentSecurityPolicy,
} from './support';

// The channel manager's view of the channel: a customer's reseller of record with its history and
// a change with a reason, a partner's profile, and the About page with the GeoNames attribution.

const CHANNEL = 'channel@printwerk.example';
const SHOTS = `${SCREENSHOTS}/channel`;

type Org = { id: string; name: string; kind: string; resellerOfRecord: { id: string; name: string } | null };

async function findOrganisation(page: Page, name: string): Promise<Org> {
  const response = await page.request.get(`/api/organisations?q=${encodeURIComponent(name)}`);
  expect(response.status()).toBe(200);
  const found = (await response.json()).items.find((o: Org) => o.name === name);
  expect(found, `organisation ${name}`).toBeTruthy();
  return found;
}

async function open(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expectStrictPolicy(response?.headers()['content-security-policy']);
  await pageSettled(page);
}

/** Picks a partner in the search select and submits the change with a reason. */
async function changeReseller(page: Page, partnerName: string, reason: string): Promise<void> {
  const select = page.getByRole('textbox', {
    name: /^(Neuer zuständiger Fachhändler|New reseller of record)/,
  });
  await select.click();
  await select.fill(partnerName.split(' ')[0] ?? partnerName);
  await page.getByRole('option', { name: new RegExp(`^${partnerName}`) }).click();
  await page.getByRole('textbox', { name: /^(Grund|Reason)/ }).fill(reason);
  await page.getByRole('button', { name: /^(Zuständigkeit ändern|Change reseller of record)$/ }).click();
  await expect(
    page.getByRole('status').filter({ hasText: /Fachhändler geändert|Reseller of record changed/ }),
  ).toBeVisible();
}

test('the channel manager changes a reseller of record with a reason and sees the new period', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize(DESKTOP);
  const violations = await watchContentSecurityPolicy(page);
  await logIn(page, CHANNEL);

  // Bäckerei Sommer: bought via Nordwest IT, the record is in the history.
  const sommer = await findOrganisation(page, 'Bäckerei Sommer GmbH');
  await open(page, `/organisations/${sommer.id}`);
  const section = page.getByRole('region', { name: 'Zuständiger Fachhändler' });
  const history = section.getByRole('table', { name: 'Verlauf der Zuständigkeit' });
  await expect(history.getByRole('row').nth(1)).toContainText('Nordwest IT GmbH');
  await expect(history.getByRole('row').nth(1)).toContainText('aktuell');

  // The change itself on another customer of Nordwest IT, so the S1 demo state stays as it is.
  const customers = await page.request.get('/api/organisations?kind=customer&q=Oldenburg&limit=50');
  const other = (await customers.json()).items.find(
    (o: Org) => o.name !== sommer.name && o.resellerOfRecord !== null,
  ) as Org | undefined;
  const target =
    other ??
    ((await (await page.request.get('/api/organisations?kind=customer&limit=50')).json()).items.find(
      (o: Org) => o.name !== sommer.name && o.resellerOfRecord !== null,
    ) as Org);
  expect(target, 'a customer with a reseller of record').toBeTruthy();
  const original = target.resellerOfRecord?.name ?? '';
  const next =
    original === 'Leinetal Systemhaus GmbH' ? 'Okertal Bürotechnik KG' : 'Leinetal Systemhaus GmbH';

  await open(page, `/organisations/${target.id}`);
  const targetSection = page.getByRole('region', { name: 'Zuständiger Fachhändler' });
  const targetHistory = targetSection.getByRole('table', { name: 'Verlauf der Zuständigkeit' });
  await expect(targetHistory.getByRole('row').nth(1)).toContainText(original);

  // Nothing to submit until a partner is chosen.
  await expect(page.getByRole('button', { name: 'Zuständigkeit ändern' })).toBeDisabled();
  await changeReseller(page, next, 'Kunde wechselt zum Systemhaus vor Ort');
  const newest = targetHistory.getByRole('row').nth(1);
  await expect(newest).toContainText(next);
  await expect(newest).toContainText('aktuell');
  await expect(newest).toContainText('Kunde wechselt zum Systemhaus vor Ort');
  await expect(newest).toContainText('Katrin Vogel');
  await expect(targetHistory.getByRole('row').nth(2)).toContainText(original);
  await expect(targetHistory.getByRole('row').nth(2)).not.toContainText('heute');
  await targetSection.screenshot({ path: `${SHOTS}/de-desktop-reseller-of-record-changed.png` });
  await expectAccessible(page, 'reseller of record (de)');

  // And back, with its reason: the demo's record again.
  await changeReseller(page, original, 'Zurück zum bisherigen Fachhändler');
  await expect(targetHistory.getByRole('row').nth(1)).toContainText(original);
  await expect(targetHistory.getByRole('row')).toHaveCount(4);
  expect(violations).toEqual([]);
});

test('the channel manager sees Nordwest IT’s partner profile and the About page, in German and English, on desktop and phone', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const violations = await watchContentSecurityPolicy(page);
  await page.setViewportSize(DESKTOP);
  await logIn(page, CHANNEL);
  const nordwest = await findOrganisation(page, 'Nordwest IT GmbH');
  const sommer = await findOrganisation(page, 'Bäckerei Sommer GmbH');
  try {
    for (const language of ['de', 'en'] as const) {
      await switchLanguage(page, language);
      // Each page is loaded once and looked at on the desktop, then on the phone.
      const devices = [
        ['desktop', DESKTOP],
        ['phone', PHONE],
      ] as const;
      await page.setViewportSize(DESKTOP);
      await open(page, `/organisations/${nordwest.id}`);
      for (const [device, viewport] of devices) {
        await page.setViewportSize(viewport);
        await layoutSettled(page);
        const prefix = `${SHOTS}/${language}-${device}`;
        const profile = page.getByRole('region', {
          name: language === 'de' ? 'Partnerprofil' : 'Partner profile',
        });
        await expect(profile).toContainText(language === 'de' ? 'Aktiv' : 'Active');
        await expect(profile).toContainText(language === 'de' ? 'Einsatzradius' : 'Service radius');
        await expect(profile).toContainText(/\d+ km/);
        await expect(profile).toContainText(/5\d\.\d{4}, [678]\.\d{4}/);
        await expect(
          profile.getByRole('button', {
            name: language === 'de' ? 'Partnerprofil bearbeiten' : 'Edit partner profile',
          }),
        ).toBeVisible();
        await profile.screenshot({ path: `${prefix}-partner-profile.png` });
        if (device === 'desktop') {
          await profile.getByRole('button').click();
          await expect(profile.getByRole('textbox', { name: /^(Stufe|Grade)/ })).toBeVisible();
          await profile.screenshot({ path: `${prefix}-partner-profile-edit.png` });
          await expectAccessible(page, `partner profile edit (${language})`);
          await profile.getByRole('button', { name: /^(Abbrechen|Cancel)$/ }).click();
        }
      }

      await page.setViewportSize(DESKTOP);
      await open(page, `/organisations/${sommer.id}`);
      for (const [device, viewport] of devices) {
        await page.setViewportSize(viewport);
        await layoutSettled(page);
        const reseller = page.getByRole('region', {
          name: language === 'de' ? 'Zuständiger Fachhändler' : 'Reseller of record',
        });
        await expect(reseller).toContainText('Nordwest IT GmbH');
        await reseller.screenshot({ path: `${SHOTS}/${language}-${device}-reseller-of-record.png` });
        await expectAccessible(page, `reseller of record ${device} (${language})`);
      }

      await page.setViewportSize(DESKTOP);
      await open(page, '/about');
      for (const [device, viewport] of devices) {
        await page.setViewportSize(viewport);
        await page.evaluate(() => window.scrollTo(0, 0));
        await layoutSettled(page);
        const geonames = page.getByTestId('geonames');
        await expect(geonames).toContainText('© GeoNames');
        await expect(geonames.getByRole('link', { name: 'CC BY 4.0' })).toHaveAttribute(
          'href',
          'https://creativecommons.org/licenses/by/4.0/',
        );
        await expect(page.getByText('0.1.0')).toBeVisible();
        await page.screenshot({ path: `${SHOTS}/${language}-${device}-about.png`, fullPage: true });
        await expectAccessible(page, `about ${device} (${language})`);
      }
      await page.setViewportSize(DESKTOP);
    }
    expect(violations).toEqual([]);
  } finally {
    await page.setViewportSize(DESKTOP);
    await page.goto('/settings');
    await switchLanguage(page, 'de');
  }
});

test('the About page is reachable from the navigation for a customer', async ({ page }) => {
  await logIn(page, 'buero@baeckerei-sommer.example');
  await page.getByRole('link', { name: 'Über channeldesk' }).click();
  await pageSettled(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Über channeldesk');
  await expect(page.getByTestId('geonames')).toContainText('lizenziert unter');
});
