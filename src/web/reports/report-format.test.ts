import { describe, expect, it } from 'vitest';
import { formatEuros, formatMonth, formatRate, presetPeriod } from './report-format';

describe('lead report formats', () => {
  it('shows cents as euros, rates as percent and months short, in German and English', () => {
    expect(formatEuros(129_950, 'de')).toBe('1.299,50\u00a0€');
    expect(formatEuros(500_000, 'en')).toBe('€5,000');
    expect(formatRate(0.6667, 'de')).toBe('66,7\u00a0%');
    expect(formatRate(null, 'en')).toBe('—');
    expect(formatMonth('2026-12', 'de')).toBe('Dez. 2026');
    expect(formatMonth('2026-12', 'en')).toBe('Dec 2026');
  });

  it('offers the last 12 months, the last 90 days and this year up to today', () => {
    const now = new Date('2026-12-06T10:00:00Z');
    expect(presetPeriod('last12', now)).toEqual({ from: '2025-12-07', to: '2026-12-06' });
    expect(presetPeriod('last90', now)).toEqual({ from: '2026-09-08', to: '2026-12-06' });
    expect(presetPeriod('thisYear', now)).toEqual({ from: '2026-01-01', to: '2026-12-06' });
  });
});
