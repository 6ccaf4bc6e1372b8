import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  Select,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, isApiError } from '../api';
import type { AuditEntry, Page } from '../api-types';
import { ErrorAlert } from '../components/ErrorAlert';
import { OPERATOR_ROLES } from '../roles';
import { useFormat, useMe } from '../session';
import { formatMinutes, useLooseT } from './CaseBadges';
import { Panel } from './CasePanels';
import { isLeakRefusal, LeakOverride, useLeakFieldError } from './LeakFieldGuard';
import { allPeopleQuery, caseUrl, causesQuery, groupsQuery, useCaseMutation } from './queries';
import { ResolveWithCauseDialog, useResolveWithCause } from './ResolveWithCause';
import {
  CASE_STATUSES,
  CASE_TYPES,
  type CaseDetail,
  DECISION_OUTCOMES,
  LINK_KINDS,
  PRIORITIES,
} from './types';

export function PropertiesPanel({ kase }: { kase: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const groups = useQuery(groupsQuery);
  const causes = useQuery(causesQuery);
  const people = useQuery(allPeopleQuery(me.organisation.id));
  const update = useCaseMutation(kase.id, (body: Record<string, unknown>) =>
    api.patch<CaseDetail>(caseUrl(kase.id), body),
  );
  const setTags = useCaseMutation(kase.id, (tags: string[]) => api.put(`${caseUrl(kase.id)}/tags`, { tags }));
  const en = i18n.language.startsWith('en');
  const agents = (people.data ?? []).filter(
    (p) => p.active && p.roles.some((r) => OPERATOR_ROLES.includes(r)),
  );
  const assigneeOptions = agents.map((p) => ({ value: p.id, label: p.name }));
  if (kase.assignee && !assigneeOptions.some((o) => o.value === kase.assignee?.id))
    assigneeOptions.push({ value: kase.assignee.id, label: kase.assignee.name });
  const resolve = useResolveWithCause(kase);
  // The server refuses a resolution without a cause when the setting asks for one; the answer
  // names causeId, so it is shown at the cause field, not as an alert.
  const causeRefused =
    isApiError(update.error, 400) && update.error.errors.some((e) => e.field === 'causeId');
  const causeOptions = (causes.data?.items ?? []).map((top) => ({
    group: en ? top.nameEn : top.nameDe,
    items: top.children
      .filter((c) => c.active || c.id === kase.cause?.id)
      .map((c) => ({ value: c.id, label: en ? c.nameEn : c.nameDe })),
  }));
  return (
    <Panel
      title={t('cases.properties')}
      id="properties-heading"
      actions={
        kase.assignee?.id !== me.id ? (
          <Button
            size="compact-xs"
            variant="light"
            onClick={() => update.mutate({ assigneeId: me.id })}
            loading={update.isPending}
          >
            {t('cases.assignToMe')}
          </Button>
        ) : undefined
      }
    >
      <Stack gap="xs">
        <Select
          label={t('cases.field.status')}
          value={kase.status}
          allowDeselect={false}
          data={CASE_STATUSES.map((s) => ({ value: s, label: t(`cases.status.${s}`) }))}
          onChange={(v) => v && !resolve.intercept(v) && update.mutate({ status: v })}
        />
        <Select
          label={t('cases.field.priority')}
          value={kase.priority}
          allowDeselect={false}
          data={PRIORITIES.map((s) => ({ value: s, label: t(`cases.priority.${s}`) }))}
          onChange={(v) => v && update.mutate({ priority: v })}
        />
        <Select
          label={t('cases.field.type')}
          value={kase.type}
          allowDeselect={false}
          data={CASE_TYPES.map((s) => ({ value: s, label: t(`cases.type.${s}`) }))}
          onChange={(v) => v && update.mutate({ type: v })}
        />
        <Select
          label={t('cases.field.assignee')}
          value={kase.assignee?.id ?? null}
          searchable
          clearable
          placeholder={t('cases.unassigned')}
          data={assigneeOptions}
          onChange={(v) => update.mutate({ assigneeId: v })}
        />
        <Select
          label={t('cases.field.group')}
          value={kase.group?.id ?? null}
          clearable
          placeholder={t('common.none')}
          data={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))}
          onChange={(v) => update.mutate({ groupId: v })}
        />
        <Select
          label={t('cases.field.cause')}
          value={kase.cause?.id ?? null}
          searchable
          clearable
          placeholder={t('cases.noCause')}
          data={causeOptions}
          onChange={(v) => update.mutate({ causeId: v })}
          error={causeRefused ? t('caseSettings.causeMissing') : undefined}
        />
        <TagsInput
          label={t('cases.field.tags')}
          value={kase.tags ?? []}
          onChange={(tags) => setTags.mutate(tags)}
          clearable
        />
        {update.isError && !causeRefused && <ErrorAlert error={update.error} />}
        {setTags.isError && <ErrorAlert error={setTags.error} />}
        <ResolveWithCauseDialog
          key={resolve.asking ?? 'none'}
          opened={resolve.asking !== null}
          ending={resolve.asking ?? 'resolved'}
          onClose={resolve.close}
          causeOptions={causeOptions}
          needsCause={resolve.needsCause}
          openCommitments={resolve.openCommitments}
          loading={update.isPending}
          refused={causeRefused}
          onResolve={(body) =>
            update.mutate({ status: resolve.asking ?? 'resolved', ...body }, { onSuccess: resolve.close })
          }
        />
      </Stack>
    </Panel>
  );
}

