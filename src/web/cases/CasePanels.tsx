import { Alert, Badge, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import type { Audience } from '../roles';
import { useFormat, useMe } from '../session';
import { useFactLabel } from './fact-label';
import { isLeakRefusal, LeakOverride, useLeakFieldError } from './LeakFieldGuard';
import { caseUrl, useCaseMutation } from './queries';
import { isoToZonedLocal, zonedLocalToIso } from './time';
import {
  type CaseDetail,
  type Commitment,
  type Decision,
  type Fact,
  PRIORITIES,
  type Priority,
} from './types';

export function Panel({
  title,
  id,
  children,
  actions,
}: {
  title: string;
  id: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={id}>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Card>
  );
}

const FACT_STATE_COLORS = { confirmed: 'green', unconfirmed: 'gray', disputed: 'red' } as const;

// The customer's urgency is stored as its code (low … urgent) and shown in the reader's language.
const isPriority = (value: string): value is Priority => (PRIORITIES as readonly string[]).includes(value);

function FactRow({ kase, fact, audience }: { kase: CaseDetail; fact: Fact; audience: Audience }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const label = useFactLabel()(fact);
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(fact.value);
  const [note, setNote] = useState('');
  const correct = useCaseMutation(kase.id, () =>
    api.put(`${caseUrl(kase.id)}/facts/${fact.key}`, {
      value,
      ...(note.trim() ? { note: note.trim() } : {}),
    }),
  );
  const setState = useCaseMutation(kase.id, (state: 'confirmed' | 'disputed') =>
    api.post(`${caseUrl(kase.id)}/facts/${fact.key}/state`, { state }),
  );
  const closed = kase.status === 'closed';
  return (
    <li className="cd-fact" data-testid={`fact-${fact.key}`}>
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <div>
          <Text size="xs" c="dimmed">
            {label}
          </Text>
          <Text size="sm" fw={500}>
            {fact.key === 'urgency' && isPriority(fact.value)
              ? t(`cases.priority.${fact.value}`)
              : fact.value}
          </Text>
        </div>
        <Badge color={FACT_STATE_COLORS[fact.state]} variant="light" radius="sm" style={{ flexShrink: 0 }}>
          {t(`cases.facts.state.${fact.state}`)}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed">
        {t('cases.facts.source', {
          source: t(`cases.facts.sources.${fact.source}`),
          at: fmt.dateTime(fact.updatedAt),
        })}
        {fact.note ? ` · ${fact.note}` : ''}
      </Text>
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            correct.mutate(undefined, { onSuccess: () => setEditing(false) });
          }}
        >
          <Stack gap="xs" mt="xs">
            <TextInput
              label={t('cases.facts.newValue', { label })}
              value={value}
              onChange={(e) => setValue(e.currentTarget.value)}
              required
            />
            <TextInput
              label={t('cases.facts.note')}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
            {correct.isError && <ErrorAlert error={correct.error} />}
            <Group gap="xs">
              <Button type="submit" size="xs" loading={correct.isPending}>
                {t('common.save')}
              </Button>
              <Button size="xs" variant="default" onClick={() => setEditing(false)}>
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        !closed && (
          <Group gap="xs" mt={4}>
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={() => setEditing(true)}
              aria-label={t('cases.facts.correctLabel', { label })}
            >
              {audience === 'customer' ? t('cases.facts.correct') : t('cases.facts.edit')}
            </Button>
            {audience === 'customer' && fact.state !== 'confirmed' && (
              <Button
                size="compact-xs"
                variant="light"
                color="teal"
                loading={setState.isPending}
                onClick={() => setState.mutate('confirmed')}
                aria-label={t('cases.facts.confirmLabel', { label })}
              >
                {t('cases.facts.confirm')}
              </Button>
            )}
          </Group>
        )
      )}
      {setState.isError && <ErrorAlert error={setState.error} />}
    </li>
  );
}

