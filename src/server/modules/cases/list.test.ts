import { describe, expect, it } from 'vitest';
import { caseNumberQuery } from './list';

describe('case numbers in the search box', () => {
  it('answers a whole number exactly, whatever its case', () => {
    expect(caseNumberQuery(' cd-2026-000123 ', 'CD')).toEqual({ exact: 'CD-2026-000123' });
  });

  it('turns a half-typed number into the range of numbers starting with it', () => {
    expect(caseNumberQuery('CD-2026-4484', 'CD')).toEqual({ from: 'CD-2026-4484', to: 'CD-2026-4485' });
    expect(caseNumberQuery('CD-2026-0009', 'CD')).toEqual({ from: 'CD-2026-0009', to: 'CD-2026-0010' });
    expect(caseNumberQuery('CD-2026-99', 'CD')).toEqual({ from: 'CD-2026-99', to: 'CD-2027-' });
  });

  it('leaves words and other prefixes to the full-text search', () => {
    expect(caseNumberQuery('Drucker', 'CD')).toBeNull();
    expect(caseNumberQuery('XY-2026-000123', 'CD')).toBeNull();
    expect(caseNumberQuery('2026-000123', 'CD')).toBeNull();
  });
});