const CLOCK_COLORS = {
  running: 'blue',
  paused: 'gray',
  stopped: 'green',
  breached: 'red',
  not_started: 'gray',
} as const;

export function ClocksPanel({ kase }: { kase: CaseDetail }) {
  const t = useLooseT();
  const fmt = useFormat();
  const clocks = kase.clocks ?? [];
  return (
    <Panel title={t('cases.clock.title')} id="clocks-heading">
      <Stack gap="xs" component="ul" className="cd-plain-list">
        {clocks.map((clock) => (
          <li key={clock.kind} data-testid={`clock-${clock.kind}`}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm" fw={500}>
                {t(`cases.clock.kind.${clock.kind}`)}
              </Text>
              <Badge
                color={clock.state === 'stopped' && clock.met === false ? 'red' : CLOCK_COLORS[clock.state]}
                variant="light"
                radius="sm"
              >
                {t(`cases.clock.state.${clock.state}`)}
              </Badge>
            </Group>
            <Text size="xs" c={clock.state === 'breached' ? 'red.9' : 'dimmed'}>
              {clock.state === 'breached'
                ? t('cases.clock.breachedAt', { at: clock.breachedAt ? fmt.dateTime(clock.breachedAt) : '' })
                : clock.state === 'running' || clock.state === 'paused'
                  ? t('cases.clock.remaining', {
                      time: formatMinutes(clock.remainingBusinessMinutes, t),
                      due: clock.dueAt ? fmt.dateTime(clock.dueAt) : '—',
                    })
                  : clock.state === 'stopped'
                    ? t(clock.met === false ? 'cases.clock.missed' : 'cases.clock.met')
                    : t('cases.clock.target', { time: formatMinutes(clock.targetMinutes, t) })}
            </Text>
          </li>
        ))}
      </Stack>
      {clocks.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('cases.clock.none')}
        </Text>
      )}
    </Panel>
  );
}

