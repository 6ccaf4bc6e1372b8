import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect';

// The case list filters by one column and sorts by updated_at (then id). With (column, id)
// indexes SQLite read every matching row and sorted them; (column, updated_at, id) lets both
// dialects walk the filter's index in list order and stop after one page.
const FILTER_COLUMNS = [
  'status',
  'customer_id',
  'partner_id',
  'assignee_id',
  'group_id',
  'priority',
  'type',
] as const;

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  for (const column of FILTER_COLUMNS) {
    await db.schema
      .createIndex(`support_case_${column}_updated`)
      .on('support_case')
      .columns([column, 'updated_at', 'id'])
      .execute();
    await db.schema.dropIndex(`support_case_${column}`).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of FILTER_COLUMNS) {
    await db.schema
      .createIndex(`support_case_${column}`)
      .on('support_case')
      .columns([column, 'id'])
      .execute();
    await db.schema.dropIndex(`support_case_${column}_updated`).execute();
  }
}
