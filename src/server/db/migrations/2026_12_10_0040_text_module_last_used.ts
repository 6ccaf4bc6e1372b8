import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect';

// A text module remembers when it was last put into a reply, so an admin may delete a module that
// never was (a typo, a test) while a used one is only deactivated: its history stays readable in
// the audit log next to the replies it went into. Modules from before this column count as unused,
// as nothing recorded their use; their text was copied into the replies, so none is lost.
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('text_module').addColumn('last_used_at', 'text').execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('text_module').dropColumn('last_used_at').execute();
}
