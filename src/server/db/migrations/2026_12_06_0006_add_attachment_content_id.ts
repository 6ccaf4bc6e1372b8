import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect';

// An HTML mail shows its inline images (<img src="cid:…">) from the message's stored attachments;
// the attachment keeps the Content-ID it came with so the view can find it. Uploads have none.
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('case_attachment').addColumn('content_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_attachment').dropColumn('content_id').execute();
}
