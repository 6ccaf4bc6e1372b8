import { Anchor, Group, Select, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { assetsQuery } from '../channel/api';
import { AssetCell, useToday, WarrantyEnd } from '../channel/common';
import { PartnerInstalledBase } from '../channel/PartnerInstalledBase';
import { addDays } from '../channel/warranty';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageLoader } from '../components/PageLoader';
import { EmptyRow, ShownAndMore } from '../components/TableParts';
import { usePageTitle } from '../components/usePageTitle';
import { audienceOf } from '../roles';
import { useMe } from '../session';

const WARRANTY_FILTERS = ['all', 'within30', 'within90', 'within365', 'expired'] as const;
type WarrantyFilter = (typeof WARRANTY_FILTERS)[number];

function warrantyWindow(filter: WarrantyFilter, today: string): { from?: string; to?: string } {
  switch (filter) {
    case 'within30':
      return { from: today, to: addDays(today, 30) };
    case 'within90':
      return { from: today, to: addDays(today, 90) };
    case 'within365':
      return { from: today, to: addDays(today, 365) };
    case 'expired':
      return { to: addDays(today, -1) };
    default:
      return {};
  }
}

/** The operator's installed base: search by serial, model or customer, filter by warranty end. */
function OperatorAssets() {
  const { t } = useTranslation();
  const today = useToday();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(search.trim(), 300);
  const warranty = (WARRANTY_FILTERS as readonly string[]).includes(params.get('warranty') ?? '')
    ? (params.get('warranty') as WarrantyFilter)
    : 'all';
  const window = warrantyWindow(warranty, today);
  const list = useInfiniteQuery({
    ...assetsQuery({ q, warrantyEndFrom: window.from, warrantyEndTo: window.to }),
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const title = t('assets.title');
  return (
    <Stack gap="md">
      <div>
        <Title order={1}>{title}</Title>
        <Text c="dimmed" mt={4}>
          {t('assets.intro')}
        </Text>
      </div>
      <Group align="flex-end" gap="md" role="search">
        <TextInput
          label={t('assets.search')}
          description={t('assets.searchDescription')}
          type="search"
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            const next = new URLSearchParams(params);
            if (e.currentTarget.value.trim() === '') next.delete('q');
            else next.set('q', e.currentTarget.value);
            setParams(next, { replace: true });
          }}
          w={{ base: '100%', sm: 320 }}
        />
        <Select
          label={t('assets.warrantyFilter')}
          value={warranty}
          allowDeselect={false}
          onChange={(value) => {
            const next = new URLSearchParams(params);
            if (!value || value === 'all') next.delete('warranty');
            else next.set('warranty', value);
            setParams(next, { replace: true });
          }}
          data={WARRANTY_FILTERS.map((f) => ({ value: f, label: t(`assets.warranty.${f}`) }))}
          w={{ base: '100%', sm: 260 }}
        />
      </Group>
      {list.isError && <ErrorAlert error={list.error} />}
      {list.isPending ? (
        <PageLoader />
      ) : (
        <>
          {/* Three columns, so a phone shows the warranty end without scrolling sideways. */}
          <Table.ScrollContainer minWidth={340}>
            <Table highlightOnHover striped verticalSpacing="sm" aria-busy={list.isFetching}>
              <VisuallyHidden component="caption">{title}</VisuallyHidden>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('assets.asset')}</Table.Th>
                  <Table.Th scope="col">{t('assets.customer')}</Table.Th>
                  <Table.Th scope="col">{t('assets.warrantyEnd')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((asset) => (
                  <Table.Tr key={asset.id}>
                    <Table.Td>
                      <AssetCell asset={asset} />
                    </Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/organisations/${asset.customer.id}`} size="sm">
                        {asset.customer.name}
                      </Anchor>
                      {asset.resellerOfRecord && (
                        <Text size="xs" c="dimmed">
                          {t('assets.ownResellerIs', { name: asset.resellerOfRecord.name })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <WarrantyEnd warrantyEnd={asset.warrantyEnd} />
                    </Table.Td>
                  </Table.Tr>
                ))}
                {rows.length === 0 && <EmptyRow colSpan={3}>{t('assets.empty')}</EmptyRow>}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <ShownAndMore shown={rows.length} pages={list} />
        </>
      )}
    </Stack>
  );
}

export default function AssetsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const partner = audienceOf(me.roles) === 'partner';
  usePageTitle(partner ? t('assets.partnerTitle') : t('assets.title'));
  return partner ? <PartnerInstalledBase /> : <OperatorAssets />;
}
