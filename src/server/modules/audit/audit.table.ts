import type { Selectable } from 'kysely';

export interface AuditLogTable {
  id: string;
  at: string;
  actor_person_id: string | null;
  /** Name and e-mail (or "system", "cli") at the time of the change. */
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string;
  /** JSON snapshots; null where the entity did not exist before/after. */
  before: string | null;
  after: string | null;
  request_id: string | null;
}
export type AuditLogRow = Selectable<AuditLogTable>;
