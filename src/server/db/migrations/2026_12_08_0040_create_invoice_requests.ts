import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect';

// Invoice requests that arrive as cases. The keyword rules say when an inbound mail is one (each
// rule: word groups that must all occur, each group a list of alternatives, kept as JSON). The
// request row, one per case (the case id is the key), records how far the automatic fulfilment
// came: the invoices it issued or found are written before the reply, so a second run after a
// crash answers with the same documents instead of issuing again, and a finished row is never run again.
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('invoice_request_rule')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('word_groups', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('invoice_request')
    .addColumn('case_id', 'text', (c) => c.primaryKey().references('support_case.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('organisation.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('invoice_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('missing', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable('invoice_request').execute();
  await db.schema.dropTable('invoice_request_rule').execute();
}
