import { describe, expect, it } from 'vitest';
import {
  bucketOf,
  bucketsOf,
  type CauseCase,
  casesOverTime,
  granularityOf,
  percentile,
  previousPeriod,
  repeatContacts,
  timeToResolve,
  topCauses,
} from './cause-report';

const NOVEMBER = { from: '2026-11-01', to: '2026-11-30' };
let n = 0;
const kase = (over: Partial<CauseCase>): CauseCase => ({
  id: `c${++n}`,
  customerId: 'k1',
  causeId: 'post-office',
  createdAt: '2026-11-10T09:00:00.000Z',
  resolvedAt: null,
  ...over,
});

describe('cause report', () => {
  it('shows short periods by week (Monday) and long ones by month', () => {
    expect(granularityOf(NOVEMBER)).toBe('week');
    expect(granularityOf({ from: '2026-01-01', to: '2026-12-31' })).toBe('month');
    expect(bucketOf('2026-11-11T23:00:00.000Z', 'week')).toBe('2026-11-09');
    expect(bucketOf('2026-11-09T00:00:00.000Z', 'week')).toBe('2026-11-09');
    expect(bucketOf('2026-11-15T12:00:00.000Z', 'week')).toBe('2026-11-09');
    expect(bucketOf('2026-11-15T12:00:00.000Z', 'month')).toBe('2026-11');
    expect(bucketsOf(NOVEMBER, 'week')).toEqual([
      '2026-10-26',
      '2026-11-02',
      '2026-11-09',
      '2026-11-16',
      '2026-11-23',
      '2026-11-30',
    ]);
  });

  it('compares with the period of equal length just before', () => {
    expect(previousPeriod(NOVEMBER)).toEqual({ from: '2026-10-02', to: '2026-10-31' });
    expect(previousPeriod({ from: '2026-03-01', to: '2026-03-07' })).toEqual({
      from: '2026-02-22',
      to: '2026-02-28',
    });
  });

  it('counts cases by cause and week, leaving out cases outside the period', () => {
    const cases = [
      kase({ createdAt: '2026-11-10T09:00:00.000Z' }),
      kase({ createdAt: '2026-11-12T09:00:00.000Z' }),
      kase({ createdAt: '2026-11-12T09:00:00.000Z', causeId: null }),
      kase({ createdAt: '2026-11-20T09:00:00.000Z', causeId: 'pickup' }),
      kase({ createdAt: '2026-10-20T09:00:00.000Z' }),
    ];
    expect(casesOverTime(cases, NOVEMBER, 'week')).toEqual([
      { bucket: '2026-11-09', causeId: 'post-office', count: 2 },
      { bucket: '2026-11-09', causeId: null, count: 1 },
      { bucket: '2026-11-16', causeId: 'pickup', count: 1 },
    ]);
  });

  it('ranks the top causes of the period against the last one', () => {
    const cases = [
      kase({}),
      kase({}),
      kase({ causeId: 'pickup' }),
      kase({ causeId: 'pickup', createdAt: '2026-10-15T09:00:00.000Z' }),
      kase({ causeId: 'pickup', createdAt: '2026-10-16T09:00:00.000Z' }),
      kase({ causeId: 'newspapers', createdAt: '2026-10-16T09:00:00.000Z' }),
      kase({ causeId: 'newspapers', createdAt: '2026-09-01T09:00:00.000Z' }),
    ];
    expect(topCauses(cases, NOVEMBER)).toEqual([
      { causeId: 'post-office', count: 2, previousCount: 0, change: 2 },
      { causeId: 'pickup', count: 1, previousCount: 2, change: -1 },
      { causeId: 'newspapers', count: 0, previousCount: 1, change: -1 },
    ]);
  });

  it('gives the median and 90th percentile hours to resolve per cause, for cases resolved in the period', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([5], 90)).toBe(5);
    expect(percentile([], 90)).toBeNull();
    const open = '2026-11-02T08:00:00.000Z';
    const cases = [
      kase({ createdAt: open, resolvedAt: '2026-11-02T10:00:00.000Z' }),
      kase({ createdAt: open, resolvedAt: '2026-11-02T12:00:00.000Z' }),
      kase({ createdAt: open, resolvedAt: '2026-11-03T08:00:00.000Z' }),
      // Opened before the period, resolved in it: counts.
      kase({
        causeId: 'pickup',
        createdAt: '2026-10-30T08:00:00.000Z',
        resolvedAt: '2026-11-01T08:30:00.000Z',
      }),
      // Resolved after the period: does not.
      kase({ createdAt: open, resolvedAt: '2026-12-01T08:00:00.000Z' }),
      kase({ createdAt: open }),
    ];
    expect(timeToResolve(cases, NOVEMBER)).toEqual([
      { causeId: 'post-office', resolved: 3, medianHours: 4, p90Hours: 24 },
      { causeId: 'pickup', resolved: 1, medianHours: 48.5, p90Hours: 48.5 },
    ]);
  });

  it('finds repeat contacts: same customer, same cause, within 30 days', () => {
    const first = kase({ id: 'first', createdAt: '2026-10-20T09:00:00.000Z' });
    const again = kase({ id: 'again', createdAt: '2026-11-05T09:00:00.000Z' });
    const third = kase({ id: 'third', createdAt: '2026-11-06T09:00:00.000Z' });
    const cases = [
      first,
      again,
      third,
      // Same customer, other cause: no repeat.
      kase({ id: 'other-cause', causeId: 'pickup', createdAt: '2026-11-07T09:00:00.000Z' }),
      // Other customer, same cause: no repeat.
      kase({ id: 'other-customer', customerId: 'k2', createdAt: '2026-11-07T09:00:00.000Z' }),
      // 31 days after the last one of the same customer and cause: no repeat.
      kase({ id: 'late', causeId: 'pickup', createdAt: '2026-12-08T09:00:00.000Z' }),
      kase({ id: 'late-2', customerId: 'k3', createdAt: '2026-11-01T09:00:00.000Z' }),
      kase({ id: 'late-3', customerId: 'k3', createdAt: '2026-12-02T09:00:00.000Z' }),
      // No cause: never a repeat.
      kase({ id: 'none-1', causeId: null, createdAt: '2026-11-07T09:00:00.000Z' }),
      kase({ id: 'none-2', causeId: null, createdAt: '2026-11-08T09:00:00.000Z' }),
    ];
    const result = repeatContacts(cases, NOVEMBER);
    expect(result.rows).toEqual([{ causeId: 'post-office', repeats: 2, customers: 1 }]);
    expect(result.cases.map((c) => [c.caseId, c.previousCaseId])).toEqual([
      ['third', 'again'],
      ['again', 'first'],
    ]);
  });
});
