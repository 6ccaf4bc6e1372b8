import {
  Button,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../api';
import { useFieldErrors } from '../channel/common';
import { addDays, todayIn } from '../channel/warranty';
import { ErrorAlert } from '../components/ErrorAlert';
import { Notice } from '../components/Notice';
import { peopleQuery } from '../queries';
import { useFormat, useMe } from '../session';
import { centsToEuro, euroSeparators, euroToCents } from './money';
import { LEADS_KEY } from './queries';
import {
  LEAD_STAGES,
  type LeadDetail,
  type LeadOutcomeBody,
  type LeadProgressBody,
  type LeadStage,
} from './types';

// The partner's side of a lead: accept or decline while it is offered, then work it and report
// the outcome. Every answer of the API is the changed lead; the lists and counts refresh with it.

export function useLeadAction<TBody>(lead: LeadDetail, path: string, onDone?: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TBody) => api.post<LeadDetail>(`/api/leads/${lead.id}/${path}`, body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: LEADS_KEY });
      onDone?.();
    },
  });
}

/** ISO instant → the value of a datetime-local input in this browser's zone. */
function toLocalInput(iso: string | null): string {
  if (iso === null) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function fromLocalInput(value: string): string | null {
  if (value === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Accepted: assignment (partner admin only), stage, next activity, expected value. */
export function WorkForm({ lead }: { lead: LeadDetail }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const canAssign = me.roles.includes('partner_admin');
  const people = useInfiniteQuery({ ...peopleQuery(me.organisation.id), enabled: canAssign });
  const [assignedPersonId, setAssigned] = useState<string | null>(lead.assignedPerson?.id ?? null);
  const [stage, setStage] = useState<LeadStage | null>(lead.stage);
  const [nextAt, setNextAt] = useState(toLocalInput(lead.nextActivityAt));
  const [nextNote, setNextNote] = useState(lead.nextActivityNote ?? '');
  const [value, setValue] = useState<number | string>(centsToEuro(lead.expectedValueCents));
  // Only what changed goes to the API: each change is a step of the lead's history.
  const changes: LeadProgressBody = {};
  const nextActivityAt = fromLocalInput(nextAt);
  const nextActivityNote = nextNote.trim() === '' ? null : nextNote.trim();
  const expectedValueCents = euroToCents(value);
  if (stage !== null && stage !== lead.stage) changes.stage = stage;
  if (toLocalInput(lead.nextActivityAt) !== nextAt) changes.nextActivityAt = nextActivityAt;
  if (nextActivityNote !== lead.nextActivityNote) changes.nextActivityNote = nextActivityNote;
  if (expectedValueCents !== lead.expectedValueCents) changes.expectedValueCents = expectedValueCents;
  if (canAssign && assignedPersonId !== (lead.assignedPerson?.id ?? null))
    changes.assignedPersonId = assignedPersonId;
  const unchanged = Object.keys(changes).length === 0;
  const save = useMutation({
    mutationFn: () => api.patch<LeadDetail>(`/api/leads/${lead.id}`, changes),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: LEADS_KEY }),
  });
  const errorOf = useFieldErrors(save.error);
  const fields = ['assignedPersonId', 'stage', 'nextActivityAt', 'nextActivityNote', 'expectedValueCents'];
  const unplaced = isApiError(save.error) && !save.error.errors.some((e) => fields.includes(e.field));
  const peopleOptions = (people.data?.pages.flatMap((page) => page.items) ?? [])
    .filter((person) => person.active && person.roles.length > 0)
    .map((person) => ({ value: person.id, label: person.name }));
  if (lead.assignedPerson && !peopleOptions.some((o) => o.value === lead.assignedPerson?.id)) {
    peopleOptions.push({ value: lead.assignedPerson.id, label: lead.assignedPerson.name });
  }
  const changed = () => save.reset();
  return (
    <form
      aria-labelledby="lead-work"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Title order={2} size="h3" id="lead-work" mb="sm">
        {t('leads.work.title')}
      </Title>
      <Stack gap="sm" maw={560}>
        {canAssign && (
          <Select
            label={t('leads.work.assign')}
            placeholder={t('leads.work.assignPlaceholder')}
            data={peopleOptions}
            value={assignedPersonId}
            onChange={(v) => {
              setAssigned(v);
              changed();
            }}
            clearable
            searchable
            error={errorOf('assignedPersonId')}
          />
        )}
        <Select
          label={t('leads.work.stage')}
          data={LEAD_STAGES.map((s) => ({ value: s, label: t(`leads.stages.${s}`) }))}
          value={stage}
          onChange={(v) => {
            setStage(v as LeadStage | null);
            changed();
          }}
          allowDeselect={false}
          error={errorOf('stage')}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            type="datetime-local"
            label={t('leads.work.nextActivityAt')}
            value={nextAt}
            onChange={(e) => {
              setNextAt(e.currentTarget.value);
              changed();
            }}
            error={errorOf('nextActivityAt')}
          />
          <NumberInput
            label={t('leads.work.expectedValue')}
            description={t('leads.work.euroHint')}
            suffix=" €"
            min={0}
            decimalScale={2}
            fixedDecimalScale
            {...euroSeparators(i18n.language)}
            value={value}
            onChange={(v) => {
              setValue(v);
              changed();
            }}
            error={errorOf('expectedValueCents')}
          />
        </SimpleGrid>
        <Textarea
          label={t('leads.work.nextActivityNote')}
          autosize
          minRows={2}
          maxLength={500}
          value={nextNote}
          onChange={(e) => {
            setNextNote(e.currentTarget.value);
            changed();
          }}
          error={errorOf('nextActivityNote')}
        />
        <Group>
          <Button type="submit" loading={save.isPending} disabled={unchanged}>
            {t('leads.work.save')}
          </Button>
        </Group>
        {save.isSuccess && <Notice onClose={() => save.reset()}>{t('leads.work.saved')}</Notice>}
        {unplaced && <ErrorAlert error={save.error} />}
      </Stack>
    </form>
  );
}

const today = () => {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
};

/** The operator's days bound an outcome date (the server checks the same). */
const OPERATOR_TIME_ZONE = 'Europe/Berlin';
const OUTCOME_MAX_DAYS_AHEAD = 365;

/** Accepted: won or lost, with value, date and reason. */
export function OutcomeForm({ lead }: { lead: LeadDetail }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const [outcome, setOutcome] = useState<'won' | 'lost'>('won');
  const [value, setValue] = useState<number | string>(centsToEuro(lead.expectedValueCents));
  const [date, setDate] = useState(today());
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [dateOutside, setDateOutside] = useState(false);
  // The server's bounds (operator days): not before the lead existed, at most a year ahead.
  const earliest = todayIn(OPERATOR_TIME_ZONE, new Date(lead.createdAt));
  const latest = addDays(todayIn(OPERATOR_TIME_ZONE), OUTCOME_MAX_DAYS_AHEAD);
  const report = useLeadAction<LeadOutcomeBody>(lead, 'outcome');
  const errorOf = useFieldErrors(report.error);
  const unplaced =
    isApiError(report.error) &&
    !report.error.errors.some((e) => ['outcome', 'valueCents', 'date', 'reason'].includes(e.field));
  return (
    <form
      aria-labelledby="lead-outcome"
      onSubmit={(e) => {
        e.preventDefault();
        const outside = date < earliest || date > latest;
        setDateOutside(outside);
        if (reason.trim() === '') setMissing(true);
        if (reason.trim() === '' || outside) return;
        const cents = outcome === 'won' ? euroToCents(value) : null;
        report.mutate({
          outcome,
          date,
          reason: reason.trim(),
          ...(cents === null ? {} : { valueCents: cents }),
        });
      }}
    >
      <Title order={2} size="h3" id="lead-outcome" mb="sm">
        {t('leads.outcome.title')}
      </Title>
      <Stack gap="sm" maw={560}>
        <div>
          <Text size="sm" fw={500} id="lead-outcome-choice" mb={4}>
            {t('leads.outcome.label')}
          </Text>
          <SegmentedControl
            aria-labelledby="lead-outcome-choice"
            value={outcome}
            onChange={(v) => setOutcome(v as 'won' | 'lost')}
            data={[
              { value: 'won', label: t('leads.outcome.won') },
              { value: 'lost', label: t('leads.outcome.lost') },
            ]}
          />
        </div>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          {outcome === 'won' && (
            <NumberInput
              label={t('leads.outcome.value')}
              description={t('leads.work.euroHint')}
              suffix=" €"
              min={0}
              decimalScale={2}
              fixedDecimalScale
              {...euroSeparators(i18n.language)}
              value={value}
              onChange={setValue}
              error={errorOf('valueCents')}
            />
          )}
          <TextInput
            type="date"
            label={t('leads.outcome.date')}
            required
            min={earliest}
            max={latest}
            value={date}
            onChange={(e) => {
              setDate(e.currentTarget.value);
              setDateOutside(false);
              report.reset();
            }}
            error={
              dateOutside
                ? date < earliest
                  ? t('fieldMessages.outcomeBeforeLead', { date: format.date(`${earliest}T12:00:00Z`) })
                  : t('fieldMessages.outcomeTooFarAhead', { date: format.date(`${latest}T12:00:00Z`) })
                : errorOf('date')
            }
          />
        </SimpleGrid>
        <Textarea
          label={t('leads.outcome.reason')}
          required
          autosize
          minRows={2}
          maxLength={1000}
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setMissing(false);
            report.reset();
          }}
          error={missing ? t('validation.required') : errorOf('reason')}
        />
        <Group>
          <Button type="submit" loading={report.isPending}>
            {t('leads.outcome.submit')}
          </Button>
        </Group>
        {unplaced && <ErrorAlert error={report.error} />}
      </Stack>
    </form>
  );
}
