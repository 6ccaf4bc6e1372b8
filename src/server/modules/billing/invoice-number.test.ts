import { describe, expect, it } from 'vitest';
import { formatInvoiceNumber, invoiceNumberPeriod } from './invoice-number';

describe('invoice number format', () => {
  it('counts per year with the year in the number', () => {
    const series = { prefix: 'RE-', numbering: 'per_year' } as const;
    expect(invoiceNumberPeriod(series, '2026-12-31')).toBe('2026');
    expect(invoiceNumberPeriod(series, '2027-01-01')).toBe('2027');
    expect(formatInvoiceNumber(series, '2026', 42)).toBe('RE-2026-000042');
  });

  it('counts for ever in a continuous series', () => {
    const series = { prefix: 'PW/', numbering: 'continuous' } as const;
    expect(invoiceNumberPeriod(series, '2026-12-31')).toBe('all');
    expect(formatInvoiceNumber(series, 'all', 7)).toBe('PW/000007');
  });

  it('grows past six digits instead of wrapping', () => {
    expect(formatInvoiceNumber({ prefix: 'RE-', numbering: 'continuous' }, 'all', 1_234_567)).toBe(
      'RE-1234567',
    );
  });
});
