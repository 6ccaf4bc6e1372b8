import type { Trx } from '../../db/database';
import { enqueueOutbox } from '../../jobs/outbox';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { statusLinkFor } from '../cases/status-link';
import type { MailboxRow } from './mail.table';
import { newMessageId } from './message-id';
import type { NoiseVerdict } from './noise';
import type { ParsedMail } from './parse';
import { replyAddress } from './reply-token';
import { autoReplyMail } from './templates';

// The acknowledgement a new case sends ("we got your mail, your case number is …"), with the
// loop protection that keeps two auto-responders from answering each other forever.

/** 'sent' when an auto-reply goes out; otherwise the reason it does not (loop protection). */
export async function decideAutoReply(
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

/**
 * The acknowledgement, in the outbox of the case's transaction. It answers the mail's Message-ID
 * (`answering`: its own or the one made up for it), so the customer's reply threads back.
 */
export async function enqueueAutoReply(
  trx: Trx,
  deps: Deps,
  mail: { mailbox: MailboxRow; parsed: ParsedMail; answering: string; to: string },
  written: { caseId: string; number: string },
): Promise<void> {
  const { mailbox, parsed, to } = mail;
  const link = await statusLinkFor(trx, deps, written.caseId, 'auto_reply');
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
  const references = [...parsed.references.filter((id) => id !== mail.answering), mail.answering];
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
      inReplyTo: `<${mail.answering}>`,
      references: references.map((id) => `<${id}>`),
      // RFC 3834: marks this as automatic so the other side's responders stay quiet.
      headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
      locale: mailbox.language,
    },
  });
}
