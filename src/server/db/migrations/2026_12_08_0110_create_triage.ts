import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect';

// Fault triage: diagnostic checklists (steps and rules as JSON, validated in src/shared/checklists.ts),
// their runs on cases, technician appointments, and each third party's policy on escalations by a
// partner (with the number and hours a customer calls when the third party wants the customer).
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .alterTable('organisation')
    .addColumn('accepts_partner_escalation', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('organisation').addColumn('service_hours', 'text').execute();

  await db.schema
    .createTable('checklist')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('case_type', 'text', (c) => c.notNull())
    .addColumn('product_line', 'text')
    .addColumn('third_party_id', 'text', (c) => c.references('organisation.id'))
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('checklist_run')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('support_case.id'))
    .addColumn('checklist_id', 'text', (c) => c.notNull().references('checklist.id'))
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('classification', 'text')
    .addColumn('started_by_label', 'text', (c) => c.notNull())
    .addColumn('started_by_source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('checklist_run_case').on('checklist_run').column('case_id').execute();

  await db.schema
    .createTable('case_appointment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('support_case.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('window_from', 'text', (c) => c.notNull())
    .addColumn('window_to', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_appointment_case').on('case_appointment').column('case_id').execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable('case_appointment').execute();
  await db.schema.dropTable('checklist_run').execute();
  await db.schema.dropTable('checklist').execute();
  await db.schema.alterTable('organisation').dropColumn('service_hours').execute();
  await db.schema.alterTable('organisation').dropColumn('accepts_partner_escalation').execute();
}
