import { describe, expect, it } from 'vitest';
import { parseEuroToCents } from '../money';
import { formatIban, ibanProblemKey, invoiceNumberPreview, parseQuantity } from './money';

describe('amounts typed in euros', () => {
  it('reads the German decimal comma, a point and thousands separators as integer cents', () => {
    expect(parseEuroToCents('49,90')).toBe(4990);
    expect(parseEuroToCents('1.234,5')).toBe(123450);
    expect(parseEuroToCents('12.50')).toBe(1250);
    expect(parseEuroToCents('1.000')).toBe(100000);
    expect(parseEuroToCents('7 €')).toBe(700);
    expect(parseEuroToCents('0,07')).toBe(7);
  });

  it('refuses what is not an amount with at most two decimal places', () => {
    for (const text of ['', 'abc', '1,234', '-5', '1,2,3', '12.345.6'])
      expect(parseEuroToCents(text)).toBeNull();
  });

  it('takes quantities with a comma and up to three places', () => {
    expect(parseQuantity('2,5')).toBe('2.5');
    expect(parseQuantity('1')).toBe('1');
    expect(parseQuantity('0')).toBeNull();
    expect(parseQuantity('1,2345')).toBeNull();
  });
});

describe('IBAN in the form', () => {
  it('groups a valid IBAN in fours and says what is wrong with a wrong one', () => {
    expect(formatIban('de89370400440532013000')).toBe('DE89 3704 0044 0532 0130 00');
    expect(ibanProblemKey('DE89 3704 0044 0532 0130 00')).toBeNull();
    expect(ibanProblemKey('DE88 3704 0044 0532 0130 00')?.key).toBe('checkDigits');
    expect(ibanProblemKey('DE89 3704 0044 0532 0130')?.key).toBe('length');
    expect(ibanProblemKey('XX89 3704')?.key).toBe('unknownCountry');
    expect(ibanProblemKey('12')?.key).toBe('country');
  });
});

describe('invoice number preview', () => {
  it('shows the year for a yearly series and none for a continuous one', () => {
    expect(invoiceNumberPreview('RE-', 'per_year', 2026)).toBe('RE-2026-000001');
    expect(invoiceNumberPreview('RE-', 'continuous', 2026)).toBe('RE-000001');
  });
});
