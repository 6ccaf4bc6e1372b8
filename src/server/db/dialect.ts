import { type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';

/**
 * The one place for differences between SQLite and PostgreSQL. Everything else is
 * written in the shared subset Kysely offers.
 *
 * Storage conventions shared by both dialects:
 * - ids are UUIDv7 text (sortable by creation time);
 * - timestamps are ISO-8601 UTC text (`2026-11-24T08:50:02.123Z`), which sorts correctly;
 * - booleans are integers 0/1; JSON is text.
 */
export type DialectName = 'sqlite' | 'postgres';

/** Row-locking clause for queue claims: PostgreSQL lets concurrent workers skip each other's rows;
 * SQLite has a single writer, so no clause is needed. */
export function skipLocked<DB, TB extends keyof DB, O>(
  dialect: DialectName,
  query: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return dialect === 'postgres' ? query.forUpdate().skipLocked() : query;
}

/** Case-insensitive "contains" match; umlauts compare case-insensitively on PostgreSQL only
 * (SQLite's LIKE folds ASCII only), which the full-text search takes care of later. */
export function containsOperator(dialect: DialectName): 'ilike' | 'like' {
  return dialect === 'postgres' ? 'ilike' : 'like';
}

/** Checks that the database answers. */
// biome-ignore lint/suspicious/noExplicitAny: any schema will do for a ping
export async function ping(db: Kysely<any>): Promise<void> {
  await sql`select 1`.execute(db);
}

/** Converts a count/aggregate that pg returns as string (int8) to a number. */
export function toNumber(value: string | number | bigint | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}

// Full-text search. Documents and queries become terms in JS (modules/search/german-text.ts), the
// same way for both dialects; the database only stores and compares those finished terms, so a
// search finds the same rows on SQLite and PostgreSQL. Only storage and query syntax differ here.

/** One alternative of a query word: a whole term, or with `prefix` any term that starts with it. */
export type FullTextTerm = { term: string; prefix: boolean };
/** Every group must match; a group matches when any of its terms does. Terms are letters and digits. */
export type FullTextQuery = FullTextTerm[][];

/**
 * A full-text index: one document per `key`, in `table` (created by a migration):
 * - SQLite: `table(doc_id integer primary key, key text unique)` maps keys to the rowids of the
 *   FTS5 table `<table>_fts(terms)`, which holds the space-separated terms; a delete trigger on
 *   `table` removes the FTS5 row. The narrow map keeps a broad match's key lookups cheap.
 * - PostgreSQL: `table(key text primary key, document tsvector)` with a GIN index.
 */
export type FullTextIndex = { table: string; key: string };

// PostgreSQL refuses a tsvector whose lexemes exceed 1 MB ("string is too long for tsvector");
// a mail full of base64 could get there, and the error would abort the writer's transaction.
const TSVECTOR_LEXEME_BYTES = 900_000;

export function tsvectorLiteral(terms: readonly string[]): string {
  const positions = new Map<string, number[]>();
  let bytes = 0;
  terms.forEach((term, index) => {
    let list = positions.get(term);
    if (!list) {
      bytes += Buffer.byteLength(term) + 8;
      if (bytes > TSVECTOR_LEXEME_BYTES) return;
      list = [];
      positions.set(term, list);
    }
    // PostgreSQL keeps at most 256 positions per lexeme and none above 16383.
    if (list.length < 256) list.push(Math.min(index + 1, 16_383));
  });
  return Array.from(
    positions,
    ([term, list]) => `'${term.replace(/[\\']/g, '\\$&')}':${list.join(',')}`,
  ).join(' ');
}

function quoteFts5(term: FullTextTerm): string {
  return `"${term.term.replace(/"/g, '""')}"${term.prefix ? '*' : ''}`;
}

function quoteTsquery(term: FullTextTerm): string {
  return `'${term.term.replace(/[\\']/g, '\\$&')}'${term.prefix ? ':*' : ''}`;
}

/** The query in the dialect's own syntax: an FTS5 MATCH string or a tsquery literal. */
function fullTextQueryText(dialect: DialectName, query: FullTextQuery): string {
  const [quote, or, and] =
    dialect === 'postgres' ? [quoteTsquery, ' | ', ' & '] : [quoteFts5, ' OR ', ' AND '];
  return query.map((group) => `(${group.map(quote).join(or)})`).join(and);
}

/**
 * Writes the document of `key`: `replace` sets it to `terms`, `append` adds `terms` to what is
 * there (creating the document if there is none). Run it in the transaction of the change it
 * indexes. Appending costs time in proportion to the whole document on both dialects (FTS5
 * rewrites the row, PostgreSQL the tsvector), but reads nothing but the index row. On
 * PostgreSQL an append that would outgrow a tsvector (about 1 MB of distinct terms) is dropped.
 */
export async function writeFullText(
  // biome-ignore lint/suspicious/noExplicitAny: works on any schema that has the index's tables
  trx: Kysely<any>,
  dialect: DialectName,
  index: FullTextIndex,
  key: string,
  terms: readonly string[],
  mode: 'replace' | 'append',
): Promise<void> {
  const [table, keyColumn] = [sql.table(index.table), sql.ref(index.key)];
  if (dialect === 'postgres') {
    const [old, added] = [sql.ref(`${index.table}.document`), sql.ref('excluded.document')];
    const merged =
      mode === 'replace'
        ? added
        : sql`case when octet_length(strip(${old})::text) + octet_length(strip(${added})::text) < ${TSVECTOR_LEXEME_BYTES}
            then ${old} || ${added} else ${old} end`;
    await sql`insert into ${table} (${keyColumn}, document) values (${key}, cast(${tsvectorLiteral(terms)} as tsvector))
      on conflict (${keyColumn}) do update set document = ${merged}`.execute(trx);
    return;
  }
  // The no-op update makes the upsert return the existing doc_id too.
  const { rows } = await sql<{ doc_id: number }>`insert into ${table} (${keyColumn}) values (${key})
    on conflict (${keyColumn}) do update set ${keyColumn} = excluded.${keyColumn} returning doc_id`.execute(
    trx,
  );
  const docId = rows[0]!.doc_id;
  const fts = sql.table(`${index.table}_fts`);
  const text = terms.join(' ');
  await (mode === 'replace'
    ? sql`insert or replace into ${fts} (rowid, terms) values (${docId}, ${text})`
    : sql`insert or replace into ${fts} (rowid, terms)
        values (${docId}, coalesce((select terms || ' ' from ${fts} where rowid = ${docId}), '') || ${text})`
  ).execute(trx);
}

/**
 * A condition on rows of `index.table`: the document matches `query`. With `newest`, only
 * the `newest` matches with the highest rowid (SQLite: first indexed last; PostgreSQL: highest
 * key, which for UUIDv7 keys is created last) count, which bounds the cost of a broad query.
 */
export function fullTextMatches(
  dialect: DialectName,
  index: FullTextIndex,
  query: FullTextQuery,
  newest?: number,
): RawBuilder<SqlBool> {
  const text = fullTextQueryText(dialect, query);
  if (dialect === 'postgres') {
    const [table, key] = [sql.table(index.table), sql.ref(index.key)];
    const matches = sql<SqlBool>`${sql.ref(`${index.table}.document`)} @@ cast(${text} as tsquery)`;
    if (newest === undefined) return matches;
    return sql<SqlBool>`${sql.ref(`${index.table}.${index.key}`)} in (select ${key} from ${table}
      where document @@ cast(${text} as tsquery) order by ${key} desc limit ${newest})`;
  }
  const fts = sql.table(`${index.table}_fts`);
  // FTS5 answers with rowids straight from its index; the IN list then drives doc_id lookups.
  const bound = newest === undefined ? sql`` : sql` order by rowid desc limit ${newest}`;
  return sql<SqlBool>`${sql.ref(`${index.table}.doc_id`)} in (select rowid from ${fts} where ${fts} match ${text}${bound})`;
}

/**
 * The keys of at most `limit` documents that match `query`, best first: BM25 on SQLite,
 * `ts_rank` (normalised by document length) on PostgreSQL. Scores differ between the two, the
 * set of matches does not. Only the `candidates` newest matches (as in fullTextMatches) are
 * scored, because scoring reads every candidate's document.
 */
export async function rankedFullTextKeys(
  // biome-ignore lint/suspicious/noExplicitAny: works on any schema that has the index's tables
  db: Kysely<any>,
  dialect: DialectName,
  index: FullTextIndex,
  query: FullTextQuery,
  limit: number,
  candidates: number,
): Promise<string[]> {
  const text = fullTextQueryText(dialect, query);
  const [table, key] = [sql.table(index.table), sql.ref(index.key)];
  const ranked =
    dialect === 'postgres'
      ? sql<{ key: string }>`select ${key} as key from (
            select ${key}, document from ${table} where document @@ cast(${text} as tsquery)
            order by ${key} desc limit ${candidates}) c
          order by ts_rank(document, cast(${text} as tsquery), 1) desc, ${key} limit ${limit}`
      : sql<{ key: string }>`select t.${key} as key from (
            select rowid as doc, rank from ${sql.table(`${index.table}_fts`)}
            where ${sql.table(`${index.table}_fts`)} match ${text} and rowid >= coalesce((
              select rowid from ${sql.table(`${index.table}_fts`)} where ${sql.table(`${index.table}_fts`)} match ${text}
              order by rowid desc limit 1 offset ${candidates - 1}), 0)
            order by rank limit ${limit}) m
          join ${table} t on t.doc_id = m.doc
          order by m.rank, t.${key}`;
  const { rows } = await ranked.execute(db);
  return rows.map((row) => row.key);
}
