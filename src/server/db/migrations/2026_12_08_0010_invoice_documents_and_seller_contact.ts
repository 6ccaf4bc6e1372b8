import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect';

// The seller's contact for e-invoices (XRechnung BR-DE-2, BR-DE-5/6/7: a contact name, phone and
// e-mail) and the rendered documents of an issued invoice. Each format is rendered once and its
// bytes kept in the content-addressed file store; the row per invoice and format (unique) is how
// two parallel first requests end with the same stored document.
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('seller_settings').addColumn('contact_name', 'text').execute();
  await db.schema.alterTable('seller_settings').addColumn('contact_phone', 'text').execute();
  await db.schema.alterTable('seller_settings').addColumn('contact_email', 'text').execute();

  await db.schema
    .createTable('invoice_document')
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoice.id'))
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('invoice_document_pk', ['invoice_id', 'format'])
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable('invoice_document').execute();
  await db.schema.alterTable('seller_settings').dropColumn('contact_email').execute();
  await db.schema.alterTable('seller_settings').dropColumn('contact_phone').execute();
  await db.schema.alterTable('seller_settings').dropColumn('contact_name').execute();
}
