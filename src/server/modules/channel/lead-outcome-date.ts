// Which date a partner may give for a lead's outcome (won or lost). The date says when the deal was
// decided, so it cannot lie before the lead existed; a deal may be signed for a date a little ahead
// (a contract starting next month), but not years ahead: 9999-12-31 is a typing slip, and it would
// put the lead outside every report period. Days are the operator's (Europe/Berlin).

/** At most this many days after today: a year covers a contract start dated ahead. */
export const OUTCOME_MAX_DAYS_AHEAD = 365;

const DAY_MS = 86_400_000;
const OPERATOR_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' });

/** The operator's calendar day (YYYY-MM-DD) of an instant. */
export function operatorDay(instant: Date): string {
  return OPERATOR_DAY.format(instant);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Why `date` (YYYY-MM-DD) cannot be the outcome date of a lead created at `createdAt` (ISO
 * instant), as of `now`; null when it can.
 */
export function outcomeDateProblem(date: string, createdAt: string, now: Date): string | null {
  const created = operatorDay(new Date(createdAt));
  if (date < created) return `must not be before the lead was created (${created})`;
  const latest = addDays(operatorDay(now), OUTCOME_MAX_DAYS_AHEAD);
  if (date > latest) return `must not be more than a year ahead (${latest} at the latest)`;
  return null;
}
