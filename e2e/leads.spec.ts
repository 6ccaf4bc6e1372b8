import { expect, type Locator, type Page, test } from '@playwright/test';
import {
  apiSession,
  DEMO_PASSWORD,
  DESKTOP,
  expectStrictPolicy,
  type Language,
  logIn,
  pageSettled,
  SCREENSHOTS,
  shootBoth as shootLanguages,
  switchLanguage,
  watchContentSecurityPolicy,
} from './support';

// Leads in the browser: the channel manager creates a lead for a customer with a reseller of record
// and reads why it went there; that partner finds it in its inbox, accepts it and records a stage
// and an expected value; another partner sees neither the lead in its inbox nor its page.
// Nordwest IT and Bäckerei Sommer are left alone: scenario S1 needs their state as seeded.

test.describe.configure({ mode: 'serial' });

const CHANNEL = 'channel@printwerk.example';
const ADMIN = 'admin@printwerk.example';
const NORDWEST = 'inhaber@nordwest-it.example';
/** A login at the partner that receives the lead, created by the operator admin for this journey. */
const HOLDER = 'e2e-leads@partner.example';
const SHOTS = `${SCREENSHOTS}/leads`;

type Org = {
  id: string;
  name: string;
  active: boolean;
  resellerOfRecord: { id: string; name: string } | null;
};
type Lead = { id: string; number: string; status: string; partnerId: string | null };

/** In German and English: `check` what the page says, then desktop and phone screenshots; back to German. */
function shootBoth(page: Page, name: string, check: (language: Language) => Promise<void>): Promise<void> {
  return shootLanguages(page, { dir: SHOTS, name }, check);
}

let customer: Org;
let holder: { id: string; name: string };

test.beforeAll(async () => {
  // A customer whose active reseller of record is not Nordwest IT: a lead for it goes there.
  const manager = await apiSession(CHANNEL);
  const response = await manager.api.get('/api/organisations?kind=customer&limit=200');
  expect(response.status()).toBe(200);
  const customers = ((await response.json()).items as Org[]).filter(
    (o) => o.active && o.resellerOfRecord !== null && o.resellerOfRecord.name !== 'Nordwest IT GmbH',
  );
  for (const candidate of customers) {
    const profile = await manager.api.get(
      `/api/organisations/${candidate.resellerOfRecord?.id}/partner-profile`,
    );
    if (profile.status() === 200 && (await profile.json()).status === 'active') {
      customer = candidate;
      break;
    }
  }
  expect(customer, 'a demo customer with an active reseller of record').toBeTruthy();
  holder = customer.resellerOfRecord as { id: string; name: string };
  await manager.api.dispose();

  const admin = await apiSession(ADMIN);
  const created = await admin.api.post('/api/users', {
    headers: { 'x-csrf-token': admin.csrf },
    data: {
      organisationId: holder.id,
      name: 'Jonas Leadmann',
      email: HOLDER,
      roles: ['partner_admin'],
      password: DEMO_PASSWORD,
    },
  });
  // 409: an earlier run on the same database made it already.
  expect([201, 409], await created.text()).toContain(created.status());
  await admin.api.dispose();
});

let lead: Lead;

