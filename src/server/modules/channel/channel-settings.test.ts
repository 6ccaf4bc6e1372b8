import { describe, expect, it } from 'vitest';
import { protectionEnd } from './channel-settings';

describe('protection window', () => {
  it('counts calendar days by default', () => {
    const end = protectionEnd(new Date('2026-12-22T09:00:00Z'), {
      protection_days: 14,
      protection_business_days: 0,
    });
    expect(end.toISOString()).toBe('2027-01-05T09:00:00.000Z');
  });

  it('counts business days past weekends and public holidays, at the same local time', () => {
    // Tuesday 22 December 2026, 10:00 in Berlin: 23, 24, (25 and 26 holidays, 27 Sunday) 28, 29, 30.
    const end = protectionEnd(new Date('2026-12-22T09:00:00Z'), {
      protection_days: 5,
      protection_business_days: 1,
    });
    expect(end.toISOString()).toBe('2026-12-30T09:00:00.000Z');
  });

  it('keeps the local time across the change to summer time', () => {
    // Friday 27 March 2026, 10:00 CET; three business days later is Wednesday 1 April, 10:00 CEST.
    const end = protectionEnd(new Date('2026-03-27T09:00:00Z'), {
      protection_days: 3,
      protection_business_days: 1,
    });
    expect(end.toISOString()).toBe('2026-04-01T08:00:00.000Z');
  });
});
