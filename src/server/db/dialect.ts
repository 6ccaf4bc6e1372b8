import {
  type Expression,
  type Kysely,
  type RawBuilder,
  type SelectQueryBuilder,
  type SqlBool,
  sql,
} from 'kysely';

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
 * A full-text index in layers (created by a migration): an owner (a case) has one document per
 * layer and reader, and a search names the documents it may match (FullTextFilter).
 * - `layers` names at most four layers in a fixed order; a layer's position is its code.
 * - `reader` is '' for a document everyone allowed its layer reads, else whose document it is.
 * - SQLite: `table(doc_id integer primary key, <owner>, <layer>, <reader>)`, unique (owner, layer,
 *   reader), maps documents to the rowids of the FTS5 table `<table>_fts(terms)`, which holds the
 *   space-separated terms; a delete trigger on `table` removes the FTS5 row. doc_id is 4 × the
 *   owner's number + the layer's code: the FTS5 scan itself skips layers a search may not match
 *   (so "the newest n matches" counts only matches the searcher may read), and an owner's
 *   documents sort by the owner's age. The narrow map keeps a broad match's key lookups cheap.
 * - PostgreSQL: `table(<owner>, <layer>, <reader>, document tsvector)`, primary key (owner,
 *   layer, reader), with a GIN index on document.
 */
export type FullTextIndex = {
  table: string;
  owner: string;
  layer: string;
  reader: string;
  layers: readonly string[];
};
/** One document of a FullTextIndex. */
export type FullTextDocument = { owner: string; layer: string; reader: string };
/**
 * Which documents a search may match: those of `layers` (all when absent) that also meet `rows`,
 * a condition on the index table's row (e.g. whose partner document it is).
 */
export type FullTextFilter = { layers?: readonly string[]; rows?: Expression<SqlBool> };

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
 * Writes a document: `replace` sets it to `terms`, `append` adds `terms` to what is there
 * (creating the document if there is none). Run it in the transaction of the change it indexes.
 * Appending costs time in proportion to the whole document on both dialects (FTS5 rewrites the
 * row, PostgreSQL the tsvector), but reads nothing but the index rows. On PostgreSQL an append
 * that would outgrow a tsvector (about 1 MB of distinct terms) is dropped.
 */
export async function writeFullText(
  // biome-ignore lint/suspicious/noExplicitAny: works on any schema that has the index's tables
  trx: Kysely<any>,
  dialect: DialectName,
  index: FullTextIndex,
  doc: FullTextDocument,
  terms: readonly string[],
  mode: 'replace' | 'append',
): Promise<void> {
  const table = sql.table(index.table);
  const [owner, layer, reader] = [sql.ref(index.owner), sql.ref(index.layer), sql.ref(index.reader)];
  if (dialect === 'postgres') {
    const [old, added] = [sql.ref(`${index.table}.document`), sql.ref('excluded.document')];
    const merged =
      mode === 'replace'
        ? added
        : sql`case when octet_length(strip(${old})::text) + octet_length(strip(${added})::text) < ${TSVECTOR_LEXEME_BYTES}
            then ${old} || ${added} else ${old} end`;
    await sql`insert into ${table} (${owner}, ${layer}, ${reader}, document)
      values (${doc.owner}, ${doc.layer}, ${doc.reader}, cast(${tsvectorLiteral(terms)} as tsvector))
      on conflict (${owner}, ${layer}, ${reader}) do update set document = ${merged}`.execute(trx);
    return;
  }
  const docId = await sqliteDocId(trx, index, doc);
  const fts = sql.table(`${index.table}_fts`);
  const text = terms.join(' ');
  await (mode === 'replace'
    ? sql`insert or replace into ${fts} (rowid, terms) values (${docId}, ${text})`
    : sql`insert or replace into ${fts} (rowid, terms)
        values (${docId}, coalesce((select terms || ' ' from ${fts} where rowid = ${docId}), '') || ${text})`
  ).execute(trx);
}

/**
 * The doc_id of a document on SQLite, created when missing: in the slot of its layer beside the
 * owner's first document, or, when that slot is taken (a second reader of a layer) or the owner
 * has none yet, after every document there is.
 */
// biome-ignore lint/suspicious/noExplicitAny: works on any schema that has the index's tables
async function sqliteDocId(trx: Kysely<any>, index: FullTextIndex, doc: FullTextDocument): Promise<number> {
  const code = index.layers.indexOf(doc.layer);
  if (code < 0 || code > 3) throw new RangeError(`not a layer of ${index.table}: ${doc.layer}`);
  const table = sql.table(index.table);
  const [owner, layer, reader] = [sql.ref(index.owner), sql.ref(index.layer), sql.ref(index.reader)];
  const { rows } = await sql<{ doc_id: number; layer: string; reader: string }>`
    select doc_id, ${layer} as layer, ${reader} as reader from ${table} where ${owner} = ${doc.owner}`.execute(
    trx,
  );
  const existing = rows.find((row) => row.layer === doc.layer && row.reader === doc.reader);
  if (existing) return existing.doc_id;
  const first = rows.length > 0 ? Math.min(...rows.map((row) => row.doc_id)) : undefined;
  let docId = first === undefined ? undefined : Math.floor(first / 4) * 4 + code;
  if (docId === undefined || rows.some((row) => row.doc_id === docId)) {
    const { rows: last } = await sql<{
      doc_id: number | null;
    }>`select max(doc_id) as doc_id from ${table}`.execute(trx);
    docId = (Math.floor((last[0]?.doc_id ?? -1) / 4) + 1) * 4 + code;
  }
  await sql`insert into ${table} (doc_id, ${owner}, ${layer}, ${reader})
    values (${docId}, ${doc.owner}, ${doc.layer}, ${doc.reader})`.execute(trx);
  return docId;
}