test('the channel manager creates a lead, finds it in the list and reads why it went to the reseller of record', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const violations = await watchContentSecurityPolicy(page);
  await page.setViewportSize(DESKTOP);
  await logIn(page, CHANNEL);
  try {
    await switchLanguage(page, 'de');
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Leads', exact: true })
      .click();
    await expect(page).toHaveURL(/\/channel\/leads$/);
    await pageSettled(page);

    // "Lead anlegen": customer by search, kind, a note.
    await page.getByRole('button', { name: 'Lead anlegen' }).click();
    const form = page.getByRole('form', { name: 'Lead anlegen' });
    const customerInput = form.getByRole('textbox', { name: /^Kunde/ });
    await customerInput.click();
    await customerInput.fill(customer.name);
    await page
      .getByRole('option', { name: new RegExp(`^${escapeRegExp(customer.name)} \\(`) })
      .first()
      .click();
    await form.getByRole('textbox', { name: /^Art/ }).click();
    await page.getByRole('option', { name: 'Neugerät' }).click();
    await form.getByRole('textbox', { name: 'Notiz' }).fill('Kunde plant zwei neue Arbeitsplatzdrucker.');
    const answer = page.waitForResponse(
      (r) => r.url().endsWith('/api/leads') && r.request().method() === 'POST',
    );
    await form.getByRole('button', { name: 'Lead anlegen' }).click();
    const response = await answer;
    expect(response.status(), await response.text()).toBe(201);
    lead = (await response.json()) as Lead;
    expect(lead).toMatchObject({ status: 'offered', partnerId: holder.id });
    await expect(page.getByRole('status').filter({ hasText: `Lead ${lead.number} angelegt.` })).toBeVisible();

    // The list: the new lead with its partner, status, deadline and routing reason.
    const row = page.getByTestId('leads-table').getByRole('row').filter({ hasText: lead.number });
    await expect(row).toContainText(customer.name);
    await expect(row).toContainText(holder.name);
    await expect(row).toContainText('Angeboten');
    await expect(row).toContainText('noch 14 Tage');
    await expect(row).toContainText('Zuständiger Fachhändler');
    await page.getByRole('tab', { name: 'Angeboten' }).click();
    await expect(page).toHaveURL(/\?status=offered$/);
    await expect(row).toBeVisible();
    await page.getByRole('textbox', { name: 'Nach Art filtern' }).click();
    await page.getByRole('option', { name: 'Garantieverlängerung' }).click();
    await expect(row).toHaveCount(0);
    await page.getByRole('textbox', { name: 'Nach Art filtern' }).click();
    await page.getByRole('option', { name: 'Neugerät' }).click();
    await expect(page).toHaveURL(/\?status=offered&kind=new_device$/);
    await expect(row).toBeVisible();
    await shootBoth(page, 'channel-list', async (language) => {
      await expect(
        page.getByRole('tab', { name: language === 'de' ? 'Warteschlange' : 'Queue' }),
      ).toBeVisible();
      await expect(row).toContainText(language === 'de' ? 'Zuständiger Fachhändler' : 'Reseller of record');
    });

    // The lead's page: the explanation as a sentence, the partners considered, the history.
    await page.getByRole('link', { name: lead.number }).click();
    await expect(page).toHaveURL(new RegExp(`/channel/leads/${lead.id}$`));
    await pageSettled(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(customer.name);
    await shootBoth(page, 'channel-lead', async (language) => {
      await expect(page.getByTestId('routing-explanation')).toContainText(
        language === 'de'
          ? `${holder.name} ist der aktive zuständige Fachhändler des Kunden und erhält den Lead.`
          : `${holder.name} is the active reseller of record of the customer and receives the lead.`,
      );
      await expect(page.getByTestId('routing-candidates')).toContainText(holder.name);
      const history = page.getByTestId('lead-history');
      await expect(history).toContainText(language === 'de' ? 'Angelegt' : 'Created');
      await expect(history).toContainText(language === 'de' ? 'Zugeteilt' : 'Routed');
      await expect(
        page.getByRole('form', { name: language === 'de' ? 'Neu zuteilen' : 'Reroute' }),
      ).toBeVisible();
    });

    // The reroute form will not go without a reason.
    const reroute = page.getByRole('form', { name: 'Neu zuteilen' });
    await reroute.getByRole('button', { name: 'Neu zuteilen' }).click();
    expect(await isMissing(reroute.getByRole('textbox', { name: /^Grund/ }))).toBe(true);
    await expect(page.getByTestId('lead-history').getByRole('row')).toHaveCount(3);

    const direct = await page.goto(`/channel/leads/${lead.id}`);
    expectStrictPolicy(direct?.headers()['content-security-policy']);
    await pageSettled(page);

    // The channel settings sit beside the leads in the navigation; saved as they are.
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Kanal-Einstellungen' })
      .click();
    await expect(page).toHaveURL(/\/channel\/settings$/);
    await pageSettled(page);
    await expect(page.getByRole('textbox', { name: /^Schutzfrist eines angebotenen Leads/ })).toHaveValue(
      '14',
    );
    await page.getByRole('button', { name: 'Speichern' }).click();
    await expect(page.getByRole('status')).toContainText('Einstellungen gespeichert.');
    await shootBoth(page, 'channel-settings', async (language) => {
      await expect(
        page.getByRole('switch', {
          name: language === 'de' ? 'Schutzfrist in Werktagen zählen' : 'Count protection in business days',
        }),
      ).toBeVisible();
    });
  } finally {
    await switchLanguage(page, 'de').catch(() => undefined);
  }
  expect(violations).toEqual([]);
});

