// Business-hours calendars for SLA clocks: which instants count as business time, and how to add
// or measure business minutes. All arithmetic is done on UTC milliseconds; the calendar's local
// wall-clock hours are converted per local day, so DST changes, holidays and closed dates are
// handled day by day (never minute by minute).
import Holidays from 'date-holidays';
import { GERMAN_STATE_CODES } from '../../shared/german-states';

export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Local wall-clock time 'HH:MM' (00:00–23:59; '24:00' is allowed as an interval end). */
export type LocalTime = string;

export type BusinessCalendar = {
  /** IANA time zone the hours are expressed in, e.g. 'Europe/Berlin'. */
  timeZone: string;
  /** ISO weekday 1=Mon..7=Sun → list of [start, end) local times 'HH:MM'; '24:00' ends at midnight. */
  hours: Partial<Record<IsoWeekday, Array<[LocalTime, LocalTime]>>>;
  /**
   * German state code (BW, BY, BE, BB, HB, HH, HE, MV, NI, NW, RP, SL, SN, ST, SH, TH) for that
   * state's public holidays, 'DE' for the nationwide public holidays only, or null for none.
   */
  holidayState: string | null;
  /** Extra closed dates 'YYYY-MM-DD' (e.g. 24.12., 31.12.), in the calendar's time zone. */
  closedDates?: string[];
};

/** One thing wrong with a calendar; `field` is a path such as 'hours.1[0]' for a 400 response. */
export type CalendarProblem = { field: string; message: string };

export { GERMAN_STATE_CODES };

/** Accepted values of `holidayState` besides null: 'DE' (nationwide only) and the 16 states. */
export const HOLIDAY_STATE_CODES: readonly string[] = ['DE', ...GERMAN_STATE_CODES];

const WORKDAY: Array<[LocalTime, LocalTime]> = [['08:00', '17:00']];

/**
 * Mon–Fri 08:00–17:00 Europe/Berlin, closed on the nationwide German public holidays ('DE').
 * No single state is a sensible default for a company, so only the holidays every state shares
 * are used; configure `holidayState` to add a state's own holidays (e.g. Reformationstag in NI).
 */
export const DEFAULT_CALENDAR: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  hours: { 1: WORKDAY, 2: WORKDAY, 3: WORKDAY, 4: WORKDAY, 5: WORKDAY },
  holidayState: 'DE',
  closedDates: [],
};

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
// A valid calendar opens at least once a week; only closedDates can close longer. After this many
// consecutive calendar days without business time we give up instead of looping forever.
const MAX_CLOSED_DAYS = 1000;

const TIME_PATTERN = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Minutes since local midnight for 'HH:MM' (1440 for '24:00'), or null if malformed. */
function parseLocalTime(time: string): number | null {
  const match = TIME_PATTERN.exec(time);
  if (!match) return null;
  if (match[1] === undefined) return 1440;
  return Number(match[1]) * 60 + Number(match[2]);
}

/** [year, month (1–12), day] of a real calendar date 'YYYY-MM-DD', or null. */
function parseDate(date: string): [number, number, number] | null {
  const match = DATE_PATTERN.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2026-02-30 over to March; a round trip exposes impossible dates.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return null;
  }
  return [year, month, day];
}

function mustParseDate(date: string): [number, number, number] {
  const parsed = parseDate(date);
  if (!parsed) throw new RangeError(`Invalid date '${date}', expected YYYY-MM-DD`);
  return parsed;
}

function formatUtcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  const [year, month, day] = mustParseDate(date);
  return formatUtcDate(Date.UTC(year, month - 1, day + days));
}

function isoWeekday(date: string): IsoWeekday {
  const [year, month, day] = mustParseDate(date);
  const sundayZero = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return (sundayZero === 0 ? 7 : sundayZero) as IsoWeekday;
}

// Building an Intl.DateTimeFormat is far more expensive than using one, so keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      // h23, not hour12: false, which renders midnight as '24' in some ICU versions.
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function wallClockFromIntl(timeZone: string, ms: number): WallClock {
  const wall: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type in wall) wall[part.type as keyof WallClock] = Number(part.value);
  }
  return wall;
}

