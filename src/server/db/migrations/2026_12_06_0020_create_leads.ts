import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../dialect';

// Leads with their routing history, deal registrations, the operator's direct contacts and the
// channel settings. Money is integer cents. A renewal lead carries `renewal_key` (asset and warranty
// end), unique, so two workers running the renewal job cannot make it twice.
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('lead')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('organisation.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('product_line', 'text')
    .addColumn('asset_id', 'text', (c) => c.references('asset.id'))
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'text', (c) => c.references('organisation.id'))
    .addColumn('assigned_person_id', 'text', (c) => c.references('person.id'))
    .addColumn('protected_until', 'text')
    .addColumn('routing_rule', 'text', (c) => c.notNull())
    .addColumn('routing_explanation', 'text', (c) => c.notNull())
    .addColumn('routing_candidates', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('stage', 'text')
    .addColumn('next_activity_at', 'text')
    .addColumn('next_activity_note', 'text')
    .addColumn('expected_value_cents', 'integer')
    .addColumn('outcome_value_cents', 'integer')
    .addColumn('outcome_date', 'text')
    .addColumn('outcome_reason', 'text')
    .addColumn('renewal_key', 'text', (c) => c.unique())
    .addColumn('offered_at', 'text')
    .addColumn('accepted_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_by_person_id', 'text', (c) => c.references('person.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lead_partner_status').on('lead').columns(['partner_id', 'status']).execute();
  await db.schema.createIndex('lead_status_created').on('lead').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('lead_customer').on('lead').columns(['customer_id', 'status']).execute();

  await db.schema
    .createTable('lead_step')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('lead_id', 'text', (c) => c.notNull().references('lead.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_person_id', 'text', (c) => c.references('person.id'))
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'text', (c) => c.references('organisation.id'))
    .addColumn('reason', 'text')
    .addColumn('rule', 'text')
    .addColumn('explanation', 'text')
    .execute();
  await db.schema.createIndex('lead_step_lead').on('lead_step').columns(['lead_id', 'at']).execute();
  await db.schema
    .createIndex('lead_step_partner')
    .on('lead_step')
    .columns(['partner_id', 'action'])
    .execute();

  await db.schema
    .createTable('deal_registration')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull().references('organisation.id'))
    .addColumn('customer_id', 'text', (c) => c.references('organisation.id'))
    .addColumn('prospect_name', 'text', (c) => c.notNull())
    .addColumn('prospect_postal_code', 'text')
    .addColumn('product_line', 'text', (c) => c.notNull())
    .addColumn('expected_value_cents', 'integer', (c) => c.notNull())
    .addColumn('close_date', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('conflicts', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('decided_by_person_id', 'text', (c) => c.references('person.id'))
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('protected_until', 'text')
    .addColumn('created_by_person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('deal_registration_partner')
    .on('deal_registration')
    .columns(['partner_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('deal_registration_customer')
    .on('deal_registration')
    .columns(['customer_id', 'status'])
    .execute();

  await db.schema
    .createTable('direct_contact')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('organisation.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('protecting_partner_id', 'text', (c) => c.references('organisation.id'))
    .addColumn('clearance', 'text')
    .addColumn('clearance_note', 'text')
    .addColumn('created_by_person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('direct_contact_customer')
    .on('direct_contact')
    .columns(['customer_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('channel_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('renewal_lead_days', 'integer', (c) => c.notNull())
    .addColumn('protection_days', 'integer', (c) => c.notNull())
    .addColumn('protection_business_days', 'integer', (c) => c.notNull())
    .addColumn('registration_protection_days', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into channel_settings
      (id, renewal_lead_days, protection_days, protection_business_days, registration_protection_days, updated_at)
    values ('default', 60, 14, 0, 90, ${new Date().toISOString()})`.execute(db);
}
