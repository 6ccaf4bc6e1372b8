import { expect, type Page, test } from '@playwright/test';
import { apiSession, DESKTOP, logIn, PHONE, SCREENSHOTS, saveLanguage, shootBoth } from './support';

// The home page people expect: the agent's own, unassigned and breaching cases and today's
// commitments as counts that open their list; the customer's open cases and "Problem melden";
// the partner's customers' open cases and leads. The header's search box opens a case by its
// short number and lists the matches of words, each in the reader's scope; j/k walk the case list
// without tabbing into it; the admin's navigation comes in sections that fold.

const DIR = `${SCREENSHOTS}/home`;
const AGENT = 'agent@printwerk.example';
const ADMIN = 'admin@printwerk.example';
const CUSTOMER = 'buero@baeckerei-sommer.example';
const PARTNER = 'inhaber@nordwest-it.example';
const OTHER_PARTNER = 'inhaber@weserbogen-it.example';
const SUBJECT = 'Störung Kassendrucker nach Update';

let reported: { id: string; number: string };

/** The number a home count shows. */
async function countOf(page: Page, key: string): Promise<number> {
  const card = page.getByTestId(`home-count-${key}`);
  await expect(card).toBeVisible();
  return Number((await card.locator('p').first().textContent())?.trim());
}

/** Types into the header's search box and presses Enter. */
async function headerSearch(page: Page, q: string): Promise<void> {
  const box = page.getByRole('search', { name: /^(Fall finden|Find a case)$/ }).getByRole('searchbox');
  await box.fill(q);
  await box.press('Enter');
}

test.beforeAll(async () => {
  // The customer's report, and a commitment due later today on it: the agent's home counts it.
  const customer = await apiSession(CUSTOMER);
  const created = await customer.api.post('/api/cases', {
    headers: { 'x-csrf-token': customer.csrf },
    data: { type: 'fault', subject: SUBJECT, description: 'Seit dem Update druckt die Kasse keine Bons.' },
  });
  expect(created.status(), await created.text()).toBe(201);
  reported = await created.json();
  const agent = await apiSession(AGENT);
  const endOfDay = new Date(
    `${new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' })}T23:30:00+01:00`,
  );
  if (endOfDay.getTime() > Date.now() + 10 * 60_000) {
    const made = await agent.api.post(`/api/cases/${reported.id}/commitments`, {
      headers: { 'x-csrf-token': agent.csrf },
      data: { description: 'Rückruf heute', dueAt: endOfDay.toISOString() },
    });
    expect(made.status(), await made.text()).toBe(201);
  }
});

test('the customer sees its open cases and reports a problem from its home', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize(DESKTOP);
  await logIn(page, CUSTOMER);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Guten Tag');
  await expect(page.getByRole('region', { name: 'Ihre offenen Fälle' })).toContainText(SUBJECT);
  expect(await countOf(page, 'open')).toBeGreaterThanOrEqual(1);
  await shootBoth(page, { dir: DIR, name: 'customer', fitsPhone: true }, async (language) => {
    await expect(
      page.getByRole('link', { name: language === 'de' ? 'Problem melden' : 'Report a problem' }),
    ).toBeVisible();
  });

  // The count opens the list it counts.
  const open = await countOf(page, 'open');
  await page.getByTestId('home-count-open').click();
  await expect(page).toHaveURL(/\/cases\?status=/);
  await expect(page.getByText(`${open} ${open === 1 ? 'Eintrag' : 'Einträge'} angezeigt`)).toBeVisible();

  // The short number opens the case directly.
  await headerSearch(page, String(Number(reported.number.split('-')[2])));
  await expect(page).toHaveURL(new RegExp(`/cases/${reported.number}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(SUBJECT);

  await page.goto('/');
  await page.getByRole('link', { name: 'Problem melden' }).click();
  await expect(page).toHaveURL(/\/cases\/new$/);
});

test('the agent opens its counts, finds a case by words and short number, and walks the list with j and k', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize(DESKTOP);
  await logIn(page, AGENT);
  // The demo agent works in English; shootBoth leaves it German, so it is set back at the end.
  try {
    await agentJourney(page);
  } finally {
    await saveLanguage(page, 'en');
  }
});

async function agentJourney(page: Page): Promise<void> {
  for (const key of ['mine', 'unassigned', 'breaching', 'commitmentsDueToday'])
    await expect(page.getByTestId(`home-count-${key}`)).toBeVisible();
  await expect(page.getByRole('region', { name: /Meine offenen Fälle|My open cases/ })).toContainText(
    /CD-\d{4}-\d{6}/,
  );
  await shootBoth(page, { dir: DIR, name: 'agent', fitsPhone: true });

  // Each count is the length of the list its link opens (the inbox view's own counter).
  const mine = await countOf(page, 'mine');
  await page.getByTestId('home-count-mine').click();
  await expect(page).toHaveURL(/view=mine/);
  await expect(page.getByTestId('count-mine')).toHaveText(String(mine));
  await page.goto('/');
  const unassigned = await countOf(page, 'unassigned');
  await page.getByTestId('home-count-unassigned').click();
  await expect(page.getByTestId('count-unassigned')).toHaveText(String(unassigned));
  await page.goto('/');
  const due = await countOf(page, 'commitmentsDueToday');
  await page.getByTestId('home-count-commitmentsDueToday').click();
  await expect(page.getByTestId('filter-commitment-due')).toBeVisible();
  const rows = page.getByTestId('case-list').locator('tbody tr[data-index]');
  await expect(rows).toHaveCount(due);
  if (due > 0) await expect(page.getByTestId('case-list')).toContainText(SUBJECT);

  // j and k without tabbing into the list; Enter opens the focused case.
  await page.goto('/cases?view=all');
  await expect(rows.first()).toBeVisible();
  await page.locator('body').press('j');
  await expect(rows.nth(0)).toHaveClass(/cd-row-active/);
  await page.keyboard.press('j');
  await expect(rows.nth(1)).toHaveClass(/cd-row-active/);
  await page.keyboard.press('k');
  await expect(rows.nth(0)).toHaveClass(/cd-row-active/);
  // In the search field j is a letter, not a command.
  const filter = page.getByRole('searchbox', { name: 'Suche', exact: true });
  if (await filter.count()) {
    await filter.fill('');
    await filter.press('j');
    await expect(filter).toHaveValue('j');
    await filter.fill('');
    await page.locator('h1').click();
    await page.keyboard.press('j');
  }
  const chosen = (await page.locator('tr.cd-row-active a').first().textContent())?.trim() ?? '';
  expect(chosen).toMatch(/^CD-/);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/cases/${chosen}$`));

  // Words list the matches; "CD-<n>" opens the case.
  await headerSearch(page, 'Störung');
  await expect(page).toHaveURL(/\/cases\?view=all&q=St%C3%B6rung/);
  await expect(page.getByTestId('case-list')).toContainText(SUBJECT);
  await headerSearch(page, `CD-${Number(reported.number.split('-')[2])}`);
  await expect(page).toHaveURL(new RegExp(`/cases/${reported.number}$`));
}

