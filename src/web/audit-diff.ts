// Which fields an audited change touched, from its before/after JSON snapshots.

export type FieldChange = { field: string; before: unknown; after: unknown };

function parse(snapshot: unknown): unknown {
  if (typeof snapshot !== 'string') return snapshot ?? null;
  try {
    return JSON.parse(snapshot);
  } catch {
    return snapshot;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Changed top-level fields, in a stable order. A snapshot that is null (created or deleted
 * entity) counts as an empty object; non-object snapshots are compared as a whole.
 */
export function auditChanges(beforeRaw: unknown, afterRaw: unknown): FieldChange[] {
  const before = parse(beforeRaw);
  const after = parse(afterRaw);
  const beforeObj = before === null ? {} : before;
  const afterObj = after === null ? {} : after;
  if (!isRecord(beforeObj) || !isRecord(afterObj)) {
    return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ field: '', before, after }];
  }
  const fields = [...new Set([...Object.keys(beforeObj), ...Object.keys(afterObj)])];
  return fields
    .filter((field) => JSON.stringify(beforeObj[field]) !== JSON.stringify(afterObj[field]))
    .map((field) => ({ field, before: beforeObj[field], after: afterObj[field] }));
}

export function showJson(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2);
}
