import type { ParsedMail } from './parse';

// What of a parsed mail goes on the case: its text, its HTML, without what PostgreSQL cannot store.

// PostgreSQL text cannot hold U+0000, and no reader needs it; broken mails do contain it.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing NUL is the point
const NUL = /\u0000/g;

/**
 * The parsed mail with U+0000 removed from every text in it: subject, bodies, addresses, ids,
 * list headers, attachment names and content ids, the bounce report. Any header can carry a NUL,
 * so every string is cleaned, not a list of fields that would miss the next one added.
 * Attachment contents (bytes) and dates are kept as they are.
 */
export function withoutNulCharacters(parsed: ParsedMail): ParsedMail {
  return withoutNul(parsed) as ParsedMail;
}

function withoutNul(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(NUL, '');
  if (Array.isArray(value)) return value.map(withoutNul);
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value) || value instanceof Date)
    return value;
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, withoutNul(entry)]));
}

/**
 * A reply's HTML carries the whole quoted history, in as many shapes as there are mail programs;
 * the text has it folded away reliably. So a mail with quoted history is shown as its text, and
 * its full original stays one click away (.eml). A first mail keeps its HTML.
 */
export function htmlOf(parsed: ParsedMail): string | null {
  return parsed.quotedText === null ? parsed.html : null;
}

export function bodyOf(parsed: ParsedMail): string {
  const text = (parsed.replyText.trim() || parsed.text.trim()).slice(0, 50_000);
  if (text) return text;
  return parsed.attachments.length > 0 ? '(Nur Anhänge, kein Text.)' : '(Leere Nachricht.)';
}

/** The address to answer and to recognise the sender by: From, else Reply-To, Sender, Return-Path. */
export function senderAddressOf(parsed: ParsedMail): string | null {
  return (
    parsed.from?.address ?? parsed.replyTo?.address ?? parsed.sender?.address ?? parsed.returnPath ?? null
  );
}