export function DecisionForm({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<string>('conditional');
  const [policy, setPolicy] = useState('');
  const [conditions, setConditions] = useState('');
  const [cited, setCited] = useState<string[]>([]);
  const decide = useCaseMutation(kase.id, (override?: { reason: string }) =>
    api.post(`${caseUrl(kase.id)}/decisions`, {
      outcome,
      policy,
      ...(conditions.trim() ? { conditions } : {}),
      citedFactIds: cited,
      ...(override ? { override } : {}),
    }),
  );
  const policyError = useLeakFieldError(decide.error, 'policy');
  const conditionsError = useLeakFieldError(decide.error, 'conditions');
  const decided = () => {
    setOpen(false);
    setPolicy('');
    setConditions('');
    setCited([]);
  };
  if (!open)
    return (
      <Button size="xs" variant="default" mt="sm" onClick={() => setOpen(true)}>
        {t('cases.decision.add')}
      </Button>
    );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        decide.mutate(undefined, { onSuccess: decided });
      }}
    >
      <Stack gap="xs" mt="sm">
        <Select
          label={t('cases.decision.outcomeLabel')}
          value={outcome}
          allowDeselect={false}
          data={DECISION_OUTCOMES.map((o) => ({ value: o, label: t(`cases.decision.outcome.${o}`) }))}
          onChange={(v) => v && setOutcome(v)}
        />
        <TextInput
          label={t('cases.decision.policy')}
          description={t('cases.decision.policyHint')}
          value={policy}
          error={policyError}
          onChange={(e) => setPolicy(e.currentTarget.value)}
          required
        />
        <Textarea
          label={t('cases.decision.conditions')}
          value={conditions}
          error={conditionsError}
          onChange={(e) => setConditions(e.currentTarget.value)}
          autosize
          minRows={2}
        />
        {kase.facts.length > 0 && (
          <Checkbox.Group label={t('cases.decision.citedFacts')} value={cited} onChange={setCited}>
            <Stack gap={4} mt={4}>
              {kase.facts.map((f) => (
                <Checkbox key={f.id} value={f.id} label={`${f.label}: ${f.value}`} />
              ))}
            </Stack>
          </Checkbox.Group>
        )}
        <Text size="xs" c="dimmed">
          {t('cases.decision.visibleHint')}
        </Text>
        <LeakOverride
          error={decide.error}
          pending={decide.isPending}
          onOverride={(o) => decide.mutate(o, { onSuccess: decided })}
        />
        {decide.isError && !isLeakRefusal(decide.error) && <ErrorAlert error={decide.error} />}
        <Group gap="xs">
          <Button type="submit" size="xs" loading={decide.isPending}>
            {t('cases.decision.save')}
          </Button>
          <Button size="xs" variant="default" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function LinksPanel({ kase, canEdit }: { kase: CaseDetail; canEdit: boolean }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<string>('relates_to');
  const [target, setTarget] = useState('');
  const link = useCaseMutation(kase.id, () =>
    api.post(`${caseUrl(kase.id)}/links`, { kind, target: target.trim() }),
  );
  const unlink = useCaseMutation(kase.id, (l: { kind: string; id: string }) =>
    api.delete(`${caseUrl(kase.id)}/links/${l.kind}/${l.id}`),
  );
  return (
    <Panel title={t('cases.links.title')} id="links-heading">
      <Stack gap="xs" component="ul" className="cd-plain-list">
        {kase.links.map((l) => (
          <li key={`${l.kind}-${l.direction}-${l.case.id}`}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm">
                {t(`cases.links.kind.${l.kind}_${l.direction}`)}{' '}
                <Anchor component={Link} to={`/cases/${l.case.number}`}>
                  {l.case.number}
                </Anchor>{' '}
                {l.case.subject}
              </Text>
              {canEdit && l.direction === 'outgoing' && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="red"
                  onClick={() => unlink.mutate({ kind: l.kind, id: l.case.id })}
                  aria-label={t('cases.links.remove', { number: l.case.number })}
                >
                  ×
                </Button>
              )}
            </Group>
          </li>
        ))}
      </Stack>
      {kase.links.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('cases.links.empty')}
        </Text>
      )}
      {canEdit && kase.status !== 'closed' && (
        <>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              link.mutate(undefined, { onSuccess: () => setTarget('') });
            }}
          >
            <Group gap="xs" align="flex-end" mt="sm">
              <Select
                label={t('cases.links.kindLabel')}
                value={kind}
                allowDeselect={false}
                data={LINK_KINDS.map((k) => ({ value: k, label: t(`cases.links.kind.${k}_outgoing`) }))}
                onChange={(v) => v && setKind(v)}
                w={150}
              />
              <TextInput
                label={t('cases.links.target')}
                placeholder="CD-2026-000123"
                value={target}
                onChange={(e) => setTarget(e.currentTarget.value)}
                required
                w={160}
              />
              <Button type="submit" size="sm" variant="default" loading={link.isPending}>
                {t('cases.links.add')}
              </Button>
            </Group>
          </form>
          {link.isError && <ErrorAlert error={link.error} />}
          {unlink.isError && <ErrorAlert error={unlink.error} />}
        </>
      )}
    </Panel>
  );
}

/** "Daniel Carter <agent@printwerk.example>" → "Daniel Carter": the address adds nothing in a side panel. */
function actorName(label: string | undefined): string | undefined {
  return label?.replace(/\s*<[^>]*>$/, '');
}

export function AuditHistory({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const audit = useQuery({
    queryKey: ['cases', 'detail', kase.id, 'audit'],
    queryFn: ({ signal }) =>
      api.get<Page<AuditEntry>>('/api/audit', { entityId: kase.id, limit: 100 }, signal),
  });
  return (
    <Panel title={t('cases.audit.title')} id="audit-heading">
      {audit.isError && <ErrorAlert error={audit.error} />}
      {/* A narrow column: one line per change reads better here than a table squeezed to three columns. */}
      <Stack component="ol" gap={6} className="cd-plain-list" aria-labelledby="audit-heading">
        {(audit.data?.items ?? []).map((entry) => (
          <li key={entry.id}>
            <Text size="xs" c="dimmed">
              {fmt.dateTime(entry.at)} · {actorName(entry.actor?.label) ?? t('audit.system')}
            </Text>
            <Code fz="xs">{entry.action}</Code>
          </li>
        ))}
      </Stack>
      {audit.isSuccess && audit.data.items.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('audit.empty')}
        </Text>
      )}
    </Panel>
  );
}
