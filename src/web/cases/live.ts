import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { CaseStreamEvent } from './types';

type Listener = (event: CaseStreamEvent) => void;
const listeners = new Set<Listener>();

/** Other components (the case page's collision notice) hear the same events. */
export function onCaseEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/**
 * Keeps the case queries fresh: every `case` event from /api/cases/stream marks the lists, the
 * counters and that case as stale, so whatever is on screen refetches in place. EventSource
 * reconnects on its own; after a reconnect everything refetches, as events may have been missed.
 */
export function useCaseStream(enabled: boolean): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/cases/stream', { withCredentials: true });
    let opened = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const pending = new Set<string>();
    // Bursts (an import, a merge) become one refetch round.
    const flush = () => {
      timer = undefined;
      void queryClient.invalidateQueries({ queryKey: ['cases', 'list'] });
      void queryClient.invalidateQueries({ queryKey: ['cases', 'counts'] });
      for (const id of pending) void queryClient.invalidateQueries({ queryKey: ['cases', 'detail', id] });
      pending.clear();
    };
    source.addEventListener('open', () => {
      if (opened) {
        void queryClient.invalidateQueries({ queryKey: ['cases'] });
        void queryClient.invalidateQueries({ queryKey: ['notifications'] });
      }
      opened = true;
    });
    // A new notice for this user: the bell refetches its list and count.
    source.addEventListener('notification', () => {
      void queryClient.invalidateQueries({ queryKey: ['notifications'] });
    });
    source.addEventListener('case', (message) => {
      let event: CaseStreamEvent;
      try {
        event = JSON.parse((message as MessageEvent<string>).data) as CaseStreamEvent;
      } catch {
        return;
      }
      pending.add(event.caseId);
      pending.add(event.number);
      timer ??= setTimeout(flush, 250);
      for (const listener of listeners) listener(event);
    });
    return () => {
      if (timer) clearTimeout(timer);
      source.close();
    };
  }, [enabled, queryClient]);
}
