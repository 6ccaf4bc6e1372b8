/**
 * Splits a plain-text mail body into what the sender wrote now and the history below it.
 *
 * Decision on signatures: a "-- " signature is folded away together with the history. The reply is
 * what an agent reads in the case stream, and a signature repeated in every message is noise there;
 * nothing is lost, the folded part stays one click away. A reply that would be empty after folding is
 * never folded at all (a mail that is only a forward, only a signature or only a quote keeps its text).
 */
export type FoldedText = { reply: string; quoted: string | null };

const GERMAN_ATTRIBUTION = /^\s*Am\s.+\s(schrieb|geschrieben)\b.*:\s*$/i;
const ENGLISH_ATTRIBUTION = /^\s*On\s.+\swrote:\s*$/i;
const ORIGINAL_MESSAGE_SEPARATOR =
  /^\s*-{2,}\s*(Ursprüngliche Nachricht|Original-?Nachricht|Original Message)\s*-{2,}\s*$/i;
const SIGNATURE_DELIMITER = /^-- ?$/;
const UNDERSCORE_RULE = /^\s*_{10,}\s*$/;
const OUTLOOK_FROM = /^\s*\*?(Von|From)\s*:\*?\s*\S/i;
const OUTLOOK_SENT = /^\s*\*?(Gesendet|Sent|Datum|Date)\s*:\*?\s*\S/i;
const OUTLOOK_SUBJECT = /^\s*\*?(Betreff|Subject)\s*:\*?/i;

function isQuoted(line: string): boolean {
  return line.trimStart().startsWith('>');
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** Attributions are often wrapped by the sender's client, so a line is also tried joined to the next. */
function attributionLines(lines: string[], index: number): number {
  const line = lines[index] ?? '';
  if (isAttribution(line)) return 1;
  if (!/^\s*(Am|On)\s/i.test(line)) return 0;
  return isAttribution(`${line} ${lines[index + 1] ?? ''}`) ? 2 : 0;
}

function isAttribution(line: string): boolean {
  // A real attribution carries a date or an address; "Am Montag schrieb ich Ihnen:" is prose.
  if (!/[\d@]/.test(line)) return false;
  return GERMAN_ATTRIBUTION.test(line) || ENGLISH_ATTRIBUTION.test(line);
}

/**
 * An attribution only starts the history when the sender did not answer inline below it: quoted lines
 * followed by new unquoted text mean the reply is interleaved with the quote and must stay whole.
 */
function isFollowedByInterleavedAnswer(lines: string[], from: number): boolean {
  let seenQuote = false;
  for (let index = from; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (isBlank(line)) continue;
    if (isQuoted(line)) seenQuote = true;
    else if (seenQuote) return true;
  }
  return false;
}

/** An Outlook header block: From/Von, then Sent/Gesendet and Subject/Betreff within a few lines. */
function isOutlookHeaderBlock(lines: string[], index: number): boolean {
  if (!OUTLOOK_FROM.test(lines[index] ?? '')) return false;
  const block = lines.slice(index + 1, index + 7);
  const sent = block.findIndex((line) => OUTLOOK_SENT.test(line));
  const subject = block.findIndex((line) => OUTLOOK_SUBJECT.test(line));
  // Sent follows From directly (a wrapped From line at most); To and Cc may wrap, so Subject may come later.
  return sent >= 0 && sent <= 1 && subject > sent;
}

/** The index of the first line that belongs to the history, or -1 when there is none. */
function historyStart(lines: string[]): number {
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (SIGNATURE_DELIMITER.test(line)) return index;
    if (ORIGINAL_MESSAGE_SEPARATOR.test(line)) return index;
    if (isOutlookHeaderBlock(lines, index)) {
      // Outlook puts a rule of underscores above the block; it belongs to the history.
      const previous = lines[index - 1];
      return previous !== undefined && UNDERSCORE_RULE.test(previous) ? index - 1 : index;
    }
    const attribution = attributionLines(lines, index);
    if (attribution > 0 && !isFollowedByInterleavedAnswer(lines, index + attribution)) return index;
  }
  // No marker: the history is a trailing run of quoted lines, if any.
  let start = lines.length;
  for (let index = lines.length - 1; index >= 0; index--) {
    const line = lines[index] ?? '';
    if (isQuoted(line)) start = index;
    else if (!isBlank(line)) break;
  }
  return start < lines.length ? start : -1;
}

export function foldQuotedHistory(text: string): FoldedText {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const start = historyStart(lines);
  if (start < 0) return { reply: text, quoted: null };
  const reply = lines.slice(0, start).join('\n').trimEnd();
  const quoted = lines.slice(start).join('\n').trim();
  if (reply.trim() === '' || quoted === '') return { reply: text, quoted: null };
  return { reply, quoted };
}
