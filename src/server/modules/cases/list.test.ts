import { describe, expect, it } from 'vitest';
import { branchesOverlap, caseNumberQuery, listBranches, MAX_LIST_BRANCHES } from './list';

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

describe('branches of the SQLite case list', () => {
  const partner = { partnerId: 'P', customerIds: ['K1', 'K2'] };
  const byUpdate = { sort: 'updated_at' } as const;

  it('needs none without a multi-value filter or a partner scope', () => {
    expect(listBranches(byUpdate, null)).toBeNull();
    expect(listBranches({ ...byUpdate, type: ['fault'], priority: ['high'] }, null)).toBeNull();
  });

  it('makes one disjoint branch per value of the first multi-value filter, duplicates once', () => {
    const branches = listBranches(
      { ...byUpdate, status: ['open', 'new', 'open'], priority: ['high', 'urgent'] },
      null,
    );
    expect(branches).toEqual([{ status: 'open' }, { status: 'new' }]);
    expect(branchesOverlap(branches ?? [])).toBe(false);
    expect(listBranches({ ...byUpdate, type: ['fault', 'return'] }, partner)).toEqual([
      { type: 'fault' },
      { type: 'return' },
    ]);
  });

  it('splits the partner scope into its own cases and each customer’s, which overlap', () => {
    const branches = listBranches(byUpdate, partner);
    expect(branches).toEqual([{ partnerId: 'P' }, { customerId: 'K1' }, { customerId: 'K2' }]);
    expect(branchesOverlap(branches ?? [])).toBe(true);
    // A partner without customers still gets its index walk instead of the OR.
    expect(listBranches(byUpdate, { partnerId: 'P', customerIds: [] })).toEqual([{ partnerId: 'P' }]);
    const many = Array.from({ length: MAX_LIST_BRANCHES }, (_, i) => `K${i}`);
    expect(listBranches(byUpdate, { partnerId: 'P', customerIds: many })).toBeNull();
  });

  it('leaves the list alone where another filter or the sort already decides the plan', () => {
    const open = { status: ['open', 'new'] as ('open' | 'new')[] };
    expect(listBranches({ ...byUpdate, ...open, assignee: 'me' }, null)).toBeNull();
    expect(listBranches({ ...byUpdate, ...open, customerId: 'K1' }, partner)).toBeNull();
    expect(listBranches({ ...byUpdate, ...open, type: ['fault'] }, null)).toBeNull();
    expect(listBranches({ sort: 'created_at', ...open }, partner)).toBeNull();
    expect(listBranches({ sort: 'number' }, partner)).toBeNull();
  });
});
