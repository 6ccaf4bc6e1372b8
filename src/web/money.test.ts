import { describe, expect, it } from 'vitest';
import { formatCents, parseEuroToCents } from './money';

describe('parseEuroToCents', () => {
  it('reads German amounts with a decimal comma and thousands dots', () => {
    expect(parseEuroToCents('12.500,50')).toBe(1_250_050);
    expect(parseEuroToCents('12500,5')).toBe(1_250_050);
    expect(parseEuroToCents('4.800')).toBe(480_000);
    expect(parseEuroToCents('1.200.000')).toBe(120_000_000);
    expect(parseEuroToCents('0,99')).toBe(99);
    expect(parseEuroToCents('1.234,5')).toBe(123_450);
    expect(parseEuroToCents('0,07')).toBe(7);
    // A comma is a decimal comma: three digits after it are not cents, so the amount is refused.
    expect(parseEuroToCents('12,345')).toBeNull();
  });

  it('reads English amounts and whole euros', () => {
    expect(parseEuroToCents('12,500.50')).toBe(1_250_050);
    expect(parseEuroToCents('12.5')).toBe(1250);
    expect(parseEuroToCents('300')).toBe(30_000);
  });

  it('ignores spaces and the euro sign', () => {
    expect(parseEuroToCents(' 1 200 € ')).toBe(120_000);
    expect(parseEuroToCents('€ 99,90')).toBe(9990);
    expect(parseEuroToCents('50 EUR')).toBe(5000);
  });

  it('refuses what is not an amount', () => {
    for (const bad of ['', 'zwölf', '-5', '1,2,3', '12,345,6', '1.2.3', '1,5.00', '1,23,456.00'])
      expect(parseEuroToCents(bad), bad).toBeNull();
  });
});

describe('formatCents', () => {
  it('shows euros in the user’s language', () => {
    expect(formatCents(1_250_050, 'de').replace(/\s/g, ' ')).toBe('12.500,50 €');
    expect(formatCents(1_250_050, 'en')).toBe('€12,500.50');
  });
});
