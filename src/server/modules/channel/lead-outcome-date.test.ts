import { describe, expect, it } from 'vitest';
import { outcomeDateProblem } from './lead-outcome-date';

describe('outcome date of a lead', () => {
  const createdAt = '2026-11-20T09:30:00.000Z';
  const now = new Date('2026-12-06T10:00:00.000Z');

  it('accepts the day the lead was created, today and up to a year ahead', () => {
    expect(outcomeDateProblem('2026-11-20', createdAt, now)).toBeNull();
    expect(outcomeDateProblem('2026-12-06', createdAt, now)).toBeNull();
    expect(outcomeDateProblem('2027-12-06', createdAt, now)).toBeNull();
  });

  it('refuses a date before the lead existed, naming its creation day', () => {
    expect(outcomeDateProblem('2026-11-19', createdAt, now)).toBe(
      'must not be before the lead was created (2026-11-20)',
    );
  });

  it('refuses a date more than a year ahead, such as 9999-12-31', () => {
    expect(outcomeDateProblem('2027-12-07', createdAt, now)).toBe(
      'must not be more than a year ahead (2027-12-06 at the latest)',
    );
    expect(outcomeDateProblem('9999-12-31', createdAt, now)).not.toBeNull();
  });

  it('counts days in Germany: a lead created at 23:30 UTC was created the next German day', () => {
    expect(outcomeDateProblem('2026-11-20', '2026-11-20T23:30:00.000Z', now)).toBe(
      'must not be before the lead was created (2026-11-21)',
    );
  });
});
