import { expect, type Page, test } from '@playwright/test';
import { apiSession, logIn, pageSettled, SCREENSHOTS, shootBoth } from './support';

// Errors and words people understand: a problem is said in the user's language at the field it
// concerns, the upload limit stands next to the button and a file past it is refused before
// anything is sent (no case opens without its file), and the customer's case page speaks plainly
// (no internal status names, no "eingehend"), with fact labels in the reader's language.

const CUSTOMER = 'buero@baeckerei-sommer.example';
const AGENT = 'agent@printwerk.example';
const DIR = `${SCREENSHOTS}/errors-and-words`;
// Past the server's default ATTACHMENT_MAX_MB (25).
const TOO_LARGE = { name: 'video.mp4', mimeType: 'video/mp4', buffer: Buffer.alloc(26 * 1024 * 1024) };
const PHOTO = {
  name: 'foto.txt',
  mimeType: 'text/plain',
  buffer: Buffer.from('Das Etikett ist verrutscht.'),
};

async function caseCount(page: Page): Promise<number> {
  const response = await page.request.get('/api/cases?limit=1');
  expect(response.status()).toBe(200);
  const body = await response.json();
  return body.total ?? body.items.length;
}

test('customer: limit stated, too-large file refused before sending, field error at its field, plain words', async ({
  page,
}) => {
  await logIn(page, CUSTOMER, '/cases/new');
  await page.getByRole('radio', { name: /Reklamation/ }).click();
  await expect(page.getByTestId('upload-limit')).toHaveText('Höchstens 25 MB je Datei');

  // A file past the limit never leaves the browser: it is named with its size and not attached.
  const before = await caseCount(page);
  await page.getByLabel('Dateien anhängen').setInputFiles(TOO_LARGE);
  await expect(page.getByTestId('file-refusal')).toContainText('„video.mp4“ ist 26 MB groß');
  await expect(page.getByRole('list', { name: 'Angehängte Dateien' })).toHaveCount(0);

  // The server's field problem stands at the field, in German, not as the API's English text.
  await page.getByLabel('Betreff', { exact: false }).first().fill('   ab');
  await page.getByLabel(/^Produkt/).fill('Etikettendrucker LX-200');
  await page.getByLabel(/^Beschreibung/).fill('Die Etiketten laufen schief ein.');
  await page.getByRole('button', { name: 'Fall eröffnen' }).click();
  await expect(page.getByText('Mindestens 3 Zeichen.')).toBeVisible();
  await expect(page.getByText(/must have at least/)).toHaveCount(0);
  expect(await caseCount(page)).toBe(before);
  await shootBoth(page, { dir: DIR, name: 'new-case-refusals', fitsPhone: true }, async (language) => {
    // Both follow the language shown now, also after a switch.
    await expect(page.getByTestId('file-refusal')).toContainText(
      language === 'de' ? '„video.mp4“ ist 26 MB groß' : '“video.mp4” is 26 MB',
    );
    await expect(
      page.getByText(language === 'de' ? 'Mindestens 3 Zeichen.' : 'At least 3 characters.'),
    ).toBeVisible();
  });

  // With a name that fits and a small file, the case opens with its file.
  await page.getByRole('radio', { name: /Reklamation/ }).click();
  await page.getByLabel('Betreff', { exact: false }).first().fill('Etiketten laufen schief ein');
  await page.getByLabel('Dateien anhängen').setInputFiles(PHOTO);
  await page.getByRole('button', { name: 'Fall eröffnen' }).click();
  await expect(page).toHaveURL(/\/cases\/CD-/);
  await pageSettled(page);
  const number = page.url().split('/cases/')[1] ?? '';

  // The agent sets a waiting status; the customer reads it in plain words.
  const agent = await apiSession(AGENT);
  const changed = await agent.api.patch(`/api/cases/${number}`, {
    headers: { 'x-csrf-token': agent.csrf },
    data: { status: 'waiting_customer' },
  });
  expect(changed.status(), await changed.text()).toBe(200);
  await page.reload();
  await pageSettled(page);
  const timeline = page.getByRole('list', { name: /Nachrichten und Ereignisse|Messages and events/ });
  await expect(timeline).toContainText('Wartet auf Ihre Antwort');
  await expect(timeline).not.toContainText('Wartet auf Kunde');
  await expect(timeline).not.toContainText('eingehend');
  await expect(timeline).toContainText('Nachricht');
  await shootBoth(page, { dir: DIR, name: 'customer-case', fitsPhone: true }, async (language) => {
    await expect(page.getByTestId('fact-product')).toContainText(language === 'de' ? 'Produkt' : 'Product');
    await expect(timeline).toContainText(
      language === 'de' ? 'Wartet auf Ihre Antwort' : 'Waiting for your reply',
    );
  });
  await agent.api.dispose();
});

test('agent: facts from a German form read in English, the reply states the limit and refuses a large file', async ({
  page,
}) => {
  const customer = await apiSession(CUSTOMER);
  const created = await customer.api.post('/api/cases', {
    headers: { 'x-csrf-token': customer.csrf },
    data: {
      type: 'complaint',
      subject: 'Rollen quietschen',
      description: 'Seit dem Update quietscht die Papierzufuhr.',
      facts: [{ key: 'product', label: 'Produkt', value: 'Etikettendrucker LX-200' }],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { number } = await created.json();
  await customer.api.dispose();

  await logIn(page, AGENT, `/cases/${number}`);
  await pageSettled(page);
  // The agent reads English: the label the customer's German form sent is shown by its key.
  await expect(page.getByTestId('fact-product')).toContainText('Product');
  await expect(page.getByTestId('upload-limit')).toHaveText('At most 25 MB per file');
  await page.getByTestId('reply-file-input').setInputFiles(TOO_LARGE);
  await expect(page.getByTestId('file-refusal')).toContainText('“video.mp4” is 26 MB');
  await shootBoth(page, { dir: DIR, name: 'agent-case', fitsPhone: true }, async (language) => {
    await expect(page.getByTestId('fact-product')).toContainText(language === 'de' ? 'Produkt' : 'Product');
  });
  // The agent's own language is English: back to it after the German and English shots.
  await page
    .getByRole('radiogroup', { name: /Sprache|Language/ })
    .getByText('EN', { exact: true })
    .click();
});
