import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect';

// Dunning: the settings (one row, edited in the web app), one notice per customer, level and
// cycle, and on the billing account the cycle and what set the block. The unique notice key makes
// a second run at the same time (another worker, the button) step nobody twice or charge a fee
// twice: its insert hits the index and it leaves that customer alone. A lifted block starts a new
// cycle, so the same customer can be dunned again later.
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('dunning_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('level1_days', 'integer', (c) => c.notNull())
    .addColumn('level2_days', 'integer', (c) => c.notNull())
    .addColumn('level3_days', 'integer', (c) => c.notNull())
    .addColumn('level1_fee_cents', 'integer', (c) => c.notNull())
    .addColumn('level2_fee_cents', 'integer', (c) => c.notNull())
    .addColumn('level3_fee_cents', 'integer', (c) => c.notNull())
    .addColumn('block_level', 'integer')
    .addColumn('fee_charge_type_code', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('dunning_notice')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('organisation.id'))
    .addColumn('cycle', 'integer', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('notice_date', 'text', (c) => c.notNull())
    .addColumn('invoice_ids', 'text', (c) => c.notNull())
    .addColumn('open_cents', 'bigint', (c) => c.notNull())
    .addColumn('fee_charge_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('dunning_notice_step', ['customer_id', 'cycle', 'level'])
    .execute();

  await db.schema
    .alterTable('billing_account')
    .addColumn('dunning_cycle', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // 'dunning' blocks lift themselves once the balance is settled; 'manual' ones wait for a clerk.
  await db.schema.alterTable('billing_account').addColumn('block_source', 'text').execute();
}
