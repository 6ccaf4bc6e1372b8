import { describe, expect, it } from 'vitest';
import { formatDateText, formatEuroText } from './money-text';

describe('euro amounts as text', () => {
  it('writes German and English amounts with grouping and two decimals', () => {
    expect(formatEuroText(12345, 'de')).toBe('123,45 €');
    expect(formatEuroText(123456789, 'de')).toBe('1.234.567,89 €');
    expect(formatEuroText(5, 'de')).toBe('0,05 €');
    expect(formatEuroText(-500, 'de')).toBe('-5,00 €');
    expect(formatEuroText(123456, 'en')).toBe('€1,234.56');
  });

  it('writes dates the German and the English way', () => {
    expect(formatDateText('2026-12-08', 'de')).toBe('08.12.2026');
    expect(formatDateText('2026-12-08', 'en')).toBe('8 December 2026');
  });
});
