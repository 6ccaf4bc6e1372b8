import {
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseType, Priority } from '../../../shared/cases';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFieldErrors } from '../../components/field-errors';
import { Notice } from '../../components/Notice';
import { PageLoader } from '../../components/PageLoader';
import { usePageTitle } from '../../components/usePageTitle';
import { useMe } from '../../session';
import NotFoundPage from '../NotFoundPage';

const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
type Weekday = (typeof WEEKDAYS)[number];
type Calendar = {
  timeZone: string;
  hours: Partial<Record<Weekday, [string, string][]>>;
  holidayState: string | null;
  closedDates?: string[];
};
type SlaPolicy = {
  id: string;
  name: string;
  position?: number;
  caseType?: CaseType | null;
  priority?: Priority | null;
  customerTier?: string | null;
  firstResponseMinutes?: number | null;
  silenceMinutes?: number | null;
  resolutionMinutes?: number | null;
  warnBeforeMinutes?: number;
  calendar?: Calendar;
  active?: boolean;
};

const policiesKey = ['sla-policies'] as const;
const TARGETS = ['firstResponseMinutes', 'silenceMinutes', 'resolutionMinutes', 'warnBeforeMinutes'] as const;

/** "08:00-12:00, 13:00-17:00" ⇄ [["08:00","12:00"],["13:00","17:00"]]; the API checks each time. */
const intervalsText = (intervals: [string, string][] | undefined) =>
  (intervals ?? []).map(([from, to]) => `${from}-${to}`).join(', ');
const parseIntervals = (text: string): [string, string][] =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [from = '', to = ''] = part.split(/\s*[-–]\s*/);
      return [from, to];
    });

type Draft = {
  name: string;
  active: boolean;
  targets: Record<(typeof TARGETS)[number], number | ''>;
  timeZone: string;
  hours: Record<Weekday, string>;
  holidayState: string;
  closedDates: string;
};

function draftOf(policy: SlaPolicy): Draft {
  const calendar = policy.calendar;
  return {
    name: policy.name,
    active: policy.active ?? true,
    targets: {
      firstResponseMinutes: policy.firstResponseMinutes ?? '',
      silenceMinutes: policy.silenceMinutes ?? '',
      resolutionMinutes: policy.resolutionMinutes ?? '',
      warnBeforeMinutes: policy.warnBeforeMinutes ?? '',
    },
    timeZone: calendar?.timeZone ?? 'Europe/Berlin',
    hours: Object.fromEntries(WEEKDAYS.map((d) => [d, intervalsText(calendar?.hours[d])])) as Record<
      Weekday,
      string
    >,
    holidayState: calendar?.holidayState ?? '',
    closedDates: (calendar?.closedDates ?? []).join('\n'),
  };
}

function bodyOf(draft: Draft) {
  const minutes = (value: number | '') => (value === '' ? null : value);
  return {
    name: draft.name,
    active: draft.active,
    firstResponseMinutes: minutes(draft.targets.firstResponseMinutes),
    silenceMinutes: minutes(draft.targets.silenceMinutes),
    resolutionMinutes: minutes(draft.targets.resolutionMinutes),
    ...(draft.targets.warnBeforeMinutes === '' ? {} : { warnBeforeMinutes: draft.targets.warnBeforeMinutes }),
    calendar: {
      timeZone: draft.timeZone.trim(),
      hours: Object.fromEntries(
        WEEKDAYS.map((d) => [d, parseIntervals(draft.hours[d])] as const).filter(
          ([, list]) => list.length > 0,
        ),
      ),
      holidayState: draft.holidayState.trim() === '' ? null : draft.holidayState.trim().toUpperCase(),
      closedDates: draft.closedDates
        .split(/[\s,]+/)
        .map((d) => d.trim())
        .filter((d) => d !== ''),
    },
  };
}

