import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api } from '../api';
import type { Page } from '../api-types';
import type { Asset, DirectContact } from './types';

// Query keys start with the area, so a change invalidates everything that shows it.

export type AssetFilter = {
  q?: string;
  customerId?: string;
  warrantyEndFrom?: string;
  warrantyEndTo?: string;
};

export function assetsQuery(filter: AssetFilter, limit = 50) {
  return infiniteQueryOptions({
    queryKey: ['assets', 'list', filter, limit],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Asset>>('/api/assets', { ...filter, cursor: pageParam, limit }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Every asset the caller sees (a partner's or a customer's installed base is small), at most `max`. */
export function allAssetsQuery(filter: AssetFilter, max = 2000) {
  return queryOptions({
    queryKey: ['assets', 'all', filter, max],
    queryFn: async ({ signal }) => {
      const items: Asset[] = [];
      let cursor: string | undefined;
      do {
        const page = await api.get<Page<Asset>>('/api/assets', { ...filter, cursor, limit: 200 }, signal);
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined && items.length < max);
      return { items, complete: cursor === undefined };
    },
  });
}

export function assetQuery(id: string) {
  return queryOptions({
    queryKey: ['assets', 'detail', id],
    queryFn: ({ signal }) => api.get<Asset>(`/api/assets/${encodeURIComponent(id)}`, undefined, signal),
  });
}

export function directContactsQuery(organisationId: string) {
  return queryOptions({
    queryKey: ['organisations', 'detail', organisationId, 'direct-contacts'],
    queryFn: async ({ signal }) => {
      const answer = await api.get<Page<DirectContact> | DirectContact[]>(
        `/api/organisations/${encodeURIComponent(organisationId)}/direct-contacts`,
        undefined,
        signal,
      );
      return Array.isArray(answer) ? answer : answer.items;
    },
  });
}
