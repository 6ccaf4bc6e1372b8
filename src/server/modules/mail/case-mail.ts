import type { Db, Trx } from '../../db/database';
import { enqueueOutbox } from '../../jobs/outbox';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { attachmentPath } from '../cases/attachments';
import type { SupportCaseRow } from '../cases/case.table';
import type { MailboxRow } from './mail.table';
import { newMessageId } from './message-id';
import type { OutgoingMail } from './outbound';
import { replyAddress } from './reply-token';
import { caseReplyMail, type MailContent, replySignOff, withoutReplyPrefixes } from './templates';

// This module is called from the case hooks, inside the case's transaction. It must not import
// cases/service.ts (or anything that does, such as cases/status-link.ts) at load time: the
// service imports the hooks, and the cycle would hand one side half-initialised modules.

/** Enough of the thread for mail programs to sort a reply in; older mail is found by the first ones. */
const MAX_REFERENCES = 10;

/**
 * The mailbox that speaks for a case: the one its first mail came in through, else the first
 * active mailbox. Replies to its address (with the case's token) come back to the case.
 */
export async function mailboxForCase(trx: Db | Trx, caseId: string): Promise<MailboxRow | undefined> {
  const first = await trx
    .selectFrom('inbound_mail')
    .innerJoin('mailbox', 'mailbox.id', 'inbound_mail.mailbox_id')
    .selectAll('mailbox')
    .where('inbound_mail.case_id', '=', caseId)
    .where('mailbox.active', '=', 1)
    .orderBy('inbound_mail.received_at')
    .orderBy('inbound_mail.id')
    .limit(1)
    .executeTakeFirst();
  if (first) return first;
  return trx
    .selectFrom('mailbox')
    .selectAll()
    .where('active', '=', 1)
    .orderBy('created_at')
    .orderBy('address')
    .limit(1)
    .executeTakeFirst();
}

/** "Name" <address>, quoted so a comma or a dot in the mailbox name cannot split the address. */
function mailboxFrom(mailbox: MailboxRow): string {
  return `"${mailbox.name.replace(/["\\\r\n]/g, '')}" <${mailbox.address}>`;
}

type Thread = { inReplyTo: string | null; references: string[] };

/**
 * The customer's side of the case's mail thread: their public mails and our mails to the
 * customer's people. A third party's mails (internal) and our escalations to it stay out, so a
 * customer never sees a carrier's Message-ID, and a carrier never sees the customer's.
 */
async function customerThread(trx: Trx, row: SupportCaseRow): Promise<Thread> {
  const customerSide = (direction: 'inbound' | 'outbound' | 'both') =>
    trx
      .selectFrom('mail_reference')
      .leftJoin('case_message', 'case_message.id', 'mail_reference.case_message_id')
      .select(['mail_reference.message_id', 'mail_reference.direction'])
      .where('mail_reference.case_id', '=', row.id)
      .where((eb) =>
        eb.or([
          ...(direction !== 'outbound'
            ? [
                eb.and([
                  eb('mail_reference.direction', '=', 'inbound'),
                  eb('case_message.visibility', '=', 'public'),
                ]),
              ]
            : []),
          ...(direction !== 'inbound'
            ? [
                eb.and([
                  eb('mail_reference.direction', '=', 'outbound'),
                  eb(
                    'mail_reference.recipient',
                    'in',
                    eb.selectFrom('person').select('email').where('organisation_id', '=', row.customer_id),
                  ),
                ]),
              ]
            : []),
        ]),
      )
      .orderBy('mail_reference.created_at', 'desc')
      .orderBy('mail_reference.message_id', 'desc');
  const latestInbound = await customerSide('inbound').limit(1).executeTakeFirst();
  const recent = (await customerSide('both').limit(MAX_REFERENCES).execute())
    .map((r) => r.message_id)
    .reverse();
  const inReplyTo = latestInbound?.message_id ?? null;
  // References end with the mail we answer (RFC 5322 §3.6.4), even when newer mail of ours followed it.
  const references = inReplyTo
    ? [...recent.filter((id) => id !== inReplyTo), inReplyTo].slice(-MAX_REFERENCES)
    : recent;
  return { inReplyTo, references };
}

/**
 * Writes a case mail to the outbox in the caller's transaction and remembers its Message-ID, so
 * an answer (and a bounce) finds the case. Replies go to the mailbox with the case's token.
 */
