import { Button, Group, Modal, Radio, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COMMITMENT_OUTCOMES, type CommitmentOutcome } from '../../shared/cases';
import { api } from '../api';
import { useFormat } from '../session';
import type { CaseDetail, Commitment } from './types';

type CaseSettings = { causeRequiredToResolve: boolean };

export const caseSettingsQuery = {
  queryKey: ['settings', 'cases'],
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api.get<CaseSettings>('/api/settings/cases', undefined, signal),
  staleTime: 60_000,
};

/** Where a resolution or closing goes and what it must say first. */
export type Ending = 'resolved' | 'closed';

/** What the dialog sends along with the new status. */
export type EndingBody = {
  causeId?: string;
  commitments?: { id: string; outcome: CommitmentOutcome; reason?: string }[];
};

/**
 * Resolving (or closing) a case asks first when it must: for the cause while the operator
 * requires one, and for what becomes of each open commitment, so no promise ends in silence.
 * Both are answered in one dialog and sent with the status in one change.
 */
export function useResolveWithCause(kase: CaseDetail) {
  const settings = useQuery(caseSettingsQuery);
  const [asking, setAsking] = useState<Ending | null>(null);
  const hasCause = kase.cause !== null && kase.cause !== undefined;
  const openCommitments = kase.commitments.filter((c) => c.status === 'open');
  const needsCause = (to: Ending) =>
    to === 'resolved' && !hasCause && settings.data?.causeRequiredToResolve === true;
  return {
    /** True when choosing `status` must first ask (the dialog then opens). */
    intercept(status: string): boolean {
      if (status !== 'resolved' && status !== 'closed') return false;
      if (kase.status === 'resolved') return false;
      if (!needsCause(status) && openCommitments.length === 0) return false;
      setAsking(status);
      return true;
    },
    /** Opens the dialog for a status the server refused for want of an answer. */
    ask: (status: Ending) => setAsking(status),
    asking,
    needsCause: asking ? needsCause(asking) : false,
    openCommitments,
    close: () => setAsking(null),
  };
}

export function ResolveWithCauseDialog({
  opened,
  ending = 'resolved',
  onClose,
  causeOptions,
  needsCause = true,
  openCommitments = [],
  onResolve,
  loading,
  refused = false,
}: {
  opened: boolean;
  ending?: Ending;
  onClose: () => void;
  causeOptions: { group: string; items: { value: string; label: string }[] }[];
  needsCause?: boolean;
  openCommitments?: Commitment[];
  onResolve: (body: EndingBody) => void;
  loading: boolean;
  /** The server refused the resolution for want of a cause (the setting changed meanwhile). */
  refused?: boolean;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [causeId, setCauseId] = useState<string | null>(null);
  const [outcomes, setOutcomes] = useState<Record<string, CommitmentOutcome>>({});
  const [reasons, setReasons] = useState<Record<string, string>>({});
  // The button stays enabled, so a missing answer is said at its field instead of leaving a
  // greyed-out button to puzzle over.
  const [checked, setChecked] = useState(false);
  const causeMissing = needsCause && !causeId;
  const outcomeMissing = (c: Commitment) => !outcomes[c.id];
  const reasonMissing = (c: Commitment) => outcomes[c.id] === 'dropped' && !reasons[c.id]?.trim();
  const submit = () => {
    setChecked(true);
    if (causeMissing || openCommitments.some((c) => outcomeMissing(c) || reasonMissing(c))) return;
    onResolve({
      ...(needsCause && causeId ? { causeId } : {}),
      ...(openCommitments.length > 0
        ? {
            commitments: openCommitments.map((c) => {
              const outcome = outcomes[c.id] as CommitmentOutcome;
              return outcome === 'dropped'
                ? { id: c.id, outcome, reason: (reasons[c.id] ?? '').trim() }
                : { id: c.id, outcome };
            }),
          }
        : {}),
    });
  };
  const title =
    openCommitments.length === 0
      ? t('caseSettings.chooseCauseTitle')
      : ending === 'closed'
        ? t('caseSettings.closeTitle')
        : t('caseSettings.resolveCaseTitle');
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack gap="md">
        {needsCause && (
          <>
            <Text size="sm">{t('caseSettings.chooseCause')}</Text>
            <Select
              label={t('cases.field.cause')}
              searchable
              data={causeOptions}
              value={causeId}
              onChange={setCauseId}
              error={(checked && causeMissing) || refused ? t('caseSettings.causeMissing') : undefined}
              data-autofocus
            />
          </>
        )}
        {openCommitments.length > 0 && (
          <Stack gap="sm" data-testid="open-commitments">
            <Text size="sm" fw={500}>
              {ending === 'closed'
                ? t('caseSettings.openCommitmentsClose')
                : t('caseSettings.openCommitments')}
            </Text>
            {openCommitments.map((c) => (
              <Stack key={c.id} gap={6} className="cd-commitment">
                <Radio.Group
                  label={c.description}
                  description={t('cases.commitments.due', { at: fmt.dateTime(c.dueAt), owner: c.owner.name })}
                  aria-label={t('caseSettings.outcomeFor', { description: c.description })}
                  value={outcomes[c.id] ?? null}
                  onChange={(value) => setOutcomes((o) => ({ ...o, [c.id]: value as CommitmentOutcome }))}
                  error={checked && outcomeMissing(c) ? t('caseSettings.outcomeMissing') : undefined}
                >
                  <Group gap="md" mt={6}>
                    {COMMITMENT_OUTCOMES.map((outcome) => (
                      <Radio
                        key={outcome}
                        value={outcome}
                        label={t(`caseSettings.outcome.${outcome}`)}
                        description={t(`caseSettings.outcomeHint.${outcome}`)}
                        maw={220}
                      />
                    ))}
                  </Group>
                </Radio.Group>
                {outcomes[c.id] === 'dropped' && (
                  <TextInput
                    label={t('caseSettings.reason')}
                    value={reasons[c.id] ?? ''}
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      setReasons((r) => ({ ...r, [c.id]: value }));
                    }}
                    required
                    error={checked && reasonMissing(c) ? t('caseSettings.reasonMissing') : undefined}
                  />
                )}
              </Stack>
            ))}
          </Stack>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button loading={loading} onClick={submit}>
            {ending === 'closed' ? t('caseSettings.closeCase') : t('caseSettings.resolve')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
