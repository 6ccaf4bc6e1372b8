import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api } from './api';
import type { Organisation, Page, Person } from './api-types';

export function organisationQuery(id: string) {
  return queryOptions({
    queryKey: ['organisations', 'detail', id],
    queryFn: ({ signal }) =>
      api.get<Organisation>(`/api/organisations/${encodeURIComponent(id)}`, undefined, signal),
  });
}

export function peopleQuery(organisationId: string) {
  return infiniteQueryOptions({
    queryKey: ['organisations', 'detail', organisationId, 'people'],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Person>>(
        `/api/organisations/${encodeURIComponent(organisationId)}/people`,
        { cursor: pageParam, limit: 50 },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
