import type { ParsedMail } from './parse';

/** What a mail offers to find its case, each list in the order it should be tried. */
export type ThreadKeys = { messageIds: string[]; caseNumbers: string[]; replyTokens: string[] };

export type ThreadKeyOptions = {
  /** Prefix of our case numbers, e.g. 'CD' for CD-2026-000123. */
  caseNumberPrefix: string;
  /** Our own mailbox addresses; only plus-tags on these are reply tokens. */
  mailboxAddresses: string[];
};

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/**
 * Every case number with our prefix in a text, in order of appearance. Unlike findCaseNumber in
 * cases/case-number.ts this finds all of them, and a foreign number first in the subject
 * ("RMA-2026-000017 / CD-2026-000123") does not hide ours.
 */
export function caseNumbersIn(text: string, prefix: string): string[] {
  const pattern = new RegExp(
    `(?<![A-Za-z0-9])${escapeRegExp(prefix)}-(\\d{4})-(\\d{6,})(?![A-Za-z0-9])`,
    'gi',
  );
  return unique(
    [...text.matchAll(pattern)].map((match) => `${prefix.toUpperCase()}-${match[1]}-${match[2]}`),
  );
}

/** Splits an address into its base (without +tag, lowercased) and the tag, if any. */
export function splitPlusAddress(address: string): { base: string; tag: string | null } {
  const normalised = address.trim().toLowerCase();
  const at = normalised.lastIndexOf('@');
  if (at <= 0) return { base: normalised, tag: null };
  const local = normalised.slice(0, at);
  const domain = normalised.slice(at);
  const plus = local.indexOf('+');
  if (plus < 0) return { base: normalised, tag: null };
  return { base: `${local.slice(0, plus)}${domain}`, tag: local.slice(plus + 1) || null };
}

/**
 * The threading keys of a mail. Nothing here decides anything: the caller looks the keys up in this
 * order (message ids, then case numbers, then reply tokens) and records which one matched, so an agent
 * can see why a mail joined a case. Reply tokens are returned as found; readReplyToken checks them.
 */
export function threadKeys(mail: ParsedMail, options: ThreadKeyOptions): ThreadKeys {
  // In-Reply-To names the mail answered; References lists the thread oldest first, so its last entry
  // is the closest ancestor and is tried first.
  const messageIds = unique([...mail.inReplyTo, ...[...mail.references].reverse()]).filter(
    (id) => id !== mail.messageId,
  );

  const mailboxes = new Set(options.mailboxAddresses.map((address) => splitPlusAddress(address).base));
  const recipients = [
    ...mail.to.map((a) => a.address),
    ...mail.cc.map((a) => a.address),
    ...mail.deliveredTo,
  ];
  const replyTokens: string[] = [];
  for (const recipient of recipients) {
    const { base, tag } = splitPlusAddress(recipient);
    if (tag && mailboxes.has(base)) replyTokens.push(tag);
  }

  return {
    messageIds,
    caseNumbers: caseNumbersIn(mail.subject, options.caseNumberPrefix),
    replyTokens: unique(replyTokens),
  };
}
