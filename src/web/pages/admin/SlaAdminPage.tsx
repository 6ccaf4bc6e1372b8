import {
  Accordion,
  ActionIcon,
  Badge,
  Box,
  Card,
  Group,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
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

/** "45 min", "4 h", "4 h 30 min": business minutes as an admin reads them. */
function duration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/**
 * The collapsed policy: rank, name, whether it is off, what cases it applies to and its targets.
 * It is the accordion's control, so the whole line opens the form.
 */
function PolicySummary({ policy, rank }: { policy: SlaPolicy; rank: number }) {
  const { t } = useTranslation();
  const scope = [
    policy.caseType ? t(`cases.type.${policy.caseType}`) : t('adminCatalogs.sla.anyType'),
    policy.priority ? t(`cases.priority.${policy.priority}`) : t('adminCatalogs.sla.anyPriority'),
    ...(policy.customerTier ? [policy.customerTier] : []),
  ];
  const targets = (['firstResponseMinutes', 'silenceMinutes', 'resolutionMinutes'] as const).flatMap(
    (key) => {
      const minutes = policy[key];
      return typeof minutes === 'number' ? [`${t(`adminCatalogs.sla.${key}`)} ${duration(minutes)}`] : [];
    },
  );
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="nowrap">
        <Badge variant="filled" color="gray" size="lg" circle aria-hidden="true">
          {rank}
        </Badge>
        <VisuallyHidden>{t('adminCatalogs.sla.rank', { rank })}</VisuallyHidden>
        <Text fw={600} size="lg">
          {policy.name}
        </Text>
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
      </Group>
      <Text size="sm" c="dimmed">
        {targets.length > 0 ? targets.join(' · ') : t('adminCatalogs.sla.noTargets')}
      </Text>
    </Stack>
  );
}

/** The buttons that move a policy in the order; beside the control, as a button cannot hold buttons. */
function MoveButtons({
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
  return (
    <Stack gap={4} px="xs">
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
    </Stack>
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
        // All closed at first: on a phone every open form is several screens long. Forms stay
        // mounted while closed, so an edit not yet saved survives closing and reopening.
        <Accordion multiple variant="separated" order={2} chevronPosition="left">
          {items.map((policy, index) => (
            <Accordion.Item key={policy.id} value={policy.id} data-testid="sla-policy">
              <Group wrap="nowrap" gap={0} align="center">
                {/* The control sits in its heading (order=2): the wrapper is what takes the width. */}
                <Box style={{ flex: 1, minWidth: 0 }}>
                  <Accordion.Control>
                    <PolicySummary policy={policy} rank={index + 1} />
                  </Accordion.Control>
                </Box>
                <MoveButtons
                  policy={policy}
                  rank={index + 1}
                  count={items.length}
                  moving={reorder.isPending}
                  onMove={(by) => move(index, by)}
                />
              </Group>
              <Accordion.Panel>
                <PolicyForm policy={policy} header={null} />
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
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
