import { describe, expect, it } from 'vitest';
import { isoToZonedLocal, zonedLocalToIso } from './time';

describe('times typed by the user', () => {
  it('mean the wall-clock time in the user’s time zone', () => {
    expect(zonedLocalToIso('2026-11-30T12:00', 'Europe/Berlin')).toBe('2026-11-30T11:00:00.000Z');
    expect(zonedLocalToIso('2026-07-01T12:00', 'Europe/Berlin')).toBe('2026-07-01T10:00:00.000Z');
    expect(zonedLocalToIso('2026-11-30T12:00', 'UTC')).toBe('2026-11-30T12:00:00.000Z');
  });

  it('round-trip through the input value', () => {
    expect(isoToZonedLocal('2026-11-30T11:00:00.000Z', 'Europe/Berlin')).toBe('2026-11-30T12:00');
  });

  it('reject what is not a date-time', () => {
    expect(zonedLocalToIso('morgen', 'Europe/Berlin')).toBeNull();
  });
});
