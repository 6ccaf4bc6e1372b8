import type { SelectQueryBuilder } from 'kysely';
import type { Database, Db, Trx } from '../../db/database';
import {
  type DialectName,
  type FullTextFilter,
  type FullTextIndex,
  fullTextMatches,
  rankedFullTextKeys,
  writeFullText,
} from '../../db/dialect';
import type { Scope } from '../../shared/scope';
import { audienceOf, entryVisibleTo, visibleTo } from '../cases/access';
import { VISIBILITIES } from '../cases/case.table';
import type { SearchTables } from './case-search.table';
import { germanDocumentTerms, germanQuery } from './german-text';
import {
  type CaseSearchText,
  documentsToAppendTo,
  type SearchDocumentKey,
  searchDocumentsOf,
} from './search-documents';

export type { CaseSearchText } from './search-documents';

// The layer order (VISIBILITIES) is stored in SQLite's doc_ids (dialect.ts): never reorder it.
const CASE_SEARCH: FullTextIndex = {
  table: 'case_search',
  owner: 'case_id',
  layer: 'visibility',
  reader: 'partner_organisation_id',
  layers: VISIBILITIES,
};

/** How many of the newest matches rankedCaseIds scores; scoring reads each one's document. */
export const RANK_CANDIDATES = 10_000;

/** A subquery selecting the ids of matching cases, for `.where('support_case.id', 'in', …)`. */
export type CaseIdsMatching = SelectQueryBuilder<Database & SearchTables, 'case_search', { case_id: string }>;

async function documentsOf(trx: Trx, caseId: string): Promise<SearchDocumentKey[]> {
  return trx
    .withTables<SearchTables>()
    .selectFrom('case_search')
    .select(['visibility', 'partner_organisation_id as partnerOrganisationId'])
    .where('case_id', '=', caseId)
    .execute();
}

/**
 * Sets the search documents of a case from all its texts, replacing what was there. The caller
 * gives every text with the visibility of its entry (number, subject, names and facts are
 * public; a message has its own); search-documents.ts makes one document per reader of them.
 * Runs in the caller's transaction, so the index changes exactly when the case does. Costs
 * time in proportion to the texts: for a new message use appendCaseSearchText.
 */
export async function replaceCaseSearchText(
  trx: Trx,
  dialect: DialectName,
  caseId: string,
  texts: readonly CaseSearchText[],
): Promise<void> {
  const documents = searchDocumentsOf(texts);
  for (const document of documents) {
    const doc = { owner: caseId, layer: document.visibility, reader: document.partnerOrganisationId };
    await writeFullText(
      trx,
      dialect,
      CASE_SEARCH,
      doc,
      germanDocumentTerms(document.texts.join('\n')),
      'replace',
    );
  }
  const stale = (await documentsOf(trx, caseId)).filter(
    (old) =>
      !documents.some(
        (doc) => doc.visibility === old.visibility && doc.partnerOrganisationId === old.partnerOrganisationId,
      ),
  );
  for (const old of stale)
    await trx
      .withTables<SearchTables>()
      .deleteFrom('case_search')
      .where('case_id', '=', caseId)
      .where('visibility', '=', old.visibility)
      .where('partner_organisation_id', '=', old.partnerOrganisationId)
      .execute();
}

/**
 * Adds `text` (a new message, a new fact) to the documents of the readers who may read it.
 * Returns false, writing nothing, when a document it needs does not exist yet (the case's first
 * text of that visibility, or a case without documents): replace the case's documents then.
 * Old text stays findable until the next replaceCaseSearchText, so replace when text is edited
 * or removed. Only `text` is analysed and no message is read; the database rewrites each
 * document's index entry, which takes well under a millisecond for a typical case and a few for
 * one with hundreds of messages.
 */
