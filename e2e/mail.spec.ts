import { readdir, readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { expectAccessible, logIn, pageSettled, SCREENSHOTS, SMTP_PORT } from './support';

// The operator's mail journey: set up a mailbox, receive a mail the intake cannot file by itself
// (it comes from our own address: a suspected loop), download the original, file it into a case
// and find it there with the reason it joined. The mail arrives over SMTP at the e2e server's
// built-in listener (MAIL_SMTP_PORT in playwright.config.ts), exactly as an MTA would deliver it.

const MAILBOX = 'eingang-e2e@printwerk.example';
const CASE = 'CD-2026-000001';

function loopMail(subject: string, messageId: string): string {
  return [
    `From: Printwerk Eingang <${MAILBOX}>`,
    `To: ${MAILBOX}`,
    `Subject: ${subject}`,
    `Message-ID: <${messageId}>`,
    'Date: Tue, 24 Nov 2026 09:00:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Weitergeleitet von der Zentrale: Der Toner für die Filiale Nord ist noch nicht angekommen.',
    '',
  ].join('\r\n');
}

async function deliver(raw: string, to = MAILBOX): Promise<void> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: SMTP_PORT,
    secure: false,
    ignoreTLS: true,
  });
  try {
    await transport.sendMail({ envelope: { from: MAILBOX, to: [to] }, raw });
  } finally {
    transport.close();
  }
}

