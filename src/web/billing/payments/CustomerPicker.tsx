import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import type { Organisation, Page } from '../../api-types';

/** Picks a customer by typing part of its name or number. */
export function CustomerPicker({
  value,
  onChange,
  error,
  initial,
}: {
  value: string | null;
  onChange: (id: string | null) => void;
  error?: string | undefined;
  initial?: { id: string; name: string; number: string } | null;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(
    initial ? { value: initial.id, label: `${initial.name} (${initial.number})` } : null,
  );
  const customers = useQuery({
    queryKey: ['organisations', 'list', 'customer-search', q],
    queryFn: ({ signal }) =>
      api.get<Page<Organisation>>('/api/organisations', { kind: 'customer', q, limit: 20 }, signal),
  });
  const options = (customers.data?.items ?? []).map((c) => ({
    value: c.id,
    label: `${c.name} (${c.number})`,
  }));
  if (chosen && !options.some((o) => o.value === chosen.value)) options.unshift(chosen);
  return (
    <Select
      label={t('billing.payments.customer')}
      placeholder={t('billing.payments.customerSearch')}
      required
      searchable
      clearable
      data={options}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={t('billing.payments.noCustomer')}
      onChange={(id, option) => {
        setChosen(id ? option : null);
        onChange(id);
      }}
      error={error}
    />
  );
}
