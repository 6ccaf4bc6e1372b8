import type { ParsedMail } from './parse';
import { splitPlusAddress } from './thread-keys';

export type NoiseReason =
  | 'auto-submitted'
  | 'precedence-bulk'
  | 'mailing-list'
  | 'mailer-daemon'
  | 'own-address'
  | 'bounce'
  | 'no-sender';

export type NoiseVerdict = { autoReplyAllowed: boolean; reasons: NoiseReason[] };

const BULK_PRECEDENCE = new Set(['bulk', 'list', 'junk']);
const DAEMON_LOCAL_PART = /^(mailer-daemon|postmaster)$/i;
// A no-reply sender announces that it is a machine nobody reads the answers of, exactly what
// Auto-Submitted says in a header, so it is reported as 'auto-submitted' rather than as its own reason.
const NO_REPLY_LOCAL_PART = /^(no-?reply|do-?not-?reply|donotreply|noreply-.+|no-reply-.+)$/i;
// Out-of-office notes from clients that set no header at all still say so at the start of the subject.
const AUTO_REPLY_SUBJECT =
  /^\s*(automatische antwort|abwesenheitsnotiz|abwesenheit|out of office|automatic reply|auto-?reply|autoreply)\b\s*:/i;

function localPart(address: string): string {
  return address.slice(0, address.lastIndexOf('@'));
}

/**
 * Why a mail must not get an automatic answer (acknowledgement, "we got your mail"). Every reason is
 * reported, not just the first, so the case can show why no acknowledgement went out. An empty
 * Return-Path (<>) counts as 'no-sender': RFC 3834 forbids answering a mail with a null envelope sender,
 * and it is what bounces and many auto-replies carry.
 */
export function classifyNoise(mail: ParsedMail, ownAddresses: string[]): NoiseVerdict {
  const reasons = new Set<NoiseReason>();
  const from = mail.from?.address ?? null;

  const autoSubmitted = mail.autoSubmitted?.toLowerCase() ?? null;
  if (autoSubmitted && autoSubmitted !== 'no') reasons.add('auto-submitted');
  if (mail.autoReplyHeaders) reasons.add('auto-submitted');
  if (AUTO_REPLY_SUBJECT.test(mail.subject)) reasons.add('auto-submitted');
  if (from && NO_REPLY_LOCAL_PART.test(localPart(from))) reasons.add('auto-submitted');

  const precedence = mail.precedence?.toLowerCase() ?? null;
  if (precedence && BULK_PRECEDENCE.has(precedence)) reasons.add('precedence-bulk');
  if (precedence === 'auto_reply') reasons.add('auto-submitted');

  if (mail.listId !== null || mail.listUnsubscribe !== null) reasons.add('mailing-list');

  const senders = [mail.from?.address, mail.sender?.address].filter((address) => address !== undefined);
  if (senders.some((address) => DAEMON_LOCAL_PART.test(localPart(address)))) reasons.add('mailer-daemon');

  const own = new Set(ownAddresses.map((address) => splitPlusAddress(address).base));
  if (from && own.has(splitPlusAddress(from).base)) reasons.add('own-address');

  if (mail.bounce) reasons.add('bounce');

  if (!from && !mail.replyTo) reasons.add('no-sender');
  if (mail.returnPath === '') reasons.add('no-sender');

  return { autoReplyAllowed: reasons.size === 0, reasons: [...reasons] };
}

const MACHINE_REASONS: readonly NoiseReason[] = [
  'auto-submitted',
  'precedence-bulk',
  'mailing-list',
  'mailer-daemon',
];
const BULK_REASONS: readonly NoiseReason[] = ['precedence-bulk', 'mailing-list'];

/**
 * Mail a machine wrote (an auto-reply, an out-of-office note, a newsletter, list mail): in an
 * existing case it is kept as a quiet event and never counts as the customer's answer, so it
 * neither reopens the case nor restarts a clock.
 */
export function isMachineMail(verdict: NoiseVerdict): boolean {
  return verdict.reasons.some((reason) => MACHINE_REASONS.includes(reason));
}

/** A newsletter or list mail: it opens no case but waits in the bulk queue. */
export function isBulkMail(verdict: NoiseVerdict): boolean {
  return verdict.reasons.some((reason) => BULK_REASONS.includes(reason));
}
