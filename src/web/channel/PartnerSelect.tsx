import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { Organisation, Page } from '../api-types';

/**
 * A partner organisation picked by searching its name or number (the server searches, 20 at a
 * time). `excludeId` leaves out the partner the choice is away from; `extraOptions` come first
 * (e.g. "no reseller of record").
 */
export function PartnerSelect({
  label,
  placeholder,
  value,
  onChange,
  excludeId,
  extraOptions = [],
  required = false,
  clearable = false,
  error,
}: {
  label: string;
  placeholder: string;
  value: string | null;
  onChange: (value: string | null) => void;
  excludeId?: string | null | undefined;
  extraOptions?: { value: string; label: string }[];
  required?: boolean;
  clearable?: boolean;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const partners = useQuery({
    queryKey: ['organisations', 'list', 'partner-search', q],
    queryFn: ({ signal }) =>
      api.get<Page<Organisation>>('/api/organisations', { kind: 'partner', q, limit: 20 }, signal),
    placeholderData: keepPreviousData,
  });
  const options = [
    ...extraOptions,
    ...(partners.data?.items ?? [])
      .filter((p) => p.id !== excludeId)
      .map((p) => ({ value: p.id, label: `${p.name} (${p.number})` })),
  ];
  return (
    <Select
      label={label}
      placeholder={placeholder}
      searchable
      required={required}
      clearable={clearable}
      data={options}
      value={value}
      onChange={onChange}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={t('channel.reseller.noPartnerFound')}
      error={error}
    />
  );
}
