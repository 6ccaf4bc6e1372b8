import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../dialect';

/**
 * Full-text search over cases: one document per case, written by modules/search in the same
 * transaction as the case change. The document holds terms already normalised and stemmed in
 * JS, so both dialects match alike (see dialect.ts, "Full-text search").
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') {
    // A low toast_tuple_target moves every tsvector out of line: the heap then holds narrow
    // rows, so a broad match reads few pages to get its case ids.
    await db.schema
      .createTable('case_search')
      .addColumn('case_id', 'text', (c) => c.primaryKey().references('support_case.id').onDelete('cascade'))
      .addColumn('document', sql`tsvector`, (c) => c.notNull())
      .modifyEnd(sql`with (toast_tuple_target = 128)`)
      .execute();
    await sql`create index case_search_document on case_search using gin (document)`.execute(db);
    return;
  }

  // Maps cases to FTS5 rowids. doc_id is an INTEGER PRIMARY KEY, so VACUUM keeps it stable.
  await db.schema
    .createTable('case_search')
    .addColumn('doc_id', 'integer', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) =>
      c.notNull().unique().references('support_case.id').onDelete('cascade'),
    )
    .execute();
  // The terms are finished tokens separated by spaces; the ascii tokenizer takes them as they
  // are (it splits on ASCII punctuation and space only and leaves other characters alone).
  await sql`create virtual table case_search_fts using fts5(terms, tokenize = 'ascii')`.execute(db);
  // Deleting a case (cascade) or its search entry takes the document with it.
  await sql`create trigger case_search_delete after delete on case_search begin
    delete from case_search_fts where rowid = old.doc_id;
  end`.execute(db);
}

export async function down(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema.dropTable('case_search').execute();
  if (dialect === 'sqlite') await db.schema.dropTable('case_search_fts').execute();
}
