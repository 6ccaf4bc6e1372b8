import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect';

// The replacement a device fault led to (scenario S3): one per case, a return or a new-device lead,
// with the checklist run that offered it. The unique case_id makes "once only" hold also when two
// people press the button at once.
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('case_replacement')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().unique().references('support_case.id'))
    .addColumn('run_id', 'text', (c) => c.notNull().references('checklist_run.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('return_id', 'text', (c) => c.references('case_return.id'))
    .addColumn('lead_id', 'text', (c) => c.references('lead.id'))
    .addColumn('created_by_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable('case_replacement').execute();
}
