import type { Db, Trx } from '../../db/database';
import { type Clock, isoNow } from '../../shared/clock';
import { newId } from '../../shared/ids';
import { actorLabel, requireRole, type Scope } from '../../shared/scope';
import { findAuditEntries, insertAuditEntry } from './repository';

export type AuditChange = {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
};

/**
 * Records a change in the same transaction as the change itself, so the log never
 * claims something that was rolled back, nor misses something that was committed.
 */
export async function recordAudit(
  trx: Trx | Db,
  scope: Scope,
  clock: Clock,
  change: AuditChange,
): Promise<void> {
  await insertAuditEntry(trx, {
    id: newId(),
    at: isoNow(clock),
    actor_person_id: scope.kind === 'user' ? scope.personId : null,
    actor_label: actorLabel(scope),
    action: change.action,
    entity_type: change.entityType,
    entity_id: change.entityId,
    before: change.before === undefined ? null : JSON.stringify(change.before),
    after: change.after === undefined ? null : JSON.stringify(change.after),
    request_id: scope.kind === 'user' ? (scope.requestId ?? null) : null,
  });
}

export type AuditEntry = {
  id: string;
  at: string;
  actor: { id: string | null; label: string };
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
};

/** Operator admins read the audit log, newest first. */
export async function listAuditEntries(
  db: Db,
  scope: Scope,
  filter: { entityType?: string; entityId?: string; cursor?: string; limit: number },
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  requireRole(scope, ['operator_admin']);
  const rows = await findAuditEntries(db, scope, {
    entityType: filter.entityType,
    entityId: filter.entityId,
    before: filter.cursor,
    limit: filter.limit + 1,
  });
  const page = rows.slice(0, filter.limit);
  return {
    items: page.map((row) => ({
      id: row.id,
      at: row.at,
      actor: { id: row.actor_person_id, label: row.actor_label },
      action: row.action,
      entityType: row.entity_type,
      entityId: row.entity_id,
      before: row.before === null ? null : JSON.parse(row.before),
      after: row.after === null ? null : JSON.parse(row.after),
    })),
    nextCursor: rows.length > filter.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
