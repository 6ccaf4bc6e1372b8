import { Box, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../api';
import type { CaseSummary } from '../cases/types';

type SearchAnswer = { exact: { id: string; number: string } | null; items: CaseSummary[] };

/**
 * The header's search box, for every logged-in user: a case number ("63", "CD-63",
 * "CD-2026-000063") that names one case the user sees opens it; anything else opens the case list
 * with the search. "/" focuses it from anywhere outside a text field.
 */
export function HeaderSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const q = value.trim();
    if (!q) return;
    setBusy(true);
    try {
      const answer = await queryClient.fetchQuery({
        queryKey: ['cases', 'search', q],
        queryFn: ({ signal }) => api.get<SearchAnswer>('/api/search', { q }, signal),
        staleTime: 5_000,
      });
      setValue('');
      if (answer.exact) void navigate(`/cases/${answer.exact.number}`);
      else void navigate(`/cases?${new URLSearchParams({ view: 'all', q })}`);
    } catch {
      // The list shows the search and any error in its own place.
      void navigate(`/cases?${new URLSearchParams({ view: 'all', q })}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box
      component="form"
      role="search"
      aria-label={t('search.label')}
      onSubmit={submit}
      className="cd-header-search"
    >
      <TextInput
        type="search"
        size="xs"
        aria-label={t('search.label')}
        placeholder={t('search.placeholder')}
        value={value}
        onChange={(e) => setValue(e.currentTarget.value)}
        aria-busy={busy}
        aria-keyshortcuts="/"
        data-header-search
        maxLength={200}
      />
    </Box>
  );
}
