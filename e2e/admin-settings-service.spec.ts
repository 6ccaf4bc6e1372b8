import { expect, type Page, test } from '@playwright/test';
import { apiSession, logIn, SCREENSHOTS, shoot, shootBoth } from './support';

// The service settings an operator admin needs in the web app, not only in the API: whether a
// cause is required to resolve a case, a carrier's policy on partner escalations, and the
// diagnostic checklists, built with a form. Every journey leaves the demo as it found it (the
// cause setting off, the carrier accepting escalations), since later journeys rely on that.

const SHOTS = `${SCREENSHOTS}/admin-settings`;
const ADMIN = 'admin@printwerk.example';
const CARRIER = 'Fernmeldenetz Nord GmbH';
const CARRIER_PHONE = '0800 336 7000';
const CARRIER_HOURS = 'rund um die Uhr';

async function setCauseRequired(value: boolean): Promise<void> {
  const { api, csrf } = await apiSession(ADMIN);
  const saved = await api.put('/api/settings/cases', {
    headers: { 'x-csrf-token': csrf },
    data: { causeRequiredToResolve: value },
  });
  expect(saved.status(), await saved.text()).toBe(200);
  await api.dispose();
}

async function organisationId(name: string, kind: string): Promise<string> {
  const { api } = await apiSession(ADMIN);
  const found = await api.get('/api/organisations', { params: { kind, q: name } });
  const id = (await found.json()).items[0].id as string;
  await api.dispose();
  return id;
}

async function pick(page: Page, label: string | RegExp, option: string | RegExp): Promise<void> {
  await page.getByRole('textbox', { name: label, exact: typeof label === 'string' }).click();
  await page.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
}

