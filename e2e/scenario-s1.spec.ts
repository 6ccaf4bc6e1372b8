import { expect, type Page, test } from '@playwright/test';
import {
  DESKTOP,
  logIn,
  pageSettled,
  SCREENSHOTS,
  shoot as shootDevices,
  watchContentSecurityPolicy,
} from './support';

// Scenario S1 end to end on the demo data, the way the people involved click through it:
// the renewal job makes a warranty-extension lead for Bäckerei Sommer's printer, which goes to its
// reseller of record Nordwest IT. Nordwest IT declines; the lead waits for the channel manager (it
// never leaves an active reseller of record on its own), who reroutes it with a reason to the
// nearest eligible partner, Weserbogen IT in Bremen, which accepts. Nordwest IT no longer sees who
// holds it; a direct offer to Bäckerei Sommer is refused naming the protecting partner; a deal
// registration of Weserbogen IT is approved and shows in the lead report.

test.describe.configure({ mode: 'serial' });

const CHANNEL = 'channel@printwerk.example';
const NORDWEST = 'inhaber@nordwest-it.example';
const WESERBOGEN = 'inhaber@weserbogen-it.example';
const SOMMER = 'Bäckerei Sommer GmbH';
const SHOTS = `${SCREENSHOTS}/scenario-s1`;

async function logOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^(Abmelden|Sign out)$/ }).click();
  await expect(page.getByRole('heading', { name: /^(Anmelden|Sign in)$/ })).toBeVisible();
}

async function navigate(page: Page, link: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: link }).click();
  await pageSettled(page);
}

/** German desktop and phone screenshots where the journey is, checked by axe on the desktop. */
function shoot(page: Page, name: string): Promise<void> {
  return shootDevices(page, { dir: SHOTS, name, language: 'de', scrollTop: false, accessible: 'desktop' });
}

/** The Sommer renewal lead's row in a list of leads. */
function sommerRow(page: Page) {
  return page.getByRole('row').filter({ hasText: SOMMER }).filter({ hasText: 'Garantieverlängerung' });
}

let leadPath = '';

test('the renewal job makes a lead for Bäckerei Sommer that goes to its reseller of record', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const violations = await watchContentSecurityPolicy(page);
  await page.setViewportSize(DESKTOP);
  await logIn(page, CHANNEL);
  await navigate(page, 'Leads');
  await expect(page).toHaveURL(/\/channel\/leads$/);
  await page.getByRole('button', { name: 'Verlängerungen jetzt prüfen' }).click();
  // An earlier journey on the same database may have made it already: then none is new.
  await expect(page.getByText(/Verlängerungs-Leads? angelegt/)).toBeVisible();
  await page.getByRole('tab', { name: /^Angeboten/ }).click();
  const row = sommerRow(page);
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Nordwest IT GmbH');
  await row.getByRole('link').first().click();
  await pageSettled(page);
  leadPath = new URL(page.url()).pathname;
  expect(leadPath).toMatch(/^\/channel\/leads\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('routing-explanation')).toContainText(
    'Nordwest IT GmbH ist der aktive zuständige Fachhändler',
  );
  await expect(page.getByText('Printwerk LX 500').first()).toBeVisible();
  await shoot(page, 'lead-offered');
  expect(violations).toEqual([]);
});

test('Nordwest IT finds it in its inbox and declines with a reason', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize(DESKTOP);
  await logIn(page, NORDWEST);
  await navigate(page, 'Leads');
  const row = sommerRow(page);
  await expect(row).toContainText(/noch \d+ Tage/);
  await row.getByRole('link').first().click();
  await pageSettled(page);
  await expect(page.getByText('Warum Ihre Organisation diesen Lead erhält')).toBeVisible();
  await shoot(page, 'partner-offer');
  await page.getByRole('button', { name: 'Ablehnen' }).click();
  const dialog = page.getByRole('dialog', { name: 'Lead ablehnen' });
  await dialog.getByRole('textbox', { name: /^Grund der Ablehnung/ }).fill('Kein Techniker frei bis März');
  await dialog.getByRole('button', { name: 'Lead ablehnen' }).click();
  await expect(page.getByText(/Lead abgelehnt/).first()).toBeVisible();
  await logOut(page);
});

