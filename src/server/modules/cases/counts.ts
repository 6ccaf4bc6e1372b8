import { sql } from 'kysely';
import type { Deps } from '../../shared/deps';
import type { UserScope } from '../../shared/scope';
import { caseVisibleTo } from './access';

/** The inbox counters of the agent workspace; each matches the list filter of its inbox view. */
export type CaseCounts = {
  mine: number;
  unassigned: number;
  myGroups: number;
  breaching: number;
  waiting: number;
  all: number;
};

const ACTIVE = ['new', 'open', 'waiting_customer', 'waiting_partner', 'waiting_third_party'];
const WAITING = ['waiting_customer', 'waiting_partner', 'waiting_third_party'];

/** One pass over the caller's visible cases; `myGroups` counts the groups the caller leads or belongs to. */
export async function countCases(deps: Deps, scope: UserScope): Promise<CaseCounts> {
  const me = scope.personId;
  const active = sql.join(ACTIVE.map((s) => sql`${s}`));
  const waiting = sql.join(WAITING.map((s) => sql`${s}`));
  const row = await deps.db
    .selectFrom('support_case')
    .where(caseVisibleTo(scope))
    .select([
      sql<number>`coalesce(sum(case when assignee_id = ${me} and status in (${active}) then 1 else 0 end), 0)`.as(
        'mine',
      ),
      sql<number>`coalesce(sum(case when assignee_id is null and status in (${active}) then 1 else 0 end), 0)`.as(
        'unassigned',
      ),
      sql<number>`coalesce(sum(case when status in (${active}) and group_id in (select group_id from case_group_member where person_id = ${me} union select id from case_group where lead_person_id = ${me}) then 1 else 0 end), 0)`.as(
        'myGroups',
      ),
      sql<number>`coalesce(sum(case when breaching = 1 then 1 else 0 end), 0)`.as('breaching'),
      sql<number>`coalesce(sum(case when status in (${waiting}) then 1 else 0 end), 0)`.as('waiting'),
      sql<number>`count(*)`.as('all'),
    ])
    .executeTakeFirstOrThrow();
  return {
    mine: Number(row.mine),
    unassigned: Number(row.unassigned),
    myGroups: Number(row.myGroups),
    breaching: Number(row.breaching),
    waiting: Number(row.waiting),
    all: Number(row.all),
  };
}
