import type { Expression, SqlBool } from 'kysely';
import { decodeCursor, encodeCursor } from '../../shared/cursor';
import type { Deps } from '../../shared/deps';
import type { Scope } from '../../shared/scope';
import { caseIdsMatching } from '../search/case-search';
import { caseVisibleTo } from './access';
import type { CaseSummary, ListCasesQuery } from './schemas';

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
  if (query.groupId) select = select.where('support_case.group_id', '=', query.groupId);
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
  if (query.q) {
    const matching = caseIdsMatching(deps.db, deps.dialect, query.q);
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