test('the lead waits for the channel manager, who reroutes it with a reason to the nearest partner', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.setViewportSize(DESKTOP);
  await logIn(page, CHANNEL);
  await page.goto(leadPath);
  await pageSettled(page);
  await expect(page.getByTestId('routing-explanation')).toContainText(
    /hat den Lead abgelehnt oder die Frist verstreichen lassen/,
  );
  await expect(page.getByText('Kein Techniker frei bis März').first()).toBeVisible();
  const reason = page.getByRole('textbox', { name: /^Grund/ });
  await reason.fill('Nordwest IT hat keine Kapazität; Kunde soll nicht warten');
  await page.getByRole('button', { name: 'Neu zuteilen' }).click();
  await expect(page.getByText('Lead neu zugeteilt.')).toBeVisible();
  await expect(page.getByTestId('routing-explanation')).toContainText(
    /Weserbogen IT GmbH ist (mit .* der nächste|der einzige)/,
  );
  await shoot(page, 'lead-rerouted');
  await logOut(page);
});

test('Weserbogen IT accepts it; Nordwest IT no longer sees who holds it', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize(DESKTOP);
  await logIn(page, WESERBOGEN);
  await navigate(page, 'Leads');
  await sommerRow(page).getByRole('link').first().click();
  await pageSettled(page);
  // A partner that is not the reseller of record sees the customer's name and address, and the lead.
  await expect(page.getByText(SOMMER).first()).toBeVisible();
  await page.getByRole('button', { name: 'Annehmen' }).click();
  await expect(page.getByText('Lead angenommen.')).toBeVisible();
  await shoot(page, 'partner-accepted');
  await logOut(page);

  await logIn(page, NORDWEST);
  await page.goto(leadPath.replace('/channel', ''));
  await pageSettled(page);
  await expect(page.getByText('Weserbogen')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Annehmen' })).toHaveCount(0);
  await logOut(page);
});

test('a direct offer to Bäckerei Sommer during the protection is refused, naming the partner', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.setViewportSize(DESKTOP);
  await logIn(page, CHANNEL);
  await navigate(page, 'Organisationen');
  await page.getByRole('link', { name: SOMMER }).first().click();
  await pageSettled(page);
  const section = page.getByRole('region', { name: 'Direktkontakte' });
  await section.getByRole('radiogroup', { name: 'Art' }).getByText('Angebot', { exact: true }).click();
  await section.getByRole('textbox', { name: /^Notiz/ }).fill('Garantieverlängerung LX 500 direkt anbieten');
  await section.getByRole('button', { name: 'Direktkontakt erfassen' }).click();
  const refused = section.getByTestId('direct-offer-refused');
  await expect(refused).toContainText('Direktes Angebot nicht möglich');
  await expect(refused).toContainText(/(Nordwest IT GmbH|Weserbogen IT GmbH) schützt diesen Kunden/);
  await section.screenshot({ path: `${SHOTS}/de-desktop-direct-offer-refused.png` });
  await logOut(page);
});

test('a deal registration of Weserbogen IT is approved and shows in the lead report', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize(DESKTOP);
  await logIn(page, WESERBOGEN);
  await navigate(page, 'Deal-Registrierungen');
  const form = page.getByRole('form', { name: 'Projekt registrieren' });
  await form.getByText('Interessenten', { exact: true }).click();
  await form.getByRole('textbox', { name: /^Name des Interessenten/ }).fill('Hafenkontor Lüders KG');
  await form.getByRole('textbox', { name: /^Postleitzahl/ }).fill('28217');
  const line = page.getByRole('textbox', { name: /^Produktlinie/ });
  await line.click();
  await page.getByRole('option', { name: 'Drucker' }).first().click();
  await form.getByRole('textbox', { name: /^Erwarteter Wert in Euro/ }).fill('7.300');
  await form
    .getByLabel(/^Voraussichtlicher Abschluss/)
    .fill(new Date(Date.now() + 45 * 86_400_000).toISOString().slice(0, 10));
  await form.getByRole('button', { name: 'Projekt registrieren' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Projekt registriert' })).toBeVisible();
  await logOut(page);

  await logIn(page, CHANNEL);
  await navigate(page, 'Deal-Registrierungen');
  const pending = page.getByRole('region', { name: /^Zu entscheiden/ });
  await pending.getByRole('button', { name: /^Genehmigen: Hafenkontor Lüders KG/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Registrierung genehmigen' });
  await dialog.getByRole('textbox', { name: /^Grund/ }).fill('Neukunde im Gebiet von Weserbogen IT');
  await dialog.getByRole('button', { name: 'Genehmigen' }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page.getByRole('region', { name: 'Entschieden' }).getByRole('row').filter({ hasText: 'Hafenkontor' }),
  ).toContainText('Genehmigt');

  await navigate(page, 'Lead-Berichte');
  const partners = page.getByRole('row').filter({ hasText: 'Weserbogen IT GmbH' });
  // The partner table names Weserbogen IT with its accepted lead and its approved registration.
  await expect(partners.first()).toBeVisible();
  await expect(partners.filter({ hasText: /genehmigt/ }).first()).toContainText('1 genehmigt');
  await shoot(page, 'report');
  await logOut(page);
});
