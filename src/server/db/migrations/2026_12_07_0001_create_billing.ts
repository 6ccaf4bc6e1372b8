import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect';

// The foundation of billing: the seller's settings, charge types with their VAT treatment, the
// customer's billing account (dunning level, block), charges, and the counters of invoice number
// series. Money is integer cents; a charge's line net is bigint because quantity × unit price
// can pass 2^31 cents. The charge types of the demo come with the seed, not with the schema.
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('seller_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('legal_name', 'text', (c) => c.notNull())
    .addColumn('street', 'text', (c) => c.notNull())
    .addColumn('postal_code', 'text', (c) => c.notNull())
    .addColumn('city', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('vat_id', 'text')
    .addColumn('tax_number', 'text')
    .addColumn('register_court', 'text')
    .addColumn('register_number', 'text')
    .addColumn('managing_directors', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('bank_name', 'text')
    .addColumn('iban', 'text', (c) => c.notNull())
    .addColumn('bic', 'text')
    .addColumn('invoice_footer', 'text')
    .addColumn('payment_terms_days', 'integer', (c) => c.notNull())
    .addColumn('invoice_number_prefix', 'text', (c) => c.notNull())
    .addColumn('invoice_numbering', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('charge_type')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name_de', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('vat_treatment', 'text', (c) => c.notNull())
    .addColumn('exemption_note', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('billing_account')
    .addColumn('customer_id', 'text', (c) => c.primaryKey().references('organisation.id'))
    .addColumn('dunning_level', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('blocked_at', 'text')
    .addColumn('blocked_reason', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('charge')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('organisation.id'))
    .addColumn('type_code', 'text', (c) => c.notNull().references('charge_type.code'))
    .addColumn('vat_treatment', 'text', (c) => c.notNull())
    .addColumn('exemption_note', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quantity_thousandths', 'integer', (c) => c.notNull())
    .addColumn('unit_price_cents', 'integer', (c) => c.notNull())
    .addColumn('line_net_cents', 'bigint', (c) => c.notNull())
    .addColumn('service_date', 'text', (c) => c.notNull())
    .addColumn('service_date_to', 'text')
    .addColumn('case_id', 'text', (c) => c.references('support_case.id'))
    .addColumn('invoice_id', 'text')
    .addColumn('created_by_person_id', 'text', (c) => c.references('person.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('charge_customer')
    .on('charge')
    .columns(['customer_id', 'created_at'])
    .execute();
  await db.schema.createIndex('charge_invoice').on('charge').columns(['invoice_id']).execute();

  await db.schema
    .createTable('invoice_number_counter')
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('invoice_number_counter_pk', ['series', 'period'])
    .execute();
}
