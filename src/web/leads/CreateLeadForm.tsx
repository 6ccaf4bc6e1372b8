import { Anchor, Button, Group, Select, Stack, Text, Textarea } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, isApiError } from '../api';
import type { Organisation, Page } from '../api-types';
import { PRODUCT_LINES, useFieldErrors, useProductLineLabel } from '../channel/common';
import { ErrorAlert } from '../components/ErrorAlert';
import { Notice } from '../components/Notice';
import { LEADS_KEY } from './queries';
import { type CreateLeadBody, LEAD_KINDS, type LeadDetail, type LeadKind } from './types';

type AssetOption = { id: string; serial: string; productModel: string; productLine: string };

const FIELDS = ['customerId', 'kind', 'productLine', 'assetId', 'note'];

/** The channel manager's "Lead anlegen": customer, kind, product line, one of its assets, note. */
export function CreateLeadForm({ onCreated }: { onCreated?: (lead: LeadDetail) => void }) {
  const { t } = useTranslation();
  const lineLabel = useProductLineLabel();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [kind, setKind] = useState<LeadKind>('new_device');
  const [productLine, setProductLine] = useState('');
  const [assetId, setAssetId] = useState<string | null>(null);
  const [note, setNote] = useState('');

  const customers = useQuery({
    queryKey: ['organisations', 'list', 'customer-search', q],
    queryFn: ({ signal }) =>
      api.get<Page<Organisation>>('/api/organisations', { kind: 'customer', q, limit: 20 }, signal),
    placeholderData: keepPreviousData,
  });
  const assets = useQuery({
    queryKey: ['assets', 'list', { customerId }],
    queryFn: ({ signal }) =>
      api.get<Page<AssetOption>>('/api/assets', { customerId: customerId ?? undefined, limit: 200 }, signal),
    enabled: customerId !== null,
  });

  const create = useMutation({
    mutationFn: () => {
      const body: CreateLeadBody = { customerId: customerId ?? '', kind };
      if (productLine.trim() !== '') body.productLine = productLine.trim();
      if (assetId !== null) body.assetId = assetId;
      if (note.trim() !== '') body.note = note.trim();
      return api.post<LeadDetail>('/api/leads', body);
    },
    onSuccess: async (lead) => {
      setCustomerId(null);
      setSearch('');
      setAssetId(null);
      setProductLine('');
      setNote('');
      await queryClient.invalidateQueries({ queryKey: LEADS_KEY });
      onCreated?.(lead);
    },
  });

  const problems = isApiError(create.error) ? create.error.errors : [];
  const errorOf = useFieldErrors(create.error);
  const unplaced = create.isError && !problems.some((p) => FIELDS.includes(p.field));
  const customerOptions = (customers.data?.items ?? []).map((c) => ({
    value: c.id,
    label: `${c.name} (${c.number}${c.postalCode ? `, ${c.postalCode} ${c.city ?? ''}` : ''})`,
  }));
  const assetOptions = (assets.data?.items ?? []).map((a) => ({
    value: a.id,
    label: `${a.productModel} · ${a.serial}`,
  }));

  return (
    <form
      aria-labelledby="lead-create-title"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <Stack gap="sm" maw={640}>
        <Text size="sm" c="dimmed">
          {t('leads.create.intro')}
        </Text>
        <Select
          label={t('leads.create.customer')}
          placeholder={t('leads.create.customerSearch')}
          searchable
          required
          data={customerOptions}
          value={customerId}
          onChange={(value) => {
            setCustomerId(value);
            setAssetId(null);
            create.reset();
          }}
          searchValue={search}
          onSearchChange={setSearch}
          filter={({ options }) => options}
          nothingFoundMessage={t('leads.create.noCustomer')}
          error={errorOf('customerId')}
        />
        <Group grow align="flex-start">
          <Select
            label={t('leads.create.kind')}
            required
            allowDeselect={false}
            data={LEAD_KINDS.map((k) => ({ value: k, label: t(`leads.kinds.${k}`) }))}
            value={kind}
            onChange={(value) => value && setKind(value as LeadKind)}
            error={errorOf('kind')}
          />
          <Select
            label={t('leads.create.productLine')}
            clearable
            data={[...new Set<string>([...PRODUCT_LINES, ...(productLine === '' ? [] : [productLine])])].map(
              (line) => ({ value: line, label: lineLabel(line) }),
            )}
            value={productLine === '' ? null : productLine}
            onChange={(value) => setProductLine(value ?? '')}
            error={errorOf('productLine')}
          />
        </Group>
        <Text size="xs" c="dimmed" mt={-6}>
          {t('leads.create.productLineHint')}
        </Text>
        <Select
          label={t('leads.create.asset')}
          description={t('leads.create.assetHint')}
          placeholder={t('leads.create.assetPlaceholder')}
          clearable
          searchable
          disabled={customerId === null}
          data={assetOptions}
          value={assetId}
          onChange={(value) => {
            setAssetId(value);
            // The asset's product line is the lead's unless the manager typed another.
            const asset = assets.data?.items.find((a) => a.id === value);
            if (asset !== undefined && productLine.trim() === '') setProductLine(asset.productLine);
          }}
          error={errorOf('assetId')}
        />
        <Textarea
          label={t('leads.create.note')}
          autosize
          minRows={2}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={errorOf('note')}
        />
        <Group>
          <Button type="submit" loading={create.isPending} disabled={customerId === null}>
            {t('leads.create.submit')}
          </Button>
        </Group>
        {create.isSuccess && (
          <Notice onClose={() => create.reset()}>
            {t('leads.create.done', { number: create.data.number })}{' '}
            <Anchor component={Link} to={`/channel/leads/${create.data.id}`} size="sm">
              {t('leads.create.open')}
            </Anchor>
          </Notice>
        )}
        {unplaced && <ErrorAlert error={create.error} />}
      </Stack>
    </form>
  );
}
