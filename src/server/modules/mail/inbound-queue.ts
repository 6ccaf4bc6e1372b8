import { sql } from 'kysely';
import { z } from 'zod';
import type { Db, Trx } from '../../db/database';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import { decodeCursor, encodeCursor } from '../../shared/cursor';
import type { Deps } from '../../shared/deps';
import type { UserScope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import type { CaseType } from '../cases/case.table';
import { addMessage, createCase } from '../cases/service';
import { INBOUND_STATES, type InboundMailRow, type InboundState } from './mail.table';
import { storeAttachmentFiles } from './mail-files';
import { MailParseError, type ParsedMail, parseMail } from './parse';
import { caseSubjectOf } from './subject';
import { describeThreadReason, type ThreadReason } from './thread-reason';

// The operator's view of the mail intake: what arrived, how it was filed and why, and the
// needs-attention queue a person works through (file into a case, open a case, or dismiss).

export const InboundMailQuery = z.object({
  state: z.enum(INBOUND_STATES).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Any ThreadReason; its `kind` decides the other fields (thread-reason.ts). */
const Reason = z.looseObject({ kind: z.string() });

export const InboundMailSummary = z.object({
  id: z.string(),
  receivedAt: z.string(),
  processedAt: z.string().nullable(),
  source: z.enum(['smtp', 'imap']),
  from: z.string().nullable(),
  subject: z.string().nullable(),
  state: z.enum(INBOUND_STATES),
  outcome: z.string().nullable(),
  reason: Reason.nullable(),
  reasonText: z.string().nullable(),
  problems: z.array(z.string()),
  error: z.string().nullable(),
  caseId: z.string().nullable(),
  caseNumber: z.string().nullable(),
  size: z.number(),
});
export type InboundMailSummary = z.infer<typeof InboundMailSummary>;

export const InboundMailDetail = InboundMailSummary.extend({
  messageId: z.string().nullable(),
  envelope: z.object({ from: z.string().nullable(), to: z.array(z.string()) }),
  mailbox: z.object({ id: z.string(), address: z.string() }).nullable(),
  /** 'sent', or why no automatic acknowledgement went out (loop protection). */
  autoReply: z.string().nullable(),
  attempts: z.number(),
});
export type InboundMailDetail = z.infer<typeof InboundMailDetail>;

export const FileMailBody = z.union([
  z.object({ caseNumber: z.string().trim().min(1, 'is required').max(64) }).strict(),
  z.object({ customerId: z.uuid('must be a customer id') }).strict(),
]);
export type FileMailBody = z.infer<typeof FileMailBody>;

const SUMMARY_COLUMNS = [
  'inbound_mail.id',
  'inbound_mail.received_at',
  'inbound_mail.processed_at',
  'inbound_mail.source',
  'inbound_mail.from_address',
  'inbound_mail.envelope_from',
  'inbound_mail.subject',
  'inbound_mail.state',
  'inbound_mail.outcome',
  'inbound_mail.thread_reason',
  'inbound_mail.problems',
  'inbound_mail.error',
  'inbound_mail.case_id',
  'inbound_mail.size',
  'support_case.number as case_number',
] as const;

type SummaryRow = Pick<
  InboundMailRow,
  | 'id'
  | 'received_at'
  | 'processed_at'
  | 'source'
  | 'from_address'
  | 'envelope_from'
  | 'subject'
  | 'state'
  | 'outcome'
  | 'thread_reason'
  | 'problems'
  | 'error'
  | 'case_id'
  | 'size'
> & { case_number: string | null };

function parseReason(json: string | null): ThreadReason | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as ThreadReason;
  } catch {
    return null;
  }
}

function toSummary(row: SummaryRow): InboundMailSummary {
  const reason = parseReason(row.thread_reason);
  let problems: string[] = [];
  try {
    const parsed = JSON.parse(row.problems) as unknown;
    if (Array.isArray(parsed)) problems = parsed.map(String);
  } catch {
    // an unreadable list is shown as none rather than failing the whole page
  }
  return {
    id: row.id,
    receivedAt: row.received_at,
    processedAt: row.processed_at,
    source: row.source,
    // Before parsing (or when it failed) the SMTP envelope is the best we know about the sender.
    from: row.from_address ?? row.envelope_from,
    subject: row.subject,
    state: row.state,
    outcome: row.outcome,
    reason,
    reasonText: reason ? describeThreadReason(reason) : null,
    problems,
    error: row.error,
    caseId: row.case_id,
    caseNumber: row.case_number,
    size: Number(row.size),
  };
}

/** Newest first, paged by (received_at, id). */
export async function listInboundMail(
  deps: Deps,
  query: z.infer<typeof InboundMailQuery>,
): Promise<{ items: InboundMailSummary[]; nextCursor: string | null; needsAttention: number; bulk: number }> {
  let select = deps.db
    .selectFrom('inbound_mail')
    .leftJoin('support_case', 'support_case.id', 'inbound_mail.case_id')
    .select(SUMMARY_COLUMNS)
    .orderBy('inbound_mail.received_at', 'desc')
    .orderBy('inbound_mail.id', 'desc')
    .limit(query.limit + 1);
  if (query.state) select = select.where('inbound_mail.state', '=', query.state);
  if (query.cursor) {
    const [receivedAt, id] = decodeCursor(query.cursor);
    select = select.where((eb) =>
      eb.or([
        eb('inbound_mail.received_at', '<', receivedAt),
        eb.and([eb('inbound_mail.received_at', '=', receivedAt), eb('inbound_mail.id', '<', id)]),
      ]),
    );
  }
  const rows = await select.execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toSummary),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.received_at, last.id) : null,
    needsAttention: await countInState(deps.db, 'needs_attention'),
    bulk: await countInState(deps.db, 'bulk'),
  };
}

