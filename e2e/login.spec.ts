import { randomUUID } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';

// Demo logins seeded by the server on an empty database (one place to adjust them).
const DEMO_PASSWORD = 'channeldesk-demo';
const PERSONAS = {
  operator: {
    email: 'admin@printwerk.example',
    organisation: 'Printwerk Systeme AG',
    navDe: ['Übersicht', 'Fälle', 'Organisationen', 'Audit-Log', 'Einstellungen'],
    notInNavDe: ['Meine Kunden', 'Meine Organisation'],
    navEn: 'Audit log',
  },
  partner: {
    email: 'inhaber@nordwest-it.example',
    organisation: 'Nordwest IT GmbH',
    navDe: ['Übersicht', 'Fälle', 'Meine Kunden', 'Einstellungen'],
    notInNavDe: ['Audit-Log', 'Organisationen'],
    navEn: 'My customers',
  },
  customer: {
    email: 'buero@baeckerei-sommer.example',
    organisation: 'Bäckerei Sommer GmbH',
    navDe: ['Übersicht', 'Fälle', 'Meine Organisation', 'Einstellungen'],
    notInNavDe: ['Audit-Log', 'Organisationen', 'Meine Kunden'],
    navEn: 'My organisation',
  },
} as const;
type Persona = keyof typeof PERSONAS;

const SCREENSHOTS = 'test-results/screenshots';

async function logIn(page: Page, email: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(/^(E-Mail-Adresse|Email address)/).fill(email);
  await page.getByLabel(/^(Passwort|Password)/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /^(Anmelden|Log in)$/ }).click();
  // The public pages have a header too; the main navigation exists only once logged in.
  await expect(page.getByRole('navigation', { name: /^(Hauptnavigation|Main navigation)$/ })).toBeVisible();
}

async function switchLanguage(page: Page, label: 'DE' | 'EN'): Promise<void> {
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/me') && r.request().method() === 'PATCH');
  await page.getByRole('banner').getByText(label, { exact: true }).click();
  expect((await saved).ok()).toBe(true);
}