export async function enqueueCaseMail(
  trx: Trx,
  deps: Deps,
  mail: {
    caseId: string;
    caseMessageId: string | null;
    mailbox: MailboxRow;
    to: string;
    content: MailContent;
    language: 'de' | 'en';
    thread?: Thread;
    attachments?: OutgoingMail['attachments'];
  },
): Promise<string> {
  const messageId = newMessageId(mail.mailbox.address);
  await trx
    .insertInto('mail_reference')
    .values({
      message_id: messageId,
      case_id: mail.caseId,
      case_message_id: mail.caseMessageId,
      direction: 'outbound',
      recipient: mail.to.toLowerCase(),
      created_at: isoNow(deps.clock),
    })
    .execute();
  const bracket = (id: string) => `<${id}>`;
  await enqueueOutbox(trx, deps.clock, {
    topic: 'mail.send',
    payload: {
      to: mail.to,
      from: mailboxFrom(mail.mailbox),
      replyTo: replyAddress(mail.mailbox.address, mail.caseId, deps.config.sessionSecret),
      subject: mail.content.subject,
      text: mail.content.text,
      html: mail.content.html,
      messageId: bracket(messageId),
      ...(mail.thread?.inReplyTo ? { inReplyTo: bracket(mail.thread.inReplyTo) } : {}),
      ...(mail.thread && mail.thread.references.length > 0
        ? { references: mail.thread.references.map(bracket) }
        : {}),
      ...(mail.attachments && mail.attachments.length > 0 ? { attachments: mail.attachments } : {}),
      locale: mail.language,
    },
  });
  return messageId;
}

/** The case's contact, when a public reply can be mailed to them (an address, not bounced, active). */
async function mailableContact(db: Db | Trx, row: SupportCaseRow) {
  if (!row.contact_id) return undefined;
  const contact = await db
    .selectFrom('person')
    .select(['email', 'locale', 'active', 'mail_bounced_at'])
    .where('id', '=', row.contact_id)
    .executeTakeFirst();
  if (!contact?.email || contact.mail_bounced_at || contact.active !== 1) return undefined;
  return contact;
}

function replyLanguage(contact: { locale: string }): 'de' | 'en' {
  return contact.locale === 'en' ? 'en' : 'de';
}

/**
 * The signature a public reply written now by `authorName` would be mailed with, so the composer
 * can show it below the text; null when no mail would go out (no contact to mail, no mailbox).
 */
export async function replySignatureFor(
  db: Db,
  row: SupportCaseRow,
  authorName: string,
): Promise<{ language: 'de' | 'en'; lines: string[] } | null> {
  const contact = await mailableContact(db, row);
  if (!contact) return null;
  const mailbox = await mailboxForCase(db, row.id);
  if (!mailbox) return null;
  const language = replyLanguage(contact);
  return { language, lines: replySignOff(language, authorName, mailbox.name) };
}

/**
 * An agent's public message goes to the case's contact by mail, in the contact's language, with
 * the message's attachments. Nothing is sent when there is nobody to send to (no contact, no
 * address, a bounced or deactivated contact) or nothing to send from (no active mailbox): the
 * message stays on the case, readable in the portal and through the status link.
 */
export async function enqueuePublicReplyMail(
  trx: Trx,
  deps: Deps,
  row: SupportCaseRow,
  caseMessageId: string,
): Promise<void> {
  const contact = await mailableContact(trx, row);
  if (!contact) return;
  const message = await trx
    .selectFrom('case_message')
    .select(['body_text', 'body_html', 'author_label', 'visibility', 'direction'])
    .where('id', '=', caseMessageId)
    .executeTakeFirst();
  if (message?.visibility !== 'public' || message.direction !== 'outbound') return;
  const mailbox = await mailboxForCase(trx, row.id);
  if (!mailbox) return;

  const files = await trx
    .selectFrom('case_attachment')
    .select(['file_name', 'mime_type', 'sha256'])
    .where('message_id', '=', caseMessageId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const thread = await customerThread(trx, row);
  const language = replyLanguage(contact);
  // Loaded when used, not at import: status-link.ts imports the case service (see the top).
  const { statusLinkFor } = await import('../cases/status-link');
  const content = caseReplyMail(language, {
    caseNumber: row.number,
    subject: withoutReplyPrefixes(row.subject) || row.subject,
    answering: thread.inReplyTo !== null,
    body: message.body_text,
    bodyHtml: message.body_html,
    statusUrl: (await statusLinkFor(trx, deps, row.id, 'reply_mail')).url,
    authorName: message.author_label,
    mailboxName: mailbox.name,
  });
  await enqueueCaseMail(trx, deps, {
    caseId: row.id,
    caseMessageId,
    mailbox,
    to: contact.email,
    content,
    language,
    thread,
    attachments: files.map((file) => ({
      filename: file.file_name,
      path: attachmentPath(deps.config.dataDir, file.sha256),
      contentType: file.mime_type,
    })),
  });
}
