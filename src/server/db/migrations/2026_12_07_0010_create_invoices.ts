import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect';

// Issued invoices and their lines. A row is written once and never changed except `status`
// (issued → cancelled) and `cancelled_by_invoice_id`: everything a renderer needs (seller and
// buyer as they were at issue, every amount, the VAT breakdown, the notes, the language) is stored,
// so the PDF and the e-invoice can be produced from the row alone, byte for byte the same later.
// A cancellation is its own document referencing the original; the unique index on
// `cancels_invoice_id` keeps a second cancellation of the same invoice out even under a race.
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('invoice')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('numbering', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('organisation.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('cancels_invoice_id', 'text', (c) => c.references('invoice.id'))
    .addColumn('issue_date', 'text', (c) => c.notNull())
    .addColumn('service_period_start', 'text', (c) => c.notNull())
    .addColumn('service_period_end', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('seller', 'text', (c) => c.notNull())
    .addColumn('buyer', 'text', (c) => c.notNull())
    .addColumn('line_total_cents', 'bigint', (c) => c.notNull())
    .addColumn('vat_total_cents', 'bigint', (c) => c.notNull())
    .addColumn('grand_total_cents', 'bigint', (c) => c.notNull())
    .addColumn('amount_due_cents', 'bigint', (c) => c.notNull())
    .addColumn('vat_breakdown', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('small_amount', 'integer', (c) => c.notNull())
    .addColumn('split_reason', 'text')
    .addColumn('cancel_reason', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cancelled_by_invoice_id', 'text')
    .addColumn('created_by_person_id', 'text', (c) => c.references('person.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('invoice_customer')
    .on('invoice')
    .columns(['customer_id', 'issue_date'])
    .execute();
  await db.schema
    .createIndex('invoice_cancels_once')
    .on('invoice')
    .column('cancels_invoice_id')
    .unique()
    .execute();

  await db.schema
    .createTable('invoice_line')
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoice.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('charge_id', 'text', (c) => c.notNull().references('charge.id'))
    .addColumn('type_code', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quantity_thousandths', 'integer', (c) => c.notNull())
    .addColumn('unit_price_cents', 'integer', (c) => c.notNull())
    .addColumn('line_net_cents', 'bigint', (c) => c.notNull())
    .addColumn('vat_category', 'text', (c) => c.notNull())
    .addColumn('vat_rate_basis_points', 'integer', (c) => c.notNull())
    .addColumn('exemption_note', 'text')
    .addColumn('service_date', 'text', (c) => c.notNull())
    .addColumn('service_date_to', 'text')
    .addPrimaryKeyConstraint('invoice_line_pk', ['invoice_id', 'position'])
    .execute();
  await db.schema.createIndex('invoice_line_charge').on('invoice_line').column('charge_id').execute();
}
