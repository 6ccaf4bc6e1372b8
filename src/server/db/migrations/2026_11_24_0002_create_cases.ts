import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect';

/**
 * Cases and everything on them: timeline (messages, events, attachments), facts, commitments,
 * goodwill decisions, links, tags, causes, groups, text modules, saved views, SLA policies,
 * clocks and timers.
 */
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .alterTable('organisation')
    .addColumn('tier', 'text', (c) => c.notNull().defaultTo('standard'))
    .execute();

  await db.schema
    .createTable('case_group')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('lead_person_id', 'text', (c) => c.references('person.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('case_group_member')
    .addColumn('group_id', 'text', (c) => c.notNull().references('case_group.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('case_group_member_pk', ['group_id', 'person_id'])
    .execute();

  // Two-level cause list ("Versand › Paket in Filiale"); a cause with parent_id is a leaf.
  await db.schema
    .createTable('cause')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('parent_id', 'text', (c) => c.references('cause.id'))
    .addColumn('name_de', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('support_case')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('organisation.id'))
    .addColumn('contact_id', 'text', (c) => c.references('person.id'))
    .addColumn('partner_id', 'text', (c) => c.references('organisation.id'))
    .addColumn('third_party_id', 'text', (c) => c.references('organisation.id'))
    .addColumn('assignee_id', 'text', (c) => c.references('person.id'))
    .addColumn('group_id', 'text', (c) => c.references('case_group.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('cause_id', 'text', (c) => c.references('cause.id'))
    .addColumn('merged_into_id', 'text', (c) => c.references('support_case.id'))
    .addColumn('created_by_id', 'text', (c) => c.references('person.id'))
    .addColumn('breaching', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('first_response_at', 'text')
    .addColumn('last_public_reply_at', 'text')
    .addColumn('last_customer_message_at', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('closed_at', 'text')
    .execute();
  // The list's common filters, each with id as the keyset tie-breaker.
  for (const column of [
    'status',
    'customer_id',
    'partner_id',
    'assignee_id',
    'group_id',
    'updated_at',
    'priority',
    'type',
  ]) {
    await db.schema
      .createIndex(`support_case_${column}`)
      .on('support_case')
      .columns([column, 'id'])
      .execute();
  }
  await db.schema.createIndex('support_case_cause').on('support_case').column('cause_id').execute();
  await db.schema
    .createIndex('support_case_breaching')
    .on('support_case')
    .columns(['breaching', 'id'])
    .execute();

  await db.schema
    .createTable('case_tag')
    .addColumn('case_id', 'text', (c) => c.notNull().references('support_case.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_tag_pk', ['case_id', 'tag'])
    .execute();
  await db.schema.createIndex('case_tag_tag').on('case_tag').columns(['tag', 'case_id']).execute();

  await db.schema
    .createTable('case_message')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('support_case.id'))
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull()) // inbound (from customer/partner/third party) | outbound | note
    .addColumn('author_person_id', 'text', (c) => c.references('person.id'))
    .addColumn('author_label', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_message_case').on('case_message').columns(['case_id', 'id']).execute();

  await db.schema
    .createTable('case_attachment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('support_case.id'))
    .addColumn('message_id', 'text', (c) => c.references('case_message.id'))
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('uploaded_by_person_id', 'text', (c) => c.references('person.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_attachment_case').on('case_attachment').column('case_id').execute();

  // Status, assignment, priority … changes; shown in the timeline beside messages.
  await db.schema
    .createTable('case_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('support_case.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('actor_person_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_event_case').on('case_event').columns(['case_id', 'id']).execute();

  await db.schema
    .createTable('case_fact')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('support_case.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('updated_by_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('case_fact_key', ['case_id', 'key'])
    .execute();

  await db.schema
    .createTable('case_commitment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('support_case.id'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('owner_person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('escalated_at', 'text')
    .execute();
  await db.schema.createIndex('case_commitment_case').on('case_commitment').column('case_id').execute();
  await db.schema
    .createIndex('case_commitment_due')
    .on('case_commitment')
    .columns(['status', 'due_at'])
    .execute();

  await db.schema
    .createTable('case_decision')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('support_case.id'))
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('conditions', 'text')
    .addColumn('cited_fact_ids', 'text', (c) => c.notNull())
    .addColumn('decided_by_label', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_decision_case').on('case_decision').column('case_id').execute();

  await db.schema
    .createTable('case_link')
    .addColumn('from_case_id', 'text', (c) => c.notNull().references('support_case.id'))
    .addColumn('to_case_id', 'text', (c) => c.notNull().references('support_case.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_link_pk', ['from_case_id', 'to_case_id', 'kind'])
    .execute();
  await db.schema.createIndex('case_link_to').on('case_link').column('to_case_id').execute();

  await db.schema
    .createTable('text_module')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('case_type', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('saved_view')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('filters', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('saved_view_person').on('saved_view').column('person_id').execute();

  await db.schema
    .createTable('sla_policy')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('case_type', 'text')
    .addColumn('priority', 'text')
    .addColumn('customer_tier', 'text')
    .addColumn('first_response_minutes', 'integer')
    .addColumn('silence_minutes', 'integer')
    .addColumn('resolution_minutes', 'integer')
    .addColumn('warn_before_minutes', 'integer', (c) => c.notNull().defaultTo(60))
    .addColumn('calendar', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // One row per running SLA clock of a case; `events` is the clock's start/pause/resume/stop history.
  await db.schema
    .createTable('case_clock')
    .addColumn('case_id', 'text', (c) => c.notNull().references('support_case.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('policy_id', 'text', (c) => c.notNull().references('sla_policy.id'))
    .addColumn('target_minutes', 'integer', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text')
    .addColumn('warn_at', 'text')
    .addColumn('breached_at', 'text')
    .addColumn('warned_at', 'text')
    .addColumn('met', 'integer')
    .addPrimaryKeyConstraint('case_clock_pk', ['case_id', 'kind'])
    .execute();

  // Due work for the scheduler: SLA warnings/breaches and overdue commitments. One row per
  // subject; the scheduler claims due rows (SKIP LOCKED on PostgreSQL) and recomputes.
  await db.schema
    .createTable('timer')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addUniqueConstraint('timer_subject', ['kind', 'subject_id'])
    .execute();
  await db.schema.createIndex('timer_due').on('timer').column('due_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'timer',
    'case_clock',
    'sla_policy',
    'saved_view',
    'text_module',
    'case_link',
    'case_decision',
    'case_commitment',
    'case_fact',
    'case_event',
    'case_attachment',
    'case_message',
    'case_tag',
    'support_case',
    'cause',
    'case_group_member',
    'case_group',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('organisation').dropColumn('tier').execute();
}
