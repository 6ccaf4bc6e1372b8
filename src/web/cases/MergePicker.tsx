// Merging a duplicate: find the case that stays by typing (a short number like "63", words, a
// customer), see what it is, and learn before any confirmation when the merge cannot work. The
// server's dry-run check answers with the same rules the merge applies.
import { Alert, Button, Group, Modal, Paper, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { useFormat } from '../session';
import { StatusBadge } from './CaseBadges';
import { caseUrl, useCaseMutation } from './queries';
import type { CaseDetail, CaseStatus, CaseSummary } from './types';

/** As the server names them (merge-rules.ts); each has a German and English text. */
type MergeRefusal =
  | 'not_found'
  | 'same_case'
  | 'already_merged'
  | 'target_merged'
  | 'target_closed'
  | 'other_customer';

interface MergeCheck {
  possible: boolean;
  refusal: MergeRefusal | null;
  target: {
    id: string;
    number: string;
    subject: string;
    status: CaseStatus;
    customer: { id: string; name: string };
    lastActivityAt: string;
  } | null;
}

/** The header's "Merge…" button and the dialog it opens. */
export function MergeAction({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button size="xs" variant="default" onClick={() => setOpened(true)} data-testid="merge-action">
        {t('cases.links.mergeAction')}
      </Button>
      {opened && <MergeDialog kase={kase} onClose={() => setOpened(false)} />}
    </>
  );
}

function MergeDialog({ kase, onClose }: { kase: CaseDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [chosen, setChosen] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  const matches = useQuery({
    queryKey: ['search', 'merge', q],
    queryFn: ({ signal }) =>
      api.get<{ exact: { id: string } | null; items: CaseSummary[] }>('/api/search', { q }, signal),
    enabled: q.length > 0 && chosen === null,
  });
  const check = useQuery({
    queryKey: ['cases', 'merge-check', kase.id, chosen],
    queryFn: ({ signal }) =>
      api.get<MergeCheck>(`${caseUrl(kase.id)}/merge-check`, { target: chosen ?? '' }, signal),
    enabled: chosen !== null,
  });
  const merge = useCaseMutation(kase.id, () =>
    api.post<{ id: string; number: string }>(`${caseUrl(kase.id)}/merge`, { into: chosen }),
  );
  // The number typed names one case: it comes first, the word matches after it.
  const items = [...(matches.data?.items ?? [])].sort(
    (a, b) => Number(b.id === matches.data?.exact?.id) - Number(a.id === matches.data?.exact?.id),
  );
  const target = check.data?.target;

  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      title={
        confirming ? t('cases.links.mergeTitle') : t('cases.links.mergePickerTitle', { number: kase.number })
      }
      centered
      size="lg"
    >
      {confirming && target ? (
        <Stack>
          <Text size="sm">{t('cases.links.mergeConfirm', { from: kase.number, into: target.number })}</Text>
          {merge.isError && <ErrorAlert error={merge.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              color="red"
              loading={merge.isPending}
              onClick={() =>
                merge.mutate(undefined, {
                  onSuccess: (result) => {
                    onClose();
                    void navigate(`/cases/${result.number}`);
                  },
                })
              }
            >
              {t('cases.links.merge')}
            </Button>
          </Group>
        </Stack>
      ) : chosen !== null ? (
        <Stack>
          {check.isError && <ErrorAlert error={check.error} />}
          {target && (
            <Paper withBorder p="sm" data-testid="merge-preview">
              <Stack gap={4}>
                <Text fw={600}>
                  <Text span c="dimmed" inherit fw={500}>
                    {target.number}
                  </Text>{' '}
                  {target.subject}
                </Text>
                <Group gap="xs" wrap="wrap">
                  <StatusBadge status={target.status} />
                  <Text size="sm">{target.customer.name}</Text>
                  <Text size="sm" c="dimmed">
                    {t('cases.links.mergeLastActivity', { at: fmt.dateTime(target.lastActivityAt) })}
                  </Text>
                </Group>
              </Stack>
            </Paper>
          )}
          {check.data && !check.data.possible && (
            <Alert color="red" data-testid="merge-refusal">
              {t(`cases.links.mergeRefused.${check.data.refusal ?? 'not_found'}`)}
            </Alert>
          )}
          <Group justify="space-between">
            <Button variant="default" onClick={() => setChosen(null)} data-testid="merge-back">
              {t('cases.links.mergeBack')}
            </Button>
            <Button
              color="red"
              disabled={!check.data?.possible}
              loading={check.isFetching}
              onClick={() => setConfirming(true)}
              data-testid="merge-continue"
            >
              {t('cases.links.mergeContinue')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <TextInput
            label={t('cases.links.mergeSearch')}
            description={t('cases.links.mergeHint')}
            placeholder={t('cases.links.mergeSearchHint')}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            data-autofocus
            data-testid="merge-search"
          />
          {matches.isError && <ErrorAlert error={matches.error} />}
          {q.length > 0 && matches.isSuccess && items.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('cases.links.mergeNoMatches')}
            </Text>
          )}
          {items.length > 0 && (
            <Stack
              gap={4}
              component="ul"
              className="cd-plain-list"
              aria-label={t('cases.links.mergeMatches')}
            >
              {items.map((c) => (
                <li key={c.id}>
                  <UnstyledButton
                    onClick={() => setChosen(c.id)}
                    w="100%"
                    p="xs"
                    className="cd-merge-match"
                    data-testid="merge-match"
                  >
                    <Text size="sm" fw={500}>
                      <Text span c="dimmed" inherit>
                        {c.number}
                      </Text>{' '}
                      {c.subject}
                      {c.id === kase.id && (
                        <Text span c="dimmed" inherit>
                          {' '}
                          ({t('cases.links.mergeThisCase')})
                        </Text>
                      )}
                    </Text>
                    <Group gap="xs" mt={2} wrap="wrap">
                      <StatusBadge status={c.status} />
                      <Text size="xs" c="dimmed">
                        {c.customer.name}
                      </Text>
                    </Group>
                  </UnstyledButton>
                </li>
              ))}
            </Stack>
          )}
        </Stack>
      )}
    </Modal>
  );
}
