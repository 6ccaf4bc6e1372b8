import { Alert, Card, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../api-types';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageLoader } from '../components/PageLoader';
import { allAssetsQuery } from './api';
import { AssetCell, useToday, WarrantyEnd } from './common';
import { byWarrantyEnd, warrantyState } from './warranty';

/** A customer's installed base on its organisation page, soonest warranty end first. */
export function CustomerAssetsCard({ org }: { org: Organisation }) {
  const { t } = useTranslation();
  const today = useToday();
  const assets = useQuery(allAssetsQuery({ customerId: org.id }, 1000));
  const items = [...(assets.data?.items ?? [])].sort(byWarrantyEnd(today));
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="org-assets">
      <Title order={2} size="h3" id="org-assets" mb="md">
        {t('assets.customerTitle')}
      </Title>
      {assets.isPending ? (
        <PageLoader />
      ) : assets.isError ? (
        <ErrorAlert error={assets.error} />
      ) : items.length === 0 ? (
        <Text c="dimmed">{t('assets.customerEmpty')}</Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={320} type="native">
            <Table striped verticalSpacing="xs" fz="sm">
              <VisuallyHidden component="caption">{t('assets.customerTitle')}</VisuallyHidden>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('assets.asset')}</Table.Th>
                  <Table.Th scope="col">{t('assets.warrantyEnd')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((asset) => (
                  <Table.Tr
                    key={asset.id}
                    bg={
                      warrantyState(asset.warrantyEnd, today) === 'endingSoon'
                        ? 'var(--mantine-color-orange-light)'
                        : undefined
                    }
                  >
                    <Table.Td>
                      <AssetCell asset={asset} />
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
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {!assets.data.complete && (
            <Alert color="yellow" variant="light" mt="sm">
              {t('assets.truncated', { count: items.length })}
            </Alert>
          )}
        </>
      )}
    </Card>
  );
}