test("the partner sees its customers' open cases and leads; another partner finds none of them", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize(DESKTOP);
  await logIn(page, PARTNER);
  await expect(page.getByRole('region', { name: 'Offene Fälle Ihrer Kunden' })).toContainText(SUBJECT);
  await expect(page.getByTestId('overview-offered-leads')).toBeVisible();
  await expect(page.getByTestId('home-accepted-leads')).toBeVisible();
  await shootBoth(page, { dir: DIR, name: 'partner', fitsPhone: true });
  const open = await countOf(page, 'open');
  await page.getByTestId('home-count-open').click();
  await expect(page.getByText(`${open} ${open === 1 ? 'Eintrag' : 'Einträge'} angezeigt`)).toBeVisible();

  // Weserbogen IT is not Bäckerei Sommer's reseller: the number opens nothing, the words find nothing.
  await logIn(page, OTHER_PARTNER);
  await expect(page.getByTestId('home-count-open')).toBeVisible();
  await expect(page.getByRole('main')).not.toContainText(SUBJECT);
  await headerSearch(page, reported.number);
  await expect(page).toHaveURL(/\/cases\?view=all&q=/);
  await expect(page.getByTestId('case-list')).not.toContainText(SUBJECT);
  await headerSearch(page, 'Kassendrucker');
  await expect(page).toHaveURL(/q=Kassendrucker/);
  await expect(page.getByTestId('case-list')).not.toContainText(SUBJECT);
});

test("the admin's navigation comes in sections that fold, on desktop and phone", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize(DESKTOP);
  await logIn(page, ADMIN);
  const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
  const finance = nav.getByRole('button', { name: 'Finanzen' });
  await expect(finance).toHaveAttribute('aria-expanded', 'true');
  await expect(nav.getByRole('link', { name: 'Mahnwesen' })).toBeVisible();
  await finance.click();
  await expect(finance).toHaveAttribute('aria-expanded', 'false');
  await expect(nav.getByRole('link', { name: 'Mahnwesen' })).toBeHidden();
  // Folded stays folded on this device; the section of the page on screen is always open.
  await page.reload();
  await expect(nav.getByRole('button', { name: 'Finanzen' })).toHaveAttribute('aria-expanded', 'false');
  await page.goto('/billing/dunning');
  await expect(nav.getByRole('link', { name: 'Mahnwesen' })).toBeVisible();
  await page.goto('/');
  await nav.getByRole('button', { name: 'Finanzen' }).click();
  await expect(nav.getByRole('link', { name: 'Mahnwesen' })).toBeVisible();
  await page.screenshot({ path: `${DIR}/de-desktop-admin-nav.png`, fullPage: true });
  await page.setViewportSize(PHONE);
  await page.getByRole('button', { name: 'Navigation ein- oder ausblenden' }).click();
  await expect(nav.getByRole('button', { name: 'Kunden & Kanal' })).toBeVisible();
  await page.screenshot({ path: `${DIR}/de-phone-admin-nav.png` });
  await page.setViewportSize(DESKTOP);
});
