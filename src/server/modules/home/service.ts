import { ACTIVE_STATUSES } from '../../../shared/cases';
import type { Deps } from '../../shared/deps';
import type { UserScope } from '../../shared/scope';
import type { CaseSummary, ListCasesQuery } from '../cases/schemas';
import { audienceOf, countListedCases, listCases } from '../cases/service';
import { listLeads } from '../channel/service';

// The home page: a few counts of the reader's cases, each the length of the case list its link
// opens. Every count is the case list's own count (cases/list.ts) with the reader's scope and the
// filter the link carries, so the home page can never show a case the list would not.

export type HomeCountKey =
  | 'mine'
  | 'unassigned'
  | 'breaching'
  | 'commitmentsDueToday'
  | 'open'
  | 'waitingOnMe';

/** The case list filter behind a count, as the list's query parameters. */
export type HomeFilter = Partial<Record<'status' | 'assignee' | 'breaching' | 'commitmentDue', string>>;

export type HomeCount = { key: HomeCountKey; count: number; filter: HomeFilter };

export type Home = {
  audience: 'operator' | 'partner' | 'customer';
  counts: HomeCount[];
  /** The operator's own open cases, or the partner's and customer's open cases, most recent first. */
  cases: CaseSummary[];
  /** A partner's leads: waiting for its answer, and accepted (being worked). */
  leads: { offered: number; accepted: number } | null;
};

const ACTIVE = ACTIVE_STATUSES.join(',');
const FILTERS: Record<Exclude<HomeCountKey, 'waitingOnMe'>, HomeFilter> = {
  mine: { assignee: 'me', status: ACTIVE },
  unassigned: { assignee: 'none', status: ACTIVE },
  breaching: { breaching: 'true' },
  commitmentsDueToday: { commitmentDue: 'today' },
  open: { status: ACTIVE },
};

const KEYS: Record<Home['audience'], HomeCountKey[]> = {
  operator: ['mine', 'unassigned', 'breaching', 'commitmentsDueToday'],
  partner: ['open', 'waitingOnMe', 'breaching'],
  customer: ['open', 'waitingOnMe'],
};

/** The case list query of a count's filter (the same parsing as GET /api/cases). */
function listQuery(filter: HomeFilter): Omit<ListCasesQuery, 'sort' | 'direction' | 'cursor' | 'limit'> {
  return {
    status: filter.status ? (filter.status.split(',') as ListCasesQuery['status']) : undefined,
    assignee: filter.assignee as ListCasesQuery['assignee'],
    breaching: filter.breaching as ListCasesQuery['breaching'],
    commitmentDue: filter.commitmentDue as ListCasesQuery['commitmentDue'],
  };
}

/** What waits on the reader: the customer answers, the partner acts. */
function filterOf(key: HomeCountKey, audience: Home['audience']): HomeFilter {
  if (key !== 'waitingOnMe') return FILTERS[key];
  return { status: audience === 'partner' ? 'waiting_partner' : 'waiting_customer' };
}

/**
 * The reader's home: counts (each with the case list filter it counts), a short list of open
 * cases, and a partner's open leads. Scoped like the case list, because it is the case list.
 */
export async function getHome(deps: Deps, scope: UserScope): Promise<Home> {
  const audience = audienceOf(scope);
  const counts = await Promise.all(
    KEYS[audience].map(async (key) => {
      const filter = filterOf(key, audience);
      return { key, count: await countListedCases(deps, scope, listQuery(filter)), filter };
    }),
  );
  const casesFilter = audience === 'operator' ? FILTERS.mine : FILTERS.open;
  const { items } = await listCases(deps, scope, {
    ...listQuery(casesFilter),
    sort: 'updated_at',
    direction: 'desc',
    limit: 8,
  });
  let leads: Home['leads'] = null;
  if (audience === 'partner') {
    const [offered, accepted] = await Promise.all(
      (['offered', 'accepted'] as const).map(
        async (status) => (await listLeads(deps, scope, { status, limit: 1, offset: 0 })).total,
      ),
    );
    leads = { offered: offered ?? 0, accepted: accepted ?? 0 };
  }
  return { audience, counts, cases: items, leads };
}
