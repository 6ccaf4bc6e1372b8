import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { simpleParser } from 'mailparser';
import { apiSession, logIn, SCREENSHOTS, shoot, switchLanguage } from './support';

// S5's end: an agent resolves a customer's case with a cause; the resolution mail carries the
// survey link; the customer answers it without logging in, once; the operator reads the cause,
// the demo's rejected return with wrong contents and the answer in the service reports.

const SHOTS = `${SCREENSHOTS}/service-reports`;
const CUSTOMER = 'buero@baeckerei-sommer.example';
const AGENT = 'agent@printwerk.example';
const ADMIN = 'admin@printwerk.example';
const SUBJECT = 'Werbegeschenk fehlte im Paket';
const COMMENT = 'Die Zugabe kam zwei Tage später, danke!';

/** The text of the newest mail to `to` whose subject contains `subject`, from the server's mail-out directory. */
async function mailText(to: string, subject: string): Promise<string | null> {
  const dir = path.join(process.env.E2E_DATA_DIR ?? '', 'mail-out');
  const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.eml')).sort();
  for (const file of files.reverse()) {
    const mail = await simpleParser(await readFile(path.join(dir, file)));
    if (mail.to && JSON.stringify(mail.to).includes(to) && mail.subject?.includes(subject))
      return mail.text ?? '';
  }
  return null;
}

