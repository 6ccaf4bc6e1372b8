import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../dialect';

/**
 * Case search per reader: instead of one document per case, one per visibility a case has text
 * at (public; partner, per partner organisation; internal), each holding all the text its
 * readers may read, so a search matches only what its caller may read (see dialect.ts,
 * FullTextIndex, and modules/search/README.md).
 *
 * The old documents mix internal and partner text into what customers search, so they go. The
 * new index starts empty and is filled from the cases once every migration has run
 * (migrate.ts), because what it holds depends on later columns too (a partner entry's
 * organisation, a mail's full subject).
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema.dropTable('case_search').execute();
  if (dialect === 'postgres') {
    // A low toast_tuple_target moves every tsvector out of line: the heap then holds narrow
    // rows, so a broad match reads few pages to get its case ids.
    await db.schema
      .createTable('case_search')
      .addColumn('case_id', 'text', (c) => c.notNull().references('support_case.id').onDelete('cascade'))
      .addColumn('visibility', 'text', (c) => c.notNull())
      // The partner organisation of a partner document; '' for public and internal ones.
      .addColumn('partner_organisation_id', 'text', (c) => c.notNull())
      .addColumn('document', sql`tsvector`, (c) => c.notNull())
      .addPrimaryKeyConstraint('case_search_pkey', ['case_id', 'visibility', 'partner_organisation_id'])
      .modifyEnd(sql`with (toast_tuple_target = 128)`)
      .execute();
    await createDocumentIndex(db);
    return;
  }

  await db.schema.dropTable('case_search_fts').execute();
  // doc_id = 4 × the case's number + the visibility's code (public 0, partner 1, internal 2): the
  // FTS5 rowid itself says whose text a document is. An INTEGER PRIMARY KEY, so VACUUM keeps it.
  await db.schema
    .createTable('case_search')
    .addColumn('doc_id', 'integer', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('support_case.id').onDelete('cascade'))
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('partner_organisation_id', 'text', (c) => c.notNull())
    .addUniqueConstraint('case_search_reader', ['case_id', 'visibility', 'partner_organisation_id'])
    .execute();
  await createTermsTable(db);
}

/** Back to one document per case; it is filled again as cases change (or by a re-index). */
export async function down(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema.dropTable('case_search').execute();
  if (dialect === 'postgres') {
    await db.schema
      .createTable('case_search')
      .addColumn('case_id', 'text', (c) => c.primaryKey().references('support_case.id').onDelete('cascade'))
      .addColumn('document', sql`tsvector`, (c) => c.notNull())
      .modifyEnd(sql`with (toast_tuple_target = 128)`)
      .execute();
    await createDocumentIndex(db);
    return;
  }
  await db.schema.dropTable('case_search_fts').execute();
  await db.schema
    .createTable('case_search')
    .addColumn('doc_id', 'integer', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) =>
      c.notNull().unique().references('support_case.id').onDelete('cascade'),
    )
    .execute();
  await createTermsTable(db);
}

/** PostgreSQL: the GIN index a search reads the documents through. */
async function createDocumentIndex(db: Kysely<unknown>): Promise<void> {
  await sql`create index case_search_document on case_search using gin (document)`.execute(db);
}

/** SQLite: the FTS5 table of each document's terms, its rowid the document's doc_id. */
async function createTermsTable(db: Kysely<unknown>): Promise<void> {
  // The terms are finished tokens separated by spaces; the ascii tokenizer takes them as they
  // are (it splits on ASCII punctuation and space only and leaves other characters alone).
  await sql`create virtual table case_search_fts using fts5(terms, tokenize = 'ascii')`.execute(db);
  // Deleting a case (cascade) or one of its documents takes the terms with it.
  await sql`create trigger case_search_delete after delete on case_search begin
    delete from case_search_fts where rowid = old.doc_id;
  end`.execute(db);
}