export async function appendCaseSearchText(
  trx: Trx,
  dialect: DialectName,
  caseId: string,
  text: CaseSearchText,
): Promise<boolean> {
  const terms = germanDocumentTerms(text.text);
  if (terms.length === 0) return true;
  const targets = documentsToAppendTo(await documentsOf(trx, caseId), text);
  if (!targets) return false;
  for (const target of targets) {
    const doc = { owner: caseId, layer: target.visibility, reader: target.partnerOrganisationId };
    await writeFullText(trx, dialect, CASE_SEARCH, doc, terms, 'append');
  }
  return true;
}

/** Removes a case from the search (deleting the case does this too, by cascade). */
export async function removeCaseSearchText(trx: Trx, _dialect: DialectName, caseId: string): Promise<void> {
  await trx.withTables<SearchTables>().deleteFrom('case_search').where('case_id', '=', caseId).execute();
}

/**
 * The documents `scope` may search, by the rule of cases/access.ts for timeline entries: the
 * operator all, a customer the public ones, a partner the public ones and its own partner ones.
 */
function readableBy(scope: Scope): FullTextFilter {
  const audience = audienceOf(scope);
  if (audience === 'operator') return {};
  return { layers: visibleTo(audience), rows: entryVisibleTo(scope, 'case_search') };
}

/**
 * The ids of the cases whose text that `scope` may read matches `query`, as a subquery for
 * `.where('support_case.id', 'in', …)`: the caller adds which cases the scope sees
 * (caseVisibleTo), filters, order and paging. A customer's search matches public text only, a
 * partner's public text and its own partner text, the operator's everything.
 * German words match in any inflection ("Drucker" finds "Druckern"), ß/ss and ä/ae alike, and
 * a compound's last part ("Straße" finds "Hauptstraße"); every word must match (in any of the
 * case's texts the caller may read); the last word also matches as a prefix (search as you
 * type); a case number matches whole ("CD-2026-000123"), partly typed ("CD-2026-0001") or by
 * its parts ("000123").
 *
 * The cost grows with the number of matches (about 1 µs each on SQLite): a word found in
 * a third of a million cases takes hundreds of milliseconds. `newest` keeps only that many
 * matching documents the caller may read, those of the most recently created cases, which
 * bounds the cost; a list sorted by recency then loses nothing on its first pages, but counts
 * and other sorts see only those.
 *
 * Returns null when the query has no searchable word (empty, punctuation, only short stop
 * words such as "im"): apply no search filter then, rather than show nothing.
 */
export function caseIdsMatching(
  db: Db,
  dialect: DialectName,
  scope: Scope,
  query: string,
  options: { newest?: number } = {},
): CaseIdsMatching | null {
  const parsed = germanQuery(query);
  if (!parsed) return null;
  return db
    .withTables<SearchTables>()
    .selectFrom('case_search')
    .select('case_search.case_id')
    .where(
      fullTextMatches(dialect, CASE_SEARCH, parsed, { newest: options.newest, filter: readableBy(scope) }),
    );
}

/**
 * The ids of the best `limit` matches for `query` in the text `scope` may read, best first (for
 * the "relevance" sort): a word counts more the more often it occurs and the shorter the
 * document. Only the 10,000 newest matches are scored (RANK_CANDIDATES), which keeps a broad
 * query fast; a narrower query is ranked in full. Scores differ between SQLite (BM25) and
 * PostgreSQL (ts_rank); the matches do not. Filter the ids by the cases the scope sees
 * afterwards, so ask for more than a page if that may remove many. Returns null as
 * caseIdsMatching does.
 */
export async function rankedCaseIds(
  db: Db,
  dialect: DialectName,
  scope: Scope,
  query: string,
  limit: number,
): Promise<string[] | null> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a positive integer: ${limit}`);
  const parsed = germanQuery(query);
  if (!parsed) return null;
  return rankedFullTextKeys(db, dialect, CASE_SEARCH, parsed, limit, RANK_CANDIDATES, readableBy(scope));
}
