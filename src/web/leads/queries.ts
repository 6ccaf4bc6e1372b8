import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api } from '../api';
import { LEAD_TABS, type LeadDetail, type LeadKind, type LeadPage, type LeadTab } from './types';

const PAGE_SIZE = 50;

/** Everything about leads starts with this key, so one invalidation refreshes lists, details and counts. */
export const LEADS_KEY = ['leads'] as const;

/** One page of a lead list; `more` when any of the lists asked has rows beyond it. */
export type LeadListPage = LeadPage & { more: boolean };

export type LeadFilter = {
  tab: LeadTab;
  kind?: LeadKind | undefined;
  partnerId?: string | undefined;
  customerId?: string | undefined;
};

export function leadsQuery(filter: LeadFilter) {
  const statuses: readonly (string | undefined)[] = LEAD_TABS[filter.tab];
  return infiniteQueryOptions({
    queryKey: [...LEADS_KEY, 'list', filter],
    queryFn: async ({ pageParam, signal }): Promise<LeadListPage> => {
      const ask = (status: string | undefined) =>
        api.get<LeadPage>(
          '/api/leads',
          {
            status,
            kind: filter.kind,
            partnerId: filter.partnerId,
            customerId: filter.customerId,
            offset: pageParam,
            limit: PAGE_SIZE,
          },
          signal,
        );
      // The API filters by one status; "closed" is three lists paged side by side.
      const pages = await Promise.all((statuses.length === 0 ? [undefined] : statuses).map(ask));
      return {
        items: pages
          .flatMap((page) => page.items)
          .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0)),
        total: pages.reduce((sum, page) => sum + page.total, 0),
        limit: PAGE_SIZE,
        offset: pageParam,
        more: pages.some((page) => page.offset + page.items.length < page.total),
      };
    },
    initialPageParam: 0,
    getNextPageParam: (last) => (last.more ? last.offset + PAGE_SIZE : undefined),
  });
}

export function leadQuery(id: string) {
  return queryOptions({
    queryKey: [...LEADS_KEY, 'detail', id],
    queryFn: ({ signal }) => api.get<LeadDetail>(`/api/leads/${encodeURIComponent(id)}`, undefined, signal),
  });
}

/** How many leads wait for the partner's answer: the number beside "Leads" in its navigation. */
export function offeredCountQuery() {
  return queryOptions({
    queryKey: [...LEADS_KEY, 'offered-count'],
    queryFn: async ({ signal }) => {
      const page = await api.get<LeadPage>('/api/leads', { status: 'offered', limit: 1 }, signal);
      return page.total;
    },
    staleTime: 60_000,
  });
}
