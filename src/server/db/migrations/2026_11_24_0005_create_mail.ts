import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../dialect';

// The e-mail channel: mailboxes, every inbound mail with its raw bytes, and every Message-ID
// (ours and theirs) a reply can refer to.
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const bytes = dialect === 'postgres' ? sql`bytea` : sql`blob`;
  await db.schema
    .createTable('mailbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('address', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.references('case_group.id'))
    .addColumn('case_type', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('smtp_enabled', 'integer', (c) => c.notNull())
    .addColumn('imap_url', 'text')
    .addColumn('imap_folder', 'text', (c) => c.notNull())
    .addColumn('imap_done_folder', 'text', (c) => c.notNull())
    .addColumn('auto_reply', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('inbound_mail')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mailbox_id', 'text', (c) => c.references('mailbox.id'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('message_id', 'text')
    .addColumn('envelope_from', 'text')
    .addColumn('envelope_to', 'text', (c) => c.notNull())
    .addColumn('raw', bytes, (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('thread_reason', 'text')
    .addColumn('problems', 'text', (c) => c.notNull())
    .addColumn('from_address', 'text')
    .addColumn('subject', 'text')
    .addColumn('case_id', 'text', (c) => c.references('support_case.id'))
    .addColumn('case_message_id', 'text', (c) => c.references('case_message.id'))
    .addColumn('auto_reply', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('processed_at', 'text')
    .execute();
  await db.schema
    .createIndex('inbound_mail_state')
    .on('inbound_mail')
    .columns(['state', 'received_at'])
    .execute();
  await db.schema.createIndex('inbound_mail_case').on('inbound_mail').columns(['case_id']).execute();
  await db.schema
    .createIndex('inbound_mail_sender')
    .on('inbound_mail')
    .columns(['from_address', 'received_at'])
    .execute();

  await db.schema
    .createTable('mail_reference')
    .addColumn('message_id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('support_case.id'))
    .addColumn('case_message_id', 'text', (c) => c.references('case_message.id'))
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mail_reference_case').on('mail_reference').columns(['case_id']).execute();

  await db.schema.alterTable('case_message').addColumn('inbound_mail_id', 'text').execute();
  await db.schema.alterTable('person').addColumn('mail_bounced_at', 'text').execute();
  await db.schema.alterTable('person').addColumn('mail_bounce_reason', 'text').execute();
  await db.schema
    .alterTable('person')
    .addColumn('needs_review', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('organisation').addColumn('ticket_reference_pattern', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('organisation').dropColumn('ticket_reference_pattern').execute();
  await db.schema.alterTable('person').dropColumn('needs_review').execute();
  await db.schema.alterTable('person').dropColumn('mail_bounce_reason').execute();
  await db.schema.alterTable('person').dropColumn('mail_bounced_at').execute();
  await db.schema.alterTable('case_message').dropColumn('inbound_mail_id').execute();
  await db.schema.dropTable('mail_reference').execute();
  await db.schema.dropTable('inbound_mail').execute();
  await db.schema.dropTable('mailbox').execute();
}
