import {
  type AddressObject,
  type Attachment,
  type EmailAddress,
  type HeaderLines,
  type HeaderValue,
  type ParsedMail as MailparserResult,
  type StructuredHeader,
  simpleParser,
} from 'mailparser';
import { type BounceEvidence, type BounceReport, detectBounce } from './bounce';
import { mailHtmlToText, sanitiseMailHtml } from './mail-html';
import { foldQuotedHistory } from './quoted-history';

export type MailAddress = { address: string; name: string };
export type MailAttachmentKind = 'file' | 'inline-image' | 'calendar' | 'tnef' | 'message';
export type MailAttachment = {
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
  contentId: string | null;
  kind: MailAttachmentKind;
};

export type ParsedMail = {
  /** Without < >, null when missing. */
  messageId: string | null;
  inReplyTo: string[];
  /** In header order: oldest ancestor first. */
  references: string[];
  /** Decoded (RFC 2047), '' when missing. */
  subject: string;
  from: MailAddress | null;
  replyTo: MailAddress | null;
  sender: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  deliveredTo: string[];
  date: Date | null;
  /** Plain text body; derived from the HTML when the mail has no text/plain part. */
  text: string;
  /** Sanitised HTML (see mail-html.ts), null when the mail has none. */
  html: string | null;
  /** Remote images held back in `html`. */
  remoteImages: number;
  /** The new part of `text`, quoted history and signature folded away (see quoted-history.ts). */
  replyText: string;
  quotedText: string | null;
  /** Keyword of Auto-Submitted, lowercased ('auto-replied'), null when missing. */
  autoSubmitted: string | null;
  precedence: string | null;
  listId: string | null;
  listUnsubscribe: string | null;
  /** X-Autoreply / X-Autorespond present: auto-replies from clients that do not set Auto-Submitted. */
  autoReplyHeaders: boolean;
  /** Envelope sender, lowercased; '' for the null sender <>, null when the header is missing. */
  returnPath: string | null;
  attachments: MailAttachment[];
  bounce: BounceReport | null;
  /** Human-readable parse warnings; the mail is still usable. */
  problems: string[];
};

/** The input is not a mail in any sense (empty, binary, no header at all). The caller keeps the bytes. */
export class MailParseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MailParseError';
  }
}

// RFC 5322 §2.1.1: a line must not exceed 998 characters.
const MAX_LINE_LENGTH = 998;
const HEADER_FIELD = /^[\x21-\x39\x3b-\x7e]+[ \t]*:/;
// mailparser keeps only the first of these when they repeat; a repeat is worth telling the agent.
const SINGLE_HEADERS = ['from', 'sender', 'reply-to', 'subject', 'date', 'message-id', 'in-reply-to'];
const MAX_MIME_DEPTH = 30;
const MAX_MIME_PARTS = 500;

// --- recognising a mail at all -------------------------------------------------------------------

/** Refuses input that has no header field on its first line (after an mbox "From " line). */
function assertLooksLikeMail(raw: Buffer): void {
  if (raw.length === 0) throw new MailParseError('empty input: not a mail');
  const head = raw.subarray(0, 64 * 1024).toString('latin1');
  const lines = head.replace(/^[\r\n\t ]+/, '').split(/\r?\n/);
  if (lines[0]?.startsWith('From ')) lines.shift();
  const first = lines[0] ?? '';
  if (first.trim() === '') throw new MailParseError('no content: not a mail');
  // A NUL in a field's value is a broken mail (kept and flagged); one before the first colon is binary.
  if (!HEADER_FIELD.test(first)) {
    throw new MailParseError('no header fields at the start: not a mail');
  }
}

// --- raw headers ----------------------------------------------------------------------------------

function unfold(value: string): string {
  return value.replace(/\r?\n(?=[ \t])/g, '');
}

/** Values (after the colon, unfolded) of every header line with this key, in order. */
function rawHeaderValues(lines: HeaderLines, key: string): string[] {
  return lines
    .filter((line) => line.key === key)
    .map((line) => unfold(line.line.slice(line.line.indexOf(':') + 1)).trim());
}

function rawHeader(lines: HeaderLines, key: string): string | null {
  return rawHeaderValues(lines, key)[0] ?? null;
}

/** Message ids in a Message-ID / In-Reply-To / References value, without < >, deduplicated. */
function messageIdsIn(value: string): string[] {
  const bracketed = [...value.matchAll(/<([^<>\s]+)>/g)].map((match) => match[1] ?? '');
  const ids = bracketed.length > 0 ? bracketed : value.split(/[\s,]+/).filter((token) => token.includes('@'));
  return [...new Set(ids.filter((id) => id !== ''))];
}

