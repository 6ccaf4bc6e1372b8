import { describe, expect, it } from 'vitest';
import {
  type BusinessCalendar,
  DEFAULT_CALENDAR,
  isPublicHoliday,
  utcToZonedParts,
  zonedTimeToUtc,
} from './business-calendar';
import {
  type ClockEvent,
  type ClockEventType,
  type ClockState,
  computeClock,
  nextTimerAt,
} from './sla-clock';

const TZ = 'Europe/Berlin';

/** Berlin wall-clock 'YYYY-MM-DD HH:MM' → instant. */
function berlin(local: string): Date {
  return zonedTimeToUtc(local.slice(0, 10), local.slice(11), TZ);
}

/** Instant → Berlin wall-clock 'YYYY-MM-DD HH:MM' (null stays null). */
function local(instant: Date | null): string | null {
  if (instant === null) return null;
  const parts = utcToZonedParts(instant, TZ);
  return `${parts.date} ${parts.time}`;
}

function ev(type: ClockEventType, when: string): ClockEvent {
  return { type, at: berlin(when) };
}

/** The state with instants as Berlin wall-clock strings, for readable expectations. */
function readable(state: ClockState) {
  return {
    state: state.state,
    dueAt: local(state.dueAt),
    breachedAt: local(state.breachedAt),
    warnAt: local(state.warnAt),
    elapsed: state.elapsedBusinessMinutes,
    remaining: state.remainingBusinessMinutes,
    met: state.met,
  };
}

function clock(
  target: number,
  events: ClockEvent[],
  now: string,
  options: { warn?: number; calendar?: BusinessCalendar } = {},
) {
  return computeClock(options.calendar ?? DEFAULT_CALENDAR, target, events, berlin(now), options.warn);
}

// 2026-06-08 is a Monday in a week without public holidays; 06-12 is Friday, 06-15 Monday.
const MON = '2026-06-08';
const TUE = '2026-06-09';
const FRI = '2026-06-12';
const SAT = '2026-06-13';
const NEXT_MON = '2026-06-15';

describe('computeClock: running clocks', () => {
  it('counts business minutes within a day', () => {
    const state = clock(240, [ev('start', `${MON} 09:00`)], `${MON} 10:00`);
    expect(readable(state)).toEqual({
      state: 'running',
      dueAt: `${MON} 13:00`,
      breachedAt: null,
      warnAt: null,
      elapsed: 60,
      remaining: 180,
      met: null,
    });
    expect(state.asOf).toEqual(berlin(`${MON} 10:00`));
  });

  it('is due the next morning when the target runs past closing time', () => {
    const state = clock(120, [ev('start', `${MON} 16:00`)], `${MON} 16:30`);
    expect(local(state.dueAt)).toBe(`${TUE} 09:00`);
    expect(state.elapsedBusinessMinutes).toBe(30);
  });

  it('is due at closing time when the target ends exactly then', () => {
    expect(local(clock(60, [ev('start', `${MON} 16:00`)], `${MON} 16:00`).dueAt)).toBe(`${MON} 17:00`);
  });

  it('carries from Friday afternoon to Monday and does not count the weekend', () => {
    const state = clock(240, [ev('start', `${FRI} 15:00`)], `${SAT} 12:00`);
    expect(readable(state)).toMatchObject({ state: 'running', dueAt: `${NEXT_MON} 10:00`, elapsed: 120 });
  });

  it('starts counting at the next opening when a case opens on a Saturday', () => {
    const state = clock(60, [ev('start', `${SAT} 11:00`)], '2026-06-14 18:00');
    expect(readable(state)).toMatchObject({ state: 'running', dueAt: `${NEXT_MON} 09:00`, elapsed: 0 });
  });

  it('skips Christi Himmelfahrt (Thursday 2026-05-14)', () => {
    const state = clock(120, [ev('start', '2026-05-13 16:00')], '2026-05-14 12:00');
    expect(readable(state)).toMatchObject({ state: 'running', dueAt: '2026-05-15 09:00', elapsed: 60 });
  });

  it('keeps local office hours across the fall-back weekend', () => {
    const state = clock(120, [ev('start', '2026-10-23 16:00')], '2026-10-25 12:00');
    expect(state.dueAt?.toISOString()).toBe('2026-10-26T08:00:00.000Z'); // 09:00 CET
  });

  it('keeps local office hours across the spring-forward weekend', () => {
    const state = clock(120, [ev('start', '2026-03-27 16:00')], '2026-03-28 12:00');
    expect(state.dueAt?.toISOString()).toBe('2026-03-30T07:00:00.000Z'); // 09:00 CEST
  });

  it('runs through the 25 h Sunday on a 24/7 calendar', () => {
    const alwaysOpen: BusinessCalendar = {
      timeZone: TZ,
      hours: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((day) => [day, [['00:00', '24:00']]])),
      holidayState: null,
    };
    const state = clock(1440, [ev('start', '2026-10-24 12:00')], '2026-10-25 12:00', {
      calendar: alwaysOpen,
    });
    // Noon to noon is 25 real hours that day, so the clock breached at 11:00 CET.
    expect(readable(state)).toMatchObject({
      state: 'breached',
      breachedAt: '2026-10-25 11:00',
      elapsed: 1500,
    });
    expect(state.breachedAt?.toISOString()).toBe('2026-10-25T10:00:00.000Z');
  });

  it('skips a lunch break', () => {
    const lunch: BusinessCalendar = {
      ...DEFAULT_CALENDAR,
      hours: {
        1: [
          ['08:00', '12:00'],
          ['13:00', '17:00'],
        ],
      },
    };
    const state = clock(60, [ev('start', `${MON} 11:30`)], `${MON} 12:30`, { calendar: lunch });
    expect(readable(state)).toMatchObject({ state: 'running', dueAt: `${MON} 13:30`, elapsed: 30 });
  });
});