async function countInState(db: Db, state: InboundState): Promise<number> {
  const row = await db
    .selectFrom('inbound_mail')
    .select(sql<number>`count(*)`.as('count'))
    .where('state', '=', state)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function getInboundMail(deps: Deps, id: string): Promise<InboundMailDetail> {
  const row = await deps.db
    .selectFrom('inbound_mail')
    .leftJoin('support_case', 'support_case.id', 'inbound_mail.case_id')
    .leftJoin('mailbox', 'mailbox.id', 'inbound_mail.mailbox_id')
    .select([
      ...SUMMARY_COLUMNS,
      'inbound_mail.message_id',
      'inbound_mail.envelope_to',
      'inbound_mail.auto_reply',
      'inbound_mail.attempts',
      'mailbox.id as mailbox_id',
      'mailbox.address as mailbox_address',
    ])
    .where('inbound_mail.id', '=', id)
    .executeTakeFirst();
  if (!row) throw AppError.notFound('Mail');
  let to: string[] = [];
  try {
    to = (JSON.parse(row.envelope_to) as unknown[]).map(String);
  } catch {
    // the envelope is informational; a broken one shows as empty
  }
  return {
    ...toSummary(row),
    messageId: row.message_id,
    envelope: { from: row.envelope_from, to },
    mailbox:
      row.mailbox_id && row.mailbox_address ? { id: row.mailbox_id, address: row.mailbox_address } : null,
    autoReply: row.auto_reply,
    attempts: Number(row.attempts),
  };
}

/** The mail's bytes exactly as they arrived. */
export async function readRawMail(deps: Deps, id: string): Promise<Buffer> {
  const row = await deps.db.selectFrom('inbound_mail').select('raw').where('id', '=', id).executeTakeFirst();
  if (!row) throw AppError.notFound('Mail');
  return Buffer.from(row.raw);
}

/** The states in which a mail waits for a person: the needs-attention queue and the bulk queue. */
const WAITING: readonly InboundState[] = ['needs_attention', 'bulk'];

async function needsAttentionRow(deps: Deps, id: string): Promise<InboundMailRow> {
  const row = await deps.db.selectFrom('inbound_mail').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw AppError.notFound('Mail');
  if (!WAITING.includes(row.state)) {
    throw new AppError(
      'conflict',
      row.state === 'processed'
        ? 'This mail has already been dealt with.'
        : 'This mail is still being processed; try again in a moment.',
    );
  }
  return row;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what goes
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** What the note or the new case says: the mail's text, or the readable part of bytes that are no mail. */
async function readableContent(row: InboundMailRow): Promise<{ parsed: ParsedMail | null; body: string }> {
  let parsed: ParsedMail | null = null;
  try {
    parsed = await parseMail(Buffer.from(row.raw));
  } catch (error) {
    if (!(error instanceof MailParseError)) throw error;
  }
  const from = parsed?.from?.address ?? row.from_address ?? row.envelope_from;
  const subject = parsed?.subject ?? row.subject;
  const text = (
    parsed ? parsed.replyText.trim() || parsed.text.trim() : Buffer.from(row.raw).toString('utf8')
  )
    .replace(CONTROL, '')
    .trim();
  // Stored texts are German like the intake's own; the timeline shows them as written.
  const head = [from ? `Von: ${from}` : null, subject ? `Betreff: ${subject}` : null].filter(Boolean);
  const body = [...head, head.length > 0 ? '' : null, text || '(Kein lesbarer Text.)']
    .filter((line) => line !== null)
    .join('\n')
    .slice(0, 50_000);
  return { parsed, body };
}

async function markFiled(
  trx: Trx,
  deps: Deps,
  scope: UserScope,
  row: InboundMailRow,
  written: { caseId: string; number: string; messageId: string },
): Promise<void> {
  const reason: ThreadReason = { kind: 'filed-by-hand', caseNumber: written.number, by: scope.name };
  const result = await trx
    .updateTable('inbound_mail')
    .set({
      state: 'processed',
      outcome: 'filed',
      thread_reason: JSON.stringify(reason),
      case_id: written.caseId,
      case_message_id: written.messageId,
      processed_at: isoNow(deps.clock),
    })
    .where('id', '=', row.id)
    .where('state', '=', row.state)
    .executeTakeFirst();
  // Someone else filed or dismissed it meanwhile: undo this case change entirely.
  if (Number(result.numUpdatedRows) !== 1)
    throw new AppError('conflict', 'This mail has already been dealt with.');
  await recordAudit(trx, scope, deps.clock, {
    action: 'inbound_mail.filed',
    entityType: 'inbound_mail',
    entityId: row.id,
    before: { state: row.state, outcome: row.outcome },
    after: { state: 'processed', outcome: 'filed', caseNumber: written.number },
  });
}

/**
 * Files a needs-attention mail by hand: as an internal note on an existing case, or as a new case
 * for the chosen customer. The mail's row changes in the same transaction as the case, so a mail is
 * filed once even when two people click at the same time.
 */
export async function fileInboundMail(
  deps: Deps,
  scope: UserScope,
  id: string,
  input: FileMailBody,
): Promise<{ caseId: string; caseNumber: string }> {
  const row = await needsAttentionRow(deps, id);
  const { parsed, body } = await readableContent(row);
  const files = parsed ? await storeAttachmentFiles(deps, parsed) : [];
  let filed: { caseId: string; number: string } | undefined;
  const alsoInTransaction = async (
    trx: Trx,
    written: { caseId: string; number: string; messageId: string },
  ) => {
    await markFiled(trx, deps, scope, row, written);
    filed = written;
  };
  if ('caseNumber' in input) {
    // A mistyped number is the likely mistake here: name the field instead of a bare 404.
    const target = await deps.db
      .selectFrom('support_case')
      .select('id')
      .where('number', '=', input.caseNumber.toUpperCase())
      .executeTakeFirst();
    if (!target) throw AppError.field('caseNumber', 'is not a known case number');
    await addMessage(
      deps,
      scope,
      target.id,
      { body, visibility: 'internal', attachmentIds: [] },
      { html: parsed?.html ?? null, inboundMailId: row.id, extras: { files }, alsoInTransaction },
    );
  } else {
    const mailbox = row.mailbox_id
      ? await deps.db
          .selectFrom('mailbox')
          .select('case_type')
          .where('id', '=', row.mailbox_id)
          .executeTakeFirst()
      : undefined;
    const sender = parsed?.from?.address.toLowerCase();
    const contact = sender
      ? await deps.db
          .selectFrom('person')
          .select('id')
          .where('email', '=', sender)
          .where('organisation_id', '=', input.customerId)
          .executeTakeFirst()
      : undefined;
    const subject = caseSubjectOf(
      parsed?.subject ?? row.subject ?? '',
      `E-Mail von ${sender ?? 'unbekannt'}`,
    );
    await createCase(
      deps,
      scope,
      {
        type: (mailbox?.case_type ?? 'request') as CaseType,
        subject: subject.subject,
        customerId: input.customerId,
        contactId: contact?.id,
        priority: 'normal',
        channel: 'email',
        tags: [],
        description: body,
        facts: [],
      },
      {
        html: parsed?.html ?? null,
        inboundMailId: row.id,
        fullSubject: subject.full ?? undefined,
        extras: { files },
        alsoInTransaction,
      },
    );
  }
  if (!filed) throw new Error('filing finished without writing the case');
  return { caseId: filed.caseId, caseNumber: filed.number };
}

/** Takes a mail out of the queue without filing it (spam, a loop, a report nobody needs). */
export async function dismissInboundMail(deps: Deps, scope: UserScope, id: string): Promise<void> {
  const row = await needsAttentionRow(deps, id);
  await deps.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('inbound_mail')
      .set({ state: 'processed', outcome: 'dismissed', processed_at: isoNow(deps.clock) })
      .where('id', '=', row.id)
      .where('state', '=', row.state)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1)
      throw new AppError('conflict', 'This mail has already been dealt with.');
    await recordAudit(trx, scope, deps.clock, {
      action: 'inbound_mail.dismissed',
      entityType: 'inbound_mail',
      entityId: row.id,
      before: { state: row.state, outcome: row.outcome },
      after: { state: 'processed', outcome: 'dismissed' },
    });
  });
}

