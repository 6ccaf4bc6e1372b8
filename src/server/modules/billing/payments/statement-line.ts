import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/app-error';

// What a bank statement parser hands on: one line per payment, in cents, with a key that stays
// the same when the same statement (or an overlapping one) is imported again.

export type StatementLine = {
  /** Where it stands in the file, for messages: "entry 3" or "line 7". */
  position: string;
  /** Cents; negative for a debit (a return debit, Rücklastschrift). */
  amountCents: number;
  bookingDate: string;
  valueDate: string | null;
  payerName: string | null;
  payerIban: string | null;
  reference: string | null;
  endToEndId: string | null;
  bankReference: string | null;
  dedupeKey: string;
};

/** A 400 naming where in the file the problem is. */
export function statementError(position: string, message: string): AppError {
  return new AppError('validation', `${position}: ${message}`, [{ field: position, message }]);
}

/** "123.45" or "123,45" (with the given decimal mark) → 12345; null when it is not an amount. */
export function parseDecimalCents(text: string, decimalMark: '.' | ','): number | null {
  let value = text.replace(/[\s\u00a0€]|EUR/g, '');
  if (decimalMark === ',') value = value.replace(/\./g, '').replace(',', '.');
  else value = value.replace(/,/g, '');
  const match = /^([+-]?)(\d+)(?:\.(\d{1,2}))?$/.exec(value);
  if (!match) return null;
  const cents = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) return null;
  return match[1] === '-' ? -cents : cents;
}

/** A real calendar day as YYYY-MM-DD, or null. */
export function isoDay(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }
  return date.toISOString().slice(0, 10);
}

/** IBAN as stored: without spaces, upper case; null when empty. */
export function compactIban(value: string | null | undefined): string | null {
  const compact = (value ?? '').replace(/\s+/g, '').toUpperCase();
  return compact === '' ? null : compact;
}

/** Text trimmed with inner runs of white space made one; null when empty. */
export function cleanText(value: string | null | undefined): string | null {
  const cleaned = (value ?? '').replace(/\s+/g, ' ').trim();
  return cleaned === '' ? null : cleaned;
}

/**
 * The key of a line without a bank reference: a hash of what the line says, plus how many
 * identical lines came before it in the same file, so two equal payments on one day stay two and
 * the same file imported again gives the same keys.
 */
export function contentKeys(prefix: string, contents: string[]): string[] {
  const seen = new Map<string, number>();
  return contents.map((content) => {
    const hash = createHash('sha256').update(content).digest('hex').slice(0, 40);
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    return `${prefix}:${hash}:${occurrence}`;
  });
}
