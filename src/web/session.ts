import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { api, fetchSession, setCsrfToken } from './api';
import type { Locale, Me, MeUpdate, SessionResponse } from './api-types';
import { formatDate, formatDateTime } from './format';

export const SESSION_KEY = ['session'] as const;

export function useSessionQuery() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: fetchSession,
    staleTime: Number.POSITIVE_INFINITY,
    retry: 1,
  });
}

/** The logged-in user; only for components rendered inside the authenticated layout. */
export function useMe(): Me {
  const { data } = useSessionQuery();
  if (!data) throw new Error('useMe() used outside an authenticated page');
  return data.user;
}

/** Stores a fresh session (after login) or forgets it (after logout or a 401). */
export function useSetSession(): (session: SessionResponse | null) => void {
  const queryClient = useQueryClient();
  return useCallback(
    (session) => {
      if (session === null) {
        setCsrfToken(null);
        // Nothing the previous user saw may stay in the cache.
        queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
      }
      queryClient.setQueryData(SESSION_KEY, session);
    },
    [queryClient],
  );
}

export function useUpdateMe() {
  const queryClient = useQueryClient();
  const { i18n } = useTranslation();
  return useMutation({
    mutationFn: (update: MeUpdate) => api.patch<Me>('/api/me', update),
    onSuccess: async (me) => {
      queryClient.setQueryData<SessionResponse | null>(SESSION_KEY, (old) =>
        old ? { ...old, user: me } : old,
      );
      if (me.locale !== i18n.language) await i18n.changeLanguage(me.locale);
    },
  });
}

export function useChangeLanguage(): (locale: Locale) => void {
  const { i18n } = useTranslation();
  const { data: session } = useSessionQuery();
  const updateMe = useUpdateMe();
  return (locale) => {
    const previous = i18n.language;
    void i18n.changeLanguage(locale);
    // Logged in: the choice belongs to the user, not the device.
    if (session) {
      updateMe.mutate(
        { locale },
        {
          onError: () => {
            void i18n.changeLanguage(previous);
          },
        },
      );
    }
  };
}

export function useLogout(kind: 'this' | 'all' = 'this') {
  return useMutation({
    mutationFn: () => api.post<void>(kind === 'all' ? '/api/auth/logout-all' : '/api/auth/logout'),
    // Even if the server already forgot the session, the browser forgets it too: a fresh
    // page load leaves nothing of the previous user in memory.
    onSettled: () => {
      setCsrfToken(null);
      window.location.replace('/login');
    },
  });
}

/** Date formatting in the UI language and the user's time zone. */
export function useFormat() {
  const { i18n } = useTranslation();
  const { data: session } = useSessionQuery();
  const timeZone = session?.user.timeZone;
  return {
    dateTime: (iso: string) => formatDateTime(iso, i18n.language, timeZone),
    date: (iso: string) => formatDate(iso, i18n.language, timeZone),
  };
}
