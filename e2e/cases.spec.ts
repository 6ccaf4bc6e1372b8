import { expect, test } from '@playwright/test';
import { BASE_URL, DEMO_PASSWORD, expectAccessible, logIn, SCREENSHOTS } from './support';

// The case workspace, the customer portal and the partner portal against the real server and
// its demo data (S4: the drive complaint of Bäckerei Sommer, CD-2026-000001).
const S4_SUBJECT = 'Externe Festplatte wird am Notebook nicht erkannt';

test('agent answers and resolves a complaint with a commitment (English UI)', async ({ page, browser }) => {
  await logIn(page, 'agent@printwerk.example');
  await page.getByRole('navigation').getByRole('link', { name: 'Cases' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cases' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Mine/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('count-all')).toHaveText(/\d+/);
  await page.getByRole('button', { name: /^All/ }).click();
  await expect(page.getByTestId('case-list').getByRole('row')).not.toHaveCount(1);
  await page.screenshot({ path: `${SCREENSHOTS}/agent-cases-en.png` });
  await expectAccessible(page, 'case list');

  await page.getByRole('searchbox', { name: 'Search' }).fill('Festplatte');
  const list = page.getByTestId('case-list');
  await expect(list.getByRole('row', { name: new RegExp(S4_SUBJECT) })).toBeVisible();
  await list.getByRole('link', { name: 'CD-2026-000001' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(S4_SUBJECT) })).toBeVisible();

  // Internal notes look different from public messages; SLA clocks and facts are on the side.
  await expect(page.locator('[data-visibility="internal"]')).toContainText('Rechnung 2026-0042');
  await expect(page.getByTestId('clock-resolution')).toBeVisible();
  await expect(page.getByTestId('fact-drive_model')).toContainText('DataVault X2 2 TB');

  // A public reply shows the warning; the reply lands in the timeline.
  await page.locator('label', { hasText: 'Public (customer)' }).click();
  await expect(page.getByTestId('public-warning')).toBeVisible();
  const reply = 'Good news: the DataVault X2 works with the Libra 14 G3 after a firmware update.';
  await page.getByRole('textbox', { name: 'Message' }).fill(reply);
  await page.getByRole('button', { name: 'Send publicly' }).click();
  await expect(page.locator('[data-visibility="public"]').filter({ hasText: reply })).toBeVisible();

  // A commitment with a due time.
  await page.getByRole('button', { name: 'Record a commitment' }).click();
  await page.getByRole('textbox', { name: 'What was promised?' }).fill('Send the firmware guide by Friday');
  await page.getByRole('button', { name: 'Save commitment' }).click();
  await expect(page.getByRole('region', { name: 'Commitments' })).toContainText(
    'Send the firmware guide by Friday',
  );

  // A status link for the customer, then resolve.
  await page.getByRole('button', { name: 'Create status link' }).click();
  const statusHref = await page.getByTestId('status-link').getAttribute('href');
  expect(statusHref).toMatch(/^\/status\//);

  await page.getByRole('textbox', { name: 'Status', exact: true }).click();
  await page.getByRole('option', { name: 'Resolved' }).click();
  // The commitment is still open: resolving asks what becomes of it.
  const resolveDialog = page.getByRole('dialog', { name: 'Resolve the case' });
  // The demo case may hold promises of its own: they stay open; the one made here is kept.
  for (const promise of await resolveDialog.getByRole('radiogroup').all())
    await promise.getByRole('radio', { name: /^Stays open/ }).check();
  await resolveDialog
    .getByRole('radiogroup', { name: /Send the firmware guide by Friday/ })
    .getByRole('radio', { name: /^Kept/ })
    .check();
  await resolveDialog.getByRole('button', { name: 'Resolve' }).click();
  await expect(page.getByTestId('case-header')).toContainText('Resolved');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENSHOTS}/agent-case-en.png`, fullPage: true });
  await expectAccessible(page, 'case detail');

  // Keyboard shortcuts are listed in the help dialog.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Assign to me');
  await page.keyboard.press('Escape');

  // The public status page shows public content only, without a login.
  const anonymous = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  const visitor = await anonymous.newPage();
  await visitor.goto(statusHref ?? '/');
  await expect(visitor.getByRole('heading', { level: 1, name: new RegExp(S4_SUBJECT) })).toBeVisible();
  await expect(visitor.getByRole('main')).toContainText(reply);
  await expect(visitor.getByRole('main')).toContainText('Erledigt');
  await expect(visitor.getByRole('main')).not.toContainText('Intern: Rechnung');
  await visitor.screenshot({ path: `${SCREENSHOTS}/public-status-de.png`, fullPage: true });
  await expectAccessible(visitor, 'public status');
  await anonymous.close();
});

test('customer opens a complaint, corrects a fact and sees commitments and the decision', async ({
  page,
}) => {
  await logIn(page, 'buero@baeckerei-sommer.example');
  await page.getByRole('navigation').getByRole('link', { name: 'Fälle' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Unsere Anliegen' })).toBeVisible();
  await expect(page.getByTestId('case-list')).toContainText(S4_SUBJECT);
  await page.screenshot({ path: `${SCREENSHOTS}/customer-cases-de.png` });
  await expectAccessible(page, 'customer list');

  await page.getByRole('link', { name: 'Neuer Fall' }).click();
  await page.getByRole('radio', { name: /Reklamation/ }).click();
  await page.getByRole('textbox', { name: 'Betreff' }).fill('Drucker zieht Papier schief ein');
  await page.getByRole('textbox', { name: 'Produkt' }).fill('LaserJet 400');
  await page.getByRole('textbox', { name: 'Bestellnummer' }).fill('B-2026-7788');
  // The customer says how urgent it is; the priority stays the operator's.
  await page.getByRole('textbox', { name: 'Wie dringend ist es für Sie?' }).click();
  await page.getByRole('option', { name: 'Hoch', exact: true }).click();
  await page
    .getByRole('textbox', { name: 'Beschreibung' })
    .fill('Seit gestern zieht der Drucker jedes Blatt schief ein.');
  // A photo of the misfeed goes along with the new case.
  await page.locator('input[type="file"]').setInputFiles({
    name: 'schiefes-blatt.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('Foto: Blatt um 5 mm verschoben'),
  });
  await expect(page.getByRole('list', { name: 'Angehängte Dateien' })).toContainText('schiefes-blatt.txt');
  await page.screenshot({ path: `${SCREENSHOTS}/customer-new-case-de.png`, fullPage: true });
  await expectAccessible(page, 'new case');
  await page.getByRole('button', { name: 'Fall eröffnen' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: /Drucker zieht Papier schief ein/ }),
  ).toBeVisible();
  await expect(
    page.locator('[data-visibility="public"]').filter({ hasText: 'Datei zum Fall angehängt.' }),
  ).toContainText('schiefes-blatt.txt');
  await expect(page.getByTestId('status-explained')).toBeVisible();
  await expect(page.getByTestId('fact-urgency')).toContainText('Dringlichkeit');
  await expect(page.getByTestId('fact-urgency')).toContainText('Hoch');

  // The customer corrects a wrong fact.
  await page.getByRole('button', { name: 'Produkt korrigieren' }).click();
  await page.getByRole('textbox', { name: /Richtiger Wert/ }).fill('LaserJet 400 M401dn');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByTestId('fact-product')).toContainText('LaserJet 400 M401dn');
  await expect(page.getByTestId('fact-product')).toContainText('Bestätigt');

  // The drive complaint shows the operator's commitment and the goodwill decision with its condition.
  await page.goto('/cases/CD-2026-000001');
  await expect(page.getByRole('region', { name: 'Zusagen' })).toContainText('Antwort zur Kompatibilität');
  const decisions = page.getByRole('region', { name: 'Kulanz und Entscheidungen' });
  await expect(decisions).toContainText('Kulanzrichtlinie Austausch 2026');
  await expect(decisions).toContainText('nach Zahlungseingang');
  await expect(page.getByRole('main')).not.toContainText('Intern: Rechnung');
  await page.screenshot({ path: `${SCREENSHOTS}/customer-case-de.png`, fullPage: true });
  await expectAccessible(page, 'customer case');
});

test('partner opens a case for its customer and cannot reach another partner’s case', async ({
  page,
  playwright,
}) => {
  // Find a case of a customer that belongs to another reseller (as the operator sees it).
  const operator = await playwright.request.newContext({ baseURL: BASE_URL });
  await operator.post('/api/auth/login', {
    data: { email: 'admin@printwerk.example', password: DEMO_PASSWORD },
  });
  const all = (await (await operator.get('/api/cases?limit=200')).json()) as {
    items: { number: string; partner: { name: string } | null; customer: { id: string } }[];
  };
  const foreign = all.items.find((c) => c.partner !== null && c.partner.name !== 'Nordwest IT GmbH');
  expect(foreign).toBeDefined();
  await operator.dispose();

  await logIn(page, 'technik@nordwest-it.example');
  await page.getByRole('navigation').getByRole('link', { name: 'Fälle' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Fälle meiner Kunden' })).toBeVisible();
  await expect(page.getByTestId('case-list')).toContainText('Bäckerei Sommer GmbH');
  await page.screenshot({ path: `${SCREENSHOTS}/partner-cases-de.png` });
  await expectAccessible(page, 'partner list');

  await page.getByRole('link', { name: 'Neuer Fall' }).click();
  await page.getByRole('radio', { name: /Störung/ }).click();
  await page.getByRole('textbox', { name: 'Kunde' }).click();
  await page.getByRole('textbox', { name: 'Kunde' }).fill('Sommer');
  await page.getByRole('option', { name: /Bäckerei Sommer GmbH/ }).click();
  await page.getByRole('textbox', { name: 'Betreff' }).fill('Router startet ständig neu');
  await page.getByRole('textbox', { name: 'Gerät oder Anschluss' }).fill('FritzBox 7590');
  await page.getByRole('textbox', { name: 'Bereits geprüft' }).fill('Kabel geprüft, Netzteil getauscht');
  await page.getByRole('textbox', { name: 'Beschreibung' }).fill('Der Router startet alle zehn Minuten neu.');
  await page.getByRole('textbox', { name: 'Wie dringend ist es für Sie?' }).click();
  await page.getByRole('option', { name: 'Dringend', exact: true }).click();
  await page.getByRole('button', { name: 'Fall eröffnen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Router startet ständig neu/ })).toBeVisible();
  await expect(page.getByTestId('fact-urgency')).toContainText('Dringend');

  // A note to the operator only, at partner visibility.
  await page.locator('label', { hasText: 'Nur an Betreiber' }).click();
  await page.getByRole('textbox', { name: 'Nachricht' }).fill('Kunde ist vormittags erreichbar.');
  await page.getByRole('button', { name: 'An Betreiber senden' }).click();
  await expect(page.locator('[data-visibility="partner"]').filter({ hasText: 'vormittags' })).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENSHOTS}/partner-case-de.png`, fullPage: true });
  await expectAccessible(page, 'partner case');

  await page.goto(`/cases/${foreign?.number}`);
  await expect(page.getByText('Fall nicht gefunden')).toBeVisible();
});

test('agent records a phoned-in case for a customer with its priority (English UI)', async ({ page }) => {
  await logIn(page, 'agent@printwerk.example');
  await page.goto('/cases/new');
  await page.getByRole('radio', { name: /Request/ }).click();
  await page.getByRole('textbox', { name: 'Customer' }).click();
  await page.getByRole('textbox', { name: 'Customer' }).fill('Sommer');
  await page.getByRole('option', { name: /Bäckerei Sommer GmbH/ }).click();
  await page.getByRole('textbox', { name: 'Subject' }).fill('Invoice for the return-debit fee');
  await page.getByRole('textbox', { name: 'Topic' }).fill('Invoice for a fee');
  await page.getByRole('textbox', { name: 'Description' }).fill('Called in: needs an invoice for the fee.');
  await page.getByRole('textbox', { name: 'Priority' }).click();
  await page.getByRole('option', { name: 'High', exact: true }).click();
  await page.getByRole('button', { name: 'Open case' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: /Invoice for the return-debit fee/ }),
  ).toBeVisible();
  await expect(page.getByRole('main')).toContainText('High');
  await expect(page.getByTestId('fact-urgency')).toHaveCount(0);
});
