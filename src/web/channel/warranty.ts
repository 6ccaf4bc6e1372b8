// Warranty ends are calendar days (YYYY-MM-DD); "today" is the user's day, not UTC's.

/** Today as YYYY-MM-DD in the given time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  try {
    // en-CA writes dates as YYYY-MM-DD.
    return new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/** Whole days from `today` to `day` (both YYYY-MM-DD): 0 on the day itself, negative once past. */
export function daysBetween(today: string, day: string): number {
  const a = Date.parse(`${today}T00:00:00Z`);
  const b = Date.parse(`${day}T00:00:00Z`);
  return Math.round((b - a) / 86_400_000);
}

/** YYYY-MM-DD plus whole days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Ends within this many days: shown as "ending soon". */
export const ENDING_SOON_DAYS = 90;

export type WarrantyState = 'none' | 'expired' | 'endingSoon' | 'running';

export function warrantyState(warrantyEnd: string | null, today: string): WarrantyState {
  if (warrantyEnd === null) return 'none';
  const left = daysBetween(today, warrantyEnd);
  if (left < 0) return 'expired';
  return left <= ENDING_SOON_DAYS ? 'endingSoon' : 'running';
}

type Dated = { warrantyEnd: string | null; serial: string };

/**
 * Assets by warranty end as a partner works them: running warranties first, the soonest end first;
 * then expired ones, the most recently expired first (a missed renewal is still worth a call);
 * those without a warranty end last.
 */
export function byWarrantyEnd(today: string): (a: Dated, b: Dated) => number {
  const group = (asset: Dated) => (asset.warrantyEnd === null ? 2 : asset.warrantyEnd < today ? 1 : 0);
  return (a, b) => {
    const ga = group(a);
    const gb = group(b);
    if (ga !== gb) return ga - gb;
    if (a.warrantyEnd === b.warrantyEnd || a.warrantyEnd === null || b.warrantyEnd === null)
      return a.serial.localeCompare(b.serial);
    return ga === 0 ? a.warrantyEnd.localeCompare(b.warrantyEnd) : b.warrantyEnd.localeCompare(a.warrantyEnd);
  };
}
