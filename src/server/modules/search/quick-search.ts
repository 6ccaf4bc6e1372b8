import type { Deps } from '../../shared/deps';
import type { Scope } from '../../shared/scope';
import type { CaseSummary } from '../cases/schemas';
import { listCases, numberOnlyQuery } from '../cases/service';

const FIRST_MATCHES = 8;

/**
 * What the header's search box finds: `exact` when the entry is a case number and exactly one
 * case the caller sees has it (a short number may name cases of several years: then none is
 * exact), and the first matches of the case list's search. Both go through the case list, so
 * the caller's scope applies as everywhere.
 */
export async function searchCases(
  deps: Deps,
  scope: Scope,
  q: string,
): Promise<{ exact: { id: string; number: string } | null; items: CaseSummary[] }> {
  const list = (query: string, limit: number) =>
    listCases(deps, scope, { q: query, sort: 'updated_at', direction: 'desc', limit });
  const numberOnly = numberOnlyQuery(q, deps.config.cases.numberPrefix);
  const numbered = numberOnly ? (await list(numberOnly, 2)).items : [];
  const only = numbered.length === 1 ? numbered[0] : undefined;
  const { items } = await list(q, FIRST_MATCHES);
  return { exact: only ? { id: only.id, number: only.number } : null, items };
}
