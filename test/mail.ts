import type { OutboxMessage } from '../src/server/jobs/outbox';
import { processInboundMail } from '../src/server/modules/mail/intake';
import { createMailbox, MailboxInput } from '../src/server/modules/mail/mailboxes';
import { storeInboundMail } from '../src/server/modules/mail/store';
import type { Deps } from '../src/server/shared/deps';
import { systemScope } from '../src/server/shared/scope';

// What the mail tests share: a mail from its header and body lines, a mail received the way the
// listener receives it (stored, then filed), and the mails waiting in the outbox.

export type OutboxMail = OutboxMessage['payload'];

/** A raw mail from its lines (headers, blank line, body), with CRLF as on the wire. */
export function mail(lines: string[]): Buffer {
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
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
