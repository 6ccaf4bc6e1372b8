import { Anchor, Badge, Card, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RETURN_STATES } from '../../shared/returns';
import { api, withQuery } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageLoader } from '../components/PageLoader';
import { usePageTitle } from '../components/usePageTitle';
import { RETURN_STATE_COLOR } from '../returns/ReturnView';
import type { CaseReturn } from '../returns/types';
import { canWorkReturns } from '../roles';
import { useFormat, useMe } from '../session';
import NotFoundPage from './NotFoundPage';

/** The returns desk: every return, filtered by state, the nearest SLA target first. */
export default function ReturnsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useMe();
  usePageTitle(t('returns.desk'));
  const [status, setStatus] = useState('requested');
  const allowed = canWorkReturns(me.roles);
  const returns = useQuery({
    queryKey: ['returns', status],
    enabled: allowed,
    queryFn: ({ signal }) =>
      api.get<{ items: CaseReturn[] }>(
        withQuery('/api/returns', { status: status === 'all' ? undefined : status }),
        undefined,
        signal,
      ),
  });
  if (!allowed) return <NotFoundPage />;
  return (
    <Stack>
      <Title order={1}>{t('returns.desk')}</Title>
      <SegmentedControl
        value={status}
        onChange={setStatus}
        aria-label={t('returns.filter')}
        style={{ overflowX: 'auto' }}
        data={[
          ...RETURN_STATES.map((s) => ({ value: s, label: t(`returns.state.${s}`) })),
          { value: 'all', label: t('returns.all') },
        ]}
      />
      {returns.isError && <ErrorAlert error={returns.error} />}
      {returns.isPending && <PageLoader />}
      {returns.isSuccess && returns.data.items.length === 0 && <Text c="dimmed">{t('returns.none')}</Text>}
      {returns.data?.items.map((item) => (
        <Card key={item.id} withBorder padding="sm" data-testid="desk-return">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <div>
              <Group gap="xs">
                <Text fw={600}>{item.number}</Text>
                <Badge color={RETURN_STATE_COLOR[item.state]} variant="light">
                  {t(`returns.state.${item.state}`)}
                </Badge>
              </Group>
              <Text size="sm">
                <Anchor component={Link} to={`/cases/${item.caseNumber}`}>
                  {item.caseNumber}
                </Anchor>{' '}
                · {item.customer.name}
              </Text>
              <Text size="xs" c="dimmed">
                {item.items.map((i) => `${i.quantity} × ${i.product}`).join(', ')}
              </Text>
            </div>
            {item.dueAt && (
              <Text size="sm" c={new Date(item.dueAt) < new Date() ? 'red' : undefined}>
                {t('returns.due', { at: fmt.dateTime(item.dueAt) })}
              </Text>
            )}
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
