import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect';

// A mail's subject can be longer than a case subject may be; the case keeps the whole subject
// beside its shortened one, so it stays searchable. People whose organisation needs a look (new
// senders, senders writing into another customer's case) are listed for review by this flag.
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('support_case').addColumn('full_subject', 'text').execute();
  await db.schema.createIndex('person_needs_review').on('person').columns(['needs_review']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('person_needs_review').execute();
  await db.schema.alterTable('support_case').dropColumn('full_subject').execute();
}
