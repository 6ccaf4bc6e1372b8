import { Alert, Anchor, Badge, Card, Group, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageLoader } from '../components/PageLoader';
import { allAssetsQuery } from './api';
import { AssetCell, useToday, WarrantyEnd } from './common';
import type { Asset } from './types';
import { byWarrantyEnd, warrantyState } from './warranty';

type CustomerGroup = { customer: Asset['customer']; assets: Asset[] };

/** Customers with their assets, each sorted by warranty end; the customer whose warranty ends first leads. */
export function groupByCustomer(assets: readonly Asset[], today: string): CustomerGroup[] {
  const groups = new Map<string, CustomerGroup>();
  for (const asset of [...assets].sort(byWarrantyEnd(today))) {
    const group = groups.get(asset.customer.id);
    if (group) group.assets.push(asset);
    else groups.set(asset.customer.id, { customer: asset.customer, assets: [asset] });
  }
  return [...groups.values()];
}

function CustomerAssets({ group, today }: { group: CustomerGroup; today: string }) {
  const { t } = useTranslation();
  const headingId = `customer-${group.customer.id}`;
  const soon = group.assets.filter((a) => warrantyState(a.warrantyEnd, today) === 'endingSoon').length;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" mb="xs" gap="xs">
        <div>
          <Title order={2} size="h4" id={headingId}>
            <Anchor component={Link} to={`/organisations/${group.customer.id}`} inherit>
              {group.customer.name}
            </Anchor>
          </Title>
          <Text size="xs" c="dimmed">
            {group.customer.number} · {t('assets.assetCount', { count: group.assets.length })}
          </Text>
        </div>
        {soon > 0 && (
          <Badge color="orange" variant="light" radius="sm" tt="none">
            {t('assets.endingSoonCount', { count: soon })}
          </Badge>
        )}
      </Group>
      <Table verticalSpacing="xs" fz="sm" aria-labelledby={headingId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('assets.asset')}</Table.Th>
            <Table.Th scope="col">{t('assets.warrantyEnd')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {group.assets.map((asset) => {
            const state = warrantyState(asset.warrantyEnd, today);
            return (
              <Table.Tr
                key={asset.id}
                data-ending-soon={state === 'endingSoon' || undefined}
                bg={state === 'endingSoon' ? 'var(--mantine-color-orange-light)' : undefined}
              >
                <Table.Td>
                  <AssetCell asset={asset} />
                </Table.Td>
                <Table.Td>
                  <WarrantyEnd warrantyEnd={asset.warrantyEnd} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

/** A partner's customers with their assets and warranty ends; the API shows it only its own. */
export function PartnerInstalledBase() {
  const { t } = useTranslation();
  const today = useToday();
  const [onlySoon, setOnlySoon] = useState(false);
  const assets = useQuery(allAssetsQuery({}));
  const all = assets.data?.items ?? [];
  const shown = onlySoon ? all.filter((a) => warrantyState(a.warrantyEnd, today) === 'endingSoon') : all;
  const groups = groupByCustomer(shown, today);
  const soon = all.filter((a) => warrantyState(a.warrantyEnd, today) === 'endingSoon').length;
  return (
    <Stack gap="md" maw={1100}>
      <div>
        <Title order={1}>{t('assets.partnerTitle')}</Title>
        <Text c="dimmed" mt={4}>
          {t('assets.partnerIntro')}
        </Text>
      </div>
      {assets.isPending ? (
        <PageLoader />
      ) : assets.isError ? (
        <ErrorAlert error={assets.error} />
      ) : (
        <>
          <Group justify="space-between" gap="sm">
            <Text size="sm" aria-live="polite">
              {t('assets.partnerSummary', { count: all.length, soon })}
            </Text>
            <Switch
              label={t('assets.onlyEndingSoon')}
              checked={onlySoon}
              onChange={(e) => setOnlySoon(e.currentTarget.checked)}
            />
          </Group>
          {!assets.data.complete && (
            <Alert color="yellow" variant="light">
              {t('assets.truncated', { count: all.length })}
            </Alert>
          )}
          {groups.length === 0 ? (
            <Text c="dimmed">{onlySoon ? t('assets.noneEndingSoon') : t('assets.partnerEmpty')}</Text>
          ) : (
            groups.map((group) => <CustomerAssets key={group.customer.id} group={group} today={today} />)
          )}
        </>
      )}
    </Stack>
  );
}
