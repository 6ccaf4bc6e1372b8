import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect';

// Feed monitoring: the sources the worker polls, every feed entry that became a mention case
// (unique per source and entry key, so two workers polling at once make one case), and the links
// to existing cases a mention suggests.
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('feed_source')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('terms', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('allow_private_network', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('interval_minutes', 'integer', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.references('case_group.id'))
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('last_polled_at', 'text')
    .addColumn('next_poll_at', 'text', (c) => c.notNull())
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error_code', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('feed_source_due')
    .on('feed_source')
    .columns(['active', 'next_poll_at'])
    .execute();

  await db.schema
    .createTable('feed_entry_seen')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source_id', 'text', (c) => c.notNull().references('feed_source.id'))
    .addColumn('entry_key', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.references('support_case.id'))
    .addColumn('title', 'text')
    .addColumn('link', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('feed_entry_seen_key', ['source_id', 'entry_key'])
    .execute();

  await db.schema
    .createTable('mention_suggestion')
    .addColumn('mention_case_id', 'text', (c) => c.notNull().references('support_case.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('support_case.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mention_suggestion_pk', ['mention_case_id', 'case_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('mention_suggestion').execute();
  await db.schema.dropTable('feed_entry_seen').execute();
  await db.schema.dropTable('feed_source').execute();
}
