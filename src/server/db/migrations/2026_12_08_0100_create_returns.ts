import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect';

// Returns (RMA) of a case with their items and the receiving inspection per item; the SLA target
// of the current state is stored on the return (`due_at`). An organisation can be flagged for
// review (a return held something else than the goods); only the operator ever sees the flag.
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('case_return')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('case_id', 'text', (c) => c.notNull().references('support_case.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text')
    .addColumn('outcome', 'text')
    .addColumn('outcome_reason', 'text')
    .addColumn('reject_reason', 'text')
    .addColumn('requested_by_label', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('authorised_at', 'text')
    .addColumn('received_at', 'text')
    .addColumn('inspected_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('rejected_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_return_case').on('case_return').columns(['case_id']).execute();
  await db.schema.createIndex('case_return_state').on('case_return').columns(['state', 'due_at']).execute();

  await db.schema
    .createTable('case_return_item')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('return_id', 'text', (c) => c.notNull().references('case_return.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('product', 'text', (c) => c.notNull())
    .addColumn('serial', 'text')
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('condition', 'text')
    .addColumn('inspection_notes', 'text')
    .addColumn('attachment_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .createIndex('case_return_item_return')
    .on('case_return_item')
    .columns(['return_id'])
    .execute();

  await db.schema.alterTable('organisation').addColumn('review_reason', 'text').execute();
  await db.schema.alterTable('organisation').addColumn('review_flagged_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('organisation').dropColumn('review_flagged_at').execute();
  await db.schema.alterTable('organisation').dropColumn('review_reason').execute();
  await db.schema.dropTable('case_return_item').execute();
  await db.schema.dropTable('case_return').execute();
}