describe('computeClock: not started', () => {
  it('reports not_started without a start or restart', () => {
    for (const events of [[], [ev('pause', `${MON} 09:00`)], [ev('stop', `${MON} 09:00`)]]) {
      const state = clock(240, events, `${MON} 12:00`);
      expect(readable(state)).toEqual({
        state: 'not_started',
        dueAt: null,
        breachedAt: null,
        warnAt: null,
        elapsed: 0,
        remaining: 240,
        met: null,
      });
      expect(nextTimerAt(state)).toBeNull();
    }
  });

  it('ignores events after now', () => {
    const events = [ev('start', `${MON} 09:00`), ev('stop', `${MON} 11:00`)];
    expect(clock(240, events, `${MON} 08:00`).state).toBe('not_started');
    expect(clock(240, events, `${MON} 10:00`).state).toBe('running');
    expect(clock(240, events, `${MON} 11:00`).state).toBe('stopped');
  });
});

describe('computeClock: stop, breach and late stop', () => {
  it('is met when stopped before the due time', () => {
    const state = clock(240, [ev('start', `${MON} 09:00`), ev('stop', `${MON} 10:30`)], `${TUE} 12:00`);
    expect(readable(state)).toEqual({
      state: 'stopped',
      dueAt: null,
      breachedAt: null,
      warnAt: null,
      elapsed: 90,
      remaining: 150,
      met: true,
    });
    expect(nextTimerAt(state)).toBeNull();
  });

  it('is met when stopped exactly at the due time', () => {
    const state = clock(60, [ev('start', `${MON} 09:00`), ev('stop', `${MON} 10:00`)], `${MON} 12:00`);
    expect(readable(state)).toMatchObject({ state: 'stopped', met: true, breachedAt: null, remaining: 0 });
  });

  it('breaches at the due time while running, with negative remaining minutes', () => {
    const state = clock(60, [ev('start', `${MON} 09:00`)], `${MON} 11:00`);
    expect(readable(state)).toEqual({
      state: 'breached',
      dueAt: `${MON} 10:00`,
      breachedAt: `${MON} 10:00`,
      warnAt: null,
      elapsed: 120,
      remaining: -60,
      met: null,
    });
    // The breach has been observed; nothing left for the scheduler.
    expect(nextTimerAt(state)).toBeNull();
  });

  it('is breached when evaluated exactly at the due time, running a millisecond before', () => {
    const events = [ev('start', `${MON} 09:00`)];
    const due = berlin(`${MON} 10:00`);
    expect(computeClock(DEFAULT_CALENDAR, 60, events, due).state).toBe('breached');
    expect(computeClock(DEFAULT_CALENDAR, 60, events, new Date(due.getTime() - 1)).state).toBe('running');
  });

  it('keeps breachedAt after a late stop and is not met', () => {
    const state = clock(60, [ev('start', `${MON} 09:00`), ev('stop', `${MON} 10:15`)], `${TUE} 09:00`);
    expect(readable(state)).toEqual({
      state: 'stopped',
      dueAt: null,
      breachedAt: `${MON} 10:00`,
      warnAt: null,
      elapsed: 75,
      remaining: -15,
      met: false,
    });
  });

  it('is late when answered on Saturday although no business time passed after the due time', () => {
    const events = [ev('start', `${FRI} 16:00`), ev('stop', `${SAT} 10:00`)];
    const state = clock(60, events, `${SAT} 12:00`);
    expect(readable(state)).toMatchObject({
      state: 'stopped',
      met: false,
      breachedAt: `${FRI} 17:00`,
      remaining: 0,
    });
  });

  it('breaches at closing time while the weekend passes', () => {
    const state = clock(60, [ev('start', `${FRI} 16:00`)], `${SAT} 12:00`);
    expect(readable(state)).toMatchObject({ state: 'breached', breachedAt: `${FRI} 17:00`, remaining: 0 });
  });

  it('ignores a stop before the start and a second stop', () => {
    const events = [
      ev('stop', `${MON} 08:30`),
      ev('start', `${MON} 09:00`),
      ev('stop', `${MON} 10:00`),
      ev('stop', `${MON} 11:00`),
    ];
    expect(readable(clock(240, events, `${MON} 12:00`))).toMatchObject({
      state: 'stopped',
      elapsed: 60,
      met: true,
    });
  });

  it('treats a target of 0 as due the instant counting starts', () => {
    const state = clock(0, [ev('start', `${MON} 09:00`)], `${MON} 09:00`);
    expect(readable(state)).toMatchObject({ state: 'breached', breachedAt: `${MON} 09:00`, remaining: 0 });
  });
});

