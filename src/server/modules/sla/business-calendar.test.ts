import { describe, expect, it, vi } from 'vitest';
import {
  addBusinessMinutes,
  type BusinessCalendar,
  businessMinutesBetween,
  DEFAULT_CALENDAR,
  isBusinessTime,
  isPublicHoliday,
  nextBusinessOpening,
  utcToZonedParts,
  validateCalendar,
  zonedTimeToUtc,
} from './business-calendar';

const TZ = 'Europe/Berlin';

/** Berlin wall-clock 'YYYY-MM-DD HH:MM' → instant (zonedTimeToUtc is pinned to UTC literals below). */
function berlin(local: string): Date {
  return zonedTimeToUtc(local.slice(0, 10), local.slice(11), TZ);
}

/** Instant → Berlin wall-clock 'YYYY-MM-DD HH:MM', so expectations read like the calendar. */
function local(instant: Date): string {
  const parts = utcToZonedParts(instant, TZ);
  return `${parts.date} ${parts.time}`;
}

const WEEKDAYS = [1, 2, 3, 4, 5] as const;
const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7] as const;

function calendar(overrides: Partial<BusinessCalendar> = {}): BusinessCalendar {
  return { ...DEFAULT_CALENDAR, ...overrides };
}

const ALWAYS_OPEN: BusinessCalendar = {
  timeZone: TZ,
  hours: Object.fromEntries(ALL_DAYS.map((day) => [day, [['00:00', '24:00']]])),
  holidayState: null,
};

const WITH_LUNCH = calendar({
  hours: Object.fromEntries(
    WEEKDAYS.map((day) => [
      day,
      [
        ['08:00', '12:00'],
        ['13:00', '17:00'],
      ],
    ]),
  ),
});

/** Mon–Sat 08:00–17:00, so a Saturday holiday (Reformationstag 2026) makes a difference. */
function monToSat(holidayState: string | null): BusinessCalendar {
  return {
    timeZone: TZ,
    hours: Object.fromEntries([1, 2, 3, 4, 5, 6].map((day) => [day, [['08:00', '17:00']]])),
    holidayState,
  };
}

