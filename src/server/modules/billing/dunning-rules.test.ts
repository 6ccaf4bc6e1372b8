import { describe, expect, it } from 'vitest';
import { addDays, nextDunningStep } from './dunning-rules';
import type { DunningRules } from './dunning-settings';

const rules: DunningRules = {
  days: [0, 7, 14, 14],
  feeCents: [0, 0, 500, 500],
  blockLevel: 3,
  feeChargeType: 'fee_dunning',
};
const overdue = { level: 0, lastNoticeDate: null, oldestOverdueDueDate: '2026-12-01', today: '2026-12-08' };

describe('the next dunning step', () => {
  it('reminds without a fee once the days after the oldest due date have passed', () => {
    expect(nextDunningStep(overdue, rules)).toEqual({ level: 1, feeCents: 0, blocks: false });
    expect(nextDunningStep({ ...overdue, today: '2026-12-07' }, rules)).toBeNull();
  });

  it('does nothing without an overdue invoice', () => {
    expect(nextDunningStep({ ...overdue, oldestOverdueDueDate: null }, rules)).toBeNull();
  });

  it('counts the next level from the previous notice, one level at a time', () => {
    const reminded = { ...overdue, level: 1, lastNoticeDate: '2026-12-08' };
    expect(nextDunningStep({ ...reminded, today: '2026-12-21' }, rules)).toBeNull();
    expect(nextDunningStep({ ...reminded, today: '2027-03-01' }, rules)).toEqual({
      level: 2,
      feeCents: 500,
      blocks: false,
    });
  });

  it('blocks at the block level and stops after level 3', () => {
    const second = { ...overdue, level: 2, lastNoticeDate: '2026-12-22', today: '2027-01-05' };
    expect(nextDunningStep(second, rules)).toEqual({ level: 3, feeCents: 500, blocks: true });
    expect(nextDunningStep({ ...second, level: 3 }, rules)).toBeNull();
    expect(nextDunningStep(second, { ...rules, blockLevel: null })?.blocks).toBe(false);
    expect(nextDunningStep({ ...second, level: 1 }, { ...rules, blockLevel: 2 })?.blocks).toBe(true);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-25', 14)).toBe('2027-01-08');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});
