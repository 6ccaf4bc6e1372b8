import { queryOptions } from '@tanstack/react-query';
import { api } from './api';
import type { Organisation, Person } from './api-types';

export function organisationQuery(id: string) {
  return queryOptions({
    queryKey: ['organisations', 'detail', id],
    queryFn: ({ signal }) => api.get<Organisation>(`/api/organisations/${encodeURIComponent(id)}`, undefined, signal),
  });
}

export function peopleQuery(organisationId: string) {
  return queryOptions({
    queryKey: ['organisations', 'detail', organisationId, 'people'],
    queryFn: ({ signal }) =>
      api.get<{ items: Person[] }>(`/api/organisations/${encodeURIComponent(organisationId)}/people`, undefined, signal),
  });
}