function flattenAddresses(entries: EmailAddress[]): EmailAddress[] {
  return entries.flatMap((entry) => (entry.group ? flattenAddresses(entry.group) : [entry]));
}

function isAddressObject(value: unknown): value is AddressObject {
  return typeof value === 'object' && value !== null && Array.isArray((value as AddressObject).value);
}

// local@domain: no blanks, brackets or a second @ (mailparser hands back whatever stood in the
// brackets, "kein@@absender" included); the domain is labels of letters, digits and hyphens, or an
// address literal. An address we could never answer is no sender to match or to reply to.
const USABLE_ADDRESS = /^[^\s@<>()[\]\\,;:]+@(?:[\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)*|\[[^\s\]]+\])$/u;

function isUsableAddress(address: string): boolean {
  return USABLE_ADDRESS.test(address.replaceAll('\0', ''));
}

/** Every address mailparser found, usable or not, lowercased. */
function writtenAddressesOf(value: HeaderValue | undefined): MailAddress[] {
  const objects = (Array.isArray(value) ? value : [value]).filter(isAddressObject);
  return flattenAddresses(objects.flatMap((object) => object.value))
    .map((entry) => ({
      address: (entry.address ?? '').trim().toLowerCase(),
      name: (entry.name ?? '').trim(),
    }))
    .filter((entry) => entry.address !== '');
}

function addressesOf(value: HeaderValue | undefined): MailAddress[] {
  return writtenAddressesOf(value).filter((entry) => isUsableAddress(entry.address));
}

function firstKeyword(value: string | null): string | null {
  if (value === null) return null;
  return value.split(';')[0]?.trim().toLowerCase() || null;
}

function returnPathOf(value: string | null): string | null {
  if (value === null) return null;
  const bracketed = /<([^<>]*)>/.exec(value);
  const address = (bracketed ? (bracketed[1] ?? '') : value).trim().toLowerCase();
  // <> is the null sender of bounces; anything else unusable is no one to answer either.
  return address === '' || isUsableAddress(address) ? address : null;
}

function listIdOf(value: string | null): string | null {
  if (value === null) return null;
  const bracketed = /<([^<>]+)>/.exec(value);
  return (bracketed?.[1] ?? value).trim() || null;
}

// --- the MIME structure, for what mailparser repairs silently ---------------------------------------

type ContentType = { type: string; params: Map<string, string> };

function parseContentType(value: string | null): ContentType {
  if (value === null) return { type: 'text/plain', params: new Map() };
  const type = (value.split(';')[0] ?? '').trim().toLowerCase() || 'text/plain';
  const params = new Map<string, string>();
  for (const match of value.matchAll(/;\s*([a-z0-9*_.-]+)\s*=\s*("([^"]*)"|[^;\s]+)/gi)) {
    params.set((match[1] ?? '').toLowerCase(), match[3] ?? match[2] ?? '');
  }
  return { type, params };
}

function isKnownCharset(charset: string): boolean {
  // UTF-7 is never decoded by mailparser (it could smuggle markup), so it counts as unknown here too.
  if (/^(unicode-1-1-)?utf-?7$/i.test(charset)) return false;
  try {
    new TextDecoder(charset);
    return true;
  } catch {
    return false;
  }
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function decodeQuotedPrintable(body: string): Buffer {
  const softBreaksRemoved = body.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let index = 0; index < softBreaksRemoved.length; index++) {
    const char = softBreaksRemoved.charCodeAt(index);
    const hex = softBreaksRemoved.slice(index + 1, index + 3);
    if (char === 0x3d && /^[0-9a-f]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(char & 0xff);
    }
  }
  return Buffer.from(bytes);
}

type TextLeaf = { charset: string | null; bytes: Buffer };
type MimeScan = { problems: string[]; rootTextLeaf: TextLeaf | null; parts: number };