export const DismissBulkBody = z
  .object({
    /**
     * Only mail received up to this moment (the newest the agent saw); a newsletter that arrives
     * while the agent looks at the queue stays in it.
     */
    receivedUpTo: z.iso
      .datetime({ offset: true, message: 'must be an ISO date-time such as 2026-11-30T12:00:00Z' })
      .optional(),
  })
  .strict();
export type DismissBulkBody = z.infer<typeof DismissBulkBody>;

/** Empties the bulk queue (newsletters, list mail) in one go; audited as one entry with the count. */
export async function dismissBulkMail(
  deps: Deps,
  scope: UserScope,
  input: DismissBulkBody,
): Promise<{ dismissed: number }> {
  return deps.db.transaction().execute(async (trx) => {
    let update = trx
      .updateTable('inbound_mail')
      .set({ state: 'processed', outcome: 'dismissed', processed_at: isoNow(deps.clock) })
      .where('state', '=', 'bulk');
    if (input.receivedUpTo)
      update = update.where('received_at', '<=', new Date(input.receivedUpTo).toISOString());
    const result = await update.executeTakeFirst();
    const dismissed = Number(result.numUpdatedRows);
    if (dismissed > 0)
      await recordAudit(trx, scope, deps.clock, {
        action: 'inbound_mail.bulk_dismissed',
        entityType: 'inbound_mail',
        entityId: 'bulk',
        after: { dismissed, receivedUpTo: input.receivedUpTo ?? null },
      });
    return { dismissed };
  });
}