describe('computeClock: pause and resume', () => {
  const events = [ev('start', `${MON} 09:00`), ev('pause', `${MON} 10:00`), ev('resume', `${MON} 14:00`)];

  it('does not count while paused and has no due time then', () => {
    const state = clock(240, events, `${MON} 12:00`, { warn: 60 });
    expect(readable(state)).toEqual({
      state: 'paused',
      dueAt: null,
      breachedAt: null,
      warnAt: null,
      elapsed: 60,
      remaining: 180,
      met: null,
    });
    expect(nextTimerAt(state)).toBeNull();
  });

  it('continues after resume with the paused time added to the due time', () => {
    const state = clock(240, events, `${MON} 15:00`);
    expect(readable(state)).toMatchObject({
      state: 'running',
      dueAt: `${MON} 17:00`,
      elapsed: 120,
      remaining: 120,
    });
  });

  it('moves the due time by the paused business time when the pause spans a weekend', () => {
    const unpaused = clock(120, [ev('start', `${FRI} 15:00`)], `${FRI} 15:30`);
    expect(local(unpaused.dueAt)).toBe(`${FRI} 17:00`);
    const paused = clock(
      120,
      [ev('start', `${FRI} 15:00`), ev('pause', `${FRI} 16:00`), ev('resume', `${NEXT_MON} 10:00`)],
      `${NEXT_MON} 10:00`,
    );
    expect(readable(paused)).toMatchObject({ state: 'running', dueAt: `${NEXT_MON} 11:00`, elapsed: 60 });
    const duringWeekend = clock(
      120,
      [ev('start', `${FRI} 15:00`), ev('pause', `${FRI} 16:00`)],
      `${SAT} 10:00`,
    );
    expect(readable(duringWeekend)).toMatchObject({ state: 'paused', elapsed: 60, remaining: 60 });
  });

  it('changes nothing when paused and resumed outside business hours', () => {
    const start = [ev('start', `${FRI} 15:00`)];
    expect(local(clock(180, start, `${FRI} 15:30`).dueAt)).toBe(`${NEXT_MON} 09:00`);
    const paused = clock(
      180,
      [...start, ev('pause', `${FRI} 18:00`), ev('resume', `${NEXT_MON} 07:00`)],
      `${NEXT_MON} 07:30`,
    );
    expect(local(paused.dueAt)).toBe(`${NEXT_MON} 09:00`);
  });

  it('starts paused when a case is created in waiting_customer', () => {
    const created = [ev('start', `${MON} 09:00`), ev('pause', `${MON} 09:00`)];
    expect(readable(clock(60, created, `${MON} 11:00`))).toMatchObject({ state: 'paused', elapsed: 0 });
    const resumed = [...created, ev('resume', `${MON} 11:00`)];
    expect(readable(clock(60, resumed, `${MON} 11:30`))).toMatchObject({
      state: 'running',
      dueAt: `${MON} 12:00`,
    });
  });

  it('ignores a second pause and a resume while running', () => {
    const noisy = [
      ev('start', `${MON} 09:00`),
      ev('resume', `${MON} 09:30`),
      ev('start', `${MON} 09:45`),
      ev('pause', `${MON} 10:00`),
      ev('pause', `${MON} 11:00`),
      ev('resume', `${MON} 14:00`),
    ];
    expect(readable(clock(240, noisy, `${MON} 15:00`))).toEqual(readable(clock(240, events, `${MON} 15:00`)));
  });

  it('keeps breachedAt while paused after a breach', () => {
    const late = [ev('start', `${MON} 09:00`), ev('pause', `${MON} 11:00`)];
    expect(readable(clock(60, late, `${MON} 12:00`))).toEqual({
      state: 'paused',
      dueAt: null,
      breachedAt: `${MON} 10:00`,
      warnAt: null,
      elapsed: 120,
      remaining: -60,
      met: null,
    });
    const resumed = [...late, ev('resume', `${MON} 13:00`)];
    expect(readable(clock(60, resumed, `${MON} 14:00`))).toMatchObject({
      state: 'breached',
      dueAt: `${MON} 10:00`,
      breachedAt: `${MON} 10:00`,
      elapsed: 180,
    });
  });

  it('defers the breach to the resume when paused exactly at the due time', () => {
    const atDue = [ev('start', `${MON} 09:00`), ev('pause', `${MON} 10:00`)];
    expect(readable(clock(60, atDue, `${MON} 10:30`))).toMatchObject({
      state: 'paused',
      breachedAt: null,
      remaining: 0,
    });
    const resumed = [...atDue, ev('resume', `${MON} 11:00`)];
    expect(readable(clock(60, resumed, `${MON} 11:00`))).toMatchObject({
      state: 'breached',
      breachedAt: `${MON} 11:00`,
    });
    // A stop instead of the resume is on time.
    const stopped = [...atDue, ev('stop', `${MON} 11:00`)];
    expect(readable(clock(60, stopped, `${MON} 11:00`))).toMatchObject({ state: 'stopped', met: true });
  });

  it('is stopped (met) when stopped while paused', () => {
    // 09:00–10:00 and 14:00–15:00 counted; the stop while paused at 16:00 adds nothing.
    const state = clock(
      240,
      [...events, ev('pause', `${MON} 15:00`), ev('stop', `${MON} 16:00`)],
      `${TUE} 10:00`,
    );
    expect(readable(state)).toMatchObject({ state: 'stopped', met: true, elapsed: 120 });
    expect(clock(240, [...events, ev('pause', `${MON} 15:00`)], `${MON} 16:00`).state).toBe('paused');
  });
});

