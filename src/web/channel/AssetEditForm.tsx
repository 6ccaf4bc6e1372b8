import { ActionIcon, Button, Group, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../api';
import type { Organisation, Page, Role } from '../api-types';
import { ErrorAlert } from '../components/ErrorAlert';
import { PRODUCT_LINES, useFieldErrors, useProductLineLabel } from './common';
import type { Asset, AssetUpdate } from './types';

/** Operator roles that create customers change assets (as the API allows). */
export function canEditAssets(roles: readonly Role[]): boolean {
  return roles.some((role) => role === 'operator_admin' || role === 'channel_manager' || role === 'agent');
}

type SpecRow = { key: string; value: string; id: number };

const KEEP = '__keep__';
const NONE = '__none__';

let nextRowId = 0;
const specRows = (specs: Record<string, string>): SpecRow[] =>
  Object.entries(specs).map(([key, value]) => ({ key, value, id: nextRowId++ }));

/** Serial, model, line, dates, specs and the asset's own reseller of record (with a reason). */
export function AssetEditForm({ asset, onDone }: { asset: Asset; onDone: () => void }) {
  const { t } = useTranslation();
  const lineLabel = useProductLineLabel();
  const queryClient = useQueryClient();
  const [serial, setSerial] = useState(asset.serial);
  const [model, setModel] = useState(asset.productModel);
  const [line, setLine] = useState(asset.productLine);
  const [purchaseDate, setPurchaseDate] = useState(asset.purchaseDate ?? '');
  const [warrantyEnd, setWarrantyEnd] = useState(asset.warrantyEnd ?? '');
  const [specs, setSpecs] = useState<SpecRow[]>(specRows(asset.specs));
  const [partnerSearch, setPartnerSearch] = useState('');
  const [reseller, setReseller] = useState<string>(KEEP);
  // The chosen partner stays an option when the search (its label) no longer finds it.
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const partners = useQuery({
    queryKey: ['organisations', 'list', 'partner-search', partnerSearch],
    queryFn: ({ signal }) =>
      api.get<Page<Organisation>>(
        '/api/organisations',
        { kind: 'partner', q: partnerSearch, limit: 20 },
        signal,
      ),
  });
  const save = useMutation({
    mutationFn: () => {
      const body: AssetUpdate = {
        serial: serial.trim(),
        productModel: model.trim(),
        productLine: line,
        purchaseDate: purchaseDate === '' ? null : purchaseDate,
        warrantyEnd: warrantyEnd === '' ? null : warrantyEnd,
        specs: Object.fromEntries(
          specs.filter((row) => row.key.trim() !== '').map((row) => [row.key.trim(), row.value]),
        ),
      };
      if (reseller !== KEEP)
        body.resellerOfRecord = { partnerId: reseller === NONE ? null : reseller, reason: reason.trim() };
      return api.patch<Asset>(`/api/assets/${asset.id}`, body);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['assets'] });
      await queryClient.invalidateQueries({ queryKey: ['organisations'] });
      onDone();
    },
  });
  const errorOf = useFieldErrors(save.error);
  const placed = [
    'serial',
    'productModel',
    'productLine',
    'purchaseDate',
    'warrantyEnd',
    'resellerOfRecord.reason',
  ];
  const unplaced = isApiError(save.error) && !save.error.errors.some((e) => placed.includes(e.field));
  const lines = [...new Set<string>([...PRODUCT_LINES, asset.productLine])];
  const partnerOptions = [
    {
      value: KEEP,
      label: asset.resellerOfRecord
        ? t('assets.keepReseller', { name: asset.resellerOfRecord.name })
        : t('assets.keepAsCustomer'),
    },
    ...(asset.resellerOfRecord ? [{ value: NONE, label: t('assets.resetToCustomer') }] : []),
    ...(chosen ? [chosen] : []),
    ...(partners.data?.items ?? [])
      .filter((p) => p.id !== asset.resellerOfRecord?.id && p.id !== chosen?.value)
      .map((p) => ({ value: p.id, label: `${p.name} (${p.number})` })),
  ];
  return (
    <form
      aria-label={t('assets.edit')}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (reseller !== KEEP && reason.trim() === '') {
          setReasonMissing(true);
          return;
        }
        save.mutate();
      }}
    >
      <Stack gap="sm" maw={640}>
        <Group grow align="flex-start" wrap="wrap">
          <TextInput
            label={t('assets.serial')}
            required
            value={serial}
            onChange={(e) => setSerial(e.currentTarget.value)}
            maxLength={100}
            error={errorOf('serial')}
            miw={200}
          />
          <TextInput
            label={t('assets.model')}
            required
            value={model}
            onChange={(e) => setModel(e.currentTarget.value)}
            maxLength={200}
            error={errorOf('productModel')}
            miw={200}
          />
        </Group>
        <Select
          label={t('assets.line')}
          data={lines.map((l) => ({ value: l, label: lineLabel(l) }))}
          value={line}
          onChange={(value) => value && setLine(value)}
          allowDeselect={false}
          error={errorOf('productLine')}
        />
        <Group grow align="flex-start" wrap="wrap">
          <TextInput
            type="date"
            label={t('assets.purchaseDate')}
            value={purchaseDate}
            onChange={(e) => setPurchaseDate(e.currentTarget.value)}
            error={errorOf('purchaseDate')}
            miw={160}
          />
          <TextInput
            type="date"
            label={t('assets.warrantyEnd')}
            value={warrantyEnd}
            onChange={(e) => setWarrantyEnd(e.currentTarget.value)}
            error={errorOf('warrantyEnd')}
            miw={160}
          />
        </Group>
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <Text component="legend" size="sm" fw={500} mb={4}>
            {t('assets.specs')}
          </Text>
          <Stack gap="xs">
            {specs.map((row, index) => (
              <Group key={row.id} gap="xs" wrap="nowrap" align="flex-end">
                <TextInput
                  aria-label={t('assets.specKeyN', { n: index + 1 })}
                  placeholder={t('assets.specKey')}
                  value={row.key}
                  maxLength={100}
                  onChange={(e) => {
                    const key = e.currentTarget.value;
                    setSpecs((all) => all.map((r) => (r.id === row.id ? { ...r, key } : r)));
                  }}
                  style={{ flex: 1 }}
                />
                <TextInput
                  aria-label={t('assets.specValueN', { n: index + 1 })}
                  placeholder={t('assets.specValue')}
                  value={row.value}
                  maxLength={1000}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    setSpecs((all) => all.map((r) => (r.id === row.id ? { ...r, value } : r)));
                  }}
                  style={{ flex: 1 }}
                />
                <ActionIcon
                  variant="default"
                  size="lg"
                  aria-label={t('assets.removeSpec', { key: row.key || index + 1 })}
                  onClick={() => setSpecs((all) => all.filter((r) => r.id !== row.id))}
                >
                  ×
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button
                variant="subtle"
                size="xs"
                onClick={() => setSpecs((all) => [...all, { key: '', value: '', id: nextRowId++ }])}
              >
                {t('assets.addSpec')}
              </Button>
            </Group>
            {errorOf('specs') && (
              <Text size="sm" c="red.8">
                {errorOf('specs')}
              </Text>
            )}
          </Stack>
        </fieldset>
        <Select
          label={t('assets.ownReseller')}
          description={t('assets.ownResellerHint')}
          searchable
          data={partnerOptions}
          value={reseller}
          onChange={(value, option) => {
            setReseller(value ?? KEEP);
            setChosen(value && value !== KEEP && value !== NONE ? option : null);
          }}
          onSearchChange={setPartnerSearch}
          filter={({ options }) => options}
          allowDeselect={false}
        />
        {reseller !== KEEP && (
          <Textarea
            label={t('channel.reseller.reason')}
            required
            autosize
            minRows={2}
            maxLength={500}
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setReasonMissing(false);
            }}
            error={reasonMissing ? t('validation.required') : errorOf('resellerOfRecord.reason')}
          />
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
        </Group>
        {unplaced && <ErrorAlert error={save.error} />}
      </Stack>
    </form>
  );
}
