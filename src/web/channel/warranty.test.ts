import { describe, expect, it } from 'vitest';
import { addDays, byWarrantyEnd, daysBetween, todayIn, warrantyState } from './warranty';

describe('warranty days', () => {
  it('counts whole calendar days, across a change to summer time', () => {
    expect(daysBetween('2026-12-06', '2026-12-06')).toBe(0);
    expect(daysBetween('2026-12-06', '2027-01-20')).toBe(45);
    expect(daysBetween('2027-03-20', '2027-04-05')).toBe(16);
    expect(daysBetween('2026-12-06', '2026-12-01')).toBe(-5);
    expect(addDays('2026-12-06', 90)).toBe('2027-03-06');
  });

  it('takes today in the user’s time zone', () => {
    const lateEvening = new Date('2026-12-06T23:30:00Z');
    expect(todayIn('Europe/Berlin', lateEvening)).toBe('2026-12-07');
    expect(todayIn('UTC', lateEvening)).toBe('2026-12-06');
  });

  it('calls a warranty ending within 90 days ending soon', () => {
    expect(warrantyState(null, '2026-12-06')).toBe('none');
    expect(warrantyState('2026-12-05', '2026-12-06')).toBe('expired');
    expect(warrantyState('2026-12-06', '2026-12-06')).toBe('endingSoon');
    expect(warrantyState('2027-03-06', '2026-12-06')).toBe('endingSoon');
    expect(warrantyState('2027-03-07', '2026-12-06')).toBe('running');
  });

  it('sorts running warranties soonest first, then the expired ones latest first, none last', () => {
    const assets = [
      { serial: 'C', warrantyEnd: null },
      { serial: 'B', warrantyEnd: '2027-01-01' },
      { serial: 'X', warrantyEnd: '2025-01-01' },
      { serial: 'A', warrantyEnd: '2026-12-06' },
      { serial: 'Y', warrantyEnd: '2026-12-05' },
      { serial: 'D', warrantyEnd: '2027-01-01' },
    ];
    expect([...assets].sort(byWarrantyEnd('2026-12-06')).map((a) => a.serial)).toEqual([
      'A',
      'B',
      'D',
      'Y',
      'X',
      'C',
    ]);
  });
});