test('with a cause required, resolving without one is refused at the cause field', async ({ page }) => {
  try {
    await logIn(page, ADMIN, '/settings/cases');
    const toggle = page.getByRole('switch', { name: 'Ursache ist Pflicht, um einen Fall zu lösen' });
    await expect(toggle).not.toBeChecked();
    await toggle.check({ force: true });
    await page.getByRole('button', { name: 'Speichern' }).click();
    await expect(page.getByRole('status')).toContainText('Gespeichert');
    await shootBoth(page, { dir: SHOTS, name: 'case-settings', fitsPhone: true });

    // The agent (English) opens a case without a cause and sets it to resolved.
    const { api, csrf } = await apiSession('agent@printwerk.example');
    const customers = await api.get('/api/organisations', {
      params: { kind: 'customer', q: 'Bäckerei Sommer' },
    });
    const created = await api.post('/api/cases', {
      headers: { 'x-csrf-token': csrf },
      data: {
        type: 'complaint',
        subject: 'Lieferschein fehlt',
        customerId: (await customers.json()).items[0].id,
        description: 'Der Lieferung lag kein Lieferschein bei.',
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const kase = await created.json();
    await api.dispose();
    await logIn(page, 'agent@printwerk.example', `/cases/${kase.id}`);
    await pick(page, 'Status', 'Resolved');
    const dialog = page.getByRole('dialog', { name: 'Choose the cause' });
    // The cause field has the focus and its list open; a click beside it closes the list.
    await dialog.getByText('A cause is required to resolve this case.').click();
    await dialog.getByRole('button', { name: 'Resolve' }).click();
    await expect(
      dialog.getByText('Please choose a cause: the case cannot be resolved without one.'),
    ).toBeVisible();
    await expect(page.getByTestId('case-header')).not.toContainText('Resolved');
    await shoot(page, { dir: SHOTS, name: 'resolve-without-cause', language: 'en', accessible: 'desktop' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // The admin switches the rule off again in the web app.
    await logIn(page, ADMIN, '/settings/cases');
    await page
      .getByRole('switch', { name: 'Ursache ist Pflicht, um einen Fall zu lösen' })
      .uncheck({ force: true });
    await page.getByRole('button', { name: 'Speichern' }).click();
    await expect(page.getByRole('status')).toContainText('Gespeichert');
  } finally {
    await setCauseRequired(false);
  }
});

test('the admin sets a carrier to take no partner escalations, with the number customers call, and back', async ({
  page,
}) => {
  const id = await organisationId(CARRIER, 'third_party');
  try {
    await logIn(page, ADMIN, `/organisations/${id}`);
    const card = page.getByRole('region', { name: 'Störungsmeldungen durch Partner' });
    const accepts = card.getByRole('switch', { name: 'Nimmt Eskalationen von Partnern an' });
    await expect(accepts).toBeChecked();
    await accepts.uncheck({ force: true });
    // Without a phone number the partner could not tell the customer whom to call.
    await card.getByRole('textbox', { name: 'Telefon für Kunden' }).fill('');
    await card.getByRole('button', { name: 'Speichern' }).click();
    await expect(card.getByText('Bitte eine Telefonnummer angeben')).toBeVisible();
    await card.getByRole('textbox', { name: 'Telefon für Kunden' }).fill(CARRIER_PHONE);
    await card.getByRole('textbox', { name: 'Erreichbarkeit' }).fill('Mo–Fr 8–18 Uhr');
    await card.getByRole('button', { name: 'Speichern' }).click();
    await expect(card.getByRole('status')).toContainText('Gespeichert');
    await shootBoth(page, { dir: SHOTS, name: 'carrier-policy', fitsPhone: true });

    // Reloaded, the page shows what was saved; then the carrier accepts escalations again.
    await page.reload();
    await expect(accepts).not.toBeChecked();
    await expect(card.getByRole('textbox', { name: 'Erreichbarkeit' })).toHaveValue('Mo–Fr 8–18 Uhr');
    await accepts.check({ force: true });
    await card.getByRole('textbox', { name: 'Erreichbarkeit' }).fill(CARRIER_HOURS);
    await card.getByRole('button', { name: 'Speichern' }).click();
    await expect(card.getByRole('status')).toContainText('Gespeichert');
  } finally {
    const { api, csrf } = await apiSession(ADMIN);
    const restored = await api.patch(`/api/organisations/${id}`, {
      headers: { 'x-csrf-token': csrf },
      data: { acceptsPartnerEscalation: true, phone: CARRIER_PHONE, serviceHours: CARRIER_HOURS },
    });
    expect(restored.status(), await restored.text()).toBe(200);
    await api.dispose();
  }
});

test('the admin builds a checklist with the form; a branch to a removed step is named at its field', async ({
  page,
}) => {
  await logIn(page, ADMIN, '/settings/checklists');
  await page.getByRole('button', { name: 'Neue Checkliste' }).click();
  const form = page.getByRole('region', { name: 'Checkliste bearbeiten' });
  await form.getByRole('textbox', { name: 'Name' }).fill('Drucker zieht kein Papier ein');
  await pick(page, 'Falltyp', 'Anfrage');
  await pick(page, 'Produktlinie', 'Drucker');

  const step1 = form.getByRole('listitem', { name: 'Schritt 1' });
  await step1
    .getByRole('textbox', { name: 'Frage (Deutsch)' })
    .fill('Ist das Papierfach richtig eingesetzt?');
  await step1.getByRole('textbox', { name: 'Frage (Englisch)' }).fill('Is the paper tray seated properly?');
  await step1.getByRole('textbox', { name: 'Kennung' }).fill('tray');

  await form.getByRole('button', { name: 'Schritt hinzufügen' }).click();
  const step2 = form.getByRole('listitem', { name: 'Schritt 2' });
  await step2.getByRole('textbox', { name: 'Frage (Deutsch)' }).fill('Welche Meldung zeigt das Display?');
  await step2.getByRole('textbox', { name: 'Frage (Englisch)' }).fill('What does the display say?');
  await step2.getByRole('textbox', { name: 'Kennung' }).fill('display');
  await step2.getByRole('textbox', { name: 'Antwortart' }).click();
  await page.getByRole('option', { name: 'Auswahl', exact: true }).click();
  await step2.getByRole('textbox', { name: 'Wert der Auswahl 1' }).fill('jam');
  await step2.getByRole('textbox', { name: 'Bezeichnung der Auswahl 1 (Deutsch)' }).fill('Papierstau');
  await step2.getByRole('textbox', { name: 'Bezeichnung der Auswahl 1 (Englisch)' }).fill('Paper jam');
  await step2.getByRole('textbox', { name: 'Wert der Auswahl 2' }).fill('none');
  await step2.getByRole('textbox', { name: 'Bezeichnung der Auswahl 2 (Deutsch)' }).fill('Keine');
  await step2.getByRole('textbox', { name: 'Bezeichnung der Auswahl 2 (Englisch)' }).fill('None');

  // A third step that the first one's "no" leads to, then removed: the branch points nowhere.
  await form.getByRole('button', { name: 'Schritt hinzufügen' }).click();
  await step1.getByRole('textbox', { name: 'Bei „Nein“' }).click();
  await page.getByRole('option', { name: /^3\./ }).click();
  await form.getByRole('listitem', { name: 'Schritt 3' }).getByRole('button', { name: 'Entfernen' }).click();
  await step2.getByRole('textbox', { name: 'Sonst' }).click();
  await page.getByRole('option', { name: 'Ende der Checkliste' }).click();

  await form.getByRole('button', { name: 'Regel hinzufügen' }).click();
  const rule = form.getByRole('listitem', { name: 'Regel 1' });
  await rule.getByRole('textbox', { name: 'Wenn Schritt' }).click();
  await page.getByRole('option', { name: /^2\. Welche Meldung/ }).click();
  // The pills around the input take the click (force: Playwright clicks at the input's place).
  await rule.getByRole('textbox', { name: 'beantwortet mit' }).click({ force: true });
  await page.getByRole('option', { name: 'Keine' }).click();
  await rule.getByRole('textbox', { name: 'dann Einordnung' }).click();
  await page.getByRole('option', { name: 'Gerätefehler' }).click();

  await form.getByRole('button', { name: 'Speichern' }).click();
  await expect(step1.getByText('Schritt „step_3“ gibt es nicht (mehr).')).toBeVisible();
  await shoot(page, { dir: SHOTS, name: 'checklist-branch-error', language: 'de', accessible: 'desktop' });

  await step1.getByRole('textbox', { name: 'Bei „Nein“' }).click();
  await page.getByRole('option', { name: 'Ende der Checkliste' }).click();
  await form.getByRole('button', { name: 'Speichern' }).click();
  await expect(form).toBeHidden();

  await page.reload();
  const list = page.getByRole('list', { name: 'Checklisten' });
  await expect(list).toContainText('Drucker zieht kein Papier ein');
  await expect(list).toContainText('2 Schritte');
  await page.getByRole('button', { name: 'Bearbeiten: Drucker zieht kein Papier ein' }).click();
  await expect(
    form.getByRole('listitem', { name: 'Schritt 2' }).getByRole('textbox', { name: 'Frage (Deutsch)' }),
  ).toHaveValue('Welche Meldung zeigt das Display?');
  await shootBoth(page, { dir: SHOTS, name: 'checklist-form', accessible: 'desktop' });

  // Kept inactive, so the demo's cases are not offered this checklist by later journeys.
  await form.getByRole('switch', { name: 'Aktiv' }).uncheck({ force: true });
  await form.getByRole('button', { name: 'Speichern' }).click();
  await expect(list).toContainText('Inaktiv');
});

test('the admin sets up a mailbox: each wrong setting is named at its field, then every setting is saved', async ({
  page,
}) => {
  const stamp = Date.now().toString(36);
  const address = `einstellungen.${stamp}@printwerk.example`;
  await logIn(page, ADMIN, '/mail/mailboxes');
  const form = page.locator('form[aria-labelledby="mailbox-form-heading"]');
  await form.getByRole('textbox', { name: /^E-Mail-Adresse/ }).fill(address);
  await form.getByRole('textbox', { name: /^Name/ }).fill('Einstellungen E2E');
  await form.getByRole('button', { name: 'Postfach anlegen' }).click();
  const row = page.getByTestId('mailbox-table').getByRole('row').filter({ hasText: address });
  await expect(row).toContainText('Aktiv');

  await row.getByRole('button', { name: `Bearbeiten: ${address}` }).click();
  await expect(form.getByRole('heading', { name: `Postfach ${address} bearbeiten` })).toBeVisible();
  const addressInput = form.getByRole('textbox', { name: /^E-Mail-Adresse/ });
  // Another mailbox's address, at the address field.
  await addressInput.fill('service@printwerk.example');
  await form.getByRole('button', { name: 'Speichern' }).click();
  await expect(form.getByText('Ein Postfach mit dieser Adresse gibt es schon.')).toBeVisible();
  await expect(addressInput).toHaveAttribute('aria-invalid', 'true');
  await addressInput.fill(address);

  // An IMAP address the intake cannot use, at the IMAP field; an empty folder at the folder.
  const imap = form.getByRole('textbox', { name: /^IMAP-Adresse/ });
  await imap.fill('http://mail.printwerk.example');
  await form.getByRole('button', { name: 'Speichern' }).click();
  await expect(
    form.getByText('Bitte eine Adresse wie imaps://benutzer@mail.example:993 angeben.'),
  ).toBeVisible();
  await expect(imap).toHaveAttribute('aria-invalid', 'true');
  await imap.fill(`imaps://einstellungen.${stamp}@mail.printwerk.example:993`);
  await form.getByLabel(/^IMAP-Passwort/).fill('geheim-e2e-1');
  const folder = form.getByRole('textbox', { name: /^IMAP-Ordner/ });
  await folder.fill(' ');
  await form.getByRole('button', { name: 'Speichern' }).click();
  await expect(folder).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByRole('alert')).toHaveCount(0);

  // Every setting: group, case type, language, folders, auto-reply, active.
  await folder.fill('Posteingang');
  await pick(page, /^Gruppe/, 'Reklamationen');
  await pick(page, 'Fallart', 'Reklamation');
  await pick(page, /^Sprache/, 'English');
  await form.getByRole('textbox', { name: /^Ordner für Erledigtes/ }).fill('Erledigt');
  await form.getByRole('switch', { name: /^Eingangsbestätigung senden/ }).uncheck({ force: true });
  await form.getByRole('switch', { name: 'Aktiv', exact: true }).uncheck({ force: true });
  await form.getByRole('button', { name: 'Speichern' }).click();
  await expect(row).toContainText('Inaktiv');
  await expect(row).toContainText('Reklamation');
  await expect(row).toContainText(`IMAP imaps://einstellungen.${stamp}@mail.printwerk.example:993`);

  // Opened again, the form holds what was saved; the password is never shown.
  await row.getByRole('button', { name: `Bearbeiten: ${address}` }).click();
  await expect(form.getByRole('textbox', { name: /^IMAP-Ordner/ })).toHaveValue('Posteingang');
  await expect(form.getByRole('textbox', { name: /^Sprache/ })).toHaveValue('English');
  await expect(form.getByRole('switch', { name: /^Eingangsbestätigung senden/ })).not.toBeChecked();
  await expect(form.getByLabel(/^IMAP-Passwort/)).toHaveValue('');
  await addressInput.fill('service@printwerk.example');
  await form.getByRole('button', { name: 'Speichern' }).click();
  await expect(addressInput).toHaveAttribute('aria-invalid', 'true');
  await shootBoth(page, { dir: SHOTS, name: 'mailboxes', fitsPhone: true });
});
