import { describe, expect, it } from 'vitest';
import { auditChanges } from './audit-diff';

describe('audit before/after', () => {
  it('lists only the fields that changed', () => {
    expect(auditChanges({ name: 'A', city: 'Oldenburg' }, { name: 'B', city: 'Oldenburg' })).toEqual([
      { field: 'name', before: 'A', after: 'B' },
    ]);
  });

  it('treats a created entity as all fields new', () => {
    expect(auditChanges(null, { partnerId: 'p1' })).toEqual([
      { field: 'partnerId', before: undefined, after: 'p1' },
    ]);
  });

  it('accepts snapshots delivered as JSON strings', () => {
    expect(auditChanges('{"active":true}', '{"active":false}')).toEqual([
      { field: 'active', before: true, after: false },
    ]);
  });

  it('reports nothing when nothing was recorded', () => {
    expect(auditChanges(null, null)).toEqual([]);
  });
});
