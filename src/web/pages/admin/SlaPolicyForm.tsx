import {
  Button,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_TYPES, type CaseType, PRIORITIES, type Priority } from '../../../shared/cases';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFieldErrors } from '../../components/field-errors';
import { Notice } from '../../components/Notice';
import {
  bodyOf,
  type Draft,
  draftOf,
  NEW_POLICY,
  policiesKey,
  type SlaPolicy,
  TARGETS,
  WEEKDAYS,
} from './sla-draft';

const FIELDS = ['name', 'active', 'caseType', 'priority', 'customerTier', ...TARGETS, 'calendar'];

/**
 * One SLA policy's form: which cases it applies to, its targets and its business-hours calendar.
 * Without `policy` it creates a new one (placed last; the page moves it up) and starts empty again.
 */
export function PolicyForm({
  policy,
  header,
  labelledBy,
}: {
  policy: SlaPolicy | null;
  /** Above the fields: the new policy's heading; a listed policy's title is its accordion control. */
  header: ReactNode;
  labelledBy?: string;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(() => draftOf(policy ?? NEW_POLICY));
  const save = useMutation({
    mutationFn: () =>
      policy
        ? api.patch<SlaPolicy>(`/api/sla-policies/${policy.id}`, bodyOf(draft))
        : api.post<SlaPolicy>('/api/sla-policies', { ...bodyOf(draft), position: 10_000 }),
    onSuccess: async () => {
      if (!policy) setDraft(draftOf(NEW_POLICY));
      await queryClient.invalidateQueries({ queryKey: policiesKey });
    },
  });
  const { errorAt, unplaced } = useFieldErrors(save.error, FIELDS);
  const change = (next: Partial<Draft>) => {
    setDraft({ ...draft, ...next });
    save.reset();
  };
  return (
    <form
      aria-label={policy?.name}
      aria-labelledby={labelledBy}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack gap="sm">
        {header}
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
        <Title order={3} size="h5" mt="xs">
          {t('adminCatalogs.sla.appliesTo')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t('adminCatalogs.sla.caseType')}
            data={[
              { value: '', label: t('adminCatalogs.sla.anyType') },
              ...CASE_TYPES.map((type) => ({ value: type, label: t(`cases.type.${type}`) })),
            ]}
            value={draft.caseType ?? ''}
            onChange={(value) => change({ caseType: value ? (value as CaseType) : null })}
            allowDeselect={false}
            error={errorAt('caseType')}
          />
          <Select
            label={t('adminCatalogs.sla.priority')}
            data={[
              { value: '', label: t('adminCatalogs.sla.anyPriority') },
              ...PRIORITIES.map((p) => ({ value: p, label: t(`cases.priority.${p}`) })),
            ]}
            value={draft.priority ?? ''}
            onChange={(value) => change({ priority: value ? (value as Priority) : null })}
            allowDeselect={false}
            error={errorAt('priority')}
          />
          <TextInput
            label={t('adminCatalogs.sla.customerTier')}
            description={t('adminCatalogs.sla.customerTierHelp')}
            value={draft.customerTier}
            onChange={(e) => change({ customerTier: e.currentTarget.value })}
            error={errorAt('customerTier')}
          />
        </SimpleGrid>
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
            {policy ? t('common.save') : t('adminCatalogs.sla.create')}
          </Button>
        </Group>
        {save.isSuccess && (
          <Notice onClose={() => save.reset()}>
            {policy ? t('adminCatalogs.sla.saved') : t('adminCatalogs.sla.created')}
          </Notice>
        )}
      </Stack>
    </form>
  );
}
