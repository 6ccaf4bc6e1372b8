import { type Expression, expressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/database';
import { decodeCursor, encodeCursor } from '../../shared/cursor';
import type { Deps } from '../../shared/deps';
import type { Scope } from '../../shared/scope';
import { caseIdsMatching } from '../search/case-search';
import { utcToZonedParts, zonedTimeToUtc } from '../sla/business-calendar';
import { audienceOf, caseVisibleTo, currentCustomersOf } from './access';
import type { CaseStatus, CaseType, Priority } from './case.table';
import { formatCaseNumber } from './case-number';
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
 * A search box entry that is a case number's counter alone: "63", "000063", "CD-63" (any case).
 * `bare` when it is only digits, which may also be a word of a text ("Modell 63"). Null otherwise.
 */
export function shortCaseNumber(q: string, prefix: string): { sequence: number; bare: boolean } | null {
  const value = q.trim().toUpperCase();
  const match = /^(?:([A-Z]{1,10})-)?#?(\d{1,6})$/.exec(value);
  if (!match) return null;
  if (match[1] !== undefined && match[1] !== prefix.toUpperCase()) return null;
  const sequence = Number(match[2]);
  if (sequence < 1) return null;
  return { sequence, bare: match[1] === undefined };
}

/**
 * The number-only form of a search box entry that names one case: the full number itself, or
 * "CD-63" for "63" / "cd-000063" (which lists only numbered cases, no text matches). Null for
 * words and half-typed full numbers.
 */
export function numberOnlyQuery(q: string, prefix: string): string | null {
  const full = caseNumberQuery(q, prefix);
  if (full?.exact) return full.exact;
  const short = shortCaseNumber(q, prefix);
  return short ? `${prefix}-${short.sequence}` : null;
}

/**
 * Ids of the cases whose counter is `sequence`, in any year cases were numbered in: one exact
 * number per year, so the number index answers it.
 */
export async function casesWithSequence(deps: Deps, short: { sequence: number }): Promise<string[]> {
  const bounds = await deps.db
    .selectFrom('support_case')
    .select((eb) => [eb.fn.min('number').as('first'), eb.fn.max('number').as('last')])
    .executeTakeFirst();
  const yearOf = (number: string | null | undefined) => Number(/-(\d{4})-/.exec(number ?? '')?.[1] ?? NaN);
  const first = yearOf(bounds?.first);
  const last = yearOf(bounds?.last);
  if (!Number.isFinite(first) || !Number.isFinite(last)) return [];
  const prefix = deps.config.cases.numberPrefix;
  const numbers: string[] = [];
  for (let year = first; year <= last; year++) numbers.push(formatCaseNumber(prefix, year, short.sequence));
  const rows = await deps.db
    .selectFrom('support_case')
    .select('id')
    .where('number', 'in', numbers)
    .orderBy('number', 'desc')
    .limit(NUMBER_MATCH_LIMIT)
    .execute();
  return rows.map((row) => row.id);
}

/**
 * The customers a partner is the current reseller of record for: the rule of `caseVisibleTo`,
 * read up front so the partner scope can become one branch per customer.
 */
async function partnerCustomers(
  deps: Deps,
  scope: Scope,
): Promise<{ partnerId: string; customerIds: string[] } | null> {
  if (scope.kind !== 'user') return null;
  return {
    partnerId: scope.organisationId,
    customerIds: await currentCustomersOf(deps.db, scope.organisationId),
  };
}

/**
 * One branch of the SQLite case list: a term that singles out a slice of the matching cases;
 * together the branches of one list cover every matching case.
 */
export type ListBranch =
  | { status: CaseStatus }
  | { type: CaseType }
  | { priority: Priority }
  /** A partner's own cases (partner_id = it). */
  | { partnerId: string }
  /** The cases of one of the partner's customers, whoever their partner is. */
  | { customerId: string };

/** A partner with this many customers or more keeps the scope's OR: many branches cost more than they save. */
export const MAX_LIST_BRANCHES = 32;

/**
 * The branches to split a list into, or null when one query serves. SQLite answers `status IN
 * (open, new)` or the partner scope's OR by collecting every match and sorting it (45–900 ms at
 * 1M cases); one branch per value walks its (column, updated_at, id) index in list order and
 * stops after a page. Only for the updated_at order: no index holds created_at or number after
 * the filter column, so each branch would still collect and sort all its matches.
 *
 * A branch walks one index, so only one dimension is split: the first multi-value filter (the
 * partner scope then stays a filter on each branch's walk), else the partner scope. And none when
 * another filter already has such an index (assignee, group, partner, customer, or a single
 * status/type/priority): SQLite walks that one in order already, and a branch per value would
 * look for a whole page of each (perhaps rare) value within it.
 */
export function listBranches(
  query: Pick<
    ListCasesQuery,
    'sort' | 'status' | 'type' | 'priority' | 'assignee' | 'groupId' | 'partnerId' | 'customerId'
  >,
  partnerScope: { partnerId: string; customerIds: readonly string[] } | null,
): ListBranch[] | null {
  if (query.sort !== 'updated_at') return null;
  // A repeated value would list its cases twice: `status=open,open` is one branch.
  const status = distinct(query.status ?? []);
  const type = distinct(query.type ?? []);
  const priority = distinct(query.priority ?? []);
  const walksInOrder =
    query.assignee ||
    query.groupId ||
    query.partnerId ||
    query.customerId ||
    [status, type, priority].some((values) => values.length === 1);
  if (walksInOrder) return null;
  if (status.length > 1) return status.map((value) => ({ status: value }));
  if (type.length > 1) return type.map((value) => ({ type: value }));
  if (priority.length > 1) return priority.map((value) => ({ priority: value }));
  if (partnerScope && partnerScope.customerIds.length < MAX_LIST_BRANCHES) {
    // Even without customers the single branch helps: `partner_id = ?` walks its index, the OR
    // does not.
    return [
      { partnerId: partnerScope.partnerId },
      ...distinct(partnerScope.customerIds).map((customerId) => ({ customerId })),
    ];
  }
  return null;
}

/**
 * Whether a case can be in two of these branches. Value branches are disjoint. The partner
 * scope's are not: a case of the partner's customer with the partner on it is in both. Making
 * them disjoint (`and (partner_id is null or partner_id <> ?)` on the customer branches) would
 * have each customer branch read every case of the customer, since partner_id is not in its
 * (customer_id, updated_at, id) index: 180 ms instead of 1 ms at 1M cases, where nearly all of
 * them have the partner on them. So those branches are merged with UNION, which drops the
 * second copy.
 */
export function branchesOverlap(branches: readonly ListBranch[]): boolean {
  return branches.some((branch) => 'customerId' in branch);
}

function distinct<T>(list: readonly T[]): T[] {
  return [...new Set(list)];
}

/** The SQL condition of one branch, added to every other filter of the list. */
function branchCondition(branch: ListBranch): Expression<SqlBool> {
  const eb = expressionBuilder<Database, 'support_case'>();
  if ('status' in branch) return eb('support_case.status', '=', branch.status);
  if ('type' in branch) return eb('support_case.type', '=', branch.type);
  if ('priority' in branch) return eb('support_case.priority', '=', branch.priority);
  if ('partnerId' in branch) return eb('support_case.partner_id', '=', branch.partnerId);
  return eb('support_case.customer_id', '=', branch.customerId);
}

/**
 * The conditions on `support_case` that make up a case list query: the caller's scope, no merged
 * cases, and every filter. The list and its counts (listCases, countListedCases) both use these,
 * so a count on the home page is the length of the list its link opens.
 */
async function caseListConditions(
  deps: Deps,
  scope: Scope,
  query: Omit<ListCasesQuery, 'sort' | 'direction' | 'cursor' | 'limit'>,
): Promise<Expression<SqlBool>[]> {
  const eb = expressionBuilder<Database, 'support_case'>();
  const conditions: Expression<SqlBool>[] = [
    caseVisibleTo(scope),
    eb('support_case.merged_into_id', 'is', null),
  ];
  const where = (condition: Expression<SqlBool>) => conditions.push(condition);
  const me = scope.kind === 'user' ? scope.personId : '';

  if (query.status?.length) where(eb('support_case.status', 'in', query.status));
  if (query.type?.length) where(eb('support_case.type', 'in', query.type));
  if (query.priority?.length) where(eb('support_case.priority', 'in', query.priority));
  if (query.assignee === 'none') where(eb('support_case.assignee_id', 'is', null));
  else if (query.assignee === 'me') where(eb('support_case.assignee_id', '=', me));
  else if (query.assignee) where(eb('support_case.assignee_id', '=', query.assignee));
  if (query.groupId === 'mine') {
    where(
      eb(
        'support_case.group_id',
        'in',
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
      ),
    );
  } else if (query.groupId) where(eb('support_case.group_id', '=', query.groupId));
  if (query.partnerId) where(eb('support_case.partner_id', '=', query.partnerId));
  if (query.customerId) where(eb('support_case.customer_id', '=', query.customerId));
  if (query.causeId) where(eb('support_case.cause_id', '=', query.causeId));
  if (query.breaching) where(eb('support_case.breaching', '=', query.breaching === 'true' ? 1 : 0));
  if (query.tag) {
    const tag = query.tag.toLowerCase();
    where(
      eb.exists(
        eb
          .selectFrom('case_tag')
          .select('case_tag.case_id')
          .whereRef('case_tag.case_id', '=', 'support_case.id')
          .where('case_tag.tag', '=', tag),
      ),
    );
  }
  if (query.commitmentDue === 'today') {
    // An open promise due by the end of the reader's day (an overdue one that is still open, too).
    const endOfDay = await endOfReadersDay(deps, scope);
    where(
      eb.exists(
        eb
          .selectFrom('case_commitment')
          .select('case_commitment.case_id')
          .whereRef('case_commitment.case_id', '=', 'support_case.id')
          .where('case_commitment.status', '=', 'open')
          .where('case_commitment.due_at', '<', endOfDay),
      ),
    );
  }
  const numberQuery = query.q ? caseNumberQuery(query.q, deps.config.cases.numberPrefix) : null;
  const shortNumber = query.q ? shortCaseNumber(query.q, deps.config.cases.numberPrefix) : null;
  if (numberQuery) {
    // A case number (or its start) is looked up on the number index first, in a query of its own,
    // so no plan can choose to walk the list order and test every case against the range.
    const ids = await casesNumbered(deps, numberQuery);
    where(ids.length > 0 ? eb('support_case.id', 'in', ids) : sql<SqlBool>`1 = 0`);
  } else if (query.q) {
    // SQLite: broad words match most cases; bounding the matches to the newest SEARCH_MATCH_LIMIT
    // keeps a search fast at any size, and lists sorted by recency lose nothing on their first
    // pages. PostgreSQL needs no bound: it walks the list order and probes the search index per
    // case, or reads a rare word's few matches from GIN. The bound would make it walk the search
    // table backwards testing every document (1.2 s for a word in 5 % of 1M cases, 7 ms without).
    // Only text the caller may read matches: a customer's search never finds an internal note.
    const matching =
      shortNumber && !shortNumber.bare
        ? null
        : caseIdsMatching(deps.db, deps.dialect, scope, query.q, {
            newest: deps.dialect === 'sqlite' ? SEARCH_MATCH_LIMIT : undefined,
          });
    // A short number ("63", "CD-63") finds the cases with that counter in any year, besides
    // (for bare digits) the cases whose text has the number.
    const numbered = shortNumber ? await casesWithSequence(deps, shortNumber) : [];
    if (matching && numbered.length > 0)
      where(eb.or([eb('support_case.id', 'in', numbered), eb('support_case.id', 'in', matching)]));
    else if (numbered.length > 0) where(eb('support_case.id', 'in', numbered));
    // A query without a searchable word (only punctuation or stop words) filters nothing.
    else if (matching) where(eb('support_case.id', 'in', matching));
    else if (shortNumber) where(sql<SqlBool>`1 = 0`);
  }
  return conditions;
}

/** The instant the reader's current day ends, in the reader's time zone (UTC for the system). */
async function endOfReadersDay(deps: Deps, scope: Scope): Promise<string> {
  const person =
    scope.kind === 'user'
      ? await deps.db
          .selectFrom('person')
          .select('time_zone')
          .where('id', '=', scope.personId)
          .executeTakeFirst()
      : undefined;
  const timeZone = person?.time_zone ?? 'UTC';
  const today = utcToZonedParts(deps.clock.now(), timeZone).date;
  return zonedTimeToUtc(today, '24:00', timeZone).toISOString();
}

/** How many cases the list with these filters holds, in the caller's scope. */
export async function countListedCases(
  deps: Deps,
  scope: Scope,
  query: Omit<ListCasesQuery, 'sort' | 'direction' | 'cursor' | 'limit'>,
): Promise<number> {
  const conditions = await caseListConditions(deps, scope, query);
  const row = await deps.db
    .selectFrom('support_case')
    .where((eb) => eb.and(conditions))
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

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
    ]);
  for (const condition of await caseListConditions(deps, scope, query)) select = select.where(condition);
  // On SQLite, an IN list or the partner scope becomes one ordered, limited query per value
  // (see listBranches). Not with a search: its id list drives the plan, and every branch would
  // run the search again.
  const branches =
    deps.dialect === 'sqlite' && !query.q
      ? listBranches(query, audienceOf(scope) === 'partner' ? await partnerCustomers(deps, scope) : null)
      : null;
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
    // The same rows, with a plain bound the branch's index range can start from: each branch
    // then seeks to the cursor instead of walking every newer row of its slice. (Sort values are
    // never null.)
    if (branches) select = select.where(sortColumn, descending ? '<=' : '>=', value);
  }
  const page = (q: typeof select) =>
    q
      .orderBy(sortColumn, query.direction)
      .orderBy('support_case.id', query.direction)
      .limit(query.limit + 1);
  let rows: Awaited<ReturnType<typeof select.execute>>;
  if (!branches) rows = await page(select).execute();
  else {
    // Each branch is ordered and limited on its own (a subquery: SQLite allows ORDER BY/LIMIT
    // only on a whole compound), so it stops after limit + 1 rows. The first limit + 1 rows of
    // the whole list are among those of the branches, so the merge sorts at most
    // branches × (limit + 1) rows. The caller's visibility condition stays in every branch.
    const [first, ...rest] = branches.map((branch) =>
      deps.db.selectFrom(page(select.where(branchCondition(branch))).as('branch')).selectAll(),
    );
    if (!first) throw new Error('listBranches returned no branch');
    const overlap = branchesOverlap(branches);
    let union = first;
    for (const branch of rest) union = overlap ? union.union(branch) : union.unionAll(branch);
    rows = await union
      .orderBy(query.sort, query.direction)
      .orderBy('id', query.direction)
      .limit(query.limit + 1)
      .execute();
  }
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map((r) => ({
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