describe('computeClock: restart (silence clock)', () => {
  it('counts from 0 again at every public message', () => {
    const events = [ev('start', `${MON} 09:00`), ev('restart', `${MON} 15:00`)];
    const state = clock(480, events, `${TUE} 09:00`);
    expect(readable(state)).toMatchObject({
      state: 'running',
      elapsed: 180,
      remaining: 300,
      dueAt: `${TUE} 14:00`,
    });
  });

  it('discards a breach of the previous cycle', () => {
    const start = [ev('start', `${MON} 09:00`)];
    expect(clock(60, start, `${MON} 11:00`).state).toBe('breached');
    const restarted = [...start, ev('restart', `${MON} 11:00`)];
    expect(readable(clock(60, restarted, `${MON} 11:30`))).toMatchObject({
      state: 'running',
      breachedAt: null,
      elapsed: 30,
      dueAt: `${MON} 12:00`,
    });
  });

  it('stays paused when the message goes out while waiting for the customer', () => {
    const events = [ev('start', `${MON} 09:00`), ev('pause', `${MON} 10:00`), ev('restart', `${MON} 11:00`)];
    expect(readable(clock(60, events, `${MON} 12:00`))).toMatchObject({ state: 'paused', elapsed: 0 });
    const resumed = [...events, ev('resume', `${MON} 13:00`)];
    expect(readable(clock(60, resumed, `${MON} 13:30`))).toMatchObject({ state: 'running', elapsed: 30 });
  });

  it('works without a separate start and re-activates a stopped clock', () => {
    expect(clock(60, [ev('restart', `${MON} 09:00`)], `${MON} 09:30`).state).toBe('running');
    const reopened = [ev('start', `${MON} 09:00`), ev('stop', `${MON} 09:30`), ev('restart', `${TUE} 09:00`)];
    expect(readable(clock(60, reopened, `${TUE} 09:15`))).toMatchObject({
      state: 'running',
      elapsed: 15,
      met: null,
    });
  });

  it('applies same-instant events in the given order', () => {
    const at = `${MON} 10:00`;
    const restartThenPause = [ev('start', `${MON} 09:00`), ev('restart', at), ev('pause', at)];
    expect(clock(60, restartThenPause, `${MON} 11:00`).state).toBe('paused');
    const pauseThenResume = [ev('start', `${MON} 09:00`), ev('pause', at), ev('resume', at)];
    expect(readable(clock(240, pauseThenResume, `${MON} 11:00`))).toMatchObject({
      state: 'running',
      elapsed: 120,
    });
  });

  it('sorts unsorted events by time', () => {
    const sorted = [
      ev('start', `${MON} 09:00`),
      ev('pause', `${MON} 10:00`),
      ev('resume', `${MON} 14:00`),
      ev('restart', `${MON} 15:00`),
    ];
    const shuffled = [sorted[2]!, sorted[0]!, sorted[3]!, sorted[1]!];
    expect(clock(240, shuffled, `${TUE} 10:00`)).toEqual(clock(240, sorted, `${TUE} 10:00`));
  });
});

