import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../dialect';

// A survey answer counts for the agent and group who resolved the case, not for whoever holds the
// case when the customer answers (or later): both are recorded when the survey is issued with the
// resolution mail. Surveys made before this record the case's current agent and group, the best
// that is known of them.
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .alterTable('case_survey')
    .addColumn('assignee_id', 'text', (c) => c.references('person.id'))
    .execute();
  await db.schema
    .alterTable('case_survey')
    .addColumn('group_id', 'text', (c) => c.references('case_group.id'))
    .execute();
  await sql`
    UPDATE case_survey SET
      assignee_id = (SELECT assignee_id FROM support_case WHERE support_case.id = case_survey.case_id),
      group_id = (SELECT group_id FROM support_case WHERE support_case.id = case_survey.case_id)
  `.execute(db);
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('case_survey').dropColumn('group_id').execute();
  await db.schema.alterTable('case_survey').dropColumn('assignee_id').execute();
}
