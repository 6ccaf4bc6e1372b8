import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect';

// One satisfaction survey per case, made when the case is resolved and linked from the resolution
// mail (its token names the row; the row says whether it was answered, so a second answer is
// refused). And the case settings (one row, 'default'): whether a cause is required to resolve.
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('case_survey')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().unique().references('support_case.id'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text')
    .addColumn('score', 'integer')
    .addColumn('comment', 'text')
    .execute();
  await db.schema.createIndex('case_survey_answered_at').on('case_survey').column('answered_at').execute();
  await db.schema
    .createTable('case_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cause_required_to_resolve', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable('case_settings').execute();
  await db.schema.dropTable('case_survey').execute();
}
