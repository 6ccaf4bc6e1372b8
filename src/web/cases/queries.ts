import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api';
import type { Page, Person } from '../api-types';
import type {
  CaseCounts,
  CaseDetail,
  CaseFilters,
  CaseGroup,
  CaseSummary,
  CauseNode,
  SavedView,
  TextModule,
  TimelineEntry,
} from './types';

export const CASE_PAGE_SIZE = 100;

export function caseListQuery(filters: CaseFilters) {
  return infiniteQueryOptions({
    queryKey: ['cases', 'list', filters],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<CaseSummary>>(
        '/api/cases',
        { ...filters, cursor: pageParam, limit: CASE_PAGE_SIZE },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function caseQuery(id: string) {
  return queryOptions({
    queryKey: ['cases', 'detail', id],
    queryFn: ({ signal }) => api.get<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`, undefined, signal),
  });
}

export function timelineQuery(id: string) {
  return queryOptions({
    queryKey: ['cases', 'detail', id, 'timeline'],
    queryFn: ({ signal }) =>
      api.get<{ items: TimelineEntry[] }>(`/api/cases/${encodeURIComponent(id)}/timeline`, undefined, signal),
  });
}

export function caseCountsQuery() {
  return queryOptions({
    queryKey: ['cases', 'counts'],
    queryFn: ({ signal }) => api.get<CaseCounts>('/api/cases/counts', undefined, signal),
  });
}

export const groupsQuery = queryOptions({
  queryKey: ['catalog', 'groups'],
  queryFn: ({ signal }) => api.get<{ items: CaseGroup[] }>('/api/groups', undefined, signal),
  staleTime: 5 * 60_000,
});

export const causesQuery = queryOptions({
  queryKey: ['catalog', 'causes'],
  queryFn: ({ signal }) => api.get<{ items: CauseNode[] }>('/api/causes', undefined, signal),
  staleTime: 5 * 60_000,
});

export const textModulesQuery = queryOptions({
  queryKey: ['catalog', 'text-modules'],
  queryFn: ({ signal }) => api.get<{ items: TextModule[] }>('/api/text-modules', { limit: 200 }, signal),
  staleTime: 5 * 60_000,
});

export const savedViewsQuery = queryOptions({
  queryKey: ['saved-views'],
  queryFn: ({ signal }) => api.get<{ items: SavedView[] }>('/api/saved-views', undefined, signal),
});

/** The people of an organisation (all pages), e.g. the operator's agents to assign cases to. */
export function allPeopleQuery(organisationId: string) {
  return queryOptions({
    queryKey: ['organisations', 'detail', organisationId, 'people', 'all'],
    queryFn: async ({ signal }) => {
      const people: Person[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 20; i++) {
        const page = await api.get<Page<Person>>(
          `/api/organisations/${encodeURIComponent(organisationId)}/people`,
          { cursor, limit: 200 },
          signal,
        );
        people.push(...page.items);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      return people;
    },
    staleTime: 5 * 60_000,
  });
}

/** A change on one case: afterwards the case, its timeline, the lists and the counters refetch. */
export function useCaseMutation<TVars, TResult = unknown>(
  caseId: string,
  fn: (vars: TVars) => Promise<TResult>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (result) => {
      if (result && typeof result === 'object' && 'id' in result && 'number' in result && 'facts' in result) {
        queryClient.setQueryData(['cases', 'detail', caseId], result);
      }
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
    },
  });
}

export function caseUrl(id: string): string {
  return `/api/cases/${encodeURIComponent(id)}`;
}
