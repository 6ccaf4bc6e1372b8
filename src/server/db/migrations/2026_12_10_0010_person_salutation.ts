import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect';

// How a contact is greeted in mail and text modules ("Sehr geehrte Frau Sommer,"). Null for
// everyone so far: they keep being greeted by their full name until someone sets it.
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('person').addColumn('salutation', 'text').execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('person').dropColumn('salutation').execute();
}