test('an operator files a mail that needs attention into a case and sees why it is there', async ({
  page,
}) => {
  test.skip(
    process.env.E2E_BASE_URL !== undefined,
    'needs the SMTP listener of the server Playwright starts',
  );
  await page.setViewportSize({ width: 1366, height: 900 });
  await logIn(page, 'admin@printwerk.example');

  // The mailbox, through its form; a wrong address is named at its field.
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'E-Mail' })
    .click();
  await pageSettled(page);
  await page.getByRole('link', { name: 'Postfächer verwalten' }).click();
  await pageSettled(page);
  await page.getByRole('textbox', { name: /^E-Mail-Adresse/ }).fill('kein-postfach');
  await page.getByRole('textbox', { name: /^Name/ }).fill('Eingang E2E');
  await page.getByRole('button', { name: 'Postfach anlegen' }).click();
  await expect(page.getByText('Bitte geben Sie eine gültige E-Mail-Adresse ein.')).toBeVisible();
  await page.getByRole('textbox', { name: /^E-Mail-Adresse/ }).fill(MAILBOX);
  await page.getByRole('button', { name: 'Postfach anlegen' }).click();
  await expect(
    page.getByTestId('mailbox-table').getByRole('cell', { name: MAILBOX, exact: true }),
  ).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/mail/mailboxes.png`, fullPage: true });
  await expectAccessible(page, 'mailboxes');

  // A mail from our own address: the intake suspects a loop and leaves it to a person.
  const subject = `Toner Filiale Nord ${Date.now()}`;
  const raw = loopMail(subject, `toner-${Date.now()}@printwerk.example`);
  await deliver(raw);

  await page.goto('/mail');
  await pageSettled(page);
  const row = page.getByRole('row').filter({ hasText: subject });
  await expect(async () => {
    await page.reload();
    await expect(row).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(row.getByText('Schleife vermutet: von einer eigenen Adresse')).toBeVisible();
  await expect(page.getByRole('radio', { name: /Braucht Aufmerksamkeit \(\d+\)/ })).toBeChecked();
  await page.screenshot({ path: `${SCREENSHOTS}/mail/needs-attention.png`, fullPage: true });
  await expectAccessible(page, 'mail page');

  // The original, byte for byte as it was delivered (the SMTP dot-stuffing undone).
  const downloading = page.waitForEvent('download');
  await row.getByRole('link', { name: `Original herunterladen: ${subject}` }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^[0-9a-f-]{36}\.eml$/);
  const downloaded = await readFile(await download.path());
  expect(downloaded.toString('utf8')).toContain(`Subject: ${subject}`);
  expect(downloaded.toString('utf8')).toContain('Filiale Nord ist noch nicht angekommen');

  // Filed into the case; a wrong number is said at the field first.
  await row.getByRole('button', { name: `Einem Fall zuordnen: ${subject}` }).click();
  const dialog = page.getByRole('dialog', { name: 'E-Mail einem Fall zuordnen' });
  await dialog.getByRole('textbox', { name: /^Fallnummer/ }).fill('CD-2026-999999');
  await dialog.getByRole('button', { name: 'Einem Fall zuordnen' }).click();
  await expect(dialog.getByText('Einen Fall mit dieser Nummer gibt es nicht.')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/mail/file-dialog.png`, fullPage: true });
  await dialog.getByRole('textbox', { name: /^Fallnummer/ }).fill(CASE);
  await dialog.getByRole('button', { name: 'Einem Fall zuordnen' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').getByRole('link', { name: CASE })).toBeVisible();
  await expect(row).toBeHidden();

  // In the case's timeline: an internal note marked as e-mail, with its reason and the original.
  await page.getByRole('status').getByRole('link', { name: CASE }).click();
  await pageSettled(page);
  const message = page.locator('.cd-message').filter({ hasText: subject });
  await expect(message).toBeVisible();
  await expect(message.getByTestId('mail-origin').getByText('E-Mail', { exact: true })).toBeVisible();
  await expect(message.getByTestId('mail-reason')).toHaveText(/^Von Hand CD-2026-000001 zugeordnet durch .+/);
  await expect(message.getByRole('link', { name: 'Original (.eml)' })).toHaveAttribute(
    'href',
    /^\/api\/inbound-mail\/[0-9a-f-]{36}\/raw$/,
  );
  await message.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOTS}/mail/case-timeline.png`, fullPage: true });
  await expectAccessible(page, 'case with filed mail');

  // The "received" view keeps it, now with its outcome.
  await page.goto('/mail');
  await pageSettled(page);
  await page.getByRole('radiogroup', { name: 'Welche E-Mails' }).getByText('Eingegangen').click();
  const filedRow = page.getByRole('row').filter({ hasText: subject });
  await expect(filedRow.getByText('Von Hand zugeordnet', { exact: true })).toBeVisible();
  await expect(filedRow.getByRole('link', { name: CASE })).toBeVisible();
});

/** The newest .eml in the server's outgoing-mail directory that goes to `to`. */
async function newestMailTo(to: string): Promise<string | undefined> {
  const mailDir = `${process.env.E2E_DATA_DIR}/mail-out`;
  const files = (await readdir(mailDir).catch(() => [])).filter((f) => f.endsWith('.eml')).sort();
  for (const file of files.reverse()) {
    const mail = await readFile(`${mailDir}/${file}`, 'utf8');
    if (mail.includes(`To: ${to}`)) return mail;
  }
  return undefined;
}

test('an agent escalates a fault to the carrier; the carrier’s reply and its ticket number come back', async ({
  page,
}) => {
  test.skip(
    process.env.E2E_DATA_DIR === undefined || process.env.E2E_BASE_URL !== undefined,
    'needs the server Playwright starts (its SMTP listener and outgoing mail)',
  );
  await page.setViewportSize({ width: 1366, height: 900 });
  await logIn(page, 'admin@printwerk.example');

  // The carrier's own reference numbers look like FN-123456.
  const found = await page.request.get('/api/organisations?q=Fernmeldenetz');
  const carrier = (await found.json()).items[0] as { id: string; email: string };
  await page.goto(`/organisations/${carrier.id}`);
  await pageSettled(page);
  const pattern = page.getByRole('textbox', { name: /^Muster/ });
  await pattern.fill('FN-\\d{6}');
  // The page has more than one form (the carrier's escalation policy too): save the pattern's.
  await page.locator('form').filter({ has: pattern }).getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Gespeichert.' })).toBeVisible();

  // The fault of Bäckerei Sommer goes to the carrier.
  await page.goto('/cases/CD-2026-000002');
  await pageSettled(page);
  await page.getByRole('button', { name: 'An Dritte eskalieren' }).click();
  const dialog = page.getByRole('dialog', { name: 'An einen Dritten eskalieren' });
  await dialog.getByRole('textbox', { name: 'Dritter' }).click();
  await page.getByRole('option', { name: /Fernmeldenetz Nord GmbH/ }).click();
  await dialog
    .getByRole('textbox', { name: 'Ihre Nachricht an den Dritten' })
    .fill('Bitte prüfen Sie die Leitung am Anschluss der Filiale, der Router ist getauscht.');
  await page.screenshot({ path: `${SCREENSHOTS}/mail/escalate-dialog.png` });
  await expectAccessible(page, 'escalation dialog');
  await dialog.getByRole('button', { name: 'Senden' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('case-header')).toContainText('Wartet auf Dritte');
  await expect(page.getByRole('main')).toContainText('an Fernmeldenetz Nord GmbH eskaliert');

  // The outbox delivers the escalation; the carrier answers it with its own ticket number.
  let escalation: string | undefined;
  await expect(async () => {
    escalation = await newestMailTo(carrier.email);
    expect(escalation).toContain('CD-2026-000002');
  }).toPass({ timeout: 15_000 });
  const sent = await simpleParser(escalation!);
  const messageId = sent.messageId;
  const replyTo = sent.replyTo?.value[0]?.address;
  expect(messageId).toBeTruthy();
  expect(replyTo).toMatch(/^service\+[0-9a-f]{44}@printwerk\.example$/);
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: SMTP_PORT,
    secure: false,
    ignoreTLS: true,
  });
  await transport.sendMail({
    from: carrier.email,
    to: replyTo,
    subject: 'Ihre Störungsmeldung – unser Vorgang FN-204711',
    inReplyTo: messageId,
    references: [messageId!],
    text: 'Ein Techniker ist für Donnerstag, 8–12 Uhr, eingeplant.',
  });
  transport.close();

  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('fact-third_party_reference')).toContainText('FN-204711', {
      timeout: 1000,
    });
  }).toPass({ timeout: 20_000 });
  await expect(page.locator('[data-visibility="internal"]').filter({ hasText: 'Techniker' })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/mail/escalation-answered.png`, fullPage: true });
});

