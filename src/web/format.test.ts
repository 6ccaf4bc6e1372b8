import { describe, expect, it } from 'vitest';
import { formatDateTime, isValidTimeZone, timeZoneOptions } from './format';

describe('dates in the user time zone', () => {
  it('shows a UTC timestamp in Berlin summer time in German', () => {
    expect(formatDateTime('2026-07-01T10:00:00Z', 'de', 'Europe/Berlin')).toBe('01.07.2026, 12:00');
  });

  it('shows the same instant in English for a user in New York', () => {
    expect(formatDateTime('2026-07-01T10:00:00Z', 'en', 'America/New_York')).toBe('1 Jul 2026, 06:00');
  });

  it('falls back to the raw value for an unparsable date', () => {
    expect(formatDateTime('not a date', 'de', 'Europe/Berlin')).toBe('not a date');
  });

  it('ignores an unknown time zone instead of failing', () => {
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(() => formatDateTime('2026-07-01T10:00:00Z', 'de', 'Mars/Olympus')).not.toThrow();
  });

  it('offers Europe/Berlin among the time zones', () => {
    expect(timeZoneOptions()).toContain('Europe/Berlin');
  });
});
