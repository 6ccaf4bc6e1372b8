import type { ParsedMail } from './parse';

// What of a parsed mail goes on the case: its text, its HTML, without what PostgreSQL cannot store.

// PostgreSQL text cannot hold U+0000, and no reader needs it; broken mails do contain it.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing NUL is the point
const NUL = /\u0000/g;

export function withoutNulCharacters(parsed: ParsedMail): ParsedMail {
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
