import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import {
  expectStrictPolicy,
  logIn,
  pageSettled,
  SCREENSHOTS,
  shoot,
  switchLanguage,
  watchContentSecurityPolicy,
} from './support';

// The channel manager's lead reports on the demo data: every section's heading in German and
// English, a period chosen in the picker, a section downloaded as CSV. Read-only: other
// journeys count the demo's leads and contacts.

const CHANNEL = 'channel@printwerk.example';
const SHOTS = `${SCREENSHOTS}/channel`;

const TEXTS = {
  de: {
    nav: 'Lead-Berichte',
    title: 'Lead-Berichte',
    sections: [
      'Leads nach Verteilungsgrund',
      'Leads am zuständigen Fachhändler vorbei',
      'Direktkontakte ohne Partnerbeteiligung',
      'Antwortzeit und Annahmequote der Partner',
      'Abschlussquote und Wert je Partner',
      'Fällige Verlängerungen je Monat',
    ],
  },
  en: {
    nav: 'Lead reports',
    title: 'Lead reports',
    sections: [
      'Leads by routing reason',
      'Leads outside the reseller of record',
      'Direct contacts without partner involvement',
      'Partner response time and acceptance',
      'Conversion and value by partner',
      'Renewals due per month',
    ],
  },
} as const;

test('the channel manager reads the lead reports, picks a period and downloads a section as CSV', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const violations = await watchContentSecurityPolicy(page);
  await logIn(page, CHANNEL);
  try {
    await switchLanguage(page, 'de');
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: TEXTS.de.nav })
      .click();
    await expect(page).toHaveURL(/\/channel\/reports$/);
    await pageSettled(page);

    for (const language of ['de', 'en'] as const) {
      await switchLanguage(page, language);
      const texts = TEXTS[language];
      await expect(page.getByRole('heading', { level: 1, name: texts.title })).toBeVisible();
      for (const name of texts.sections) {
        await expect(
          page.getByRole('region', { name }).getByRole('heading', { level: 2, name }),
        ).toBeVisible();
      }
      // The demo's installed base has warranties ending in the coming months: the chart draws bars.
      const renewals = page.getByRole('region', { name: texts.sections[5] });
      await expect(renewals.getByRole('row')).toHaveCount(13);
      await expect(renewals.locator('.recharts-bar-rectangle path')).not.toHaveCount(0);
      // Nothing but the tables' own scroll containers may be wider than the phone.
      await shoot(page, { dir: SHOTS, name: 'reports', language, fitsPhone: true });
    }

    // A period from the picker goes into the URL and the report says which period it shows.
    await page.getByRole('textbox', { name: /^From/ }).fill('2026-01-01');
    await page.getByRole('textbox', { name: /^To/ }).fill('2026-06-30');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await expect(page).toHaveURL(/from=2026-01-01&to=2026-06-30/);
    await expect(page.getByText(/from 1 Jan 2026 to 30 Jun 2026/)).toBeVisible();

    // The renewals table as CSV, for German Excel.
    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download “Renewals due per month” as CSV' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('leads-report_renewalsDue_2026-01-01_2026-06-30.csv');
    const csv = await readFile((await download.path()) ?? '');
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('month;assets;with_lead;without_lead');
    expect(lines).toHaveLength(13);

    const response = await page.goto('/channel/reports');
    expectStrictPolicy(response?.headers()['content-security-policy']);
    await pageSettled(page);
  } finally {
    await switchLanguage(page, 'de').catch(() => undefined);
  }
  expect(violations).toEqual([]);
});
