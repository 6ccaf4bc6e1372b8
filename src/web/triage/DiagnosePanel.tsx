import { Alert, Badge, Button, Group, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChecklistStep, FaultClassification } from '../../shared/checklists';
import { api } from '../api';
import { Panel } from '../cases/CasePanels';
import { isLeakRefusal, LeakOverride, useLeakFieldError } from '../cases/LeakFieldGuard';
import { caseUrl, useCaseMutation } from '../cases/queries';
import type { CaseDetail } from '../cases/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { ReplacementOffer, type ReplacementState } from './ReplacementOffer';

type Text2 = { de: string; en: string };
type Run = {
  id: string;
  checklist: { id: string; name: string };
  answers: { stepId: string; question: Text2; value: string; label: Text2 | null }[];
  next: ChecklistStep | null;
  classification: FaultClassification | null;
  source: string;
};
export type Appointment = { id: string; date: string; from: string; to: string; note: string | null };
type Triage = {
  checklists: { id: string; name: string; productLine: string | null }[];
  runs: Run[];
  classification: FaultClassification | null;
  thirdParty: {
    id: string;
    name: string;
    acceptsPartnerEscalation: boolean;
    phone: string | null;
    serviceHours: string | null;
  } | null;
  appointments: Appointment[];
  replacement: ReplacementState;
};

function useLang(): 'de' | 'en' {
  const { i18n } = useTranslation();
  return i18n.language.startsWith('en') ? 'en' : 'de';
}

/** The step to answer now: buttons for yes/no and choices, a text field for text. */
function StepForm({ kase, run }: { kase: CaseDetail; run: Run }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [text, setText] = useState('');
  const step = run.next as ChecklistStep;
  const answer = useCaseMutation(kase.id, (value: string) =>
    api.post(`${caseUrl(kase.id)}/checklist-runs/${run.id}/answers`, { stepId: step.id, value }),
  );
  const options =
    step.kind === 'yes_no'
      ? [
          { value: 'yes', label: t('triage.yes') },
          { value: 'no', label: t('triage.no') },
        ]
      : (step.choices ?? []).map((c) => ({ value: c.value, label: c.label[lang] }));
  return (
    <Stack gap="xs" aria-live="polite">
      <Text fw={600} size="sm" id={`step-${step.id}`}>
        {step.question[lang]}
      </Text>
      {step.kind === 'text' ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            answer.mutate(text, { onSuccess: () => setText('') });
          }}
        >
          <Group gap="xs" align="flex-end">
            <TextInput
              aria-labelledby={`step-${step.id}`}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              style={{ flex: 1 }}
            />
            <Button type="submit" loading={answer.isPending}>
              {t('triage.answer')}
            </Button>
          </Group>
        </form>
      ) : (
        <Group gap="xs" role="group" aria-labelledby={`step-${step.id}`}>
          {options.map((o) => (
            <Button
              key={o.value}
              variant="default"
              loading={answer.isPending}
              onClick={() => answer.mutate(o.value)}
            >
              {o.label}
            </Button>
          ))}
        </Group>
      )}
      {answer.isError && <ErrorAlert error={answer.error} />}
    </Stack>
  );
}

function ClassificationBadge({ value }: { value: FaultClassification }) {
  const { t } = useTranslation();
  const colour = { line: 'orange', device: 'grape', configuration: 'blue', unknown: 'gray' }[value];
  return (
    <Badge color={colour} variant="light" size="lg">
      {t(`triage.classification.${value}`)}
    </Badge>
  );
}

/** Line fault, partner: escalate where the carrier accepts it, else tell who the customer calls. */
function LineFaultAction({
  kase,
  triage,
  isPartner,
}: {
  kase: CaseDetail;
  triage: Triage;
  isPartner: boolean;
}) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [done, setDone] = useState(false);
  const third = triage.thirdParty;
  const escalate = useCaseMutation(kase.id, () =>
    api.post(`${caseUrl(kase.id)}/escalations`, { thirdPartyId: third?.id, note: note.trim() }),
  );
  if (!third || !isPartner) return null;
  if (!third.acceptsPartnerEscalation)
    return (
      <Alert color="yellow" title={t('triage.callIn.title', { name: third.name })}>
        {t('triage.callIn.text', {
          name: third.name,
          phone: third.phone ?? '–',
          hours: third.serviceHours ?? '–',
        })}
      </Alert>
    );
  if (done || kase.status === 'waiting_third_party')
    return <Alert color="green">{t('triage.escalated', { name: third.name })}</Alert>;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        escalate.mutate(undefined, { onSuccess: () => setDone(true) });
      }}
    >
      <Stack gap="xs">
        <Textarea
          label={t('triage.escalateNote', { name: third.name })}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          required
          autosize
          minRows={2}
        />
        <Button
          type="submit"
          loading={escalate.isPending}
          h="auto"
          py={6}
          styles={{ label: { whiteSpace: 'normal', textAlign: 'center' } }}
        >
          {t('triage.escalate', { name: third.name })}
        </Button>
        {escalate.isError && <ErrorAlert error={escalate.error} />}
      </Stack>
    </form>
  );
}

