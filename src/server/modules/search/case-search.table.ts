/**
 * One search entry per case (migration 2026_11_24_0003). Only `case_id` is common to both
 * dialects; the document is stored per dialect (see dialect.ts, FullTextIndex) and written
 * only through case-search.ts.
 */
export interface CaseSearchTable {
  case_id: string;
}

/** The search tables, for `db.withTables<SearchTables>()`: they are not part of `Database`. */
export type SearchTables = { case_search: CaseSearchTable };