/** SQLite: the FTS5 rowid condition for the filter's layers (empty when every layer counts). */
function sqliteLayerCondition(index: FullTextIndex, filter: FullTextFilter): RawBuilder<unknown> {
  if (!filter.layers) return sql``;
  const codes = index.layers.flatMap((layer, code) => (filter.layers!.includes(layer) ? [code] : []));
  if (codes.length === index.layers.length) return sql``;
  return codes.length === 0 ? sql` and 0` : sql` and (rowid & 3) in (${sql.join(codes)})`;
}

/** PostgreSQL: the filter as a condition on the index table's rows (empty when it lets all through). */
function postgresFilterCondition(index: FullTextIndex, filter: FullTextFilter): RawBuilder<unknown> {
  const layers = filter.layers
    ? filter.layers.length === 0
      ? sql` and false`
      : sql` and ${sql.ref(`${index.table}.${index.layer}`)} in (${sql.join(filter.layers)})`
    : sql``;
  return filter.rows ? sql`${layers} and ${filter.rows}` : layers;
}

/**
 * A condition on rows of `index.table`: the document matches `query` and `filter`. With
 * `newest`, only the `newest` such matches with the highest rowid (SQLite: of the owners indexed
 * last) or owner key (PostgreSQL: for UUIDv7 keys, created last) count, which bounds the cost of
 * a broad query.
 */
export function fullTextMatches(
  dialect: DialectName,
  index: FullTextIndex,
  query: FullTextQuery,
  options: { newest?: number; filter?: FullTextFilter } = {},
): RawBuilder<SqlBool> {
  const text = fullTextQueryText(dialect, query);
  const filter = options.filter ?? {};
  if (dialect === 'postgres') {
    const [table, owner] = [sql.table(index.table), sql.ref(index.owner)];
    const matches = sql<SqlBool>`${sql.ref(`${index.table}.document`)} @@ cast(${text} as tsquery)${postgresFilterCondition(index, filter)}`;
    if (options.newest === undefined) return matches;
    return sql<SqlBool>`${sql.ref(`${index.table}.${index.owner}`)} in (select ${owner} from ${table}
      where ${matches} order by ${owner} desc limit ${options.newest})`;
  }
  const fts = sql.table(`${index.table}_fts`);
  // FTS5 answers with rowids straight from its index, newest first when bounded, skipping layers
  // by rowid; the IN list then drives doc_id lookups.
  const bound = options.newest === undefined ? sql`` : sql` order by rowid desc limit ${options.newest}`;
  const rows = filter.rows ? sql` and ${filter.rows}` : sql``;
  return sql<SqlBool>`${sql.ref(`${index.table}.doc_id`)} in (select rowid from ${fts}
    where ${fts} match ${text}${sqliteLayerCondition(index, filter)}${bound})${rows}`;
}

/**
 * The owners of at most `limit` documents that match `query` and `filter`, best first: BM25 on
 * SQLite, `ts_rank` (normalised by document length) on PostgreSQL; an owner counts with its best
 * document. Scores differ between the two, the set of matches does not. Only the `candidates`
 * newest matches (as in fullTextMatches) are scored, because scoring reads every candidate's
 * document.
 */
export async function rankedFullTextKeys(
  // biome-ignore lint/suspicious/noExplicitAny: works on any schema that has the index's tables
  db: Kysely<any>,
  dialect: DialectName,
  index: FullTextIndex,
  query: FullTextQuery,
  limit: number,
  candidates: number,
  filter: FullTextFilter = {},
): Promise<string[]> {
  const text = fullTextQueryText(dialect, query);
  const [table, owner] = [sql.table(index.table), sql.ref(index.owner)];
  let ranked: RawBuilder<{ key: string }>;
  if (dialect === 'postgres') {
    ranked = sql<{ key: string }>`select ${owner} as key from (
        select ${owner}, max(ts_rank(document, cast(${text} as tsquery), 1)) as score from (
          select ${owner}, document from ${table}
          where document @@ cast(${text} as tsquery)${postgresFilterCondition(index, filter)}
          order by ${owner} desc limit ${candidates}) c
        group by ${owner}) r
      order by score desc, key limit ${limit}`;
  } else {
    const fts = sql.table(`${index.table}_fts`);
    const layers = sqliteLayerCondition(index, filter);
    const rows = filter.rows ? sql`where ${filter.rows}` : sql``;
    // An owner has at most a few documents, so four times the limit leaves `limit` owners.
    ranked = sql<{ key: string }>`select ${sql.ref(`${index.table}.${index.owner}`)} as key from (
          select rowid as doc, rank from ${fts}
          where ${fts} match ${text}${layers} and rowid >= coalesce((
            select rowid from ${fts} where ${fts} match ${text}${layers}
            order by rowid desc limit 1 offset ${candidates - 1}), 0)
          order by rank limit ${limit * 4}) m
        join ${table} on ${sql.ref(`${index.table}.doc_id`)} = m.doc
        ${rows}
        group by key
        order by min(m.rank), key limit ${limit}`;
  }
  const { rows } = await ranked.execute(db);
  return rows.map((row) => row.key);
}
