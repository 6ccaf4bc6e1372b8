import type { Visibility } from '../../../shared/cases';

/**
 * Search documents of cases (migration 2026_12_06_0001): one per case and reader, holding all
 * the case's text that reader may read. Only these columns are common to both dialects; the
 * document itself is stored per dialect (see dialect.ts, FullTextIndex) and written only
 * through case-search.ts.
 */
export interface CaseSearchTable {
  case_id: string;
  /** public: everyone on the case reads it; partner: one partner organisation; internal: the operator. */
  visibility: Visibility;
  /** For a partner document, the partner organisation whose it is; '' otherwise. */
  partner_organisation_id: string;
}

/** The search tables, for `db.withTables<SearchTables>()`: they are not part of `Database`. */
export type SearchTables = { case_search: CaseSearchTable };
