import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect';

// The installed base: the devices customers own, with serial (unique), product model and line,
// purchase date, warranty end and specs (key–values as JSON text). A per-asset reseller of record
// is a reseller_of_record period with this asset's id.
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('asset')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('serial', 'text', (c) => c.notNull().unique())
    .addColumn('product_model', 'text', (c) => c.notNull())
    .addColumn('product_line', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('organisation.id'))
    .addColumn('purchase_date', 'text')
    .addColumn('warranty_end', 'text')
    .addColumn('specs', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('asset_customer').on('asset').columns(['customer_id', 'serial']).execute();
  await db.schema.createIndex('asset_warranty_end').on('asset').column('warranty_end').execute();
}