test('a resolved case’s survey is answered once without login and shows in the service reports', async ({
  page,
  browser,
}) => {
  test.skip(!process.env.E2E_DATA_DIR || !!process.env.E2E_BASE_URL, 'reads the server’s mail-out directory');
  test.setTimeout(180_000);
  const { api, csrf } = await apiSession(CUSTOMER);
  const created = await api.post('/api/cases', {
    headers: { 'x-csrf-token': csrf },
    data: {
      type: 'complaint',
      subject: SUBJECT,
      description: 'Das angekündigte Werbegeschenk lag nicht bei.',
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const kase = (await created.json()) as { number: string };
  await api.dispose();

  // The agent (English) takes the case, gives it its cause and resolves it.
  await logIn(page, AGENT, `/cases/${kase.number}`);
  await page.getByRole('button', { name: 'Assign to me' }).click();
  await expect(page.getByRole('button', { name: 'Assign to me' })).toHaveCount(0);
  const cause = page.getByRole('textbox', { name: 'Cause', exact: true });
  await cause.click();
  await page.getByRole('option', { name: 'Give-away missing' }).click();
  await expect(cause).toHaveValue('Give-away missing');
  await page.getByRole('textbox', { name: 'Status', exact: true }).click();
  await page.getByRole('option', { name: 'Resolved', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Status', exact: true })).toHaveValue('Resolved');

  // The resolution mail, in the customer's German, carries the signed survey link.
  let text: string | null = null;
  await expect
    .poll(async () => (text = await mailText(CUSTOMER, `[${kase.number}] Ihr Anliegen ist erledigt`)), {
      timeout: 30_000,
    })
    .not.toBeNull();
  const link = /\/survey\/\S+/.exec(text ?? '')?.[0];
  expect(link, text ?? '').toBeDefined();

  // The customer opens it without a login, in two tabs; the first answers.
  const customer = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  const survey = await customer.newPage();
  const late = await customer.newPage();
  await survey.goto(link!);
  await late.goto(link!);
  const question = survey.getByRole('heading', { level: 1, name: /Wie zufrieden sind Sie/ });
  await expect(question).toBeVisible();
  await expect(survey.getByText(`${kase.number}: ${SUBJECT}`)).toBeVisible();
  await shoot(survey, { dir: SHOTS, name: 'survey', language: 'de', fitsPhone: true });
  await switchLanguage(survey, 'en');
  await expect(survey.getByRole('heading', { level: 1, name: /How satisfied are you/ })).toBeVisible();
  await shoot(survey, { dir: SHOTS, name: 'survey', language: 'en', fitsPhone: true });
  await switchLanguage(survey, 'de');
  await survey.getByRole('radio', { name: '4 – zufrieden' }).click();
  await survey.getByLabel(/Möchten Sie uns noch etwas sagen/).fill(COMMENT);
  await survey.getByRole('button', { name: 'Antwort senden' }).click();
  await expect(survey.getByTestId('survey-thanks')).toContainText(kase.number);
  await shoot(survey, { dir: SHOTS, name: 'survey-thanks', language: 'de', fitsPhone: true });

  // The second tab still shows the question; its answer is refused, saying why.
  await late.getByRole('radio', { name: '1 – sehr unzufrieden' }).click();
  await late.getByRole('button', { name: 'Antwort senden' }).click();
  await expect(late.getByRole('heading', { level: 1 })).toHaveText('Diese Umfrage wurde schon beantwortet');
  await expect(late.getByRole('alert')).toContainText('eine zweite nehmen wir nicht an');
  await shoot(late, { dir: SHOTS, name: 'survey-refused', language: 'de', fitsPhone: true });
  // Opening the link again shows the thanks, not the question.
  await late.reload();
  await expect(late.getByTestId('survey-thanks')).toContainText('Vielen Dank!');
  await customer.close();

  // The operator's cause report: the case's cause, and the demo's return rejected for wrong contents.
  await logIn(page, ADMIN, '/reports/causes');
  await switchLanguage(page, 'de');
  const top = page.getByRole('region', { name: 'Häufigste Ursachen im Vergleich zum Vorzeitraum' });
  await expect(top).toContainText('Zugabe fehlt');
  const returns = page.getByRole('region', { name: 'Retouren nach Ergebnis und Prüfbefund' });
  await expect(returns.getByRole('row', { name: /Abgelehnt/ })).toBeVisible();
  await expect(returns.getByRole('row', { name: /Falscher Inhalt/ })).toBeVisible();
  const download = page.waitForEvent('download');
  await returns.getByTestId('csv-returns').click();
  const csv = await download;
  expect(csv.suggestedFilename()).toMatch(/^causes-report_returns_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
  const content = await readFile((await csv.path())!, 'utf8');
  expect(content).toContain('wrong_contents');
  expect(content).toContain('rejected');
  await shoot(page, { dir: SHOTS, name: 'causes', language: 'de', fitsPhone: true });

  // The survey report: the answer with its comment.
  await page.getByRole('tab', { name: 'Zufriedenheit' }).click();
  await expect(page).toHaveURL(/\/reports\/surveys/);
  const comments = page.getByRole('region', { name: 'Antworten und Kommentare' });
  await expect(comments.getByRole('row', { name: new RegExp(kase.number) })).toContainText(COMMENT);
  // The answer counts for the agent who resolved the case: no answer is without one.
  const byAgent = page.getByRole('region', { name: 'Je Bearbeiter' });
  await expect(byAgent.getByRole('row', { name: /Daniel Carter/ })).toBeVisible();
  await expect(byAgent.getByRole('row', { name: /^Keine/ })).toHaveCount(0);
  await expect(page.getByText(/^Antworten vom /)).toBeVisible();
  await shoot(page, { dir: SHOTS, name: 'surveys', language: 'de', fitsPhone: true });

  // The same in English; the suite ends in German.
  await switchLanguage(page, 'en');
  await expect(page.getByRole('tab', { name: 'Satisfaction' })).toBeVisible();
  await shoot(page, { dir: SHOTS, name: 'surveys', language: 'en', fitsPhone: true });
  await page.getByRole('tab', { name: 'Causes' }).click();
  await expect(
    page.getByRole('region', { name: /Returns by outcome/ }).getByRole('row', { name: /Wrong contents/ }),
  ).toBeVisible();
  await shoot(page, { dir: SHOTS, name: 'causes', language: 'en', fitsPhone: true });
  await switchLanguage(page, 'de');
});
