import { type Expression, type SqlBool, sql } from 'kysely';
import { decodeCursor, encodeCursor } from '../../shared/cursor';
import type { Deps } from '../../shared/deps';
import type { Scope } from '../../shared/scope';
import { caseIdsMatching } from '../search/case-search';
import { caseVisibleTo } from './access';
import type { CaseSummary, ListCasesQuery } from './schemas';

/** How many of the newest matching cases a full-text search considers. */
export const SEARCH_MATCH_LIMIT = 10_000;

/**
 * A search box entry that is a case number (CD-2026-000123) or the start of one (CD-2026-4484):
 * exact, or the half-open range of numbers that start with it. Null for ordinary words.
 */
export function caseNumberQuery(
  q: string,
  prefix: string,
): { exact?: string; from?: string; to?: string } | null {
  const value = q.trim().toUpperCase();
  const match = /^([A-Z]{1,10})-(\d{4})-(\d{1,})$/.exec(value);
  if (!match || match[1] !== prefix.toUpperCase()) return null;
  const digits = match[3] ?? '';
  if (digits.length >= 6) return { exact: value };
  const next = String(Number(digits) + 1).padStart(digits.length, '0');
  // 99 → 100 would leave the digit count: then the next year's first number is the bound. Only
  // digits differ from the lower bound, so the range holds in any collation, even those that
  // ignore the hyphens.
  const to =
    next.length > digits.length ? `${match[1]}-${Number(match[2]) + 1}-` : `${match[1]}-${match[2]}-${next}`;
  return { from: value, to };
}

/** Ids of the cases with this number, or (half-typed) of the first NUMBER_MATCH_LIMIT starting so. */
async function casesNumbered(
  deps: Deps,
  query: { exact?: string; from?: string; to?: string },
): Promise<string[]> {
  let select = deps.db.selectFrom('support_case').select('id').orderBy('number').limit(NUMBER_MATCH_LIMIT);
  if (query.exact) select = select.where('number', '=', query.exact);
  else if (query.from && query.to)
    select = select.where('number', '>=', query.from).where('number', '<', query.to);
  return (await select.execute()).map((row) => row.id);
}

const NUMBER_MATCH_LIMIT = 200;

/**
 * The case list: filtered in SQL within the caller's scope, sorted, and paged by keyset (sort
 * value, id) so page 1,000 costs what page 1 costs.
 */
export async function listCases(
  deps: Deps,
  scope: Scope,
  query: ListCasesQuery,
): Promise<{ items: CaseSummary[]; nextCursor: string | null }> {
  const sortColumn = `support_case.${query.sort}` as const;
  const descending = query.direction === 'desc';
  let select = deps.db
    .selectFrom('support_case')
    .innerJoin('organisation as customer', 'customer.id', 'support_case.customer_id')
    .leftJoin('organisation as partner', 'partner.id', 'support_case.partner_id')
    .leftJoin('person as assignee', 'assignee.id', 'support_case.assignee_id')
    .select([
      'support_case.id',
      'support_case.number',
      'support_case.type',
      'support_case.status',
      'support_case.priority',
      'support_case.subject',
      'support_case.channel',
      'support_case.breaching',
      'support_case.created_at',
      'support_case.updated_at',
      'customer.id as customer_id',
      'customer.number as customer_number',
      'customer.name as customer_name',
      'partner.id as partner_id',
      'partner.name as partner_name',
      'assignee.id as assignee_id',
      'assignee.name as assignee_name',
    ])
    .where(caseVisibleTo(scope))
    .where('support_case.merged_into_id', 'is', null);

  if (query.status?.length) select = select.where('support_case.status', 'in', query.status);
  if (query.type?.length) select = select.where('support_case.type', 'in', query.type);
  if (query.priority?.length) select = select.where('support_case.priority', 'in', query.priority);
  if (query.assignee === 'none') select = select.where('support_case.assignee_id', 'is', null);
  else if (query.assignee === 'me')
    select = select.where('support_case.assignee_id', '=', scope.kind === 'user' ? scope.personId : '');
  else if (query.assignee) select = select.where('support_case.assignee_id', '=', query.assignee);
  if (query.groupId === 'mine') {
    const me = scope.kind === 'user' ? scope.personId : '';
    select = select.where('support_case.group_id', 'in', (eb) =>
      eb
        .selectFrom('case_group_member')
        .select('case_group_member.group_id')
        .where('case_group_member.person_id', '=', me)
        .union(
          eb
            .selectFrom('case_group')
            .select('case_group.id as group_id')
            .where('case_group.lead_person_id', '=', me),
        ),
    );
  } else if (query.groupId) select = select.where('support_case.group_id', '=', query.groupId);
  if (query.partnerId) select = select.where('support_case.partner_id', '=', query.partnerId);
  if (query.customerId) select = select.where('support_case.customer_id', '=', query.customerId);
  if (query.causeId) select = select.where('support_case.cause_id', '=', query.causeId);
  if (query.breaching)
    select = select.where('support_case.breaching', '=', query.breaching === 'true' ? 1 : 0);
  if (query.tag) {
    const tag = query.tag.toLowerCase();
    select = select.where((eb) =>
      eb.exists(
        eb
          .selectFrom('case_tag')
          .select('case_tag.case_id')
          .whereRef('case_tag.case_id', '=', 'support_case.id')
          .where('case_tag.tag', '=', tag),
      ),
    );
  }
  const numberQuery = query.q ? caseNumberQuery(query.q, deps.config.cases.numberPrefix) : null;
  if (numberQuery) {
    // A case number (or its start) is looked up on the number index first, in a query of its own,
    // so no plan can choose to walk the list order and test every case against the range.
    const ids = await casesNumbered(deps, numberQuery);
    select = ids.length > 0 ? select.where('support_case.id', 'in', ids) : select.where(sql<boolean>`1 = 0`);
  } else if (query.q) {
    // Broad words match most cases; bounding the matches to the newest SEARCH_MATCH_LIMIT keeps
    // a search fast at any size. Lists sorted by recency lose nothing on their first pages.
    const matching = caseIdsMatching(deps.db, deps.dialect, query.q, { newest: SEARCH_MATCH_LIMIT });
    // A query without a searchable word (only punctuation or stop words) filters nothing.
    if (matching) select = select.where('support_case.id', 'in', matching);
  }
  if (query.cursor) {
    const [value, id] = decodeCursor(query.cursor);
    const op = descending ? '<' : '>';
    select = select.where(
      (eb) =>
        eb.or([
          eb(sortColumn, op, value),
          eb.and([eb(sortColumn, '=', value), eb('support_case.id', op, id)]),
        ]) as Expression<SqlBool>,
    );
  }
  const rows = await select
    .orderBy(sortColumn, query.direction)
    .orderBy('support_case.id', query.direction)
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      number: r.number,
      type: r.type,
      status: r.status,
      priority: r.priority,
      subject: r.subject,
      customer: { id: r.customer_id, number: r.customer_number, name: r.customer_name },
      partner: r.partner_id ? { id: r.partner_id, name: r.partner_name ?? '' } : null,
      assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? '' } : null,
      channel: r.channel,
      breaching: r.breaching === 1,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last[query.sort], last.id) : null,
  };
}
