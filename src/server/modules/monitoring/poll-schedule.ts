// When a source is polled next. After errors the wait doubles with each failure in a row (its
// interval, 2×, 4×, … up to a day), so a dead blog is not hammered and a short outage costs
// one interval. The outbox's backoff (jobs/backoff.ts) starts at 30 s and stops at an hour,
// which would poll a failing feed more often than a working one.

const MAX_DELAY_MINUTES = 24 * 60;
export const MIN_INTERVAL_MINUTES = 5;
export const DEFAULT_INTERVAL_MINUTES = 30;

/** Minutes until the next poll after `errorCount` failures in a row (0 = the last poll worked). */
export function nextPollDelayMinutes(intervalMinutes: number, errorCount: number): number {
  const base = Math.max(MIN_INTERVAL_MINUTES, intervalMinutes);
  if (errorCount <= 0) return base;
  return Math.min(MAX_DELAY_MINUTES, Math.max(base, base * 2 ** Math.min(errorCount - 1, 10)));
}
