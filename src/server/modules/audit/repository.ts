import type { Db, Trx } from '../../db/database';
import type { Scope } from '../../shared/scope';
import type { AuditLogRow, AuditLogTable } from './audit.table';

export async function insertAuditEntry(db: Db | Trx, entry: AuditLogTable): Promise<void> {
  await db.insertInto('audit_log').values(entry).execute();
}

export type AuditFilter = { entityType?: string; entityId?: string; before?: string; limit: number };

/** Newest first; `before` is the id of the last row of the previous page (ids sort by time). */
export async function findAuditEntries(db: Db, _scope: Scope, filter: AuditFilter): Promise<AuditLogRow[]> {
  let query = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.entityType) query = query.where('entity_type', '=', filter.entityType);
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
  if (filter.before) query = query.where('id', '<', filter.before);
  return query.execute();
}
