import nodemailer, { type Transporter } from 'nodemailer';
import { startOutboxDispatcher } from '../src/server/jobs/dispatcher';
import type { OutboxMessage } from '../src/server/jobs/outbox';
import { processInboundMail } from '../src/server/modules/mail/intake';
import type { InboundMailRow } from '../src/server/modules/mail/mail.table';
import { createMailbox, MailboxInput } from '../src/server/modules/mail/mailboxes';
import { createMailSender } from '../src/server/modules/mail/outbound';
import {
  type MailIntakeOptions,
  type MailIntakeRuntime,
  startMailIntake,
} from '../src/server/modules/mail/runtime';
import { storeInboundMail } from '../src/server/modules/mail/store';
import type { Deps } from '../src/server/shared/deps';
import { systemScope } from '../src/server/shared/scope';
import type { TestServer } from './test-server';

// What the mail tests share: a mail from its header and body lines, a mail received the way the
// listener receives it (stored, then filed) or delivered over SMTP to the running intake, the mails
// waiting in the outbox, and the dispatcher that sends them.

export type OutboxMail = OutboxMessage['payload'];

/**
 * A raw mail from its lines (headers, blank line, body), with CRLF as on the wire; with 'latin1'
 * the lines are taken as bytes, so 8-bit text stays as sent.
 */
export function mail(lines: string[], encoding: BufferEncoding = 'utf8'): Buffer {
  return Buffer.from(`${lines.join('\r\n')}\r\n`, encoding);
}

/** Stores a mail as the SMTP listener does and files it; returns what became of it. */
export async function receiveMail(
  deps: Deps,
  raw: Buffer,
  envelopeTo: string[],
  envelopeFrom: string | null = null,
) {
  const stored = await storeInboundMail(deps, { raw, source: 'smtp', envelopeFrom, envelopeTo });
  const outcome = await processInboundMail(deps, stored.id);
  const row = await deps.db
    .selectFrom('inbound_mail')
    .selectAll()
    .where('id', '=', stored.id)
    .executeTakeFirstOrThrow();
  return { ...stored, outcome, row };
}

/** Every mail in the outbox, oldest first. */
export async function outboxMails(deps: Deps): Promise<OutboxMail[]> {
  const rows = await deps.db
    .selectFrom('outbox')
    .select('payload')
    .where('topic', '=', 'mail.send')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => JSON.parse(row.payload) as OutboxMail);
}

/** A mailbox with the API's defaults (SMTP on, auto-reply on, German) unless told otherwise. */
export function createTestMailbox(deps: Deps, address: string, overrides: Partial<MailboxInput> = {}) {
  return createMailbox(
    deps,
    systemScope('test'),
    MailboxInput.parse({ address, name: 'Printwerk Service', ...overrides }),
  );
}

/** Polls `check` every 50 ms until it returns something truthy; fails naming `what` after `timeoutMs`. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export type SmtpIntake = {
  runtime: MailIntakeRuntime;
  /** A client that delivers to the listener. */
  smtp: Transporter;
  stop(): Promise<void>;
};

/** The mail intake as a worker runs it, its SMTP listener on a free loopback port. */
export async function startSmtpIntake(
  server: TestServer,
  options: MailIntakeOptions = {},
): Promise<SmtpIntake> {
  const deps: Deps = {
    ...server.deps,
    config: {
      ...server.deps.config,
      mail: { ...server.deps.config.mail, smtp: { port: 0, host: '127.0.0.1' } },
    },
  };
  const runtime = await startMailIntake(deps, server.app.log, options);
  const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: runtime.smtpPort!, ignoreTLS: true });
  return {
    runtime,
    smtp,
    stop: async () => {
      smtp.close();
      await runtime.stop();
    },
  };
}

/** The stored mail with this Message-ID (without brackets) or subject once it is filed or flagged. */
export function filedMail(
  deps: Deps,
  by: { messageId: string } | { subject: string },
): Promise<InboundMailRow> {
  const [column, value] =
    'messageId' in by ? (['message_id', by.messageId] as const) : (['subject', by.subject] as const);
  return until(`the mail ${value} is filed`, () =>
    deps.db
      .selectFrom('inbound_mail')
      .selectAll()
      .where(column, '=', value)
      .where('state', '!=', 'received')
      .executeTakeFirst(),
  );
}

/** The outbox dispatcher as a worker runs it, sending mail over SMTP to `smtpUrl`; it runs only when told. */
export function startMailDispatcher(server: TestServer, smtpUrl: string) {
  const sender = createMailSender({ smtpUrl, from: 'desk@test.example', dataDir: server.database.dataDir });
  const dispatcher = startOutboxDispatcher({
    database: server.database,
    clock: server.clock,
    handlers: { 'mail.send': (payload) => sender.send(payload) },
    logger: server.app.log,
    autoStart: false,
  });
  return {
    /** One pass; resolves to how many were due. */
    runOnce: () => dispatcher.runOnce(),
    stop: async () => {
      await dispatcher.stop();
      sender.close();
    },
  };
}

/** Sends every mail due in the outbox (also what earlier tests queued) over SMTP to `smtpUrl`. */
export async function sendOutbox(server: TestServer, smtpUrl: string): Promise<void> {
  const dispatcher = startMailDispatcher(server, smtpUrl);
  try {
    while ((await dispatcher.runOnce()) > 0) {
      // the next batch
    }
  } finally {
    await dispatcher.stop();
  }
}

export type ReportedRecipient = { address: string; action: string; status: string; diagnostic?: string };

/**
 * A delivery status report (multipart/report) from MAILER-DAEMON at `mta`: a line for people, the
 * status of each recipient, and the headers of the mail it reports on.
 */
export function deliveryReport(report: {
  mta: string;
  to: string;
  explanation: string;
  headers?: string[];
  recipients: ReportedRecipient[];
  original: { messageId: string; to: string };
}): Buffer {
  return mail([
    `From: MAILER-DAEMON@${report.mta}`,
    `To: ${report.to}`,
    'Subject: Undelivered Mail Returned to Sender',
    ...(report.headers ?? []),
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain',
    '',
    report.explanation,
    '--b1',
    'Content-Type: message/delivery-status',
    '',
    `Reporting-MTA: dns; ${report.mta}`,
    '',
    ...report.recipients.flatMap((recipient) => [
      `Final-Recipient: rfc822; ${recipient.address}`,
      `Action: ${recipient.action}`,
      `Status: ${recipient.status}`,
      ...(recipient.diagnostic ? [`Diagnostic-Code: ${recipient.diagnostic}`] : []),
      '',
    ]),
    '--b1',
    'Content-Type: text/rfc822-headers',
    '',
    `Message-ID: ${report.original.messageId}`,
    `To: ${report.original.to}`,
    '--b1--',
  ]);
}