describe('computeClock: warnings and nextTimerAt', () => {
  const start = [ev('start', `${MON} 09:00`)];

  it('warns warnBeforeMinutes business minutes before the due time', () => {
    const state = clock(240, start, `${MON} 10:00`, { warn: 60 });
    expect(readable(state)).toMatchObject({
      state: 'running',
      warnAt: `${MON} 12:00`,
      dueAt: `${MON} 13:00`,
    });
    expect(local(nextTimerAt(state))).toBe(`${MON} 12:00`);
  });

  it('moves on to the due time once the warning time has come', () => {
    const atWarn = clock(240, start, `${MON} 12:00`, { warn: 60 });
    expect(local(atWarn.warnAt)).toBe(`${MON} 12:00`);
    expect(local(nextTimerAt(atWarn))).toBe(`${MON} 13:00`);
    const afterWarn = clock(240, start, `${MON} 12:30`, { warn: 60 });
    expect(local(afterWarn.warnAt)).toBe(`${MON} 12:00`);
    expect(local(nextTimerAt(afterWarn))).toBe(`${MON} 13:00`);
  });

  it('warns in business time: the evening before when due early next morning', () => {
    const state = clock(120, [ev('start', `${MON} 16:00`)], `${MON} 16:00`, { warn: 90 });
    expect(readable(state)).toMatchObject({ warnAt: `${MON} 16:30`, dueAt: `${TUE} 09:00` });
  });

  it('keeps a warning reached before a pause, and shifts one reached after it', () => {
    const paused = [...start, ev('pause', `${MON} 12:30`), ev('resume', `${MON} 14:00`)];
    expect(local(clock(240, paused, `${MON} 14:10`, { warn: 60 }).warnAt)).toBe(`${MON} 12:00`);
    const early = [...start, ev('pause', `${MON} 10:00`), ev('resume', `${MON} 14:00`)];
    expect(readable(clock(240, early, `${MON} 14:10`, { warn: 60 }))).toMatchObject({
      warnAt: `${MON} 16:00`,
      dueAt: `${MON} 17:00`,
    });
  });

  it('warns at the start when warnBeforeMinutes is not less than the target', () => {
    const state = clock(30, start, `${MON} 09:10`, { warn: 60 });
    expect(local(state.warnAt)).toBe(`${MON} 09:00`);
    expect(local(nextTimerAt(state))).toBe(`${MON} 09:30`);
  });

  it('has no warnAt without warnBeforeMinutes or with 0', () => {
    expect(clock(240, start, `${MON} 10:00`).warnAt).toBeNull();
    expect(clock(240, start, `${MON} 10:00`, { warn: 0 }).warnAt).toBeNull();
    expect(local(nextTimerAt(clock(240, start, `${MON} 10:00`)))).toBe(`${MON} 13:00`);
  });

  it('has no timer while paused, stopped or breached', () => {
    expect(
      nextTimerAt(clock(240, [...start, ev('pause', `${MON} 10:00`)], `${MON} 11:00`, { warn: 60 })),
    ).toBeNull();
    expect(
      nextTimerAt(clock(240, [...start, ev('stop', `${MON} 10:00`)], `${MON} 11:00`, { warn: 60 })),
    ).toBeNull();
    expect(nextTimerAt(clock(240, start, `${MON} 13:00`, { warn: 60 }))).toBeNull();
  });

  it('gives the scheduler a timer sequence: warning, then breach, then nothing', () => {
    let now = berlin(`${MON} 09:00`);
    const fired: string[] = [];
    for (let step = 0; step < 5; step++) {
      const state = computeClock(DEFAULT_CALENDAR, 240, start, now, 60);
      if (state.state === 'breached') fired.push(`breach ${local(state.breachedAt)}`);
      else if (state.warnAt && state.warnAt.getTime() <= now.getTime())
        fired.push(`warn ${local(state.warnAt)}`);
      const timer = nextTimerAt(state);
      if (timer === null) break;
      expect(timer.getTime()).toBeGreaterThan(now.getTime());
      now = timer;
    }
    expect(fired).toEqual([`warn ${MON} 12:00`, `breach ${MON} 13:00`]);
  });
});