/** Splits one part (as a latin1 string, one char per byte) into header fields and body. */
function splitPart(part: string): { header: (key: string) => string | null; body: string } {
  const match = /\r?\n\r?\n/.exec(part);
  const headerText = match ? part.slice(0, match.index) : part;
  const body = match ? part.slice(match.index + match[0].length) : '';
  const fields = unfold(headerText).split(/\r?\n/);
  return {
    header: (key) => {
      const line = fields.find((field) => field.toLowerCase().startsWith(`${key}:`));
      return line === undefined ? null : line.slice(key.length + 1).trim();
    },
    body,
  };
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function scanPart(part: string, depth: number, scan: MimeScan, isRoot: boolean): void {
  scan.parts++;
  if (depth > MAX_MIME_DEPTH || scan.parts > MAX_MIME_PARTS) return;
  const { header, body } = splitPart(part);
  const contentType = parseContentType(header('content-type'));
  const encoding = (header('content-transfer-encoding') ?? '7bit').toLowerCase();

  if (contentType.type.startsWith('multipart/')) {
    const boundary = contentType.params.get('boundary');
    if (!boundary) {
      scan.problems.push(`${contentType.type} part without a boundary, read as one part`);
      return;
    }
    const delimiter = new RegExp(`^--${escapeRegExp(boundary)}(--)?[ \\t]*\\r?$`, 'gm');
    const marks = [...body.matchAll(delimiter)];
    if (marks.length === 0) {
      scan.problems.push(`MIME boundary "${boundary}" never used, the ${contentType.type} part is empty`);
      return;
    }
    const closing = marks.findIndex((mark) => mark[1] === '--');
    if (closing < 0) scan.problems.push(`MIME boundary "${boundary}" never closed`);
    const openers = closing < 0 ? marks : marks.slice(0, closing + 1);
    for (let index = 0; index < openers.length - (closing < 0 ? 0 : 1); index++) {
      const mark = openers[index];
      if (mark?.index === undefined) continue;
      const start = body.indexOf('\n', mark.index) + 1;
      const next = openers[index + 1];
      const end = next?.index ?? body.length;
      if (start > 0) scanPart(body.slice(start, end), depth + 1, scan, false);
    }
    return;
  }
  // An attached message is kept whole as an attachment; what is wrong inside it is not this mail's problem.
  if (contentType.type.startsWith('message/')) return;

  if (encoding === 'base64') {
    const compact = body.replace(/\s+/g, '');
    if (/[^A-Za-z0-9+/=]/.test(compact) || /=[^=]/.test(compact) || compact.length % 4 === 1) {
      scan.problems.push(`invalid base64 in a ${contentType.type} part, undecodable characters skipped`);
    }
  }
  // Only text bodies are decoded here: their charset is what mailparser cannot be asked about.
  if (contentType.type !== 'text/plain' && contentType.type !== 'text/html') return;
  let bytes: Buffer;
  if (encoding === 'base64') bytes = Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  else if (encoding === 'quoted-printable') bytes = decodeQuotedPrintable(body);
  else bytes = Buffer.from(body, 'latin1');

  const charset = contentType.params.get('charset') ?? null;
  if (charset !== null && !isKnownCharset(charset)) {
    scan.problems.push(`unknown charset ${charset}, read as UTF-8`);
  } else if (charset === null && !isValidUtf8(bytes)) {
    scan.problems.push('8-bit text without a declared charset, read as UTF-8');
  }
  if (isRoot && contentType.type === 'text/plain') scan.rootTextLeaf = { charset, bytes };
}

function scanMimeStructure(raw: Buffer): MimeScan {
  const scan: MimeScan = { problems: [], rootTextLeaf: null, parts: 0 };
  scanPart(raw.toString('latin1'), 0, scan, true);
  return scan;
}

/**
 * A single text/plain body in no or an unknown charset that is not UTF-8 either: for the German and
 * English mail this desk receives, Windows-1252 (a superset of ISO-8859-1) is by far the likeliest
 * reading, and it never loses a byte where UTF-8 would print replacement characters.
 */
function rereadAsWindows1252(scan: MimeScan): string | null {
  const leaf = scan.rootTextLeaf;
  if (!leaf || (leaf.charset !== null && isKnownCharset(leaf.charset)) || isValidUtf8(leaf.bytes))
    return null;
  scan.problems = scan.problems.map((problem) => problem.replace(/read as UTF-8$/, 'read as Windows-1252'));
  return decodeWindows1252(leaf.bytes).replace(/\r\n/g, '\n');
}

// Windows-1252 differs from ISO-8859-1 only in 0x80–0x9F (€, typographic quotes, dashes). Node 20's
// TextDecoder reads 'windows-1252' as ISO-8859-1 there, which turns "€ 20" into a control character.
// The five unassigned bytes stay their C1 code point, as the WHATWG table has them.
const WINDOWS_1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

export function decodeWindows1252(bytes: Buffer): string {
  return bytes
    .toString('latin1')
    .replace(/[\x80-\x9f]/g, (char) => WINDOWS_1252_HIGH[char.charCodeAt(0) - 0x80] ?? char);
}

// --- attachments ----------------------------------------------------------------------------------

function attachmentKind(attachment: Attachment, filename: string, htmlCids: Set<string>): MailAttachmentKind {
  const type = attachment.contentType.toLowerCase();
  const name = filename.toLowerCase();
  if (type === 'text/calendar' || type === 'application/ics' || /\.(ics|vcs)$/.test(name)) return 'calendar';
  if (type === 'application/ms-tnef' || type === 'application/vnd.ms-tnef' || name === 'winmail.dat')
    return 'tnef';
  if (type === 'message/rfc822' || type === 'message/global' || name.endsWith('.eml')) return 'message';
  const cid = attachment.cid ?? null;
  if (type.startsWith('image/') && cid !== null && (attachment.related || htmlCids.has(cid)))
    return 'inline-image';
  return 'file';
}

function defaultFilename(contentType: string, index: number): string {
  const type = contentType.toLowerCase();
  if (type === 'text/calendar') return 'invite.ics';
  if (type === 'application/ms-tnef' || type === 'application/vnd.ms-tnef') return 'winmail.dat';
  if (type === 'message/rfc822') return 'message.eml';
  if (type === 'message/delivery-status') return 'delivery-status.txt';
  if (type === 'text/rfc822-headers') return 'original-headers.txt';
  const subtype = /^image\/([a-z0-9.+-]+)$/.exec(type)?.[1];
  if (subtype) return `image-${index + 1}.${subtype === 'jpeg' ? 'jpg' : subtype}`;
  return `attachment-${index + 1}.bin`;
}

function attachmentsOf(result: MailparserResult, rawHtml: string): MailAttachment[] {
  const htmlCids = new Set([...rawHtml.matchAll(/cid:([^'"\s>)]+)/gi)].map((match) => match[1] ?? ''));
  return result.attachments.map((attachment, index) => {
    const filename = attachment.filename?.trim() || defaultFilename(attachment.contentType, index);
    return {
      filename,
      contentType: attachment.contentType.toLowerCase(),
      size: attachment.content.length,
      content: attachment.content,
      contentId: attachment.cid ?? null,
      kind: attachmentKind(attachment, filename, htmlCids),
    };
  });
}

// --- putting it together ----------------------------------------------------------------------------

async function runMailparser(raw: Buffer, problems: string[]): Promise<MailparserResult> {
  const options = {
    keepCidLinks: true,
    // The delivery-status part of a bounce is read by bounce.ts, not shown as text.
    keepDeliveryStatus: true,
    // A forwarded message stays one attachment (kind 'message') instead of spilling into the body.
    ignoreEmbedded: true,
    skipTextToHtml: true,
    skipTextLinks: true,
  };
  try {
    return await simpleParser(raw, options);
  } catch (error) {
    // Limits such as a header block over 1 MB or more than 1,000 parts: keep the headers and the
    // body as plain text rather than nothing.
    problems.push(`MIME structure could not be read (${(error as Error).message}), body kept as plain text`);
    const text = raw.toString('latin1');
    const end = /\r?\n\r?\n/.exec(text);
    const headerOnly = Buffer.from(`${end ? text.slice(0, end.index) : text}\r\n\r\n`, 'latin1');
    try {
      const headers = await simpleParser(headerOnly, { ...options, maxHeadSize: 64 * 1024 * 1024 });
      const body = end
        ? raw.subarray(Buffer.byteLength(text.slice(0, end.index + end[0].length), 'latin1'))
        : '';
      return { ...headers, text: body.toString('utf8'), html: false, attachments: [] };
    } catch (secondError) {
      throw new MailParseError(`mail headers could not be read: ${(secondError as Error).message}`, {
        cause: secondError,
      });
    }
  }
}

function headerProblems(lines: HeaderLines, result: MailparserResult, problems: string[]): void {
  if (rawHeader(lines, 'message-id') === null) problems.push('no Message-ID header');
  if (rawHeader(lines, 'from') === null) problems.push('no From header');
  else if (addressesOf(result.headers.get('from')).length === 0) {
    const written = writtenAddressesOf(result.headers.get('from'))[0]?.address;
    problems.push(
      written === undefined
        ? 'From header has no address'
        : `From header has no usable address ("${written.replaceAll('\0', '').slice(0, 80)}")`,
    );
  }
  if (rawHeader(lines, 'date') === null) problems.push('no Date header');
  for (const key of SINGLE_HEADERS) {
    const count = lines.filter((line) => line.key === key).length;
    if (count > 1) problems.push(`${count} ${key} headers, the first one is used`);
  }
  const long = lines.find((line) => line.line.split(/\r?\n/).some((part) => part.length > MAX_LINE_LENGTH));
  if (long) problems.push(`header line longer than ${MAX_LINE_LENGTH} characters (${long.key})`);
}

function dateOf(lines: HeaderLines, problems: string[]): Date | null {
  const value = rawHeader(lines, 'date');
  if (value === null) return null;
  // mailparser replaces an unreadable date with the current time; an unknown date is more honest.
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    problems.push(`unreadable Date header "${value.slice(0, 80)}"`);
    return null;
  }
  return date;
}

function bounceEvidenceOf(
  result: MailparserResult,
  lines: HeaderLines,
  from: MailAddress | null,
  subject: string,
  text: string,
): BounceEvidence {
  const contentType = result.headers.get('content-type') as StructuredHeader | undefined;
  return {
    fromAddress: from?.address ?? null,
    fromName: from?.name ?? '',
    subject,
    contentType: contentType?.value?.toLowerCase() ?? null,
    reportType: contentType?.params?.['report-type']?.toLowerCase() ?? null,
    xFailedRecipients: rawHeaderValues(lines, 'x-failed-recipients').flatMap((value) =>
      value.split(/[\s,;]+/).filter((address) => address.includes('@')),
    ),
    text,
    parts: result.attachments.map((attachment) => ({
      contentType: attachment.contentType.toLowerCase(),
      content: attachment.content,
    })),
  };
}

/**
 * Reads a raw mail into the shape the mail intake works with. Broken mail (missing headers, bad
 * charsets, truncated MIME, garbage bytes in a body) never throws: what is usable is returned and what
 * was wrong is listed in `problems`. Only input that is not a mail at all throws a MailParseError.
 */
export async function parseMail(raw: Buffer): Promise<ParsedMail> {
  assertLooksLikeMail(raw);
  const problems: string[] = [];
  const result = await runMailparser(raw, problems);
  const lines = result.headerLines ?? [];

  headerProblems(lines, result, problems);
  const scan = scanMimeStructure(raw);
  const reread = rereadAsWindows1252(scan);
  problems.push(...scan.problems);
  if (result.textConversionError)
    problems.push(`HTML could not be turned into text: ${result.textConversionError.message}`);

  const rawHtml = typeof result.html === 'string' ? result.html : '';
  const sanitised = rawHtml === '' ? null : sanitiseMailHtml(rawHtml);
  let text = reread ?? result.text ?? '';
  if (text.trim() === '' && rawHtml !== '') text = mailHtmlToText(rawHtml);
  // No-break spaces from HTML conversion would defeat search and the quote detection.
  text = text.replace(/\r\n/g, '\n').replace(/\u00a0/g, ' ');
  if (text.includes('\uFFFD') && !problems.some((problem) => /charset|base64/.test(problem))) {
    problems.push('the text contains bytes that could not be decoded');
  }

  const from = addressesOf(result.headers.get('from'))[0] ?? null;
  const subject = typeof result.subject === 'string' ? result.subject.trim() : '';
  const folded = foldQuotedHistory(text);
  const bounce = detectBounce(bounceEvidenceOf(result, lines, from, subject, text));
  const autoReplyValues = [
    ...rawHeaderValues(lines, 'x-autoreply'),
    ...rawHeaderValues(lines, 'x-autorespond'),
  ];

  return {
    messageId: messageIdsIn(rawHeader(lines, 'message-id') ?? '')[0] ?? null,
    inReplyTo: messageIdsIn(rawHeaderValues(lines, 'in-reply-to').join(' ')),
    references: messageIdsIn(rawHeaderValues(lines, 'references').join(' ')),
    subject,
    from,
    replyTo: addressesOf(result.headers.get('reply-to'))[0] ?? null,
    sender: addressesOf(result.headers.get('sender'))[0] ?? null,
    to: addressesOf(result.headers.get('to')),
    cc: addressesOf(result.headers.get('cc')),
    deliveredTo: addressesOf(result.headers.get('delivered-to')).map((entry) => entry.address),
    date: dateOf(lines, problems),
    text,
    html: sanitised?.html ?? null,
    remoteImages: sanitised?.remoteImages ?? 0,
    replyText: folded.reply,
    quotedText: folded.quoted,
    autoSubmitted: firstKeyword(rawHeader(lines, 'auto-submitted')),
    precedence: firstKeyword(rawHeader(lines, 'precedence')),
    listId: listIdOf(rawHeader(lines, 'list-id')),
    listUnsubscribe: rawHeader(lines, 'list-unsubscribe'),
    autoReplyHeaders: autoReplyValues.some((value) => !/^(no|false|0)$/i.test(value)),
    returnPath: returnPathOf(rawHeader(lines, 'return-path')),
    attachments: attachmentsOf(result, rawHtml),
    bounce,
    problems,
  };
}
