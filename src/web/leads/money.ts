// Money in the lead forms: euros typed with a German (1.250,50) or English (1,250.50) separator
// become integer cents; the API never sees a float.

/** What the protection deadline leaves, for "noch 9 Tage": whole days from 36 hours on, hours below. */
export type TimeLeft =
  | { unit: 'days'; count: number }
  | { unit: 'hours'; count: number }
  | { unit: 'soon' }
  | { unit: 'expired' };

const HOUR = 3_600_000;

export function timeLeft(until: string, now: Date): TimeLeft {
  const ms = new Date(until).getTime() - now.getTime();
  if (Number.isNaN(ms) || ms <= 0) return { unit: 'expired' };
  // Below a day and a half "noch 1 Tag" would hide that the end is tomorrow morning.
  if (ms >= 36 * HOUR) return { unit: 'days', count: Math.round(ms / (24 * HOUR)) };
  if (ms >= HOUR) return { unit: 'hours', count: Math.floor(ms / HOUR) };
  return { unit: 'soon' };
}

/** A number of euros (as the number input gives it) in cents; null for an empty input. */
export function euroToCents(value: number | string): number | null {
  if (value === '' || value === null || value === undefined) return null;
  const euros = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(euros)) return null;
  // Math.round: 19.99 * 100 is 1998.9999999999998 in floating point.
  return Math.round(euros * 100);
}

export function centsToEuro(cents: number | null): number | string {
  return cents === null ? '' : cents / 100;
}

/** The separators of the euro inputs in the UI language. */
export function euroSeparators(language: string): { decimalSeparator: string; thousandSeparator: string } {
  return language.startsWith('en')
    ? { decimalSeparator: '.', thousandSeparator: ',' }
    : { decimalSeparator: ',', thousandSeparator: '.' };
}
