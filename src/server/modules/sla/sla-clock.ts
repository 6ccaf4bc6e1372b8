// SLA clocks: replay a clock's event history against a business calendar to get its state at
// `now`. Pure and deterministic, so the case API and the scheduler compute the same answer.
import { addBusinessMinutes, type BusinessCalendar, businessMinutesBetween } from './business-calendar';

export type ClockKind = 'first_response' | 'silence' | 'resolution';

export type ClockEventType = 'start' | 'pause' | 'resume' | 'stop' | 'restart';

/**
 * One entry of a clock's history:
 * - start: the case opened (all three kinds).
 * - restart: silence only: a public message to the customer; counting begins again from 0.
 * - pause / resume: the case entered / left waiting_customer.
 * - stop: the clock is fulfilled (first public reply for first_response, resolved for resolution).
 */
export type ClockEvent = { at: Date; type: ClockEventType };

export type ClockStatus = 'not_started' | 'running' | 'paused' | 'stopped' | 'breached';

export type ClockState = {
  /**
   * not_started: no start/restart yet. running: counting, before due. breached: counting, at or
   * after due. paused: waiting_customer (even if already breached: see breachedAt). stopped:
   * fulfilled (see met).
   */
  state: ClockStatus;
  /** When the target is or was reached while counting; null unless running or breached. */
  dueAt: Date | null;
  /** When the current cycle breached, also after a later pause or a late stop; else null. */
  breachedAt: Date | null;
  /** Business minutes counted in the current cycle up to now or the stop; may be fractional. */
  elapsedBusinessMinutes: number;
  /** target − elapsed; negative once business time passes after a breach (0 right at it). */
  remainingBusinessMinutes: number;
  /** When elapsed reaches target − warnBeforeMinutes in this cycle; null unless counting. */
  warnAt: Date | null;
  /** Stopped: true if stopped at or before the due time, false if late. null otherwise. */
  met: boolean | null;
  /** The `now` this state was computed for; nextTimerAt compares warnAt with it. */
  asOf: Date;
};

type Cycle = {
  /** Business ms counted in closed segments of this cycle. */
  elapsedMs: number;
  breachedAt: number | null;
  warnedAt: number | null;
};

const MINUTE_MS = 60_000;

/**
 * The instant at which `thresholdMs` of the cycle is reached when counting from `segmentStart`
 * with `elapsedMs` already counted. Works in whole ms so it agrees with businessMinutesBetween.
 * With nothing left to count the threshold is reached the instant counting (re)starts, even
 * outside business hours: otherwise an ignored event or a pause and resume at the same instant
 * would move a breach from a closing time to the next opening.
 */
function reachedAt(
  calendar: BusinessCalendar,
  segmentStart: number,
  elapsedMs: number,
  thresholdMs: number,
): number {
  const needMs = thresholdMs - elapsedMs;
  if (needMs <= 0) return segmentStart;
  return addBusinessMinutes(calendar, new Date(segmentStart), needMs / MINUTE_MS).getTime();
}

/**
 * Computes an SLA clock's state at `now` by replaying `events`.
 *
 * Rules:
 * - Events are sorted by time (stable, so same-instant events keep their given order, e.g.
 *   start then pause for a case created as waiting_customer); events after `now` are ignored.
 * - Only business time (per `calendar`) counts, and only while started, not paused and not
 *   stopped. Nothing counts before the first start/restart (state 'not_started').
 * - start begins counting from 0; a start on a clock that was already started is ignored, so
 *   replayed duplicates are harmless.
 * - restart begins a new cycle from 0 at that instant: breachedAt, warnAt and met of the earlier
 *   cycle are discarded (the scheduler records breaches as they fire). It does not change the
 *   paused flag and it re-activates a stopped clock (e.g. a reopened case's silence clock).
 * - pause / resume toggle a paused flag that is independent of start and stop; a pause while
 *   paused or a resume while not paused is ignored.
 * - stop freezes elapsed time; later pause/resume do not matter until a restart.
 * - The due time is the instant elapsed business time reaches `targetBusinessMinutes` (see
 *   addBusinessMinutes: a target reached exactly at closing time is due at closing time). With
 *   nothing left to count (a target of 0, or a resume after a pause at exactly the due time) it
 *   is the instant counting (re)starts, even outside business hours.
 * - Breach: the clock breaches at the due time if it is still counting then. Events at exactly
 *   the due time come first: a stop then is met; a pause then defers the breach to the resume.
 *   `now` equal to the due time is already breached, so a scheduler timer firing at dueAt sees
 *   the breach. A stop after the due time is 'stopped' with met false and breachedAt set, even
 *   when no business time passed in between (due Fri 17:00, answered Sat 10:00).
 * - warnAt is when elapsed reaches max(0, target − warnBeforeMinutes) in this cycle, in the past
 *   if already reached; only computed while counting and when warnBeforeMinutes > 0.
 *
 * Throws RangeError for a negative or non-finite target or warnBeforeMinutes, invalid dates, or a
 * malformed calendar.
 */