test('an operator empties the newsletter queue in one click and moves an unknown sender to the carrier', async ({
  page,
}) => {
  test.skip(
    process.env.E2E_BASE_URL !== undefined,
    'needs the SMTP listener of the server Playwright starts',
  );
  const stamp = Date.now();
  const carrierSender = `dispo-${stamp}@netzbau-ost.example`;
  const newsletter = `Neu im Sortiment ${stamp}`;
  const caseNumber = 'CD-2026-000004';
  const carrierMail = (subject: string, body: string) =>
    [
      `From: Netzbau Disposition <${carrierSender}>`,
      'To: service@printwerk.example',
      `Subject: ${subject}`,
      `Message-ID: <${subject.replace(/\W/g, '')}-${Date.now()}@netzbau-ost.example>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
      '',
    ].join('\r\n');
  await deliver(
    [
      'From: Großhandel Nord <newsletter@grosshandel-nord.example>',
      'To: service@printwerk.example',
      `Subject: ${newsletter}`,
      `Message-ID: <news-${stamp}@grosshandel-nord.example>`,
      'Precedence: bulk',
      'List-Unsubscribe: <mailto:abmelden@grosshandel-nord.example>',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Etikettendrucker jetzt 10 % günstiger.',
      '',
    ].join('\r\n'),
    'service@printwerk.example',
  );
  // A carrier nobody has set up writes into a case: its mail stays internal, the sender waits for review.
  await deliver(
    carrierMail(`[${caseNumber}] Ihr Auftrag – unser Vorgang FN-300400`, 'Der Techniker kommt am Freitag.'),
    'service@printwerk.example',
  );

  await page.setViewportSize({ width: 1366, height: 900 });
  // The admin works in German (the demo agent in English).
  await logIn(page, 'admin@printwerk.example');
  await page.goto('/mail');
  await pageSettled(page);
  const views = page.getByRole('radiogroup', { name: 'Welche E-Mails' });
  const newsletterRow = page.getByRole('row').filter({ hasText: newsletter });
  await expect(async () => {
    await page.reload();
    await views.getByText(/^Newsletter und Listen/).click();
    await expect(newsletterRow).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(newsletterRow.getByText('Newsletter oder Liste', { exact: true })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/mail/bulk-queue.png`, fullPage: true });
  await expectAccessible(page, 'bulk queue');
  await page.getByRole('button', { name: 'Alle verwerfen' }).click();
  const confirm = page.getByRole('dialog', { name: 'Alle Newsletter und Listen-E-Mails verwerfen?' });
  await confirm.getByRole('button', { name: 'Alle verwerfen' }).click();
  await expect(page.getByRole('status').filter({ hasText: /E-Mails? verworfen/ })).toBeVisible();
  await expect(newsletterRow).toBeHidden();
  await expect(page.getByText('Keine Newsletter oder Listen-E-Mails in der Warteschlange.')).toBeVisible();

  // The review list: the carrier's dispatcher goes to the carrier, a third party.
  await views.getByText(/^Absender prüfen/).click();
  const senderRow = page
    .getByTestId('sender-review-table')
    .getByRole('row')
    .filter({ hasText: carrierSender });
  await expect(senderRow).toBeVisible();
  await expect(senderRow.getByRole('link', { name: caseNumber })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/mail/sender-review.png`, fullPage: true });
  await expectAccessible(page, 'sender review');
  await senderRow.getByRole('button', { name: `Organisation zuordnen: ${carrierSender}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Absender einer Organisation zuordnen' });
  await dialog.getByRole('textbox', { name: /^Organisation/ }).fill('Fernmeldenetz');
  await page.getByRole('option', { name: /Fernmeldenetz Nord GmbH .* Drittanbieter/ }).click();
  await page.screenshot({ path: `${SCREENSHOTS}/mail/sender-move.png` });
  await dialog.getByRole('button', { name: 'Organisation zuordnen' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: 'Netzbau Disposition gehört jetzt zu Fernmeldenetz Nord GmbH.' }),
  ).toBeVisible();
  await expect(senderRow).toBeHidden();

  // From now on its mail is the carrier's: its ticket number lands on the case.
  await deliver(
    carrierMail(
      `[${caseNumber}] Ihr Auftrag – unser Vorgang FN-300401`,
      'Termin bestätigt: Freitag, 8–12 Uhr.',
    ),
    'service@printwerk.example',
  );
  await page.goto(`/cases/${caseNumber}`);
  await pageSettled(page);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('fact-third_party_reference')).toContainText('FN-300401', {
      timeout: 1000,
    });
  }).toPass({ timeout: 20_000 });
  await expect(
    page.locator('[data-visibility="internal"]').filter({ hasText: 'Der Techniker kommt am Freitag.' }),
  ).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/mail/carrier-reference.png`, fullPage: true });
});
