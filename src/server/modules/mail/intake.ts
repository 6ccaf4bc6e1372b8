import { createHash } from 'node:crypto';
import type { Db, Trx } from '../../db/database';
import { enqueueOutbox } from '../../jobs/outbox';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { systemScope } from '../../shared/scope';
import { sniffMimeType, storeFileContent } from '../cases/attachments';
import type { CaseType } from '../cases/case.table';
import { addMessage, changeCase, type ExternalAuthor, openCase } from '../cases/service';
import { statusLinkFor } from '../cases/status-link';
import type { InboundMailRow, MailboxRow } from './mail.table';
import { classifyNoise, type NoiseVerdict } from './noise';
import { MailParseError, type ParsedMail, parseMail } from './parse';
import { readReplyToken, replyAddress } from './reply-token';
import { matchSender, type SenderMatch, unassignedCustomer } from './senders';
import { autoReplyMail } from './templates';
import { splitPlusAddress, threadKeys } from './thread-keys';
import type { ThreadReason } from './thread-reason';

export type InboundSource = 'smtp' | 'imap';

/** Mail is filed by the system; the audit log and the timeline name it so. */
const MAIL_SCOPE = systemScope('E-Mail');

/** After this many failed processing attempts a stored mail goes to the needs-attention queue. */
export const MAX_PROCESSING_ATTEMPTS = 5;

const MESSAGE_ID_HEADER = /^message-id:[ \t]*(?:\r?\n[ \t]+)?<?([^\s<>]+)>?/im;

/**
 * Message-ID plus a hash of the exact bytes: a mail delivered again after a crash (the SMTP client
 * retrying, IMAP offering it once more) is recognised; two different mails never collide.
 */
export function dedupeKeyOf(raw: Buffer): { key: string; messageId: string | null } {
  const headerEnd = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, headerEnd >= 0 ? Math.min(headerEnd, 65_536) : 65_536).toString('latin1');
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

async function allMailboxAddresses(db: Db): Promise<string[]> {
  return (await db.selectFrom('mailbox').select('address').execute()).map((row) => row.address);
}

export type ProcessOutcome =
  | 'new_case'
  | 'reply'
  | 'bounce'
  | 'ignored_loop'
  | 'unparseable'
  | 'already_processed'
  | 'failed';

class AlreadyProcessed extends Error {}

/**
 * Turns a stored mail into a case or a message on one, exactly once: the mail's row changes from
 * `received` to `processed` in the same transaction that writes the case, so a crash or a second
 * worker can neither lose it nor file it twice.
 */
