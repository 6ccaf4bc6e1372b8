import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../dialect';

// A partner-visible entry (message, event, attachment) belongs to one partner organisation: the
// one that wrote it, or the one the operator addressed it to (the case's partner, else the
// customer's reseller of record at the time). Partners put on the case later do not read it.
//
// Status links become rows, so they can be listed and revoked on their case.
const ENTRY_TABLES = ['case_message', 'case_event', 'case_attachment'] as const;

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  for (const table of ENTRY_TABLES) {
    await db.schema
      .alterTable(table)
      // No foreign key: SQLite cannot drop a column that has one (down), and organisations are
      // deactivated, never deleted.
      .addColumn('partner_organisation_id', 'text')
      .execute();
  }

  // Backfill. The writer's own partner organisation first; otherwise the case's partner, else the
  // customer's current reseller of record (the best record of whom the entry was addressed to).
  const addressed = (entry: string) => sql`coalesce(
      (select support_case.partner_id from support_case where support_case.id = ${sql.ref(`${entry}.case_id`)}),
      (select reseller_of_record.partner_id from support_case
         join reseller_of_record on reseller_of_record.customer_id = support_case.customer_id
        where support_case.id = ${sql.ref(`${entry}.case_id`)}))`;
  const partnerOf = (personColumn: string) => sql`(select person.organisation_id from person
      join organisation on organisation.id = person.organisation_id
     where person.id = ${sql.ref(personColumn)} and organisation.kind = 'partner')`;

  await sql`update case_message set partner_organisation_id = coalesce(
      ${partnerOf('case_message.author_person_id')}, ${addressed('case_message')})
    where visibility = 'partner'`.execute(db);
  await sql`update case_event set partner_organisation_id = coalesce(
      ${partnerOf('case_event.actor_person_id')}, ${addressed('case_event')})
    where visibility = 'partner'`.execute(db);
  // An attachment sent with a message belongs where its message does.
  await sql`update case_attachment set partner_organisation_id = coalesce(
      (select case_message.partner_organisation_id from case_message
        where case_message.id = case_attachment.message_id),
      ${partnerOf('case_attachment.uploaded_by_person_id')}, ${addressed('case_attachment')})
    where visibility = 'partner'`.execute(db);

  await db.schema
    .createTable('case_status_link')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('support_case.id').onDelete('cascade'))
    // manual (created on the case page or API), reply_mail, auto_reply
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('created_by_person_id', 'text', (c) => c.references('person.id'))
    .addColumn('created_by_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by_label', 'text')
    .execute();
  await db.schema
    .createIndex('case_status_link_case')
    .on('case_status_link')
    .columns(['case_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('case_status_link').execute();
  for (const table of ENTRY_TABLES) {
    await db.schema.alterTable(table).dropColumn('partner_organisation_id').execute();
  }
}