function PolicyForm({ policy }: { policy: SlaPolicy }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(() => draftOf(policy));
  const save = useMutation({
    mutationFn: () => api.patch<SlaPolicy>(`/api/sla-policies/${policy.id}`, bodyOf(draft)),
    onSuccess: async () => queryClient.invalidateQueries({ queryKey: policiesKey }),
  });
  const fields = ['name', 'active', ...TARGETS, 'calendar'];
  const { errorAt, unplaced } = useFieldErrors(save.error, fields);
  const change = (next: Partial<Draft>) => {
    setDraft({ ...draft, ...next });
    save.reset();
  };
  const scope = [
    policy.caseType ? t(`cases.type.${policy.caseType}`) : t('adminCatalogs.sla.anyType'),
    policy.priority ? t(`cases.priority.${policy.priority}`) : t('adminCatalogs.sla.anyPriority'),
    ...(policy.customerTier ? [policy.customerTier] : []),
  ];
  return (
    <form
      aria-label={policy.name}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h4">
            {policy.name}
          </Title>
          <Group gap={4}>
            {scope.map((s) => (
              <Badge key={s} variant="light" color="gray">
                {s}
              </Badge>
            ))}
          </Group>
        </Group>
        <Group grow align="flex-end" wrap="wrap">
          <TextInput
            label={t('adminCatalogs.sla.name')}
            value={draft.name}
            onChange={(e) => change({ name: e.currentTarget.value })}
            error={errorAt('name')}
            required
            miw={200}
          />
          <Switch
            label={t('adminCatalogs.sla.active')}
            checked={draft.active}
            onChange={(e) => change({ active: e.currentTarget.checked })}
            error={errorAt('active')}
          />
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {TARGETS.map((target) => (
            <NumberInput
              key={target}
              label={t(`adminCatalogs.sla.${target}`)}
              description={t('adminCatalogs.sla.minutesHelp')}
              value={draft.targets[target]}
              onChange={(value) =>
                change({
                  targets: { ...draft.targets, [target]: typeof value === 'number' ? value : '' },
                })
              }
              min={target === 'warnBeforeMinutes' ? 0 : 1}
              allowDecimal={false}
              error={errorAt(target)}
            />
          ))}
        </SimpleGrid>
        <Title order={3} size="h5" mt="xs">
          {t('adminCatalogs.sla.calendar')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('adminCatalogs.sla.hoursHelp')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {WEEKDAYS.map((day) => (
            <TextInput
              key={day}
              label={t(`adminCatalogs.sla.weekday.${day}`)}
              value={draft.hours[day]}
              placeholder={t('adminCatalogs.sla.closed')}
              onChange={(e) => change({ hours: { ...draft.hours, [day]: e.currentTarget.value } })}
              error={errorAt(`calendar.hours.${day}`)}
            />
          ))}
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('adminCatalogs.sla.timeZone')}
            value={draft.timeZone}
            onChange={(e) => change({ timeZone: e.currentTarget.value })}
            error={errorAt('calendar.timeZone')}
          />
          <TextInput
            label={t('adminCatalogs.sla.holidayState')}
            description={t('adminCatalogs.sla.holidayStateHelp')}
            value={draft.holidayState}
            onChange={(e) => change({ holidayState: e.currentTarget.value })}
            error={errorAt('calendar.holidayState')}
          />
        </SimpleGrid>
        <Textarea
          label={t('adminCatalogs.sla.closedDates')}
          description={t('adminCatalogs.sla.closedDatesHelp')}
          value={draft.closedDates}
          onChange={(e) => change({ closedDates: e.currentTarget.value })}
          error={errorAt('calendar.closedDates')}
          autosize
          minRows={2}
        />
        {unplaced && <ErrorAlert error={save.error} />}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
        {save.isSuccess && <Notice onClose={() => save.reset()}>{t('adminCatalogs.sla.saved')}</Notice>}
      </Stack>
    </form>
  );
}

/** /settings/sla: the SLA policies, their targets and business-hours calendars, kept by an operator admin. */
export default function SlaAdminPage() {
  const { t } = useTranslation();
  usePageTitle(t('adminCatalogs.sla.title'));
  const me = useMe();
  const isAdmin = me.roles.includes('operator_admin');
  const policies = useQuery({
    queryKey: policiesKey,
    queryFn: ({ signal }) => api.get<{ items: SlaPolicy[] }>('/api/sla-policies', undefined, signal),
    enabled: isAdmin,
    staleTime: 0,
  });
  if (!isAdmin) return <NotFoundPage />;
  return (
    <Stack gap="lg" maw={900}>
      <div>
        <Title order={1}>{t('adminCatalogs.sla.title')}</Title>
        <Text c="dimmed" mt={4}>
          {t('adminCatalogs.sla.intro')}
        </Text>
      </div>
      {policies.isPending ? (
        <PageLoader />
      ) : policies.isError ? (
        <ErrorAlert error={policies.error} />
      ) : policies.data.items.length === 0 ? (
        <Text c="dimmed">{t('adminCatalogs.sla.empty')}</Text>
      ) : (
        policies.data.items.map((policy) => (
          <Card withBorder padding="lg" key={`${policy.id}`} component="section">
            <PolicyForm policy={policy} />
          </Card>
        ))
      )}
    </Stack>
  );
}
