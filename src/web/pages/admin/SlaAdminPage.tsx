import { ActionIcon, Badge, Card, Group, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { usePageTitle } from '../../components/usePageTitle';
import { useMe } from '../../session';
import NotFoundPage from '../NotFoundPage';
import { PolicyForm } from './SlaPolicyForm';
import { policiesKey, type SlaPolicy } from './sla-draft';

/** The policy's title, what cases it applies to and the buttons that move it in the order. */
function PolicyHeader({
  policy,
  rank,
  count,
  onMove,
  moving,
}: {
  policy: SlaPolicy;
  rank: number;
  count: number;
  onMove: (by: -1 | 1) => void;
  moving: boolean;
}) {
  const { t } = useTranslation();
  const scope = [
    policy.caseType ? t(`cases.type.${policy.caseType}`) : t('adminCatalogs.sla.anyType'),
    policy.priority ? t(`cases.priority.${policy.priority}`) : t('adminCatalogs.sla.anyPriority'),
    ...(policy.customerTier ? [policy.customerTier] : []),
  ];
  return (
    <Group justify="space-between" wrap="wrap" gap="xs">
      <Group gap="xs" wrap="nowrap">
        <Badge variant="filled" color="gray" size="lg" circle aria-hidden="true">
          {rank}
        </Badge>
        <VisuallyHidden>{t('adminCatalogs.sla.rank', { rank })}</VisuallyHidden>
        <Title order={2} size="h4">
          {policy.name}
        </Title>
        {policy.active === false && (
          <Badge variant="outline" color="gray">
            {t('adminCatalogs.inactive')}
          </Badge>
        )}
      </Group>
      <Group gap={4}>
        {scope.map((s) => (
          <Badge key={s} variant="light" color="gray">
            {s}
          </Badge>
        ))}
        <ActionIcon
          variant="subtle"
          disabled={rank === 1 || moving}
          onClick={() => onMove(-1)}
          aria-label={t('adminCatalogs.sla.moveUpOf', { name: policy.name })}
          title={t('adminCatalogs.sla.moveUp')}
        >
          <span aria-hidden="true">↑</span>
        </ActionIcon>
        <ActionIcon
          variant="subtle"
          disabled={rank === count || moving}
          onClick={() => onMove(1)}
          aria-label={t('adminCatalogs.sla.moveDownOf', { name: policy.name })}
          title={t('adminCatalogs.sla.moveDown')}
        >
          <span aria-hidden="true">↓</span>
        </ActionIcon>
      </Group>
    </Group>
  );
}

/** /settings/sla: the SLA policies, their targets and business-hours calendars, kept by an operator admin. */
export default function SlaAdminPage() {
  const { t } = useTranslation();
  usePageTitle(t('adminCatalogs.sla.title'));
  const me = useMe();
  const queryClient = useQueryClient();
  const isAdmin = me.roles.includes('operator_admin');
  const policies = useQuery({
    queryKey: policiesKey,
    queryFn: ({ signal }) => api.get<{ items: SlaPolicy[] }>('/api/sla-policies', undefined, signal),
    enabled: isAdmin,
    staleTime: 0,
  });
  const reorder = useMutation({
    mutationFn: (ids: string[]) => api.put<{ items: SlaPolicy[] }>('/api/sla-policies/order', { ids }),
    onSuccess: (data) => queryClient.setQueryData(policiesKey, data),
  });
  if (!isAdmin) return <NotFoundPage />;
  const items = policies.data?.items ?? [];
  const move = (index: number, by: -1 | 1) => {
    const ids = items.map((p) => p.id);
    const [moved] = ids.splice(index, 1);
    if (moved === undefined) return;
    ids.splice(index + by, 0, moved);
    reorder.mutate(ids);
  };
  return (
    <Stack gap="lg" maw={900}>
      <div>
        <Title order={1}>{t('adminCatalogs.sla.title')}</Title>
        <Text c="dimmed" mt={4}>
          {t('adminCatalogs.sla.intro')}
        </Text>
        <Text c="dimmed" mt={4}>
          {t('adminCatalogs.sla.orderHelp')}
        </Text>
      </div>
      {reorder.isError && <ErrorAlert error={reorder.error} />}
      {policies.isPending ? (
        <PageLoader />
      ) : policies.isError ? (
        <ErrorAlert error={policies.error} />
      ) : items.length === 0 ? (
        <Text c="dimmed">{t('adminCatalogs.sla.empty')}</Text>
      ) : (
        items.map((policy, index) => (
          <Card withBorder padding="lg" key={policy.id} component="section" data-testid="sla-policy">
            <PolicyForm
              policy={policy}
              header={
                <PolicyHeader
                  policy={policy}
                  rank={index + 1}
                  count={items.length}
                  moving={reorder.isPending}
                  onMove={(by) => move(index, by)}
                />
              }
            />
          </Card>
        ))
      )}
      <Card withBorder padding="lg" component="section">
        <PolicyForm
          policy={null}
          labelledBy="sla-new"
          header={
            <Title order={2} size="h4" id="sla-new">
              {t('adminCatalogs.sla.new')}
            </Title>
          }
        />
      </Card>
    </Stack>
  );
}