function AddFact({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [label, setLabel] = useState('');
  const [value, setValue] = useState('');
  const key =
    label
      .toLowerCase()
      .normalize('NFKD')
      .replace(/ß/g, 'ss')
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .replace(/^(\d)/, 'f_$1')
      .slice(0, 50) || 'fact';
  const add = useCaseMutation(kase.id, () => api.put(`${caseUrl(kase.id)}/facts/${key}`, { label, value }));
  if (!open)
    return (
      <Button size="xs" variant="default" mt="sm" onClick={() => setOpen(true)}>
        {t('cases.facts.add')}
      </Button>
    );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate(undefined, {
          onSuccess: () => {
            setOpen(false);
            setLabel('');
            setValue('');
          },
        });
      }}
    >
      <Stack gap="xs" mt="sm">
        <TextInput
          label={t('cases.facts.label')}
          value={label}
          onChange={(e) => setLabel(e.currentTarget.value)}
          required
        />
        <TextInput
          label={t('cases.facts.value')}
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          required
        />
        {add.isError && <ErrorAlert error={add.error} />}
        <Group gap="xs">
          <Button type="submit" size="xs" loading={add.isPending}>
            {t('common.save')}
          </Button>
          <Button size="xs" variant="default" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function FactsPanel({ kase, audience }: { kase: CaseDetail; audience: Audience }) {
  const { t } = useTranslation();
  return (
    <Panel title={t('cases.facts.title')} id="facts-heading">
      {audience === 'customer' && (
        <Text size="sm" c="dimmed" mb="sm">
          {t('cases.facts.customerIntro')}
        </Text>
      )}
      <Stack gap="sm" component="ul" className="cd-plain-list">
        {kase.facts.map((fact) => (
          <FactRow key={fact.id} kase={kase} fact={fact} audience={audience} />
        ))}
      </Stack>
      {kase.facts.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('cases.facts.empty')}
        </Text>
      )}
      {kase.status !== 'closed' && <AddFact kase={kase} />}
    </Panel>
  );
}

function CommitmentRow({
  kase,
  commitment,
  canManage,
}: {
  kase: CaseDetail;
  commitment: Commitment;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const keep = useCaseMutation(kase.id, () =>
    api.patch(`${caseUrl(kase.id)}/commitments/${commitment.id}`, { status: 'kept' }),
  );
  const overdue = commitment.status === 'open' && commitment.overdue;
  const color =
    commitment.status === 'kept'
      ? 'green'
      : commitment.status === 'dropped'
        ? 'gray'
        : commitment.status === 'broken' || overdue
          ? 'red'
          : 'blue';
  return (
    <li
      className={
        overdue || commitment.status === 'broken' ? 'cd-commitment cd-commitment--overdue' : 'cd-commitment'
      }
    >
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <Text size="sm" fw={500}>
          {commitment.description}
        </Text>
        <Badge color={color} variant="light" radius="sm" style={{ flexShrink: 0 }}>
          {overdue ? t('cases.commitments.overdue') : t(`cases.commitments.status.${commitment.status}`)}
        </Badge>
      </Group>
      <Text size="xs" c={overdue ? 'red.9' : 'dimmed'}>
        {t('cases.commitments.due', { at: fmt.dateTime(commitment.dueAt), owner: commitment.owner.name })}
      </Text>
      {commitment.status === 'dropped' && commitment.outcomeReason && (
        <Text size="xs">{t('cases.commitments.droppedReason', { reason: commitment.outcomeReason })}</Text>
      )}
      {canManage && commitment.status === 'open' && (
        <Button
          size="compact-xs"
          variant="subtle"
          mt={4}
          loading={keep.isPending}
          onClick={() => keep.mutate(undefined)}
        >
          {t('cases.commitments.markKept')}
        </Button>
      )}
      {keep.isError && <ErrorAlert error={keep.error} />}
    </li>
  );
}

function nextBusinessNoon(timeZone: string): string {
  const date = new Date(Date.now() + 24 * 3600_000);
  while (date.getUTCDay() === 0 || date.getUTCDay() === 6) date.setUTCDate(date.getUTCDate() + 1);
  return `${isoToZonedLocal(date.toISOString(), timeZone).slice(0, 10)}T12:00`;
}

function AddCommitment({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  const timeZone = me.timeZone || 'Europe/Berlin';
  const [open, setOpen] = useState(false);
  const [description, setDescription] = useState('');
  const [due, setDue] = useState(() => nextBusinessNoon(timeZone));
  const add = useCaseMutation(kase.id, (override?: { reason: string }) =>
    api.post(`${caseUrl(kase.id)}/commitments`, {
      description,
      dueAt: zonedLocalToIso(due, timeZone) ?? due,
      ...(override ? { override } : {}),
    }),
  );
  const descriptionError = useLeakFieldError(add.error, 'description');
  const added = () => {
    setOpen(false);
    setDescription('');
  };
  if (!open)
    return (
      <Button size="xs" variant="default" mt="sm" onClick={() => setOpen(true)}>
        {t('cases.commitments.add')}
      </Button>
    );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate(undefined, { onSuccess: added });
      }}
    >
      <Stack gap="xs" mt="sm">
        <TextInput
          label={t('cases.commitments.description')}
          description={t('cases.commitments.descriptionHint')}
          value={description}
          error={descriptionError}
          onChange={(e) => setDescription(e.currentTarget.value)}
          required
        />
        <TextInput
          type="datetime-local"
          label={t('cases.commitments.dueAt')}
          description={t('cases.commitments.dueHint', { zone: timeZone })}
          value={due}
          onChange={(e) => setDue(e.currentTarget.value)}
          required
        />
        <LeakOverride
          error={add.error}
          pending={add.isPending}
          onOverride={(o) => add.mutate(o, { onSuccess: added })}
        />
        {add.isError && !isLeakRefusal(add.error) && <ErrorAlert error={add.error} />}
        <Group gap="xs">
          <Button type="submit" size="xs" loading={add.isPending}>
            {t('cases.commitments.save')}
          </Button>
          <Button size="xs" variant="default" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function CommitmentsPanel({ kase, audience }: { kase: CaseDetail; audience: Audience }) {
  const { t } = useTranslation();
  const me = useMe();
  const canManage = audience !== 'customer';
  // A partner answers for its own organisation's promises only; the operator's are the operator's to mark.
  const mayKeep = (c: Commitment) =>
    audience === 'operator' || (audience === 'partner' && c.ownerOrganisationId === me.organisation.id);
  const visible =
    audience === 'customer' ? kase.commitments.filter((c) => c.status !== 'kept') : kase.commitments;
  return (
    <Panel title={t('cases.commitments.title')} id="commitments-heading">
      <Stack gap="sm" component="ul" className="cd-plain-list">
        {visible.map((c) => (
          <CommitmentRow key={c.id} kase={kase} commitment={c} canManage={mayKeep(c)} />
        ))}
      </Stack>
      {visible.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('cases.commitments.empty')}
        </Text>
      )}
      {canManage && kase.status !== 'closed' && <AddCommitment kase={kase} />}
    </Panel>
  );
}