for (const persona of Object.keys(PERSONAS) as Persona[]) {
  const p = PERSONAS[persona];

  test(`${persona} logs in, sees their navigation in German and English, and logs out`, async ({ page }) => {
    const pageErrors: Error[] = [];
    page.on('pageerror', (error) => pageErrors.push(error));
    await logIn(page, p.email);

    const header = page.getByRole('banner');
    await expect(header).toContainText(p.organisation);
    await expect(header).toContainText('channeldesk');

    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    for (const label of p.navDe)
      await expect(nav.getByRole('link', { name: label, exact: true })).toBeVisible();
    for (const label of p.notInNavDe)
      await expect(nav.getByRole('link', { name: label, exact: true })).toHaveCount(0);

    // The overview has loaded the organisation card before the screenshot.
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Guten Tag');
    await expect(page.getByRole('main')).toContainText(p.organisation);
    await page.screenshot({ path: `${SCREENSHOTS}/${persona}-de.png`, fullPage: true });

    await switchLanguage(page, 'EN');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    const navEn = page.getByRole('navigation', { name: 'Main navigation' });
    await expect(navEn.getByRole('link', { name: p.navEn, exact: true })).toBeVisible();
    await expect(navEn.getByRole('link', { name: 'Settings', exact: true })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Hello');
    await page.screenshot({ path: `${SCREENSHOTS}/${persona}-en.png`, fullPage: true });

    // Back to the user's German default so other tests start from the seeded state.
    await switchLanguage(page, 'DE');
    await expect(nav.getByRole('link', { name: 'Einstellungen', exact: true })).toBeVisible();

    await page.getByRole('button', { name: 'Abmelden' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole('heading', { name: 'Anmelden' })).toBeVisible();
    await expect(page.getByLabel(/^E-Mail-Adresse/)).toBeVisible();

    // The session is really gone: a protected page sends us back to the login.
    await page.goto('/settings');
    await expect(page.getByRole('heading', { name: 'Anmelden' })).toBeVisible();
    expect(pageErrors).toEqual([]);
  });
}

test('partner sees its customers under "Meine Kunden"', async ({ page }) => {
  await logIn(page, PERSONAS.partner.email);
  await page.getByRole('navigation').getByRole('link', { name: 'Meine Kunden' }).click();
  await expect(page).toHaveURL(/\/organisations$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Kunden' })).toBeVisible();
  const table = page.getByRole('table');
  await expect(table).toContainText(PERSONAS.customer.organisation);
  // Only customers: the partner's own organisation is not listed as one of them.
  await expect(table.getByRole('link', { name: PERSONAS.partner.organisation, exact: true })).toHaveCount(0);
  // The kind filter is for operators only.
  await expect(page.getByRole('textbox', { name: 'Art' })).toHaveCount(0);

  await table.getByRole('link', { name: PERSONAS.customer.organisation }).click();
  await expect(page.getByRole('heading', { level: 1, name: PERSONAS.customer.organisation })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Personen' })).toBeVisible();
});

test('customer cannot open another organisation', async ({ page, playwright, baseURL }) => {
  // Find the id of an organisation the customer must not see, as the operator.
  const operator = await playwright.request.newContext({ baseURL });
  const login = await operator.post('/api/auth/login', {
    data: { email: PERSONAS.operator.email, password: DEMO_PASSWORD },
  });
  expect(login.ok()).toBe(true);
  const list = await operator.get('/api/organisations', { params: { q: 'Nordwest' } });
  expect(list.ok()).toBe(true);
  const body = (await list.json()) as { items: { id: string; name: string }[] };
  const partner = body.items.find((org) => org.name === PERSONAS.partner.organisation);
  expect(partner, 'the demo partner exists').toBeDefined();
  await operator.dispose();

  await logIn(page, PERSONAS.customer.email);
  for (const id of [partner!.id, randomUUID()]) {
    await page.goto(`/organisations/${id}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Organisation nicht gefunden' })).toBeVisible();
    await expect(page.getByText('nicht sichtbar')).toBeVisible();
  }

  await page.getByRole('navigation').getByRole('link', { name: 'Meine Organisation' }).click();
  await expect(page.getByRole('heading', { level: 1, name: PERSONAS.customer.organisation })).toBeVisible();
});

test('wrong credentials show the reason, and a reset link can be requested', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel(/^E-Mail-Adresse/).fill('niemand@example.invalid');
  await page.getByLabel(/^Passwort/).fill('falsches-passwort');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('alert')).toContainText('Anmeldung fehlgeschlagen');

  await page.getByRole('link', { name: 'Passwort vergessen?' }).click();
  await expect(page.getByRole('heading', { name: 'Passwort vergessen' })).toBeVisible();
  await page.getByLabel(/^E-Mail-Adresse/).fill('niemand@example.invalid');
  await page.getByRole('button', { name: 'Link anfordern' }).click();
  await expect(page.getByText('Wenn die Adresse bei uns bekannt ist')).toBeVisible();
});

test('a deactivated organisation is sent to the login and told why, cannot log in, and can again once reactivated', async ({
  page,
  playwright,
  baseURL,
}) => {
  const operator = await playwright.request.newContext({ baseURL });
  const session = await operator.post('/api/auth/login', {
    data: { email: PERSONAS.operator.email, password: DEMO_PASSWORD },
  });
  const csrf = { 'x-csrf-token': ((await session.json()) as { csrfToken: string }).csrfToken };
  const list = await operator.get('/api/organisations', { params: { q: PERSONAS.customer.organisation } });
  const customer = ((await list.json()) as { items: { id: string; name: string }[] }).items.find(
    (org) => org.name === PERSONAS.customer.organisation,
  );
  expect(customer, 'the demo customer exists').toBeDefined();
  const setActive = async (active: boolean) => {
    const response = await operator.patch(`/api/organisations/${customer!.id}`, {
      headers: csrf,
      data: { active },
    });
    expect(response.ok()).toBe(true);
  };
  // The customer is at work when the operator deactivates the organisation.
  await logIn(page, PERSONAS.customer.email);
  await setActive(false);
  try {
    // The next request answers 401 organisation_inactive: back at the login, with the reason. That
    // request is the click on "Fälle", unless the page's own polling (the bell, the home's counts)
    // was quicker and has already sent the customer there, taking the link away.
    await page
      .getByRole('navigation')
      .getByRole('link', { name: 'Fälle', exact: true })
      .click({ timeout: 5_000 })
      .catch(() => undefined);
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole('heading', { name: 'Anmelden' })).toBeVisible();
    const notice = page.getByRole('alert');
    await expect(notice).toContainText('Zugang deaktiviert');
    await expect(notice).toContainText('Bitte wenden Sie sich an den Betreiber');
    // A reload asks the server again and still says why.
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Anmelden' })).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('Zugang deaktiviert');

    await page.goto('/login');
    await page.getByLabel(/^E-Mail-Adresse/).fill(PERSONAS.customer.email);
    await page.getByLabel(/^Passwort/).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Zugang deaktiviert');
    await expect(alert).toContainText('Bitte wenden Sie sich an den Betreiber');
  } finally {
    await setActive(true);
    await operator.dispose();
  }
  // Reactivated, the session the customer had works again: the login page leads straight in.
  await page.goto('/login');
  await expect(page.getByRole('navigation', { name: 'Hauptnavigation' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await logIn(page, PERSONAS.customer.email);
});

test('hashed assets are cached for good, the page itself is checked on every load', async ({ page }) => {
  const assets: string[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.startsWith('/assets/'))
      assets.push(response.headers()['cache-control'] ?? '');
  });
  const document = await page.goto('/login');
  expect(document?.headers()['cache-control']).toBe('no-cache');
  await expect(page.getByRole('button', { name: 'Anmelden' })).toBeVisible();
  expect(assets.length).toBeGreaterThan(0);
  expect(new Set(assets)).toEqual(new Set(['public, max-age=31536000, immutable']));
});