export async function processInboundMail(deps: Deps, id: string): Promise<ProcessOutcome> {
  const row = await deps.db
    .selectFrom('inbound_mail')
    .selectAll()
    .where('id', '=', id)
    .where('state', '=', 'received')
    .executeTakeFirst();
  if (!row) return 'already_processed';
  try {
    return await fileMail(deps, row);
  } catch (error) {
    if (error instanceof AlreadyProcessed) return 'already_processed';
    const attempts = row.attempts + 1;
    const message = error instanceof Error ? error.message : String(error);
    await deps.db
      .updateTable('inbound_mail')
      .set({
        attempts,
        error: message.slice(0, 2000),
        ...(attempts >= MAX_PROCESSING_ATTEMPTS
          ? { state: 'needs_attention', outcome: 'failed', processed_at: isoNow(deps.clock) }
          : {}),
      })
      .where('id', '=', row.id)
      .where('state', '=', 'received')
      .execute();
    return 'failed';
  }
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

async function markDone(
  trx: Trx,
  deps: Deps,
  row: InboundMailRow,
  values: {
    state: 'processed' | 'needs_attention';
    outcome: ProcessOutcome;
    reason?: ThreadReason;
    parsed?: ParsedMail;
    caseId?: string;
    caseMessageId?: string;
    autoReply?: string | null;
    error?: string;
  },
): Promise<void> {
  const result = await trx
    .updateTable('inbound_mail')
    .set({
      state: values.state,
      outcome: values.outcome,
      thread_reason: values.reason ? JSON.stringify(values.reason) : null,
      problems: JSON.stringify(values.parsed?.problems ?? []),
      from_address: values.parsed?.from?.address ?? null,
      subject: values.parsed ? values.parsed.subject.slice(0, 500) : null,
      case_id: values.caseId ?? null,
      case_message_id: values.caseMessageId ?? null,
      auto_reply: values.autoReply ?? null,
      error: values.error ?? null,
      processed_at: isoNow(deps.clock),
    })
    .where('id', '=', row.id)
    .where('state', '=', 'received')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new AlreadyProcessed();
}

async function fileMail(deps: Deps, row: InboundMailRow): Promise<ProcessOutcome> {
  let parsed: ParsedMail;
  try {
    parsed = withoutNulCharacters(await parseMail(row.raw));
  } catch (error) {
    if (!(error instanceof MailParseError)) throw error;
    await deps.db.transaction().execute((trx) =>
      markDone(trx, deps, row, {
        state: 'needs_attention',
        outcome: 'unparseable',
        error: error.message,
      }),
    );
    return 'unparseable';
  }
  const mailbox = row.mailbox_id
    ? await deps.db.selectFrom('mailbox').selectAll().where('id', '=', row.mailbox_id).executeTakeFirst()
    : await mailboxForRecipients(deps.db, [
        ...JSON.parse(row.envelope_to),
        ...parsed.to.map((a) => a.address),
        ...parsed.cc.map((a) => a.address),
        ...parsed.deliveredTo,
      ]);
  const ownAddresses = await allMailboxAddresses(deps.db);
  const noise = classifyNoise(parsed, ownAddresses);

  if (parsed.bounce) return fileBounce(deps, row, parsed);
  const senderAddress =
    parsed.from?.address ?? parsed.replyTo?.address ?? parsed.sender?.address ?? parsed.returnPath ?? null;
  if (noise.reasons.includes('own-address')) {
    // Our own mail came back (a forwarding loop): kept for a person to look at, not filed.
    await deps.db.transaction().execute((trx) =>
      markDone(trx, deps, row, {
        state: 'needs_attention',
        outcome: 'ignored_loop',
        parsed,
        error: 'sent from one of our own addresses',
      }),
    );
    return 'ignored_loop';
  }

  // A mail without any sender is still filed; nobody can be answered, and the case says so.
  const sender = senderAddress
    ? await matchSender(deps, MAIL_SCOPE, { address: senderAddress, name: parsed.from?.name ?? '' })
    : null;
  const threaded = await findThread(deps, parsed, ownAddresses);
  const files = await storeAttachmentFiles(deps, parsed);
  const author: ExternalAuthor = {
    personId: sender?.personId ?? null,
    label: sender?.name ?? 'Unbekannter Absender',
    side:
      sender?.organisationKind === 'partner'
        ? 'partner'
        : sender?.organisationKind === 'third_party' || sender?.organisationKind === 'operator'
          ? 'third_party'
          : 'customer',
  };
  const body = bodyOf(parsed);

  if (threaded.kind !== 'new-case') {
    await addMessage(
      deps,
      MAIL_SCOPE,
      threaded.caseId,
      { body, attachmentIds: [] },
      {
        author,
        html: htmlOf(parsed),
        inboundMailId: row.id,
        alsoInTransaction: async (trx, written) => {
          await attachFiles(trx, deps, written.caseId, written.messageId, files, author.personId);
          await rememberMessageId(trx, deps, parsed.messageId, written.caseId, written.messageId);
          if (sender) await recordThirdPartyReference(trx, deps, written.caseId, sender, parsed);
          await markDone(trx, deps, row, {
            state: 'processed',
            outcome: 'reply',
            reason: threaded.reason,
            parsed,
            caseId: written.caseId,
            caseMessageId: written.messageId,
          });
        },
      },
    );
    return 'reply';
  }

  const customerId =
    sender?.organisationKind === 'customer'
      ? sender.organisationId
      : await unassignedCustomer(deps, MAIL_SCOPE);
  const autoReplyDecision = senderAddress
    ? await decideAutoReply(deps, mailbox, noise, senderAddress)
    : 'no sender';
  await openCase(
    deps,
    MAIL_SCOPE,
    {
      type: (mailbox?.case_type ?? 'request') as CaseType,
      subject: subjectOf(parsed, senderAddress ?? 'unbekannt'),
      customerId,
      contactId: sender?.organisationKind === 'customer' ? sender.personId : undefined,
      partnerId: sender?.organisationKind === 'partner' ? sender.organisationId : undefined,
      priority: 'normal',
      channel: 'email',
      groupId: mailbox?.group_id ?? undefined,
      tags: sender?.matchedBy === 'address' ? [] : ['absender-prüfen'],
      description: body,
      facts: [],
    },
    {
      author,
      html: htmlOf(parsed),
      inboundMailId: row.id,
      alsoInTransaction: async (trx, written) => {
        await attachFiles(trx, deps, written.caseId, written.messageId, files, author.personId);
        await rememberMessageId(trx, deps, parsed.messageId, written.caseId, written.messageId);
        if (sender) await recordThirdPartyReference(trx, deps, written.caseId, sender, parsed);
        if (autoReplyDecision === 'sent' && mailbox && senderAddress)
          await enqueueAutoReply(trx, deps, mailbox, parsed, senderAddress, written);
        await markDone(trx, deps, row, {
          state: 'processed',
          outcome: 'new_case',
          reason: threaded.reason,
          parsed,
          caseId: written.caseId,
          caseMessageId: written.messageId,
          autoReply: autoReplyDecision,
        });
      },
    },
  );
  return 'new_case';
}

// PostgreSQL text cannot hold U+0000, and no reader needs it; broken mails do contain it.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing NUL is the point
const NUL = /\u0000/g;

function withoutNulCharacters(parsed: ParsedMail): ParsedMail {
  const clean = (text: string) => text.replace(NUL, '');
  const address = <T extends { name: string; address: string } | null>(a: T): T =>
    a ? ({ ...a, name: clean(a.name), address: clean(a.address) } as T) : a;
  return {
    ...parsed,
    subject: clean(parsed.subject),
    text: clean(parsed.text),
    html: parsed.html === null ? null : clean(parsed.html),
    replyText: clean(parsed.replyText),
    quotedText: parsed.quotedText === null ? null : clean(parsed.quotedText),
    from: address(parsed.from),
    replyTo: address(parsed.replyTo),
    sender: address(parsed.sender),
    problems: parsed.problems.map(clean),
    attachments: parsed.attachments.map((a) => ({ ...a, filename: clean(a.filename) })),
  };
}

/**
 * A reply's HTML carries the whole quoted history, in as many shapes as there are mail programs;
 * the text has it folded away reliably. So a mail with quoted history is shown as its text, and
 * its full original stays one click away (.eml). A first mail keeps its HTML.
 */
function htmlOf(parsed: ParsedMail): string | null {
  return parsed.quotedText === null ? parsed.html : null;
}

function bodyOf(parsed: ParsedMail): string {
  const text = (parsed.replyText.trim() || parsed.text.trim()).slice(0, 50_000);
  if (text) return text;
  return parsed.attachments.length > 0 ? '(Nur Anhänge, kein Text.)' : '(Leere Nachricht.)';
}

function subjectOf(parsed: ParsedMail, sender: string): string {
  const subject = parsed.subject.replace(/\s+/g, ' ').trim();
  return (subject.length >= 3 ? subject : `E-Mail von ${sender}`).slice(0, 300);
}

type Thread =
  | { kind: 'existing'; caseId: string; reason: ThreadReason }
  | { kind: 'new-case'; reason: ThreadReason };

/** The threading rules, in order; each match names itself as the reason. */
async function findThread(deps: Deps, parsed: ParsedMail, mailboxAddresses: string[]): Promise<Thread> {
  const keys = threadKeys(parsed, { caseNumberPrefix: deps.config.cases.numberPrefix, mailboxAddresses });
  const inReplyTo = new Set(parsed.inReplyTo);
  let closed: string | undefined;
  const open = async (caseId: string, reason: (number: string) => ThreadReason): Promise<Thread | null> => {
    const target = await followMerges(deps.db, caseId);
    if (!target) return null;
    if (target.status === 'closed') {
      closed ??= target.number;
      return null;
    }
    return { kind: 'existing', caseId: target.id, reason: reason(target.number) };
  };
  for (const messageId of keys.messageIds) {
    const known = await deps.db
      .selectFrom('mail_reference')
      .select('case_id')
      .where('message_id', '=', messageId)
      .executeTakeFirst();
    if (!known) continue;
    const found = await open(known.case_id, (caseNumber) =>
      inReplyTo.has(messageId)
        ? { kind: 'in-reply-to', messageId, caseNumber }
        : { kind: 'references', messageId, caseNumber },
    );
    if (found) return found;
  }
  for (const number of keys.caseNumbers) {
    const known = await deps.db
      .selectFrom('support_case')
      .select('id')
      .where('number', '=', number)
      .executeTakeFirst();
    if (!known) continue;
    const found = await open(known.id, (caseNumber) => ({ kind: 'case-number', caseNumber }));
    if (found) return found;
  }
  for (const token of keys.replyTokens) {
    const caseId = readReplyToken(token, deps.config.sessionSecret);
    if (!caseId) continue;
    const found = await open(caseId, (caseNumber) => ({ kind: 'reply-token', caseNumber }));
    if (found) return found;
  }
  return {
    kind: 'new-case',
    reason: closed ? { kind: 'new-case', note: 'closed', closedCaseNumber: closed } : { kind: 'new-case' },
  };
}

/** A merged case answers for the case it was merged into. */
async function followMerges(db: Db, caseId: string) {
  let current = await db
    .selectFrom('support_case')
    .select(['id', 'number', 'status', 'merged_into_id'])
    .where('id', '=', caseId)
    .executeTakeFirst();
  for (let hops = 0; current?.merged_into_id && hops < 10; hops++) {
    current = await db
      .selectFrom('support_case')
      .select(['id', 'number', 'status', 'merged_into_id'])
      .where('id', '=', current.merged_into_id)
      .executeTakeFirst();
  }
  return current;
}

export type StoredFile = {
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  /** Content-ID, for the HTML's cid: images. */
  contentId: string | null;
};

/** Attachment bytes go to content-addressed files first; the rows follow in the case's transaction. */
export async function storeAttachmentFiles(deps: Deps, parsed: ParsedMail): Promise<StoredFile[]> {
  const stored: StoredFile[] = [];
  for (const attachment of parsed.attachments) {
    if (attachment.content.length === 0) continue;
    const sha256 = await storeFileContent(deps.config.dataDir, attachment.content);
    stored.push({
      fileName: attachment.filename.replace(/[\\/]/g, '_').slice(0, 200) || 'attachment',
      mimeType: await sniffMimeType(attachment.content),
      size: attachment.content.length,
      sha256,
      contentId: attachment.contentId,
    });
  }
  return stored;
}

/** The stored files as attachments of the message, with its visibility, in the case's transaction. */
export async function attachFiles(
  trx: Trx,
  deps: Deps,
  caseId: string,
  messageId: string,
  files: StoredFile[],
  uploadedBy: string | null,
): Promise<void> {
  if (files.length === 0) return;
  const message = await trx
    .selectFrom('case_message')
    .select('visibility')
    .where('id', '=', messageId)
    .executeTakeFirstOrThrow();
  const now = isoNow(deps.clock);
  await trx
    .insertInto('case_attachment')
    .values(
      files.map((file) => ({
        id: newId(),
        case_id: caseId,
        message_id: messageId,
        visibility: message.visibility,
        uploaded_by_person_id: uploadedBy,
        file_name: file.fileName,
        mime_type: file.mimeType,
        size: file.size,
        sha256: file.sha256,
        content_id: file.contentId,
        created_at: now,
      })),
    )
    .execute();
}

async function rememberMessageId(
  trx: Trx,
  deps: Deps,
  messageId: string | null,
  caseId: string,
  caseMessageId: string,
): Promise<void> {
  if (!messageId) return;
  await trx
    .insertInto('mail_reference')
    .values({
      message_id: messageId,
      case_id: caseId,
      case_message_id: caseMessageId,
      direction: 'inbound',
      recipient: null,
      created_at: isoNow(deps.clock),
    })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .execute();
}

/**
 * A third party (a carrier, a manufacturer) names its own ticket in its replies; with a pattern
 * configured for it, the reference becomes a fact on the case.
 */
async function recordThirdPartyReference(
  trx: Trx,
  deps: Deps,
  caseId: string,
  sender: SenderMatch,
  parsed: ParsedMail,
): Promise<void> {
  if (sender.organisationKind !== 'third_party') return;
  const organisation = await trx
    .selectFrom('organisation')
    .select(['name', 'ticket_reference_pattern'])
    .where('id', '=', sender.organisationId)
    .executeTakeFirst();
  if (!organisation?.ticket_reference_pattern) return;
  let pattern: RegExp;
  try {
    pattern = new RegExp(organisation.ticket_reference_pattern, 'i');
  } catch {
    return; // validated when saved; an old invalid pattern must not stop the mail
  }
  // The reference stands in the subject or near the top; a bounded text bounds the matching time.
  const match = pattern.exec(`${parsed.subject}\n${parsed.text.slice(0, 20_000)}`);
  if (!match) return;
  const reference = (match[1] ?? match[0]).trim().slice(0, 500);
  const now = isoNow(deps.clock);
  await trx
    .insertInto('case_fact')
    .values({
      id: newId(),
      case_id: caseId,
      key: 'third_party_reference',
      label: `Vorgangsnummer ${organisation.name}`,
      value: reference,
      source: 'third_party',
      state: 'confirmed',
      note: null,
      updated_by_label: organisation.name,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['case_id', 'key']).doUpdateSet({ value: reference, updated_at: now }))
    .execute();
}

/** 'sent' when an auto-reply goes out; otherwise the reason it does not (loop protection). */
async function decideAutoReply(
  deps: Deps,
  mailbox: MailboxRow | undefined,
  noise: NoiseVerdict,
  senderAddress: string,
): Promise<string> {
  if (!mailbox) return 'no mailbox';
  if (mailbox.auto_reply !== 1) return 'off for this mailbox';
  if (!noise.autoReplyAllowed) return noise.reasons.join(', ');
  const since = new Date(deps.clock.now().getTime() - 3_600_000).toISOString();
  const recent = await deps.db
    .selectFrom('inbound_mail')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('from_address', '=', senderAddress.toLowerCase())
    .where('auto_reply', '=', 'sent')
    .where('received_at', '>=', since)
    .executeTakeFirstOrThrow();
  if (Number(recent.count) >= deps.config.mail.autoRepliesPerHour) return 'rate limit for this sender';
  const bounced = await deps.db
    .selectFrom('person')
    .select('mail_bounced_at')
    .where('email', '=', senderAddress.toLowerCase())
    .executeTakeFirst();
  if (bounced?.mail_bounced_at) return 'mail to this sender bounced';
  return 'sent';
}

/** An RFC 5322 Message-ID in our own domain (the mailbox's), without angle brackets. */
export function newMessageId(mailboxAddress: string): string {
  const domain = mailboxAddress.slice(mailboxAddress.lastIndexOf('@') + 1) || 'channeldesk.invalid';
  return `${newId()}@${domain}`;
}

async function enqueueAutoReply(
  trx: Trx,
  deps: Deps,
  mailbox: MailboxRow,
  parsed: ParsedMail,
  to: string,
  written: { caseId: string; number: string; messageId: string },
): Promise<void> {
  const link = statusLinkFor(deps, written.caseId);
  const content = autoReplyMail(mailbox.language, {
    caseNumber: written.number,
    subject: parsed.subject,
    statusUrl: link.url,
    mailboxName: mailbox.name,
  });
  const messageId = newMessageId(mailbox.address);
  await trx
    .insertInto('mail_reference')
    .values({
      message_id: messageId,
      case_id: written.caseId,
      case_message_id: null,
      direction: 'outbound',
      recipient: to.toLowerCase(),
      created_at: isoNow(deps.clock),
    })
    .execute();
  await enqueueOutbox(trx, deps.clock, {
    topic: 'mail.send',
    payload: {
      to,
      from: `${mailbox.name} <${mailbox.address}>`,
      replyTo: replyAddress(mailbox.address, written.caseId, deps.config.sessionSecret),
      subject: content.subject,
      text: content.text,
      html: content.html,
      messageId: `<${messageId}>`,
      ...(parsed.messageId
        ? {
            inReplyTo: `<${parsed.messageId}>`,
            references: [...parsed.references, parsed.messageId].map((id) => `<${id}>`),
          }
        : {}),
      // RFC 3834: marks this as automatic so the other side's responders stay quiet.
      headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
      locale: mailbox.language,
    },
  });
}

/**
 * A delivery report: attached to the case whose mail bounced (as an internal note), the recipient
 * marked, no new case. A report about a mail we never sent needs a person to look.
 */
async function fileBounce(deps: Deps, row: InboundMailRow, parsed: ParsedMail): Promise<ProcessOutcome> {
  const bounce = parsed.bounce!;
  const original = bounce.originalMessageId
    ? await deps.db
        .selectFrom('mail_reference')
        .select(['case_id', 'recipient'])
        .where('message_id', '=', bounce.originalMessageId)
        .executeTakeFirst()
    : undefined;
  const recipients = [
    ...new Set(
      [...bounce.failedRecipients, ...(original?.recipient ? [original.recipient] : [])].map((r) =>
        r.toLowerCase(),
      ),
    ),
  ];
  const reason: ThreadReason = {
    kind: 'bounce',
    messageId: bounce.originalMessageId,
    caseNumber: null,
  };
  const permanent = bounce.action !== 'delayed' && bounce.action !== 'delivered';
  const markRecipients = async (trx: Trx) => {
    if (!permanent || recipients.length === 0) return;
    await trx
      .updateTable('person')
      .set({
        mail_bounced_at: isoNow(deps.clock),
        mail_bounce_reason: (bounce.diagnostic ?? bounce.status ?? 'undeliverable').slice(0, 500),
      })
      .where('email', 'in', recipients)
      .execute();
  };
  const target = original ? await followMerges(deps.db, original.case_id) : undefined;
  if (!target) {
    await deps.db.transaction().execute(async (trx) => {
      await markRecipients(trx);
      await markDone(trx, deps, row, {
        state: 'needs_attention',
        outcome: 'bounce',
        reason,
        parsed,
        error: 'delivery report for a mail that is not in any case',
      });
    });
    return 'bounce';
  }
  await changeCase(deps, MAIL_SCOPE, target.id, async ({ trx, event }) => {
    await event('mail_bounced', 'internal', {
      recipients,
      action: bounce.action,
      status: bounce.status,
      diagnostic: bounce.diagnostic,
    });
    await markRecipients(trx);
    await markDone(trx, deps, row, {
      state: 'processed',
      outcome: 'bounce',
      reason: { ...reason, caseNumber: target.number },
      parsed,
      caseId: target.id,
    });
  });
  return 'bounce';
}
