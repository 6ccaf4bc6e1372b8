import { describe, expect, it } from 'vitest';
import { formatCents } from '../money';
import { euroToCents, timeLeft } from './money';

const NOW = new Date('2026-12-06T10:00:00Z');
const later = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000).toISOString();

describe('protection time left', () => {
  it('counts whole days while more than a day and a half is left', () => {
    expect(timeLeft(later(9 * 24), NOW)).toEqual({ unit: 'days', count: 9 });
    expect(timeLeft(later(9 * 24 - 0.2), NOW)).toEqual({ unit: 'days', count: 9 });
    expect(timeLeft(later(36), NOW)).toEqual({ unit: 'days', count: 2 });
  });

  it('counts hours on the last day and a half', () => {
    expect(timeLeft(later(30), NOW)).toEqual({ unit: 'hours', count: 30 });
    expect(timeLeft(later(1.5), NOW)).toEqual({ unit: 'hours', count: 1 });
    expect(timeLeft(later(0.5), NOW)).toEqual({ unit: 'soon' });
  });

  it('says expired once the deadline passed', () => {
    expect(timeLeft(later(-1), NOW)).toEqual({ unit: 'expired' });
  });
});

describe('euro amounts', () => {
  it('become integer cents without floating-point residue', () => {
    expect(euroToCents(19.99)).toBe(1999);
    expect(euroToCents(1250.5)).toBe(125050);
    expect(euroToCents('')).toBeNull();
  });

  it('are shown in the reader’s language', () => {
    expect(formatCents(125050, 'de')).toBe('1.250,50\u00a0€');
    expect(formatCents(125050, 'en')).toBe('€1,250.50');
  });
});
