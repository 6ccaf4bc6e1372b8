import { expect, type Locator, type Page, test } from '@playwright/test';
import {
  apiSession,
  DESKTOP,
  expectAccessible,
  type Language,
  logIn,
  PHONE,
  SCREENSHOTS,
  switchLanguage,
} from './support';

// The greeting follows the contact's salutation, and the reply shows its one signature: an
// operator admin adds a contact to a customer, gives her the salutation "Frau", opens a case of
// hers and inserts a text module at the cursor: it opens with "Sehr geehrte Frau …", the text the
// admin had typed stays below it, and the mail's signature is shown under the editor, not in it.

const SHOTS = `${SCREENSHOTS}/salutation`;

/** A customer no other journey works with (not the scenarios' Bäckerei Sommer). */
async function quietCustomer(page: Page): Promise<{ id: string; name: string }> {
  const response = await page.request.get('/api/organisations?kind=customer&q=Hotel&limit=50');
  expect(response.status(), await response.text()).toBe(200);
  const customers: { id: string; name: string }[] = (await response.json()).items;
  const customer = customers.at(-1);
  expect(customer, 'a demo hotel').toBeDefined();
  return customer!;
}

/** The part of the page in German and English, desktop and phone, each checked by axe. */
async function shootPart(page: Page, part: Locator, name: string): Promise<void> {
  for (const language of ['de', 'en'] as const satisfies Language[]) {
    await switchLanguage(page, language);
    for (const [device, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      await page.setViewportSize(viewport);
      // The sticky header would cover the part's top while the shot scrolls through it.
      await part.screenshot({
        path: `${SHOTS}/${language}-${device}-${name}.png`,
        style: '.mantine-AppShell-header { visibility: hidden; }',
      });
      await expectAccessible(page, `${name} (${language}, ${device})`);
    }
    await page.setViewportSize(DESKTOP);
  }
  await switchLanguage(page, 'de');
}

test('a contact set to "Frau" is greeted formally by the text module, above the signature', async ({
  page,
}) => {
  // Eight axe checks on a machine shared with other builds.
  test.setTimeout(150_000);
  // The e2e server seeds a fresh demo each run, so the name is free.
  const surname = 'Winter';
  await logIn(page, 'admin@printwerk.example');
  const customer = await quietCustomer(page);
  await page.goto(`/organisations/${customer.id}`);
  await expect(page.getByRole('heading', { level: 1, name: customer.name })).toBeVisible();

  // Added without a salutation, then given "Frau".
  const people = page.getByRole('region', { name: /^(Personen|People)$/ });
  const addForm = people.getByRole('form', { name: 'Kontakt hinzufügen' });
  await addForm.getByLabel('Name').fill(`Jana ${surname}`);
  await addForm.getByLabel('E-Mail').fill('jana.winter@hotel.example');
  await expect(addForm.getByLabel('Anrede')).toHaveValue('none');
  await addForm.getByRole('button', { name: 'Kontakt hinzufügen' }).click();
  const row = people.getByRole('row', { name: new RegExp(`Jana ${surname}`) });
  await expect(row.getByRole('cell', { name: '—', exact: true }).first()).toBeVisible();
  await row.getByRole('button', { name: `Bearbeiten: Jana ${surname}` }).click();
  const editForm = people.getByRole('form', { name: `Jana ${surname} bearbeiten` });
  await editForm.getByLabel('Anrede').selectOption('ms');
  await editForm.getByRole('button', { name: 'Speichern' }).click();
  await expect(row.getByRole('cell', { name: 'Frau', exact: true })).toBeVisible();
  await expect(people.getByRole('form', { name: 'Kontakt hinzufügen' })).toBeVisible();
  await shootPart(page, people, 'contact-salutation');

  // A case of hers, from the API: the journey is about the composer.
  const people$ = await page.request.get(`/api/organisations/${customer.id}/people?limit=200`);
  const jana = (
    (await people$.json()).items as { id: string; name: string; salutation: string | null }[]
  ).find((p) => p.name === `Jana ${surname}`);
  expect(jana?.salutation).toBe('ms');
  const { api, csrf } = await apiSession('admin@printwerk.example');
  const created = await api.post('/api/cases', {
    headers: { 'x-csrf-token': csrf },
    data: {
      type: 'request',
      subject: 'Zimmerdrucker druckt nur leere Seiten',
      customerId: customer.id,
      contactId: jana!.id,
      description: 'Anruf von der Rezeption.',
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const kase: { id: string; number: string } = await created.json();
  await api.dispose();

  await page.goto(`/cases/${kase.id}`);
  await expect(page.getByRole('heading', { level: 1, name: /Zimmerdrucker/ })).toBeVisible();
  const composer = page.getByRole('region', { name: /^(Antworten|Reply)$/ });
  const editor = composer.getByRole('textbox', { name: 'Nachricht' });
  // Typed first; the module then goes in at the cursor, before it.
  await editor.fill('Ein Techniker ruft Sie heute noch an.');
  await editor.press('Control+Home');
  const picker = composer.getByRole('textbox', { name: 'Textbaustein einfügen' });
  await picker.fill('Eingangsbest');
  await page.getByRole('option', { name: 'Eingangsbestätigung (DE)' }).click();
  await expect(editor).toHaveValue(
    new RegExp(
      `^Sehr geehrte Frau ${surname},\\n\\nvielen Dank für Ihre Nachricht\\. Wir haben Ihr Anliegen unter der Nummer ${kase.number} aufgenommen[^\\n]*\\n\\nEin Techniker ruft Sie heute noch an\\.$`,
    ),
  );
  // The module's own sign-off is gone; the mail's one signature is shown below the editor.
  await expect(editor).not.toHaveValue(/Mit freundlichen Grüßen/);
  const signature = composer.getByRole('group', { name: 'Signatur der E-Mail' });
  await expect(signature).toContainText('Wird beim Senden angefügt');
  await expect(signature).toContainText('Freundliche Grüße');
  await expect(signature).toContainText('Anna Hoffmann');
  await expect(signature).toContainText('Printwerk Service');
  const below = await signature.evaluate((node) => {
    const area = node.closest('form')?.querySelector('textarea');
    return area ? Boolean(area.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING) : false;
  });
  expect(below, 'the signature follows the editor').toBe(true);
  // An internal note is not mailed: no signature there.
  await composer.locator('label', { hasText: /^Interne Notiz$/ }).click();
  await expect(signature).toHaveCount(0);
  await composer.locator('label', { hasText: /^Öffentlich \(Kunde\)$/ }).click();
  await expect(signature).toBeVisible();

  await shootPart(page, composer, 'composer-greeting-signature');
  // In English the labels change; the greeting and the signature stay in the contact's German.
  await switchLanguage(page, 'en');
  await expect(page.getByRole('group', { name: 'Signature of the e-mail' })).toContainText('Added when sent');
  await expect(page.getByRole('group', { name: 'Signature of the e-mail' })).toContainText(
    'Freundliche Grüße',
  );
  await switchLanguage(page, 'de');
});
