import { Alert, Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../api';
import { AssetEditForm, canEditAssets } from '../channel/AssetEditForm';
import { assetQuery } from '../channel/api';
import { useProductLineLabel, WarrantyEnd } from '../channel/common';
import type { Asset } from '../channel/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { Facts } from '../components/Facts';
import { PageLoader } from '../components/PageLoader';
import { usePageTitle } from '../components/usePageTitle';
import { organisationQuery } from '../queries';
import { audienceOf } from '../roles';
import { useFormat, useMe } from '../session';

/** The asset's own reseller of record beside the customer's: they may differ (a worklist item). */
function ResellerFacts({ asset }: { asset: Asset }) {
  const { t } = useTranslation();
  const me = useMe();
  // A partner may see the asset without seeing its customer; then only the asset's own record shows.
  const customer = useQuery({ ...organisationQuery(asset.customer.id), retry: false });
  const customerRecord = customer.data?.resellerOfRecord ?? null;
  const own = asset.resellerOfRecord;
  const differs = own !== null && customerRecord !== null && own.id !== customerRecord.id;
  const partnerLink = (org: { id: string; name: string }) =>
    audienceOf(me.roles) === 'operator' ? (
      <Anchor component={Link} to={`/organisations/${org.id}`} size="sm">
        {org.name}
      </Anchor>
    ) : (
      org.name
    );
  return (
    <Facts
      items={[
        {
          label: t('assets.ownReseller'),
          value: own ? (
            <Group gap="xs">
              {partnerLink(own)}
              {differs && (
                <Badge color="orange" variant="light" radius="sm" tt="none">
                  {t('assets.resellerDiffers')}
                </Badge>
              )}
            </Group>
          ) : (
            t('assets.asCustomer')
          ),
        },
        {
          label: t('assets.customerReseller'),
          value: customer.isSuccess
            ? customerRecord
              ? partnerLink(customerRecord)
              : t('organisation.noReseller')
            : t('common.none'),
        },
      ]}
    />
  );
}

function SpecsTable({ specs }: { specs: Record<string, string> }) {
  const { t } = useTranslation();
  const entries = Object.entries(specs);
  if (entries.length === 0) return <Text c="dimmed">{t('assets.noSpecs')}</Text>;
  return (
    <Table.ScrollContainer minWidth={320} type="native">
      <Table striped verticalSpacing="xs" fz="sm" aria-labelledby="asset-specs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('assets.specKey')}</Table.Th>
            <Table.Th scope="col">{t('assets.specValue')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map(([key, value]) => (
            <Table.Tr key={key}>
              <Table.Th scope="row" fw={500}>
                {key}
              </Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function AssetView({ asset }: { asset: Asset }) {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const lineLabel = useProductLineLabel();
  const [editing, setEditing] = useState(false);
  usePageTitle(`${asset.productModel} ${asset.serial}`);
  const canEdit = canEditAssets(me.roles);
  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Text size="sm" c="dimmed">
          {t('assets.asset')} · {lineLabel(asset.productLine)}
        </Text>
        <Title order={1}>{asset.productModel}</Title>
        <Text ff="monospace" size="sm">
          {asset.serial}
        </Text>
      </div>
      <Card withBorder padding="lg" component="section" aria-labelledby="asset-details">
        <Group justify="space-between" mb="md">
          <Title order={2} size="h3" id="asset-details">
            {t('assets.details')}
          </Title>
          {canEdit && !editing && (
            <Button variant="default" size="xs" onClick={() => setEditing(true)}>
              {t('assets.edit')}
            </Button>
          )}
        </Group>
        {editing ? (
          <AssetEditForm asset={asset} onDone={() => setEditing(false)} />
        ) : (
          <Facts
            items={[
              { label: t('assets.model'), value: asset.productModel },
              { label: t('assets.line'), value: lineLabel(asset.productLine) },
              {
                label: t('assets.serial'),
                value: (
                  <Text ff="monospace" size="sm">
                    {asset.serial}
                  </Text>
                ),
              },
              {
                label: t('assets.customer'),
                value: (
                  <Anchor component={Link} to={`/organisations/${asset.customer.id}`} size="sm">
                    {asset.customer.name} ({asset.customer.number})
                  </Anchor>
                ),
              },
              {
                label: t('assets.purchaseDate'),
                value: asset.purchaseDate ? format.date(`${asset.purchaseDate}T12:00:00Z`) : null,
              },
              { label: t('assets.warrantyEnd'), value: <WarrantyEnd warrantyEnd={asset.warrantyEnd} /> },
            ]}
          />
        )}
      </Card>
      <Card withBorder padding="lg" component="section" aria-labelledby="asset-reseller">
        <Title order={2} size="h3" id="asset-reseller" mb="md">
          {t('assets.resellerTitle')}
        </Title>
        <ResellerFacts asset={asset} />
      </Card>
      <Card withBorder padding="lg" component="section" aria-labelledby="asset-specs">
        <Title order={2} size="h3" id="asset-specs" mb="md">
          {t('assets.specs')}
        </Title>
        <SpecsTable specs={asset.specs} />
      </Card>
    </Stack>
  );
}

function NotVisible() {
  const { t } = useTranslation();
  usePageTitle(t('assets.notFoundTitle'));
  return (
    <Stack maw={640}>
      <Title order={1}>{t('assets.notFoundTitle')}</Title>
      <Alert color="gray" variant="light" role="status">
        <Text size="sm">{t('assets.notFound')}</Text>
      </Alert>
      <Anchor component={Link} to="/assets">
        {t('assets.backToList')}
      </Anchor>
    </Stack>
  );
}

export default function AssetPage() {
  const { id = '' } = useParams();
  const asset = useQuery(assetQuery(id));
  if (asset.isPending) return <PageLoader />;
  // Outside the caller's scope the API answers 404, exactly as for a missing asset.
  if (isApiError(asset.error, 404) || isApiError(asset.error, 400)) return <NotVisible />;
  if (asset.isError) return <ErrorAlert error={asset.error} />;
  return <AssetView asset={asset.data} />;
}
