import { createHash } from 'node:crypto';
import type { Db } from '../../db/database';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import type { MailboxRow } from './mail.table';
import { splitPlusAddress } from './thread-keys';

// The first half of "store first, file after": the raw bytes are committed before anyone says 250
// (SMTP) or moves the mail to its done folder (IMAP). Filing is intake.ts.

export type InboundSource = 'smtp' | 'imap';

const MESSAGE_ID_HEADER = /^message-id:[ \t]*(?:\r?\n[ \t]+)?<?([^\s<>]+)>?/im;

/**
 * Message-ID plus a hash of the exact bytes: a mail delivered again after a crash (the SMTP client
 * retrying, IMAP offering it once more) is recognised; two different mails never collide.
 */
export function dedupeKeyOf(raw: Buffer): { key: string; messageId: string | null } {
  const headerEnd = raw.indexOf('\r\n\r\n');
  // A NUL inside the id is dropped, as parsing does, so the stored id is the one threading uses
  // (and PostgreSQL text cannot hold it).
  const head = raw
    .subarray(0, headerEnd >= 0 ? Math.min(headerEnd, 65_536) : 65_536)
    .toString('latin1')
    .replaceAll('\0', '');
  const messageId = MESSAGE_ID_HEADER.exec(head)?.[1] ?? null;
  const contentHash = createHash('sha256').update(raw).digest('hex');
  const key = createHash('sha256')
    .update(`${messageId ?? ''}\n${contentHash}`)
    .digest('hex');
  return { key, messageId };
}

/**
 * Stores a mail as it arrived, durably, before anyone acknowledges it. Processing comes after
 * the commit; a crash in between leaves a `received` row that the next run processes.
 */
export async function storeInboundMail(
  deps: Deps,
  input: { raw: Buffer; source: InboundSource; envelopeFrom: string | null; envelopeTo: string[] },
): Promise<{ id: string; duplicate: boolean }> {
  const { key, messageId } = dedupeKeyOf(input.raw);
  const mailbox = await mailboxForRecipients(deps.db, input.envelopeTo);
  const id = newId();
  const inserted = await deps.db
    .insertInto('inbound_mail')
    .values({
      id,
      mailbox_id: mailbox?.id ?? null,
      source: input.source,
      dedupe_key: key,
      message_id: messageId,
      envelope_from: input.envelopeFrom,
      envelope_to: JSON.stringify(input.envelopeTo),
      raw: input.raw,
      size: input.raw.length,
      state: 'received',
      outcome: null,
      thread_reason: null,
      problems: '[]',
      from_address: null,
      subject: null,
      case_id: null,
      case_message_id: null,
      auto_reply: null,
      attempts: 0,
      error: null,
      received_at: isoNow(deps.clock),
      processed_at: null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return { id, duplicate: false };
  const existing = await deps.db
    .selectFrom('inbound_mail')
    .select('id')
    .where('dedupe_key', '=', key)
    .executeTakeFirstOrThrow();
  return { id: existing.id, duplicate: true };
}

/** The active mailbox one of these recipients belongs to (plus-address tags ignored). */
export async function mailboxForRecipients(db: Db, recipients: string[]): Promise<MailboxRow | undefined> {
  const bases = [...new Set(recipients.map((r) => splitPlusAddress(r.toLowerCase()).base))];
  if (bases.length === 0) return undefined;
  return db
    .selectFrom('mailbox')
    .selectAll()
    .where('address', 'in', bases)
    .where('active', '=', 1)
    .orderBy('created_at')
    .executeTakeFirst();
}

/** Every mailbox address, active or not: mail from any of them is our own coming back. */
export async function allMailboxAddresses(db: Db): Promise<string[]> {
  return (await db.selectFrom('mailbox').select('address').execute()).map((row) => row.address);
}

/** Stored mails not yet filed (after a crash, or when filing failed), oldest first. */
export async function pendingInboundMail(db: Db, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('inbound_mail')
    .select('id')
    .where('state', '=', 'received')
    .orderBy('received_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}