/**
 * The facts a decision was made on. When one has changed since, the decision says so and shows
 * the value then beside the value now, so nobody reads a basis the decision never had.
 */
function DecisionBasis({ decision }: { decision: Decision }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const changed = decision.citedFacts.filter((f) => f.changed);
  if (changed.length === 0)
    return (
      <Text size="xs" c="dimmed">
        {t('cases.decision.basedOn', {
          facts: decision.citedFacts.map((f) => `${f.label}: ${f.value}`).join('; '),
        })}
      </Text>
    );
  return (
    <Alert
      color="orange"
      variant="light"
      mt={4}
      p="xs"
      data-testid="decision-basis-changed"
      title={
        <Badge color="red.9" variant="filled" radius="sm">
          {t('cases.decision.basisChanged')}
        </Badge>
      }
    >
      <Text size="xs">
        {t('cases.decision.basisChangedHint', {
          at: decision.basisChangedAt ? fmt.dateTime(decision.basisChangedAt) : '',
        })}
      </Text>
      <Stack gap={2} mt={4} component="ul" className="cd-plain-list">
        {decision.citedFacts.map((f) => (
          <Text key={f.id} size="xs" component="li" fw={f.changed ? 600 : 400}>
            {f.changed
              ? f.currentValue === null
                ? t('cases.decision.factRemoved', { label: f.label, was: f.value })
                : t('cases.decision.factThenNow', { label: f.label, was: f.value, now: f.currentValue })
              : `${f.label}: ${f.value}`}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}

export function DecisionsList({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (kase.decisions.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('cases.decision.empty')}
      </Text>
    );
  return (
    <Stack gap="sm" component="ul" className="cd-plain-list">
      {kase.decisions.map((d) => (
        <li key={d.id}>
          <Group gap="xs">
            <Badge
              color={d.outcome === 'granted' ? 'green' : d.outcome === 'refused' ? 'red' : 'orange'}
              variant="light"
              radius="sm"
            >
              {t(`cases.decision.outcome.${d.outcome}`)}
            </Badge>
            <Text size="sm" fw={500}>
              {d.policy}
            </Text>
          </Group>
          {d.conditions && (
            <Text size="sm" mt={4}>
              {t('cases.decision.conditionsLine', { conditions: d.conditions })}
            </Text>
          )}
          {d.citedFacts.length > 0 && <DecisionBasis decision={d} />}
          <Text size="xs" c="dimmed">
            {t('cases.decision.by', {
              who: d.decidedBy.replace(/\s*<.*>$/, ''),
              at: fmt.dateTime(d.decidedAt),
            })}
          </Text>
        </li>
      ))}
    </Stack>
  );
}
