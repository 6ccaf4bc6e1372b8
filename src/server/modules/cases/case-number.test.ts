import { describe, expect, it } from 'vitest';
import { findCaseNumber, formatCaseNumber, looksLikeCaseNumber } from './case-number';

describe('case numbers', () => {
  it('pads the counter to six digits', () => {
    expect(formatCaseNumber('CD', 2026, 123)).toBe('CD-2026-000123');
    expect(formatCaseNumber('CD', 2026, 1_234_567)).toBe('CD-2026-1234567');
  });

  it('finds our number in a reply subject, whatever its case', () => {
    expect(findCaseNumber('AW: [cd-2026-000123] Drucker defekt', 'CD')).toBe('CD-2026-000123');
    expect(findCaseNumber('Re: Ticket XY-2026-000123', 'CD')).toBeNull();
    expect(findCaseNumber('Bestellung 2026-000123', 'CD')).toBeNull();
  });

  it('tells a number from an id', () => {
    expect(looksLikeCaseNumber('CD-2026-000001')).toBe(true);
    expect(looksLikeCaseNumber('01a20cda-269e-71f9-8b45-8e3ad889b7c2')).toBe(false);
  });
});