function AppointmentForm({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const [date, setDate] = useState('');
  const [from, setFrom] = useState('08:00');
  const [to, setTo] = useState('12:00');
  const [note, setNote] = useState('');
  const add = useCaseMutation(kase.id, (override?: { reason: string }) =>
    api.post(`${caseUrl(kase.id)}/appointments`, {
      date,
      from,
      to,
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(override ? { override } : {}),
    }),
  );
  const noteError = useLeakFieldError(add.error, 'note');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate(undefined, { onSuccess: () => setNote('') });
      }}
    >
      <Stack gap="xs">
        <Text fw={600} size="sm">
          {t('triage.appointment.add')}
        </Text>
        <Group gap="xs" grow>
          <TextInput
            type="date"
            label={t('triage.appointment.date')}
            value={date}
            onChange={(e) => setDate(e.currentTarget.value)}
            required
          />
          <TextInput
            type="time"
            label={t('triage.appointment.from')}
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
            required
          />
          <TextInput
            type="time"
            label={t('triage.appointment.to')}
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            required
          />
        </Group>
        <TextInput
          label={t('triage.appointment.note')}
          value={note}
          error={noteError}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        <LeakOverride
          error={add.error}
          pending={add.isPending}
          onOverride={(o) => add.mutate(o, { onSuccess: () => setNote('') })}
        />
        <Button type="submit" variant="default" loading={add.isPending}>
          {t('triage.appointment.save')}
        </Button>
        {add.isError && !isLeakRefusal(add.error) && <ErrorAlert error={add.error} />}
      </Stack>
    </form>
  );
}

export function AppointmentList({ items }: { items: Appointment[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      {items.map((a) => (
        <Text key={a.id} size="sm">
          {t('triage.appointment.line', { date: a.date, from: a.from, to: a.to })}
          {a.note ? ` – ${a.note}` : ''}
        </Text>
      ))}
    </Stack>
  );
}

/**
 * Diagnose panel of a fault case: partners and agents run a checklist step by step; the
 * classification shows what comes next. Customers see only the appointments.
 */
export function DiagnosePanel({
  kase,
  audience,
  canRecordAppointments,
}: {
  kase: CaseDetail;
  audience: 'operator' | 'partner' | 'customer';
  canRecordAppointments: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const [checklistId, setChecklistId] = useState<string | null>(null);
  const runsAllowed = audience !== 'customer';
  const triage = useQuery({
    queryKey: ['cases', 'triage', kase.id],
    queryFn: ({ signal }) => api.get<Triage>(`${caseUrl(kase.id)}/triage`, undefined, signal),
    enabled: runsAllowed,
  });
  const appointments = useQuery({
    queryKey: ['cases', 'appointments', kase.id],
    queryFn: ({ signal }) => api.get<Appointment[]>(`${caseUrl(kase.id)}/appointments`, undefined, signal),
    enabled: !runsAllowed,
  });
  const start = useCaseMutation(kase.id, () =>
    api.post(`${caseUrl(kase.id)}/checklist-runs`, {
      checklistId: checklistId ?? triage.data?.checklists[0]?.id,
    }),
  );
  if (!runsAllowed) {
    const items = appointments.data ?? [];
    if (items.length === 0) return null;
    return (
      <Panel title={t('triage.appointment.title')} id="appointments-heading">
        <AppointmentList items={items} />
      </Panel>
    );
  }
  const data = triage.data;
  if (!data || (data.checklists.length === 0 && data.runs.length === 0 && data.appointments.length === 0))
    return null;
  const run = data.runs.at(-1);
  return (
    <Panel title={t('triage.title')} id="diagnose-heading">
      <Stack gap="sm">
        {run && (
          <Stack gap={4}>
            <Text size="sm" c="dimmed">
              {run.checklist.name}
            </Text>
            {run.answers.map((a) => (
              <Text key={a.stepId} size="sm">
                {a.question[lang]}{' '}
                <b>
                  {a.label?.[lang] ??
                    (a.value === 'yes' ? t('triage.yes') : a.value === 'no' ? t('triage.no') : a.value)}
                </b>
              </Text>
            ))}
          </Stack>
        )}
        {run?.next && <StepForm kase={kase} run={run} />}
        {data.classification && (
          <Group gap="xs">
            <Text size="sm">{t('triage.result')}</Text>
            <ClassificationBadge value={data.classification} />
          </Group>
        )}
        {data.classification === 'line' && (
          <LineFaultAction kase={kase} triage={data} isPartner={audience === 'partner'} />
        )}
        {(data.replacement.offer || data.replacement.opened) && (
          <ReplacementOffer kase={kase} replacement={data.replacement} isOperator={audience === 'operator'} />
        )}
        {!run?.next && data.checklists.length > 0 && kase.status !== 'closed' && (
          <Group gap="xs" align="flex-end">
            {data.checklists.length > 1 && (
              <Select
                label={t('triage.checklist')}
                data={data.checklists.map((c) => ({ value: c.id, label: c.name }))}
                value={checklistId ?? data.checklists[0]?.id ?? null}
                onChange={setChecklistId}
              />
            )}
            <Button
              variant={run ? 'default' : 'filled'}
              loading={start.isPending}
              onClick={() => start.mutate(undefined)}
            >
              {run ? t('triage.restart') : t('triage.start', { name: data.checklists[0]?.name ?? '' })}
            </Button>
          </Group>
        )}
        {start.isError && <ErrorAlert error={start.error} />}
        {data.appointments.length > 0 && (
          <Stack gap={4}>
            <Text fw={600} size="sm">
              {t('triage.appointment.title')}
            </Text>
            <AppointmentList items={data.appointments} />
          </Stack>
        )}
        {canRecordAppointments && kase.status !== 'closed' && <AppointmentForm kase={kase} />}
      </Stack>
    </Panel>
  );
}