export function computeClock(
  calendar: BusinessCalendar,
  targetBusinessMinutes: number,
  events: ClockEvent[],
  now: Date,
  warnBeforeMinutes?: number,
): ClockState {
  if (!Number.isFinite(targetBusinessMinutes) || targetBusinessMinutes < 0) {
    throw new RangeError(`targetBusinessMinutes must be a finite number >= 0, got ${targetBusinessMinutes}`);
  }
  if (warnBeforeMinutes !== undefined && (!Number.isFinite(warnBeforeMinutes) || warnBeforeMinutes < 0)) {
    throw new RangeError(`warnBeforeMinutes must be a finite number >= 0, got ${warnBeforeMinutes}`);
  }
  const nowMs = now.getTime();
  if (!Number.isFinite(nowMs)) throw new RangeError('now is an invalid Date');
  for (const event of events) {
    if (!Number.isFinite(event.at.getTime())) throw new RangeError(`${event.type} event has an invalid Date`);
  }

  const targetMs = Math.round(targetBusinessMinutes * MINUTE_MS);
  const warnMs =
    warnBeforeMinutes !== undefined && warnBeforeMinutes > 0
      ? Math.max(0, targetMs - Math.round(warnBeforeMinutes * MINUTE_MS))
      : null;

  const history = events
    .map((event, index) => ({ ...event, ms: event.at.getTime(), index }))
    .filter((event) => event.ms <= nowMs)
    .sort((a, b) => a.ms - b.ms || a.index - b.index);

  let phase: 'not_started' | 'active' | 'stopped' = 'not_started';
  let paused = false;
  let cycle: Cycle = { elapsedMs: 0, breachedAt: null, warnedAt: null };
  // Start of the current counting segment; null while not counting.
  let segmentStart: number | null = null;

  // Counts the segment [segmentStart, end) and records thresholds crossed in it. A threshold
  // reached exactly at `end` counts as crossed only when `end` is `now` (inclusive), not when an
  // event ends the segment there (the event wins). Returns the cycle's due and warn instants as
  // seen from this segment (possibly after `end`).
  const closeSegment = (start: number, end: number, inclusive: boolean) => {
    const crossed = (at: number) => (inclusive ? at <= end : at < end);
    const due = cycle.breachedAt ?? reachedAt(calendar, start, cycle.elapsedMs, targetMs);
    if (cycle.breachedAt === null && crossed(due)) cycle.breachedAt = due;
    let warn: number | null = null;
    if (warnMs !== null) {
      warn = cycle.warnedAt ?? reachedAt(calendar, start, cycle.elapsedMs, warnMs);
      if (cycle.warnedAt === null && crossed(warn)) cycle.warnedAt = warn;
    }
    cycle.elapsedMs += Math.round(
      businessMinutesBetween(calendar, new Date(start), new Date(end)) * MINUTE_MS,
    );
    return { due, warn };
  };
  const counting = () => phase === 'active' && !paused;

  for (const event of history) {
    if (segmentStart !== null) closeSegment(segmentStart, event.ms, false);
    switch (event.type) {
      case 'start':
        if (phase === 'not_started') phase = 'active';
        break;
      case 'restart':
        phase = 'active';
        cycle = { elapsedMs: 0, breachedAt: null, warnedAt: null };
        break;
      case 'pause':
        paused = true;
        break;
      case 'resume':
        paused = false;
        break;
      case 'stop':
        if (phase === 'active') phase = 'stopped';
        break;
    }
    // Re-open the segment at this instant if still counting, so a closed segment never spans
    // a state change and an ignored event does not lose time.
    segmentStart = counting() ? event.ms : null;
  }

  let dueMs: number | null = null;
  let warnAtMs: number | null = null;
  if (segmentStart !== null) {
    const open = closeSegment(segmentStart, nowMs, true);
    dueMs = open.due;
    warnAtMs = open.warn;
  }

  const elapsedBusinessMinutes = cycle.elapsedMs / MINUTE_MS;
  const base = {
    breachedAt: cycle.breachedAt === null ? null : new Date(cycle.breachedAt),
    elapsedBusinessMinutes,
    remainingBusinessMinutes: (targetMs - cycle.elapsedMs) / MINUTE_MS,
    asOf: new Date(nowMs),
  };
  if (phase === 'not_started' || phase === 'stopped' || paused) {
    const state: ClockStatus = phase === 'active' ? 'paused' : phase;
    return {
      ...base,
      state,
      dueAt: null,
      warnAt: null,
      met: phase === 'stopped' ? cycle.breachedAt === null : null,
    };
  }
  return {
    ...base,
    state: cycle.breachedAt === null ? 'running' : 'breached',
    dueAt: dueMs === null ? null : new Date(dueMs),
    warnAt: warnAtMs === null ? null : new Date(warnAtMs),
    met: null,
  };
}

/**
 * What the scheduler stores as the clock's due_at: the earliest of warnAt (only if still after
 * `state.asOf`) and dueAt while the clock is running. null when nothing is pending: paused,
 * stopped, not started, or already breached (the breach has been observed by whoever computed
 * this state, so storing the past dueAt would only make the scheduler fire again). Recompute the
 * clock on every event, since a resume or restart creates a new timer.
 */
export function nextTimerAt(state: ClockState): Date | null {
  if (state.state !== 'running' || state.dueAt === null) return null;
  if (state.warnAt !== null && state.warnAt.getTime() > state.asOf.getTime()) {
    return state.warnAt.getTime() < state.dueAt.getTime() ? state.warnAt : state.dueAt;
  }
  return state.dueAt;
}
