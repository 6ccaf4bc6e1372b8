import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect';

// Payments received (bank statement imports and manual entries) and how they are allocated to
// invoices. `dedupe_key` is unique: importing the same statement again, even twice at once, inserts
// each payment once (the second insert hits the index). An allocation row ties part of a payment
// to one invoice, so one payment can settle several invoices and an invoice can be paid in parts;
// a return debit is a payment with a negative amount and a negative allocation.
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('payment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('amount_cents', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('booking_date', 'text', (c) => c.notNull())
    .addColumn('value_date', 'text')
    .addColumn('payer_name', 'text')
    .addColumn('payer_iban', 'text')
    .addColumn('reference', 'text')
    .addColumn('end_to_end_id', 'text')
    .addColumn('bank_reference', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text')
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('customer_id', 'text', (c) => c.references('organisation.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by_person_id', 'text', (c) => c.references('person.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payment_status').on('payment').columns(['status', 'booking_date']).execute();
  await db.schema.createIndex('payment_customer').on('payment').column('customer_id').execute();
  await db.schema.createIndex('payment_payer_iban').on('payment').column('payer_iban').execute();

  await db.schema
    .createTable('payment_allocation')
    .addColumn('payment_id', 'text', (c) => c.notNull().references('payment.id'))
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoice.id'))
    .addColumn('amount_cents', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('payment_allocation_pk', ['payment_id', 'invoice_id'])
    .execute();
  await db.schema
    .createIndex('payment_allocation_invoice')
    .on('payment_allocation')
    .column('invoice_id')
    .execute();
}