describe('computeClock: input validation', () => {
  const start = [ev('start', `${MON} 09:00`)];
  const now = berlin(`${MON} 10:00`);

  it('rejects bad targets, warnings and dates', () => {
    expect(() => computeClock(DEFAULT_CALENDAR, -1, start, now)).toThrow(RangeError);
    expect(() => computeClock(DEFAULT_CALENDAR, Number.NaN, start, now)).toThrow(RangeError);
    expect(() => computeClock(DEFAULT_CALENDAR, 60, start, now, -5)).toThrow(RangeError);
    expect(() => computeClock(DEFAULT_CALENDAR, 60, start, new Date(Number.NaN))).toThrow(RangeError);
    expect(() => computeClock(DEFAULT_CALENDAR, 60, [{ type: 'start', at: new Date('nope') }], now)).toThrow(
      RangeError,
    );
  });
});

/** Deterministic PRNG (mulberry32) so the property test is reproducible. */
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

describe('computeClock: agrees with a minute-by-minute simulation', () => {
  // A lunch-break calendar over the fall-back weekend, so the oracle sees gaps, nights and DST.
  const calendar: BusinessCalendar = {
    timeZone: TZ,
    hours: Object.fromEntries(
      [1, 2, 3, 4, 5].map((day) => [
        day,
        [
          ['08:00', '12:00'],
          ['13:00', '17:00'],
        ],
      ]),
    ),
    holidayState: 'NI',
  };
  const windowStart = Date.parse('2026-10-22T00:00:00Z');
  const windowMinutes = 14 * 1440;
  // Open-ness of each minute straight from the wall clock, independent of zonedTimeToUtc.
  const open = Array.from({ length: windowMinutes }, (_, minute) => {
    const { date, time } = utcToZonedParts(new Date(windowStart + minute * 60_000), TZ);
    const weekday = ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    if (isPublicHoliday('NI', date)) return false;
    const ranges = calendar.hours[weekday as 1 | 2 | 3 | 4 | 5] ?? [];
    return ranges.some(([start, end]) => time >= start && time < end);
  });

  type Expected = {
    state: ClockState['state'];
    elapsed: number;
    breachedAt: number | null;
    warnAt: number | null;
    dueAt: number | null;
    met: boolean | null;
  };

  /** Replays events minute by minute: events at a minute apply before that minute is counted. */
  function simulate(
    events: Array<{ minute: number; type: ClockEventType }>,
    now: number,
    target: number,
    warn: number,
  ) {
    let phase: 'not_started' | 'active' | 'stopped' = 'not_started';
    let paused = false;
    let elapsed = 0;
    let breachedAt: number | null = null;
    let warnedAt: number | null = null;
    const warnThreshold = Math.max(0, target - warn);
    const counting = () => phase === 'active' && !paused;
    for (let minute = 0; minute < windowMinutes; minute++) {
      for (const event of events) {
        if (event.minute !== minute || minute > now) continue;
        if (event.type === 'start' && phase === 'not_started') phase = 'active';
        if (event.type === 'restart') {
          phase = 'active';
          elapsed = 0;
          breachedAt = null;
          warnedAt = null;
        }
        if (event.type === 'pause') paused = true;
        if (event.type === 'resume') paused = false;
        if (event.type === 'stop' && phase === 'active') phase = 'stopped';
      }
      if (counting() && breachedAt === null && elapsed >= target) breachedAt = minute;
      if (counting() && warnedAt === null && elapsed >= warnThreshold) warnedAt = minute;
      if (minute === now) {
        const stateAtNow: Expected = {
          state:
            phase === 'not_started'
              ? 'not_started'
              : phase === 'stopped'
                ? 'stopped'
                : paused
                  ? 'paused'
                  : 'running',
          elapsed,
          breachedAt,
          warnAt: counting() ? warnedAt : null,
          dueAt: counting() ? breachedAt : null,
          met: phase === 'stopped' ? breachedAt === null : null,
        };
        if (stateAtNow.state === 'running' && breachedAt !== null) stateAtNow.state = 'breached';
        if (!counting() || (breachedAt !== null && warnedAt !== null)) return stateAtNow;
        // Keep counting without further events to find the future warn and due minutes.
        let future = elapsed;
        for (let later = minute; later < windowMinutes; later++) {
          if (stateAtNow.warnAt === null && future >= warnThreshold) stateAtNow.warnAt = later;
          if (stateAtNow.dueAt === null && future >= target) stateAtNow.dueAt = later;
          if (stateAtNow.dueAt !== null && stateAtNow.warnAt !== null) return stateAtNow;
          if (open[later]) future += 1;
        }
        throw new Error('window too short');
      }
      if (counting() && open[minute]) elapsed += 1;
    }
    throw new Error('now outside window');
  }

  it('matches for 200 random event histories (seeded)', () => {
    const random = seededRandom(4711);
    const types: ClockEventType[] = ['pause', 'resume', 'pause', 'resume', 'stop', 'restart', 'start'];
    for (let run = 0; run < 200; run++) {
      const target = Math.floor(random() * 900);
      const warn = 1 + Math.floor(random() * 120);
      const events: Array<{ minute: number; type: ClockEventType }> = [];
      const first = Math.floor(random() * 1440);
      let minute = first;
      events.push({ minute, type: random() < 0.8 ? 'start' : 'restart' });
      const count = Math.floor(random() * 8);
      for (let i = 0; i < count; i++) {
        // Occasional same-minute events exercise the tie order.
        minute += random() < 0.15 ? 0 : Math.floor(random() * 900);
        events.push({ minute, type: types[Math.floor(random() * types.length)]! });
      }
      // Mostly after the start, sometimes before it (not_started) or between later events.
      const now = Math.min(
        windowMinutes - 4 * 1440,
        Math.floor(first - 60 + random() * (minute - first + 1500)),
      );
      const expected = simulate(events, now, target, warn);
      const toDate = (m: number) => new Date(windowStart + m * 60_000);
      const state = computeClock(
        calendar,
        target,
        events.map((event) => ({ at: toDate(event.minute), type: event.type })),
        toDate(now),
        warn,
      );
      const toMinute = (date: Date | null) =>
        date === null ? null : (date.getTime() - windowStart) / 60_000;
      const context = JSON.stringify({ run, target, warn, now, events });
      expect(
        {
          state: state.state,
          elapsed: state.elapsedBusinessMinutes,
          breachedAt: toMinute(state.breachedAt),
          warnAt: toMinute(state.warnAt),
          dueAt: toMinute(state.dueAt),
          met: state.met,
        },
        context,
      ).toEqual(expected);
      expect(state.remainingBusinessMinutes, context).toBe(target - expected.elapsed);
    }
  });
});