test('the partner accepts the lead from its inbox, records a stage and an expected value and reports it won', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const violations = await watchContentSecurityPolicy(page);
  await page.setViewportSize(DESKTOP);
  await logIn(page, HOLDER);
  try {
    await switchLanguage(page, 'de');
    // The overview says how many leads wait for an answer.
    await expect(page.getByTestId('overview-offered-leads')).toContainText(/Leads? warte/);
    // "Leads" in the navigation carries the number of offered leads.
    const navLink = page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: /^Leads/ });
    await expect(navLink.getByTestId('offered-leads-count')).toBeVisible();
    await navLink.click();
    await expect(page).toHaveURL(/\/leads$/);
    await pageSettled(page);
    const row = page.getByTestId('leads-table').getByRole('row').filter({ hasText: lead.number });
    await expect(row).toContainText(customer.name);
    await expect(row).toContainText('noch 14 Tage');
    await shootBoth(page, 'partner-inbox', async (language) => {
      await expect(row).toContainText(language === 'de' ? 'Angeboten' : 'Offered');
    });

    await row.getByRole('link', { name: lead.number }).click();
    await expect(page).toHaveURL(new RegExp(`/leads/${lead.id}$`));
    await pageSettled(page);
    await expect(page.getByRole('region', { name: 'Angebot an Ihre Organisation' })).toContainText(
      'noch 14 Tage',
    );
    await expect(page.getByTestId('routing-explanation')).toContainText(
      `${holder.name} ist der aktive zuständige Fachhändler des Kunden`,
    );
    await shootBoth(page, 'partner-offered', async (language) => {
      await expect(
        page.getByRole('button', { name: language === 'de' ? 'Annehmen' : 'Accept' }),
      ).toBeVisible();
    });

    // Declining needs a reason; the dialog says so and can be left.
    await page.getByRole('button', { name: 'Ablehnen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Lead ablehnen' });
    await dialog.getByRole('button', { name: 'Lead ablehnen' }).click();
    expect(await isMissing(dialog.getByRole('textbox', { name: /^Grund der Ablehnung/ }))).toBe(true);
    await expect(dialog).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/de-desktop-partner-decline.png` });
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
    await expect(dialog).toBeHidden();

    await page.getByRole('button', { name: 'Annehmen' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Lead angenommen.' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 }).locator('..')).toContainText('Angenommen');
    const work = page.getByRole('form', { name: 'Bearbeitung' });
    await work.getByRole('textbox', { name: 'Bearbeitet von' }).click();
    await page.getByRole('option', { name: 'Jonas Leadmann' }).click();
    await work.getByRole('textbox', { name: 'Phase' }).click();
    await page.getByRole('option', { name: 'Kontaktiert' }).click();
    await work.getByRole('textbox', { name: /^Erwarteter Wert/ }).fill('1.250,50');
    const saved = page.waitForResponse(
      (r) => r.url().endsWith(`/api/leads/${lead.id}`) && r.request().method() === 'PATCH',
    );
    await work.getByRole('button', { name: 'Speichern' }).click();
    const patch = await saved;
    expect(patch.status(), await patch.text()).toBe(200);
    expect(await patch.json()).toMatchObject({ stage: 'contacted', expectedValueCents: 125050 });
    await expect(work.getByRole('status')).toContainText('Gespeichert.');
    const facts = page.getByRole('region', { name: /^(Angaben zum Lead|Lead details)$/ });
    await expect(facts).toContainText('Kontaktiert');
    await expect(facts).toContainText('1.250,50 €');
    await expect(facts).toContainText('Jonas Leadmann');
    await expect(page.getByTestId('lead-history')).toContainText('Angenommen');
    await shootBoth(page, 'partner-accepted', async (language) => {
      await expect(facts).toContainText(language === 'de' ? '1.250,50 €' : '€1,250.50');
      await expect(
        page.getByRole('form', { name: language === 'de' ? 'Ergebnis melden' : 'Report outcome' }),
      ).toBeVisible();
    });

    // Won, with the order value, the date and a reason: the lead is closed.
    const outcome = page.getByRole('form', { name: 'Ergebnis melden' });
    await outcome.getByRole('textbox', { name: /^Auftragswert/ }).fill('1.180,00');
    await outcome.getByRole('textbox', { name: /^Grund/ }).fill('Zwei Arbeitsplatzdrucker bestellt.');
    await outcome.getByRole('button', { name: 'Ergebnis melden' }).click();
    await expect(page.getByRole('heading', { level: 1 }).locator('..')).toContainText('Gewonnen');
    await expect(facts).toContainText('Auftragswert 1.180,00 €');
    await expect(facts).toContainText('Zwei Arbeitsplatzdrucker bestellt.');
    await expect(page.getByRole('form', { name: 'Bearbeitung' })).toHaveCount(0);
    await shootBoth(page, 'partner-won', async (language) => {
      await expect(page.getByTestId('lead-history')).toContainText(language === 'de' ? 'Gewonnen' : 'Won');
    });
  } finally {
    await switchLanguage(page, 'de').catch(() => undefined);
  }
  expect(violations).toEqual([]);
});

test('another partner sees the lead neither in its inbox nor on its page', async ({ page }) => {
  await logIn(page, NORDWEST);
  await page.goto('/leads');
  await pageSettled(page);
  await expect(page.getByTestId('leads-table')).toBeVisible();
  await expect(page.getByTestId('leads-table')).not.toContainText(lead.number);
  await page.goto(`/leads/${lead.id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Lead nicht gefunden' })).toBeVisible();
  await expect(page.getByText(customer.name)).toHaveCount(0);
});

/** The browser holds the form back: a required field is empty. */
function isMissing(field: Locator): Promise<boolean> {
  return field.evaluate((element) => (element as HTMLTextAreaElement).validity.valueMissing);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
