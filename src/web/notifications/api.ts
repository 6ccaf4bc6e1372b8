import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NotificationKind, OptionalNotificationKind } from '../../shared/notifications';
import { api } from '../api';

export type NotificationItem = {
  id: string;
  kind: NotificationKind;
  caseId: string;
  caseNumber: string;
  caseSubject: string;
  data: { description?: string; outcome?: string; excerpt?: string };
  createdAt: string;
  read: boolean;
};
export type NotificationList = { items: NotificationItem[]; unread: number };
export type NotificationPreferences = { mail: Record<OptionalNotificationKind, boolean> };

export const NOTIFICATIONS_KEY = ['notifications'] as const;

/** The bell's list; the live stream marks it stale when a notice arrives (cases/live.ts). */
export function useNotifications() {
  return useQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'list'],
    queryFn: () => api.get<NotificationList>('/api/notifications'),
    // A fallback for a dropped stream; the stream itself refetches at once.
    refetchInterval: 120_000,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids?: string[]) =>
      api.post<{ marked: number }>('/api/notifications/read', ids ? { ids } : {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}

export function useNotificationPreferences() {
  return useQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'preferences'],
    queryFn: () => api.get<NotificationPreferences>('/api/me/notification-preferences'),
  });
}

export function useSetNotificationPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (mail: Partial<Record<OptionalNotificationKind, boolean>>) =>
      api.put<NotificationPreferences>('/api/me/notification-preferences', { mail }),
    // The box follows the click at once; the server's answer (or a refetch after an error) settles it.
    onMutate: (mail) => {
      queryClient.setQueryData<NotificationPreferences>([...NOTIFICATIONS_KEY, 'preferences'], (old) =>
        old ? { mail: { ...old.mail, ...mail } } : old,
      );
    },
    onSuccess: (data) => queryClient.setQueryData([...NOTIFICATIONS_KEY, 'preferences'], data),
    onError: () => queryClient.invalidateQueries({ queryKey: [...NOTIFICATIONS_KEY, 'preferences'] }),
  });
}
