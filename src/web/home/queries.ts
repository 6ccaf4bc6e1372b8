import { queryOptions } from '@tanstack/react-query';
import { api } from '../api';
import type { CaseSummary } from '../cases/types';

export type HomeCountKey =
  | 'mine'
  | 'unassigned'
  | 'breaching'
  | 'commitmentsDueToday'
  | 'open'
  | 'waitingOnMe';

export type Home = {
  audience: 'operator' | 'partner' | 'customer';
  /** Each count with the case list filter it counts: its link opens exactly that list. */
  counts: { key: HomeCountKey; count: number; filter: Record<string, string> }[];
  cases: CaseSummary[];
  leads: { offered: number; accepted: number } | null;
};

/** Under the case counters' key, so the live case stream refreshes it with them. */
export const homeQuery = queryOptions({
  queryKey: ['cases', 'counts', 'home'],
  queryFn: ({ signal }) => api.get<Home>('/api/home', undefined, signal),
});

const INBOX_VIEW: Partial<Record<HomeCountKey, string>> = {
  mine: 'mine',
  unassigned: 'unassigned',
  breaching: 'breaching',
};

/** The case list a count counts; for the operator in its inbox view, so the view shows as chosen. */
export function countLink(home: Pick<Home, 'audience'>, count: Home['counts'][number]): string {
  const params = new URLSearchParams(count.filter);
  if (home.audience === 'operator') params.set('view', INBOX_VIEW[count.key] ?? 'all');
  return `/cases?${params}`;
}
