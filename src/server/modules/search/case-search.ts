import type { SelectQueryBuilder } from 'kysely';
import type { Database, Db, Trx } from '../../db/database';
import {
  type DialectName,
  type FullTextIndex,
  fullTextMatches,
  rankedFullTextKeys,
  writeFullText,
} from '../../db/dialect';
import type { SearchTables } from './case-search.table';
import { germanDocumentTerms, germanQuery } from './german-text';

const CASE_SEARCH: FullTextIndex = { table: 'case_search', key: 'case_id' };

/** How many of the newest matches rankedCaseIds scores; scoring reads each one's document. */
export const RANK_CANDIDATES = 10_000;

/** A subquery selecting the ids of matching cases, for `.where('support_case.id', 'in', …)`. */
export type CaseIdsMatching = SelectQueryBuilder<Database & SearchTables, 'case_search', { case_id: string }>;

/**
 * Sets the whole search document of a case, replacing what was there. The caller assembles
 * `text` from the number, subject, contact names, facts and messages (any order, any
 * separators). Runs in the caller's transaction, so the index changes exactly when the case
 * does. Costs time in proportion to `text`: for a new message use appendCaseSearchText.
 */
export async function replaceCaseSearchText(
  trx: Trx,
  dialect: DialectName,
  caseId: string,
  text: string,
): Promise<void> {
  await writeFullText(trx, dialect, CASE_SEARCH, caseId, germanDocumentTerms(text), 'replace');
}

/**
 * Adds `text` (a new message, a new fact) to the search document of a case, creating the
 * document if the case has none. Old text stays findable until the next replaceCaseSearchText,
 * so replace when text is edited or removed. The caller's transaction keeps the index in step.
 * Only `text` is analysed and no message is read; the database rewrites the case's index entry,
 * which takes well under a millisecond for a typical case and a few for one with hundreds of
 * messages.
 */
export async function appendCaseSearchText(
  trx: Trx,
  dialect: DialectName,
  caseId: string,
  text: string,
): Promise<void> {
  const terms = germanDocumentTerms(text);
  if (terms.length > 0) await writeFullText(trx, dialect, CASE_SEARCH, caseId, terms, 'append');
}

/** Removes a case from the search (deleting the case does this too, by cascade). */
export async function removeCaseSearchText(trx: Trx, _dialect: DialectName, caseId: string): Promise<void> {
  await trx.withTables<SearchTables>().deleteFrom('case_search').where('case_id', '=', caseId).execute();
}

/**
 * The ids of the cases whose document matches `query`, as a subquery for
 * `.where('support_case.id', 'in', …)`: the caller adds scope, filters, order and paging.
 * German words match in any inflection ("Drucker" finds "Druckern"), ß/ss and ä/ae alike, and
 * a compound's last part ("Straße" finds "Hauptstraße"); every word must match; the last word
 * also matches as a prefix (search as you type); a case number matches whole
 * ("CD-2026-000123"), partly typed ("CD-2026-0001") or by its parts ("000123").
 *
 * The cost grows with the number of matches (about 1 µs each on SQLite): a word found in
 * a third of a million cases takes hundreds of milliseconds. `newest` keeps only that many
 * matches, those of the most recently created cases, which bounds the cost; a list sorted by
 * recency then loses nothing on its first pages, but counts and other sorts see only those.
 *
 * Returns null when the query has no searchable word (empty, punctuation, only short stop
 * words such as "im"): apply no search filter then, rather than show nothing.
 */
export function caseIdsMatching(
  db: Db,
  dialect: DialectName,
  query: string,
  options: { newest?: number } = {},
): CaseIdsMatching | null {
  const parsed = germanQuery(query);
  if (!parsed) return null;
  return db
    .withTables<SearchTables>()
    .selectFrom('case_search')
    .select('case_search.case_id')
    .where(fullTextMatches(dialect, CASE_SEARCH, parsed, options.newest));
}

/**
 * The ids of the best `limit` matches for `query`, best first (for the "relevance" sort): a
 * word counts more the more often it occurs and the shorter the case. Only the 10,000 newest
 * matches are scored (RANK_CANDIDATES), which keeps a broad query fast; a narrower query is
 * ranked in full. Scores differ between SQLite (BM25) and PostgreSQL (ts_rank); the matches
 * do not. Filter the ids by scope afterwards, so ask for more than a page if the scope may
 * remove many. Returns null as caseIdsMatching does.
 */
export async function rankedCaseIds(
  db: Db,
  dialect: DialectName,
  query: string,
  limit: number,
): Promise<string[] | null> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a positive integer: ${limit}`);
  const parsed = germanQuery(query);
  if (!parsed) return null;
  return rankedFullTextKeys(db, dialect, CASE_SEARCH, parsed, limit, RANK_CANDIDATES);
}
