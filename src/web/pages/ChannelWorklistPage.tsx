import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api';
import { WORKLIST_KINDS, type Worklist, type WorklistItem, type WorklistKind } from '../api-types';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageLoader } from '../components/PageLoader';
import { usePageTitle } from '../components/usePageTitle';

/** The server returns at most this many items at once; the counts always cover everything. */
const LIMIT = 500;
/** Rows shown per kind before "show all". */
const FIRST_ROWS = 20;

type DetailCode =
  | 'customer_without_reseller'
  | 'reseller_inactive'
  | 'reseller_suspended'
  | 'partner_without_profile'
  | 'partner_not_located'
  | 'partner_moved'
  | 'asset_reseller_differs'
  | 'asset_reseller_customer_none'
  | 'lead_queued';

const SEVERITY_COLOUR = { high: 'red', medium: 'orange', low: 'gray' } as const;

function WorklistGroup({ kind, items, count }: { kind: WorklistKind; items: WorklistItem[]; count: number }) {
  const { t } = useTranslation();
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? items : items.slice(0, FIRST_ROWS);
  const headingId = `worklist-${kind}`;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={headingId} id={`kind-${kind}`}>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h3" id={headingId}>
          {t(`worklist.kinds.${kind}`)}{' '}
          <Badge variant="light" radius="sm" size="lg" data-testid={`count-${kind}`}>
            {count}
          </Badge>
        </Title>
      </Group>
      {items.length === 0 ? (
        <Text c="dimmed">{t('worklist.empty')}</Text>
      ) : (
        <Stack gap="sm">
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="xs" fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">
                    {kind === 'partner_without_coordinates' ? t('worklist.partner') : t('worklist.customer')}
                  </Table.Th>
                  <Table.Th scope="col">{t('worklist.problem')}</Table.Th>
                  <Table.Th scope="col">
                    <VisuallyHidden>{t('worklist.fix')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((item) => (
                  <Table.Tr key={`${item.organisation.id}-${item.asset?.id ?? ''}`}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {item.organisation.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {item.organisation.number}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap" align="flex-start">
                        <Badge
                          color={SEVERITY_COLOUR[item.severity]}
                          variant="light"
                          radius="sm"
                          style={{ flexShrink: 0 }}
                        >
                          {t(`worklist.severity.${item.severity}`)}
                        </Badge>
                        <Text size="sm">
                          {t(`worklist.details.${item.detail.code as DetailCode}`, {
                            ...item.detail.params,
                          } as Record<string, unknown>)}
                        </Text>
                      </Group>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Anchor
                        component={Link}
                        to={item.fixPath}
                        size="sm"
                        aria-label={`${t('worklist.fix')}: ${item.organisation.name}`}
                      >
                        {t('worklist.fix')}
                      </Anchor>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="space-between">
            <Text size="sm" c="dimmed" aria-live="polite">
              {t('worklist.showing', { shown: shown.length, total: count })}
            </Text>
            {!showAll && items.length > FIRST_ROWS && (
              <Button variant="default" onClick={() => setShowAll(true)}>
                {t('worklist.showAll', { count: items.length })}
              </Button>
            )}
          </Group>
        </Stack>
      )}
    </Card>
  );
}

export default function ChannelWorklistPage() {
  const { t } = useTranslation();
  usePageTitle(t('worklist.title'));
  const worklist = useQuery({
    queryKey: ['channel', 'worklist'],
    queryFn: ({ signal }) => api.get<Worklist>('/api/channel/worklist', { limit: LIMIT }, signal),
  });

  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Title order={1}>{t('worklist.title')}</Title>
        <Text c="dimmed" mt={4}>
          {t('worklist.intro')}
        </Text>
      </div>
      {worklist.isPending ? (
        <PageLoader />
      ) : worklist.isError ? (
        <ErrorAlert error={worklist.error} />
      ) : (
        <>
          <nav aria-label={t('worklist.summary')}>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
              {WORKLIST_KINDS.map((kind) => (
                <Card key={kind} withBorder padding="sm">
                  <Anchor href={`#kind-${kind}`} size="sm">
                    {t(`worklist.kinds.${kind}`)}
                  </Anchor>
                  <Text fz={28} fw={700} lh={1.2}>
                    {worklist.data.counts[kind]}
                  </Text>
                </Card>
              ))}
            </SimpleGrid>
          </nav>
          {WORKLIST_KINDS.map((kind) => (
            <WorklistGroup
              key={kind}
              kind={kind}
              count={worklist.data.counts[kind]}
              items={worklist.data.items.filter((item) => item.kind === kind)}
            />
          ))}
        </>
      )}
    </Stack>
  );
}