// formatToParts is the hot spot of every clock computation. A zone's offset only changes at
// transitions, and since 1970 every transition in the tz database falls on a quarter hour of
// UTC, so the offset is constant within a UTC quarter hour and can be cached per quarter.
const QUARTER_MS = 15 * 60_000;
const offsets = new Map<string, number>();

/** UTC offset of `timeZone` at instant `ms`, in ms (local wall clock minus UTC). */
function offsetAt(timeZone: string, ms: number): number {
  const quarter = Math.floor(ms / QUARTER_MS);
  const key = `${timeZone}|${quarter}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const start = quarter * QUARTER_MS;
    const wall = wallClockFromIntl(timeZone, start);
    offset = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - start;
    if (offsets.size >= 50_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

function wallClockAt(timeZone: string, ms: number): WallClock {
  const local = new Date(Math.floor(ms / 1000) * 1000 + offsetAt(timeZone, ms));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/**
 * Converts a local wall-clock date and time in `timeZone` to the UTC instant.
 *
 * - `timeStr` is 'HH:MM' or 'HH:MM:SS'; '24:00' means midnight at the end of `dateStr`.
 * - Nonexistent local times (the spring-forward gap, e.g. 02:30 on 2026-03-29 in Europe/Berlin)
 *   resolve to the instant the gap ends (03:00 CEST), so a business interval never gains time
 *   inside a gap and an interval lying entirely in the gap is empty.
 * - Ambiguous local times (the fall-back overlap, e.g. 02:30 on 2026-10-25 in Europe/Berlin)
 *   resolve to the earlier instant (02:30 CEST = 00:30 UTC).
 *
 * Throws RangeError for a malformed date or time or an unknown time zone.
 */
export function zonedTimeToUtc(dateStr: string, timeStr: string, timeZone: string): Date {
  const [year, month, day] = mustParseDate(dateStr);
  const match = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(timeStr);
  const [hour, minute, second] = match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : [];
  const valid =
    hour !== undefined &&
    minute !== undefined &&
    second !== undefined &&
    ((hour < 24 && minute < 60 && second < 60) || (hour === 24 && minute === 0 && second === 0));
  if (!valid) throw new RangeError(`Invalid local time '${timeStr}', expected HH:MM`);
  // Date.UTC carries hour 24 over into the next day, which is exactly what '24:00' means.
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  // Real zones change offset at most once within ±24 h, so the offsets a day before and after
  // are the only candidates; each candidate is valid if the zone really has that offset then.
  const offsetBefore = offsetAt(timeZone, wallAsUtc - DAY_MS);
  const offsetAfter = offsetAt(timeZone, wallAsUtc + DAY_MS);
  const early = wallAsUtc - Math.max(offsetBefore, offsetAfter);
  const late = wallAsUtc - Math.min(offsetBefore, offsetAfter);
  if (offsetAt(timeZone, early) === wallAsUtc - early) return new Date(early);
  if (offsetAt(timeZone, late) === wallAsUtc - late) return new Date(late);
  // Neither candidate exists: the wall time lies in a gap, and the transition lies between the
  // two candidates. Binary-search the first instant that already has the later offset.
  let lo = early; // before the transition
  let hi = late; // after the transition
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (offsetAt(timeZone, mid) === offsetAfter) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/** Local date 'YYYY-MM-DD' and time 'HH:MM' of `instant` in `timeZone` (for display and tests). */
export function utcToZonedParts(instant: Date, timeZone: string): { date: string; time: string } {
  const wall = wallClockAt(timeZone, instant.getTime());
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return {
    date: `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`,
    time: `${pad(wall.hour)}:${pad(wall.minute)}`,
  };
}

function localDateOf(timeZone: string, ms: number): string {
  const wall = wallClockAt(timeZone, ms);
  return formatUtcDate(Date.UTC(wall.year, wall.month - 1, wall.day));
}

// date-holidays recomputes every rule on each call; SLA clocks ask about the same few years
// over and over, so keep the public-holiday dates per (state, year).
const holidayCache = new Map<string, Set<string>>();
const holidayProviders = new Map<string, Holidays>();

function publicHolidays(state: string, year: number): Set<string> {
  const key = `${state}:${year}`;
  let dates = holidayCache.get(key);
  if (!dates) {
    let provider = holidayProviders.get(state);
    if (!provider) {
      provider = state === 'DE' ? new Holidays('DE') : new Holidays('DE', state);
      holidayProviders.set(state, provider);
    }
    dates = new Set(
      provider
        .getHolidays(year)
        // Only 'public' days close offices; 'bank', 'school', 'optional' and 'observance' do not.
        .filter((holiday) => holiday.type === 'public')
        .map((holiday) => holiday.date.slice(0, 10)),
    );
    holidayCache.set(key, dates);
  }
  return dates;
}

/** Whether `date` ('YYYY-MM-DD') is a public holiday for `holidayState` ('DE', a state, or null). */
export function isPublicHoliday(holidayState: string | null, date: string): boolean {
  if (holidayState === null) return false;
  if (!HOLIDAY_STATE_CODES.includes(holidayState)) {
    throw new RangeError(`Unknown holiday state '${holidayState}'`);
  }
  return publicHolidays(holidayState, mustParseDate(date)[0]).has(date);
}

type Interval = [start: number, end: number];

function localTimeOrThrow(time: string): number {
  const minutes = parseLocalTime(time);
  if (minutes === null) throw new RangeError(`Invalid business-hours time '${time}', expected HH:MM`);
  return minutes;
}

/**
 * Business intervals of one local date as sorted, non-overlapping UTC [start, end) pairs. They
 * always lie within that local day, so each instant belongs to the intervals of its local date.
 */
function dayIntervals(calendar: BusinessCalendar, date: string): Interval[] {
  const ranges = calendar.hours[isoWeekday(date)];
  if (!ranges || ranges.length === 0) return [];
  if (calendar.closedDates?.includes(date)) return [];
  if (isPublicHoliday(calendar.holidayState, date)) return [];
  const intervals: Interval[] = [];
  for (const [start, end] of ranges) {
    // Validate before converting so a bad calendar fails loudly instead of silently closing.
    if (localTimeOrThrow(end) <= localTimeOrThrow(start)) continue;
    const startMs = zonedTimeToUtc(date, start, calendar.timeZone).getTime();
    const endMs = zonedTimeToUtc(date, end, calendar.timeZone).getTime();
    // Empty when the whole interval lies in a spring-forward gap.
    if (endMs > startMs) intervals.push([startMs, endMs]);
  }
  intervals.sort((a, b) => a[0] - b[0]);
  // validateCalendar rejects overlaps; merging keeps unvalidated input from double-counting.
  const merged: Interval[] = [];
  for (const interval of intervals) {
    const last = merged[merged.length - 1];
    if (last && interval[0] <= last[1]) last[1] = Math.max(last[1], interval[1]);
    else merged.push([interval[0], interval[1]]);
  }
  return merged;
}

function instantMs(instant: Date, name: string): number {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`${name} is an invalid Date`);
  return ms;
}

/**
 * Whether `instant` lies within business hours of `calendar`: on an open weekday, not a public
 * holiday or closed date, inside a [start, end) interval (the closing minute itself is outside).
 */
export function isBusinessTime(calendar: BusinessCalendar, instant: Date): boolean {
  const ms = instantMs(instant, 'instant');
  return dayIntervals(calendar, localDateOf(calendar.timeZone, ms)).some(([start, end]) => {
    return start <= ms && ms < end;
  });
}

/** Core of addBusinessMinutes, in milliseconds. */
function addBusinessMillis(calendar: BusinessCalendar, startMs: number, millis: number): number {
  let remaining = millis;
  let date = localDateOf(calendar.timeZone, startMs);
  for (let closedDays = 0; closedDays <= MAX_CLOSED_DAYS; closedDays++) {
    for (const [start, end] of dayIntervals(calendar, date)) {
      if (end <= startMs) continue;
      closedDays = 0;
      const from = Math.max(start, startMs);
      // `<=` makes a target that ends exactly at closing time due at closing time, not at the
      // next opening; with 0 remaining it yields the first business instant.
      if (remaining <= end - from) return from + remaining;
      remaining -= end - from;
    }
    date = addDays(date, 1);
  }
  throw new RangeError(`Calendar has no business time for ${MAX_CLOSED_DAYS} consecutive days`);
}

/**
 * The instant at which `minutes` business minutes have elapsed after `start`.
 *
 * - If `start` is outside business hours, counting begins at the next opening.
 * - A result that lands exactly on a closing time is that closing time (Fri 16:00 + 60 min with
 *   17:00 closing → Fri 17:00, not Mon 08:00).
 * - `minutes = 0` returns the first business instant at or after `start`: `start` itself during
 *   business hours, else the next opening (same as nextBusinessOpening), so due times always lie
 *   in business time or at a closing time.
 * - Fractional minutes are allowed and rounded to whole milliseconds.
 *
 * Iterates per local day, so large values are cheap. Throws RangeError for negative or
 * non-finite `minutes`, an invalid `start`, a malformed calendar, or a calendar that has no
 * business time for 1000 consecutive days.
 */
export function addBusinessMinutes(calendar: BusinessCalendar, start: Date, minutes: number): Date {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`minutes must be a finite number >= 0, got ${minutes}`);
  }
  const startMs = instantMs(start, 'start');
  return new Date(addBusinessMillis(calendar, startMs, Math.round(minutes * MINUTE_MS)));
}

/** Core of businessMinutesBetween, in milliseconds. */
function businessMillisBetween(calendar: BusinessCalendar, fromMs: number, toMs: number): number {
  if (toMs <= fromMs) return 0;
  let total = 0;
  const lastDate = localDateOf(calendar.timeZone, toMs);
  for (let date = localDateOf(calendar.timeZone, fromMs); date <= lastDate; date = addDays(date, 1)) {
    for (const [start, end] of dayIntervals(calendar, date)) {
      const overlap = Math.min(end, toMs) - Math.max(start, fromMs);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}

/**
 * Business minutes within [from, to); 0 if `to <= from`. May be fractional when the instants are
 * not on whole minutes. Inverse of addBusinessMinutes:
 * `businessMinutesBetween(c, s, addBusinessMinutes(c, s, m)) === m` for whole-millisecond `m`.
 * Iterates per local day; throws RangeError for invalid dates or a malformed calendar.
 */
export function businessMinutesBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  return businessMillisBetween(calendar, instantMs(from, 'from'), instantMs(to, 'to')) / MINUTE_MS;
}

/**
 * The first business instant at or after `instant`: `instant` itself during business hours,
 * otherwise the start of the next business interval (skipping weekends, holidays and closed
 * dates). Throws RangeError like addBusinessMinutes.
 */
export function nextBusinessOpening(calendar: BusinessCalendar, instant: Date): Date {
  return new Date(addBusinessMillis(calendar, instantMs(instant, 'instant'), 0));
}

/** Problems with `calendar`'s time zone, hours, holiday state and closed dates; empty when valid. */
function problemsOf(calendar: BusinessCalendar): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  // The value usually comes straight from a request body, so check shapes, not just values.
  const raw = calendar as unknown as Record<string, unknown>;

  if (typeof raw.timeZone !== 'string' || raw.timeZone === '') {
    problems.push({ field: 'timeZone', message: 'must be an IANA time zone such as Europe/Berlin' });
  } else {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: raw.timeZone });
    } catch {
      problems.push({ field: 'timeZone', message: `unknown time zone '${raw.timeZone}'` });
    }
  }

  const hours = raw.hours;
  let intervalCount = 0;
  if (typeof hours !== 'object' || hours === null || Array.isArray(hours)) {
    problems.push({ field: 'hours', message: 'must map ISO weekdays 1 (Mon) to 7 (Sun) to intervals' });
  } else {
    for (const [key, ranges] of Object.entries(hours)) {
      const field = `hours.${key}`;
      if (!/^[1-7]$/.test(key)) {
        problems.push({ field, message: 'weekday must be 1 (Mon) to 7 (Sun)' });
        continue;
      }
      if (!Array.isArray(ranges)) {
        problems.push({ field, message: "must be a list of ['HH:MM', 'HH:MM'] intervals" });
        continue;
      }
      const parsed: Array<{ start: number; end: number; index: number }> = [];
      ranges.forEach((range: unknown, index) => {
        const rangeField = `${field}[${index}]`;
        if (!Array.isArray(range) || range.length !== 2) {
          problems.push({ field: rangeField, message: "must be ['HH:MM', 'HH:MM']" });
          return;
        }
        const [startText, endText] = range as unknown[];
        const start = typeof startText === 'string' ? parseLocalTime(startText) : null;
        const end = typeof endText === 'string' ? parseLocalTime(endText) : null;
        if (start === null || start === 1440) {
          problems.push({ field: rangeField, message: `start '${String(startText)}' must be 00:00–23:59` });
        }
        if (end === null) {
          problems.push({ field: rangeField, message: `end '${String(endText)}' must be 00:00–24:00` });
        }
        if (start === null || start === 1440 || end === null) return;
        if (end <= start) {
          problems.push({ field: rangeField, message: `end ${endText} must be after start ${startText}` });
          return;
        }
        parsed.push({ start, end, index });
      });
      parsed.sort((a, b) => a.start - b.start);
      // Compare with the interval reaching furthest so far, not just the previous one, so
      // 09:00–10:00 and 11:00–12:00 inside 08:00–17:00 are both reported.
      let furthest = parsed[0];
      for (const current of parsed.slice(1)) {
        if (!furthest) break;
        // Touching intervals (12:00–13:00 after 08:00–12:00) are fine; only real overlap is not.
        if (current.start < furthest.end) {
          problems.push({
            field: `${field}[${current.index}]`,
            message: `overlaps ${field}[${furthest.index}]`,
          });
        }
        if (current.end > furthest.end) furthest = current;
      }
      intervalCount += parsed.length;
    }
    if (intervalCount === 0 && problems.every((problem) => !problem.field.startsWith('hours'))) {
      // Without any open interval no due time could ever be computed.
      problems.push({ field: 'hours', message: 'must contain at least one business-hours interval' });
    }
  }

  const state = raw.holidayState;
  if (state !== null && (typeof state !== 'string' || !HOLIDAY_STATE_CODES.includes(state))) {
    problems.push({
      field: 'holidayState',
      message: `must be null, 'DE' or one of ${GERMAN_STATE_CODES.join(', ')}`,
    });
  }

  const closedDates = raw.closedDates;
  if (closedDates !== undefined) {
    if (!Array.isArray(closedDates)) {
      problems.push({ field: 'closedDates', message: "must be a list of 'YYYY-MM-DD' dates" });
    } else {
      closedDates.forEach((date: unknown, index) => {
        if (typeof date !== 'string' || parseDate(date) === null) {
          problems.push({
            field: `closedDates[${index}]`,
            message: `'${String(date)}' is not a YYYY-MM-DD date`,
          });
        }
      });
    }
  }
  return problems;
}

/**
 * Checks a calendar (typically from a request body) and lists every problem with the field it
 * concerns, e.g. `{ field: 'hours.1[0]', message: 'end 08:00 must be after start 17:00' }`.
 * Detects: unknown time zone, malformed 'HH:MM' times, end <= start, overlapping intervals on a
 * day, weekday keys outside 1–7, no interval at all, unknown holiday state, malformed closed
 * dates. Returns an empty list for a valid calendar; never throws.
 */
export function validateCalendar(calendar: BusinessCalendar): CalendarProblem[] {
  if (typeof calendar !== 'object' || calendar === null) {
    return [{ field: '', message: 'must be an object' }];
  }
  return problemsOf(calendar);
}