/** Deterministic PRNG (mulberry32) so property-style loops are reproducible. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('zonedTimeToUtc', () => {
  it('applies CET (+01:00) in winter and CEST (+02:00) in summer', () => {
    expect(zonedTimeToUtc('2026-01-15', '09:00', TZ).toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(zonedTimeToUtc('2026-07-15', '09:00', TZ).toISOString()).toBe('2026-07-15T07:00:00.000Z');
    expect(zonedTimeToUtc('2026-01-01', '00:00', TZ).toISOString()).toBe('2025-12-31T23:00:00.000Z');
  });

  it("treats '24:00' as midnight at the end of the date", () => {
    expect(zonedTimeToUtc('2026-01-15', '24:00', TZ).toISOString()).toBe('2026-01-15T23:00:00.000Z');
    expect(zonedTimeToUtc('2026-12-31', '24:00', TZ).toISOString()).toBe('2026-12-31T23:00:00.000Z');
  });

  it('accepts seconds', () => {
    expect(zonedTimeToUtc('2026-01-15', '09:00:30', TZ).toISOString()).toBe('2026-01-15T08:00:30.000Z');
  });

  it('maps nonexistent spring-forward times (2026-03-29 02:00–02:59) to the end of the gap, 03:00 CEST', () => {
    expect(zonedTimeToUtc('2026-03-29', '01:59', TZ).toISOString()).toBe('2026-03-29T00:59:00.000Z');
    expect(zonedTimeToUtc('2026-03-29', '02:00', TZ).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(zonedTimeToUtc('2026-03-29', '02:30', TZ).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(zonedTimeToUtc('2026-03-29', '02:59', TZ).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(zonedTimeToUtc('2026-03-29', '03:00', TZ).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(zonedTimeToUtc('2026-03-29', '03:01', TZ).toISOString()).toBe('2026-03-29T01:01:00.000Z');
  });

  it('maps ambiguous fall-back times (2026-10-25 02:00–02:59) to the earlier instant, CEST', () => {
    expect(zonedTimeToUtc('2026-10-25', '01:59', TZ).toISOString()).toBe('2026-10-24T23:59:00.000Z');
    expect(zonedTimeToUtc('2026-10-25', '02:00', TZ).toISOString()).toBe('2026-10-25T00:00:00.000Z');
    expect(zonedTimeToUtc('2026-10-25', '02:30', TZ).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedTimeToUtc('2026-10-25', '03:00', TZ).toISOString()).toBe('2026-10-25T02:00:00.000Z');
  });

  it('works for other zones, including a US gap and a half-hour offset', () => {
    expect(zonedTimeToUtc('2026-03-08', '02:30', 'America/New_York').toISOString()).toBe(
      '2026-03-08T07:00:00.000Z',
    );
    expect(zonedTimeToUtc('2026-11-01', '01:30', 'America/New_York').toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    expect(zonedTimeToUtc('2026-06-01', '09:00', 'Asia/Kolkata').toISOString()).toBe(
      '2026-06-01T03:30:00.000Z',
    );
    expect(zonedTimeToUtc('2026-06-01', '09:00', 'UTC').toISOString()).toBe('2026-06-01T09:00:00.000Z');
  });

  it('round-trips with utcToZonedParts for every quarter hour of the DST weekends', () => {
    for (const day of ['2026-03-28', '2026-03-29', '2026-03-30', '2026-10-24', '2026-10-25', '2026-10-26']) {
      for (let minute = 0; minute < 1440; minute += 15) {
        const time = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
        const instant = zonedTimeToUtc(day, time, TZ);
        const inGap = day === '2026-03-29' && time >= '02:00' && time < '03:00';
        expect(utcToZonedParts(instant, TZ)).toEqual(
          inGap ? { date: day, time: '03:00' } : { date: day, time },
        );
      }
    }
  });

  it('rejects malformed input and unknown zones', () => {
    expect(() => zonedTimeToUtc('2026-02-30', '09:00', TZ)).toThrow(RangeError);
    expect(() => zonedTimeToUtc('26-01-01', '09:00', TZ)).toThrow(RangeError);
    expect(() => zonedTimeToUtc('2026-01-01', '25:00', TZ)).toThrow(RangeError);
    expect(() => zonedTimeToUtc('2026-01-01', '24:01', TZ)).toThrow(RangeError);
    expect(() => zonedTimeToUtc('2026-01-01', '9:00', TZ)).toThrow(RangeError);
    expect(() => zonedTimeToUtc('2026-01-01', '09:00', 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('isPublicHoliday', () => {
  it('knows nationwide holidays for DE and every state', () => {
    expect(isPublicHoliday('DE', '2026-05-14')).toBe(true); // Christi Himmelfahrt
    expect(isPublicHoliday('NI', '2026-05-14')).toBe(true);
    expect(isPublicHoliday('BY', '2026-10-03')).toBe(true);
    expect(isPublicHoliday('DE', '2026-05-13')).toBe(false);
  });

  it('adds state holidays only for the states that have them', () => {
    expect(isPublicHoliday('NI', '2026-10-31')).toBe(true); // Reformationstag
    expect(isPublicHoliday('BY', '2026-10-31')).toBe(false);
    expect(isPublicHoliday('DE', '2026-10-31')).toBe(false);
    expect(isPublicHoliday('BY', '2026-01-06')).toBe(true); // Heilige Drei Könige
    expect(isPublicHoliday('NI', '2026-01-06')).toBe(false);
  });

  it('ignores observances and treats null as no holidays', () => {
    expect(isPublicHoliday('NI', '2026-02-14')).toBe(false); // Valentinstag (observance)
    expect(isPublicHoliday(null, '2026-12-25')).toBe(false);
  });

  it('rejects unknown states', () => {
    expect(() => isPublicHoliday('XX', '2026-01-01')).toThrow(RangeError);
  });
});

describe('isBusinessTime', () => {
  it('is open during [08:00, 17:00) on weekdays', () => {
    expect(isBusinessTime(DEFAULT_CALENDAR, berlin('2026-06-08 07:59'))).toBe(false);
    expect(isBusinessTime(DEFAULT_CALENDAR, berlin('2026-06-08 08:00'))).toBe(true);
    expect(isBusinessTime(DEFAULT_CALENDAR, berlin('2026-06-08 16:59'))).toBe(true);
    expect(isBusinessTime(DEFAULT_CALENDAR, berlin('2026-06-08 17:00'))).toBe(false);
    expect(isBusinessTime(DEFAULT_CALENDAR, new Date(berlin('2026-06-08 17:00').getTime() - 1))).toBe(true);
  });

  it('is closed at weekends, on public holidays and on closed dates', () => {
    expect(isBusinessTime(DEFAULT_CALENDAR, berlin('2026-06-13 10:00'))).toBe(false); // Saturday
    expect(isBusinessTime(DEFAULT_CALENDAR, berlin('2026-06-14 10:00'))).toBe(false); // Sunday
    expect(isBusinessTime(DEFAULT_CALENDAR, berlin('2026-05-14 10:00'))).toBe(false); // Himmelfahrt
    const closed = calendar({ closedDates: ['2026-12-24'] });
    expect(isBusinessTime(closed, berlin('2026-12-24 10:00'))).toBe(false);
    expect(isBusinessTime(closed, berlin('2026-12-23 10:00'))).toBe(true);
  });

  it('is closed during a lunch break', () => {
    expect(isBusinessTime(WITH_LUNCH, berlin('2026-06-08 11:59'))).toBe(true);
    expect(isBusinessTime(WITH_LUNCH, berlin('2026-06-08 12:00'))).toBe(false);
    expect(isBusinessTime(WITH_LUNCH, berlin('2026-06-08 13:00'))).toBe(true);
  });

  it('is open in both passes of the repeated hour on a 24/7 calendar', () => {
    expect(isBusinessTime(ALWAYS_OPEN, new Date('2026-10-25T00:30:00Z'))).toBe(true); // 02:30 CEST
    expect(isBusinessTime(ALWAYS_OPEN, new Date('2026-10-25T01:30:00Z'))).toBe(true); // 02:30 CET
    expect(isBusinessTime(ALWAYS_OPEN, new Date('2026-03-29T01:00:00Z'))).toBe(true);
  });

  it('uses the calendar time zone, not the server zone', () => {
    const newYork: BusinessCalendar = {
      ...DEFAULT_CALENDAR,
      timeZone: 'America/New_York',
      holidayState: null,
    };
    // 14:00 UTC is 10:00 in New York (EDT) but 16:00 in Berlin.
    expect(isBusinessTime(newYork, new Date('2026-06-08T14:00:00Z'))).toBe(true);
    // 22:30 UTC Monday is 18:30 in New York: closed there, even though it is Tuesday in Berlin soon.
    expect(isBusinessTime(newYork, new Date('2026-06-08T22:30:00Z'))).toBe(false);
    expect(isBusinessTime(newYork, new Date('2026-06-08T12:00:00Z'))).toBe(true); // 08:00 EDT
  });
});

describe('nextBusinessOpening', () => {
  it('returns the instant itself during business hours', () => {
    const instant = berlin('2026-06-08 10:17');
    expect(nextBusinessOpening(DEFAULT_CALENDAR, instant)).toEqual(instant);
  });

  it('finds the same-day opening before hours and the next day after hours', () => {
    expect(local(nextBusinessOpening(DEFAULT_CALENDAR, berlin('2026-06-08 06:00')))).toBe('2026-06-08 08:00');
    expect(local(nextBusinessOpening(DEFAULT_CALENDAR, berlin('2026-06-08 17:00')))).toBe('2026-06-09 08:00');
  });

  it('skips weekends, holidays and the lunch break', () => {
    expect(local(nextBusinessOpening(DEFAULT_CALENDAR, berlin('2026-06-12 17:30')))).toBe('2026-06-15 08:00');
    expect(local(nextBusinessOpening(DEFAULT_CALENDAR, berlin('2026-06-13 12:00')))).toBe('2026-06-15 08:00');
    expect(local(nextBusinessOpening(DEFAULT_CALENDAR, berlin('2026-05-13 18:00')))).toBe('2026-05-15 08:00');
    expect(local(nextBusinessOpening(WITH_LUNCH, berlin('2026-06-08 12:15')))).toBe('2026-06-08 13:00');
  });

  it('skips Easter (Karfreitag to Ostermontag)', () => {
    expect(local(nextBusinessOpening(DEFAULT_CALENDAR, berlin('2026-04-02 17:00')))).toBe('2026-04-07 08:00');
  });
});

describe('addBusinessMinutes', () => {
  it('adds within a day', () => {
    expect(local(addBusinessMinutes(DEFAULT_CALENDAR, berlin('2026-06-08 09:00'), 120))).toBe(
      '2026-06-08 11:00',
    );
  });

  it('carries across a night', () => {
    expect(local(addBusinessMinutes(DEFAULT_CALENDAR, berlin('2026-06-08 16:00'), 120))).toBe(
      '2026-06-09 09:00',
    );
  });

  it('ends at closing time, not at the next opening, when the minutes run out exactly then', () => {
    expect(local(addBusinessMinutes(DEFAULT_CALENDAR, berlin('2026-06-08 16:00'), 60))).toBe(
      '2026-06-08 17:00',
    );
    expect(local(addBusinessMinutes(DEFAULT_CALENDAR, berlin('2026-06-12 08:00'), 540))).toBe(
      '2026-06-12 17:00',
    );
  });

  it('carries from Friday afternoon to Monday', () => {
    expect(local(addBusinessMinutes(DEFAULT_CALENDAR, berlin('2026-06-12 15:00'), 240))).toBe(
      '2026-06-15 10:00',
    );
  });

  it('starts counting at the next opening when started outside business hours', () => {
    expect(local(addBusinessMinutes(DEFAULT_CALENDAR, berlin('2026-06-13 10:00'), 30))).toBe(
      '2026-06-15 08:30',
    );
    expect(local(addBusinessMinutes(DEFAULT_CALENDAR, berlin('2026-06-08 06:00'), 30))).toBe(
      '2026-06-08 08:30',
    );
    expect(local(addBusinessMinutes(DEFAULT_CALENDAR, berlin('2026-06-08 20:00'), 30))).toBe(
      '2026-06-09 08:30',
    );
  });

  it('returns the first business instant for 0 minutes', () => {
    const inHours = berlin('2026-06-08 10:00');
    expect(addBusinessMinutes(DEFAULT_CALENDAR, inHours, 0)).toEqual(inHours);
    expect(local(addBusinessMinutes(DEFAULT_CALENDAR, berlin('2026-06-13 10:00'), 0))).toBe(
      '2026-06-15 08:00',
    );
    expect(local(addBusinessMinutes(DEFAULT_CALENDAR, berlin('2026-06-08 17:00'), 0))).toBe(
      '2026-06-09 08:00',
    );
  });

  it('skips Christi Himmelfahrt (2026-05-14), a nationwide holiday', () => {
    expect(local(addBusinessMinutes(DEFAULT_CALENDAR, berlin('2026-05-13 16:00'), 120))).toBe(
      '2026-05-15 09:00',
    );
    const noHolidays = calendar({ holidayState: null });
    expect(local(addBusinessMinutes(noHolidays, berlin('2026-05-13 16:00'), 120))).toBe('2026-05-14 09:00');
  });

  it('skips Reformationstag in NI but not in BY (Friday 2025-10-31)', () => {
    const start = berlin('2025-10-30 16:00');
    expect(local(addBusinessMinutes(calendar({ holidayState: 'NI' }), start, 120))).toBe('2025-11-03 09:00');
    expect(local(addBusinessMinutes(calendar({ holidayState: 'BY' }), start, 120))).toBe('2025-10-31 09:00');
    expect(local(addBusinessMinutes(calendar({ holidayState: 'DE' }), start, 120))).toBe('2025-10-31 09:00');
  });

  it('skips Reformationstag (Saturday 2026-10-31) on a Mon–Sat calendar in NI only', () => {
    const start = berlin('2026-10-30 16:00');
    expect(local(addBusinessMinutes(monToSat('NI'), start, 120))).toBe('2026-11-02 09:00');
    expect(local(addBusinessMinutes(monToSat('BY'), start, 120))).toBe('2026-10-31 09:00');
  });

  it('skips closed dates (24.12. and 31.12.) on top of the Christmas holidays', () => {
    const closed = calendar({ closedDates: ['2026-12-24', '2026-12-31'] });
    expect(local(addBusinessMinutes(closed, berlin('2026-12-23 16:00'), 120))).toBe('2026-12-28 09:00');
    expect(local(addBusinessMinutes(closed, berlin('2026-12-30 16:00'), 120))).toBe('2027-01-04 09:00');
    expect(local(addBusinessMinutes(DEFAULT_CALENDAR, berlin('2026-12-23 16:00'), 120))).toBe(
      '2026-12-24 09:00',
    );
  });

  it('skips a lunch break', () => {
    expect(local(addBusinessMinutes(WITH_LUNCH, berlin('2026-06-08 11:30'), 60))).toBe('2026-06-08 13:30');
    expect(local(addBusinessMinutes(WITH_LUNCH, berlin('2026-06-08 11:00'), 60))).toBe('2026-06-08 12:00');
    expect(local(addBusinessMinutes(WITH_LUNCH, berlin('2026-06-08 12:30'), 30))).toBe('2026-06-08 13:30');
    expect(local(addBusinessMinutes(WITH_LUNCH, berlin('2026-06-08 08:00'), 480))).toBe('2026-06-08 17:00');
  });

  it('keeps local office hours across the spring-forward weekend (2026-03-29)', () => {
    // Friday 16:00 CET + 2 h: 1 h on Friday, 1 h on Monday, which is now CEST (+02:00).
    const due = addBusinessMinutes(DEFAULT_CALENDAR, berlin('2026-03-27 16:00'), 120);
    expect(due.toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(local(due)).toBe('2026-03-30 09:00');
  });

  it('keeps local office hours across the fall-back weekend (2026-10-25)', () => {
    const due = addBusinessMinutes(DEFAULT_CALENDAR, berlin('2026-10-23 16:00'), 120);
    expect(due.toISOString()).toBe('2026-10-26T08:00:00.000Z');
    expect(local(due)).toBe('2026-10-26 09:00');
  });

  it('counts real elapsed time on a 24/7 calendar: a 23 h and a 25 h Sunday', () => {
    // Saturday 12:00 + 24 business hours lands at 13:00 on the short Sunday ...
    const spring = addBusinessMinutes(ALWAYS_OPEN, berlin('2026-03-28 12:00'), 1440);
    expect(spring.toISOString()).toBe('2026-03-29T11:00:00.000Z');
    expect(local(spring)).toBe('2026-03-29 13:00');
    // ... and at 11:00 on the long one.
    const fall = addBusinessMinutes(ALWAYS_OPEN, berlin('2026-10-24 12:00'), 1440);
    expect(fall.toISOString()).toBe('2026-10-25T10:00:00.000Z');
    expect(local(fall)).toBe('2026-10-25 11:00');
  });

  it('equals plain addition on a 24/7 calendar for random starts', () => {
    const random = seededRandom(7);
    const yearStart = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 200; i++) {
      const start = new Date(yearStart + Math.floor(random() * 365 * 1440) * 60_000);
      const minutes = Math.floor(random() * 5000);
      expect(addBusinessMinutes(ALWAYS_OPEN, start, minutes).getTime()).toBe(
        start.getTime() + minutes * 60_000,
      );
    }
  });

  it('supports fractional minutes (rounded to milliseconds)', () => {
    // One minute on Monday, half a minute after Tuesday's 08:00 CEST opening.
    expect(addBusinessMinutes(DEFAULT_CALENDAR, berlin('2026-06-08 16:59'), 1.5).toISOString()).toBe(
      '2026-06-09T06:00:30.000Z',
    );
  });

  it('rejects negative, non-finite minutes and invalid dates', () => {
    const start = berlin('2026-06-08 09:00');
    expect(() => addBusinessMinutes(DEFAULT_CALENDAR, start, -1)).toThrow(RangeError);
    expect(() => addBusinessMinutes(DEFAULT_CALENDAR, start, Number.NaN)).toThrow(RangeError);
    expect(() => addBusinessMinutes(DEFAULT_CALENDAR, start, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => addBusinessMinutes(DEFAULT_CALENDAR, new Date(Number.NaN), 1)).toThrow(RangeError);
  });

  it('fails instead of looping forever when a calendar never opens', () => {
    const never: BusinessCalendar = { timeZone: TZ, hours: {}, holidayState: null };
    expect(() => addBusinessMinutes(never, berlin('2026-06-08 09:00'), 1)).toThrow(/no business time/);
  });

  it('fails loudly on malformed hours rather than treating the day as closed', () => {
    const broken = calendar({ hours: { 1: [['8:00', '17:00']] } });
    expect(() => addBusinessMinutes(broken, berlin('2026-06-08 09:00'), 1)).toThrow(RangeError);
  });

  it('iterates per day, not per minute: 10,000 minutes need few time-zone lookups', () => {
    const start = berlin('2026-01-05 08:00');
    addBusinessMinutes(DEFAULT_CALENDAR, start, 10); // warm the holiday cache
    const spy = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    try {
      const due = addBusinessMinutes(DEFAULT_CALENDAR, start, 10_000);
      // 18 full days of 540 minutes, then 280 minutes into the 19th business day.
      expect(local(due)).toBe('2026-01-29 12:40');
      expect(spy.mock.calls.length).toBeLessThan(500);
    } finally {
      spy.mockRestore();
    }
  });

  it('handles years of business minutes quickly', () => {
    const start = berlin('2026-01-05 08:00');
    const began = performance.now();
    const due = addBusinessMinutes(DEFAULT_CALENDAR, start, 1_000_000);
    expect(businessMinutesBetween(DEFAULT_CALENDAR, start, due)).toBe(1_000_000);
    expect(performance.now() - began).toBeLessThan(5000);
  });
});

describe('businessMinutesBetween', () => {
  it('is 0 when to <= from', () => {
    const instant = berlin('2026-06-08 10:00');
    expect(businessMinutesBetween(DEFAULT_CALENDAR, instant, instant)).toBe(0);
    expect(businessMinutesBetween(DEFAULT_CALENDAR, instant, berlin('2026-06-08 09:00'))).toBe(0);
  });

  it('counts only business time', () => {
    expect(
      businessMinutesBetween(DEFAULT_CALENDAR, berlin('2026-06-08 09:00'), berlin('2026-06-08 11:30')),
    ).toBe(150);
    expect(
      businessMinutesBetween(DEFAULT_CALENDAR, berlin('2026-06-08 16:00'), berlin('2026-06-09 09:00')),
    ).toBe(120);
    expect(
      businessMinutesBetween(DEFAULT_CALENDAR, berlin('2026-06-12 16:00'), berlin('2026-06-15 09:00')),
    ).toBe(120);
    expect(
      businessMinutesBetween(DEFAULT_CALENDAR, berlin('2026-06-13 00:00'), berlin('2026-06-15 00:00')),
    ).toBe(0);
    expect(
      businessMinutesBetween(DEFAULT_CALENDAR, berlin('2026-06-08 00:00'), berlin('2026-06-15 00:00')),
    ).toBe(2700);
    expect(businessMinutesBetween(WITH_LUNCH, berlin('2026-06-08 00:00'), berlin('2026-06-09 00:00'))).toBe(
      480,
    );
  });

  it('counts a whole year of NI business days (254 days × 9 h in 2026)', () => {
    // 261 weekdays minus 7 weekday holidays (3 Oct, 31 Oct and 26 Dec fall on Saturdays).
    const ni = calendar({ holidayState: 'NI' });
    expect(businessMinutesBetween(ni, berlin('2026-01-01 00:00'), berlin('2027-01-01 00:00'))).toBe(
      254 * 540,
    );
  });

  it('shows the 23 h and 25 h days on a 24/7 calendar', () => {
    const day = (date: string, next: string) =>
      businessMinutesBetween(ALWAYS_OPEN, berlin(`${date} 00:00`), berlin(`${next} 00:00`));
    expect(day('2026-03-28', '2026-03-29')).toBe(24 * 60);
    expect(day('2026-03-29', '2026-03-30')).toBe(23 * 60);
    expect(day('2026-10-25', '2026-10-26')).toBe(25 * 60);
    expect(day('2026-10-26', '2026-10-27')).toBe(24 * 60);
  });

  it('counts night hours by real elapsed time across the DST changes', () => {
    const sundayNight: BusinessCalendar = {
      timeZone: TZ,
      hours: { 7: [['01:00', '04:00']] },
      holidayState: null,
    };
    const sunday = (date: string) =>
      businessMinutesBetween(sundayNight, berlin(`${date} 00:00`), berlin(`${date} 12:00`));
    expect(sunday('2026-03-22')).toBe(180);
    expect(sunday('2026-03-29')).toBe(120); // 01:00 CET → 04:00 CEST is 2 real hours
    expect(sunday('2026-10-25')).toBe(240); // 01:00 CEST → 04:00 CET is 4 real hours
  });

  it('gives no time to an interval inside the spring gap, and the first pass of an ambiguous one', () => {
    const gap: BusinessCalendar = { timeZone: TZ, hours: { 7: [['02:00', '02:45']] }, holidayState: null };
    const sunday = (date: string) =>
      businessMinutesBetween(gap, berlin(`${date} 00:00`), berlin(`${date} 12:00`));
    expect(sunday('2026-03-22')).toBe(45);
    expect(sunday('2026-03-29')).toBe(0);
    expect(sunday('2026-10-25')).toBe(45);
    expect(isBusinessTime(gap, new Date('2026-10-25T00:30:00Z'))).toBe(true); // 02:30 CEST
    expect(isBusinessTime(gap, new Date('2026-10-25T01:30:00Z'))).toBe(false); // 02:30 CET
  });

  it('returns fractional minutes for instants between whole minutes', () => {
    const from = new Date(berlin('2026-06-08 09:00').getTime() + 30_000);
    expect(businessMinutesBetween(DEFAULT_CALENDAR, from, berlin('2026-06-08 09:02'))).toBe(1.5);
  });

  it('agrees with a minute-by-minute wall-clock oracle around both DST changes', () => {
    // Office hours plus a Sunday night shift that straddles the transition hour.
    const shifts: BusinessCalendar = {
      ...WITH_LUNCH,
      hours: { ...WITH_LUNCH.hours, 7: [['01:00', '04:00']] },
    };
    const isOpenByWallClock = (instant: Date) => {
      const { date, time } = utcToZonedParts(instant, TZ);
      const weekday = ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
      if (isPublicHoliday(shifts.holidayState, date)) return false;
      const ranges = shifts.hours[weekday as 1 | 2 | 3 | 4 | 5 | 6 | 7] ?? [];
      return ranges.some(([start, end]) => time >= start && time < end);
    };
    for (const [from, to] of [
      ['2026-03-27T00:00:00Z', '2026-03-31T00:00:00Z'],
      ['2026-10-23T00:00:00Z', '2026-10-27T00:00:00Z'],
    ] as const) {
      let expected = 0;
      for (let ms = Date.parse(from); ms < Date.parse(to); ms += 60_000) {
        const instant = new Date(ms);
        const open = isOpenByWallClock(instant);
        expect(isBusinessTime(shifts, instant)).toBe(open);
        if (open) expected += 1;
      }
      expect(businessMinutesBetween(shifts, new Date(from), new Date(to))).toBe(expected);
    }
  });

  it('is the inverse of addBusinessMinutes for many random starts (seeded)', () => {
    const random = seededRandom(20260329);
    const calendars = [
      DEFAULT_CALENDAR,
      WITH_LUNCH,
      calendar({ holidayState: 'NI', closedDates: ['2026-12-24'] }),
    ];
    const yearStart = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 300; i++) {
      const cal = calendars[i % calendars.length]!;
      // Random instants, including seconds, so starts fall inside, outside and at interval edges.
      const start = new Date(yearStart + Math.floor(random() * 365 * 86_400) * 1000);
      const minutes = Math.floor(random() * 20_000);
      const end = addBusinessMinutes(cal, start, minutes);
      expect(businessMinutesBetween(cal, start, end)).toBe(minutes);
      if (minutes > 0) {
        // The end is the earliest such instant: one millisecond earlier is not enough.
        expect(businessMinutesBetween(cal, start, new Date(end.getTime() - 1))).toBeLessThan(minutes);
      }
      // Monotonic in the number of minutes.
      expect(addBusinessMinutes(cal, start, Math.floor(minutes / 2)).getTime()).toBeLessThanOrEqual(
        end.getTime(),
      );
    }
  });

  it('adding the measured minutes never overshoots (seeded random pairs)', () => {
    const random = seededRandom(42);
    const yearStart = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 200; i++) {
      const from = new Date(yearStart + Math.floor(random() * 365 * 1440) * 60_000);
      const to = new Date(from.getTime() + Math.floor(random() * 30 * 1440) * 60_000);
      const minutes = businessMinutesBetween(WITH_LUNCH, from, to);
      if (minutes === 0) continue;
      const reached = addBusinessMinutes(WITH_LUNCH, from, minutes);
      expect(reached.getTime()).toBeLessThanOrEqual(to.getTime());
      expect(businessMinutesBetween(WITH_LUNCH, reached, to)).toBe(0);
      if (isBusinessTime(WITH_LUNCH, to)) expect(reached).toEqual(to);
    }
  });
});

describe('validateCalendar', () => {
  it('accepts the default, 24/7, lunch-break and New York calendars', () => {
    expect(validateCalendar(DEFAULT_CALENDAR)).toEqual([]);
    expect(validateCalendar(ALWAYS_OPEN)).toEqual([]);
    expect(validateCalendar(WITH_LUNCH)).toEqual([]);
    expect(
      validateCalendar({ ...DEFAULT_CALENDAR, timeZone: 'America/New_York', holidayState: null }),
    ).toEqual([]);
  });

  it('documents the default: Mon–Fri 08:00–17:00 Europe/Berlin with nationwide holidays', () => {
    expect(DEFAULT_CALENDAR.timeZone).toBe('Europe/Berlin');
    expect(DEFAULT_CALENDAR.holidayState).toBe('DE');
    expect(DEFAULT_CALENDAR.hours[6]).toBeUndefined();
    expect(DEFAULT_CALENDAR.hours[1]).toEqual([['08:00', '17:00']]);
  });

  it('accepts every state code, DE and null', () => {
    for (const state of [
      'DE',
      'BW',
      'BY',
      'BE',
      'BB',
      'HB',
      'HH',
      'HE',
      'MV',
      'NI',
      'NW',
      'RP',
      'SL',
      'SN',
      'ST',
    ]) {
      expect(validateCalendar(calendar({ holidayState: state }))).toEqual([]);
    }
    expect(validateCalendar(calendar({ holidayState: 'SH' }))).toEqual([]);
    expect(validateCalendar(calendar({ holidayState: 'TH' }))).toEqual([]);
    expect(validateCalendar(calendar({ holidayState: null }))).toEqual([]);
  });

  it('accepts touching intervals', () => {
    const touching = calendar({
      hours: {
        1: [
          ['12:00', '17:00'],
          ['08:00', '12:00'],
        ],
      },
    });
    expect(validateCalendar(touching)).toEqual([]);
  });

  it('rejects an unknown time zone', () => {
    expect(validateCalendar(calendar({ timeZone: 'Europe/Atlantis' }))).toEqual([
      { field: 'timeZone', message: "unknown time zone 'Europe/Atlantis'" },
    ]);
    expect(validateCalendar(calendar({ timeZone: '' })).map((p) => p.field)).toEqual(['timeZone']);
  });

  it('rejects end <= start', () => {
    expect(validateCalendar(calendar({ hours: { 1: [['17:00', '08:00']] } }))).toEqual([
      { field: 'hours.1[0]', message: 'end 08:00 must be after start 17:00' },
    ]);
    expect(validateCalendar(calendar({ hours: { 2: [['09:00', '09:00']] } })).map((p) => p.field)).toEqual([
      'hours.2[0]',
    ]);
  });

  it('rejects overlapping intervals, naming the later one', () => {
    const overlapping = calendar({
      hours: {
        3: [
          ['08:00', '12:00'],
          ['13:00', '17:00'],
          ['11:00', '14:00'],
        ],
      },
    });
    expect(validateCalendar(overlapping)).toEqual([
      { field: 'hours.3[2]', message: 'overlaps hours.3[0]' },
      { field: 'hours.3[1]', message: 'overlaps hours.3[2]' },
    ]);
  });

  it('rejects intervals nested in a longer one, not just neighbours', () => {
    const nested = calendar({
      hours: {
        1: [
          ['08:00', '17:00'],
          ['09:00', '10:00'],
          ['11:00', '12:00'],
        ],
      },
    });
    expect(validateCalendar(nested)).toEqual([
      { field: 'hours.1[1]', message: 'overlaps hours.1[0]' },
      { field: 'hours.1[2]', message: 'overlaps hours.1[0]' },
    ]);
  });

  it('rejects malformed times, 24:00 as a start, and bad weekday keys', () => {
    const bad = {
      ...DEFAULT_CALENDAR,
      hours: {
        1: [['8:00', '17:00']],
        2: [['24:00', '24:00']],
        3: [['08:00', '24:01']],
        0: [['08:00', '17:00']],
      },
    } as unknown as BusinessCalendar;
    expect(validateCalendar(bad).map((p) => p.field)).toEqual([
      'hours.0',
      'hours.1[0]',
      'hours.2[0]',
      'hours.3[0]',
    ]);
  });

  it('rejects malformed interval shapes', () => {
    const bad = {
      ...DEFAULT_CALENDAR,
      hours: { 1: 'always', 2: [['08:00']], 3: [[8, 17]] },
    } as unknown as BusinessCalendar;
    const problems = validateCalendar(bad);
    expect(problems.map((p) => p.field)).toEqual(['hours.1', 'hours.2[0]', 'hours.3[0]', 'hours.3[0]']);
  });

  it('rejects a calendar without any business hours', () => {
    expect(validateCalendar(calendar({ hours: {} }))).toEqual([
      { field: 'hours', message: 'must contain at least one business-hours interval' },
    ]);
    expect(validateCalendar(calendar({ hours: { 1: [] } })).map((p) => p.field)).toEqual(['hours']);
    expect(validateCalendar({ ...DEFAULT_CALENDAR, hours: null } as unknown as BusinessCalendar)).toEqual([
      { field: 'hours', message: 'must map ISO weekdays 1 (Mon) to 7 (Sun) to intervals' },
    ]);
  });

  it('rejects an unknown holiday state (codes are upper case)', () => {
    for (const state of ['XX', 'ni', 'AT', '']) {
      expect(validateCalendar(calendar({ holidayState: state })).map((p) => p.field)).toEqual([
        'holidayState',
      ]);
    }
  });

  it('rejects malformed closed dates', () => {
    const bad = calendar({ closedDates: ['2026-12-24', '2026-02-30', '24.12.2026'] });
    expect(validateCalendar(bad).map((p) => p.field)).toEqual(['closedDates[1]', 'closedDates[2]']);
    expect(
      validateCalendar({ ...DEFAULT_CALENDAR, closedDates: '2026-12-24' } as unknown as BusinessCalendar).map(
        (p) => p.field,
      ),
    ).toEqual(['closedDates']);
  });

  it('reports every problem at once and survives non-objects', () => {
    const bad = {
      timeZone: 'Nowhere',
      hours: { 1: [['17:00', '08:00']] },
      holidayState: 'XX',
      closedDates: ['x'],
    } as BusinessCalendar;
    expect(validateCalendar(bad).map((p) => p.field)).toEqual([
      'timeZone',
      'hours.1[0]',
      'holidayState',
      'closedDates[0]',
    ]);
    expect(validateCalendar(null as unknown as BusinessCalendar)).toEqual([
      { field: '', message: 'must be an object' },
    ]);
  });
});
