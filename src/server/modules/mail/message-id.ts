import { createHash } from 'node:crypto';
import { newId } from '../../shared/ids';
import type { ParsedMail } from './parse';

// Threading by In-Reply-To and References needs an id for every mail. Some senders (scanners,
// old appliances, scripts) send none; such a mail gets one derived from its content, so the same
// mail delivered twice gets the same id, our answer refers to it, and a reply that refers to it
// finds the case.

/** The domain of ids we make up for mails that came without one. */
export const GENERATED_MESSAGE_ID_DOMAIN = 'generated.channeldesk.invalid';

/**
 * A stable Message-ID (without < >) from the mail's sender, date, subject, text and attachments:
 * deterministic, so reprocessing or a second delivery of the same mail yields the same id.
 */
export function generatedMessageId(mail: ParsedMail): string {
  const hash = createHash('sha256');
  const part = (value: string) => hash.update(`${value.length}:${value}\n`);
  part(mail.from?.address.toLowerCase() ?? '');
  part(mail.date ? mail.date.toISOString() : '');
  part(mail.subject);
  part(mail.text);
  for (const attachment of mail.attachments) {
    part(createHash('sha256').update(attachment.content).digest('hex'));
  }
  return `${hash.digest('hex').slice(0, 40)}@${GENERATED_MESSAGE_ID_DOMAIN}`;
}

/** The mail's own Message-ID, or the one made up for it. */
export function messageIdOf(mail: ParsedMail): string {
  return mail.messageId ?? generatedMessageId(mail);
}

/** An RFC 5322 Message-ID in our own domain (the mailbox's), without angle brackets. */
export function newMessageId(mailboxAddress: string): string {
  const domain = mailboxAddress.slice(mailboxAddress.lastIndexOf('@') + 1) || 'channeldesk.invalid';
  return `${newId()}@${domain}`;
}
