import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, isApiError } from '../api';
import type { Organisation, Page } from '../api-types';
import { ErrorAlert } from '../components/ErrorAlert';
import { Notice } from '../components/Notice';
import { PageLoader } from '../components/PageLoader';
import { EmptyRow } from '../components/TableParts';
import { useFormat } from '../session';
import type { SenderForReview, SenderReviewPage } from './types';

// The review list of mail senders: people the intake could only guess an organisation for, or
// who wrote into another customer's case. Their mail stays internal until an agent puts them
// where they belong (a customer, a reseller or a third party such as a carrier).

export const SENDER_REVIEW_KEY = ['mail-senders', 'review'] as const;

/** An organisation a sender can belong to: customers, resellers and third parties, never the operator. */
function OrganisationPicker({
  value,
  onChange,
  error,
}: {
  value: string | null;
  onChange: (organisation: Organisation | null) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const list = useQuery({
    queryKey: ['organisations', 'list', { q, picker: 'sender' }],
    queryFn: ({ signal }) => api.get<Page<Organisation>>('/api/organisations', { q, limit: 50 }, signal),
  });
  const options = (list.data?.items ?? []).filter((o) => o.kind !== 'operator');
  return (
    <Select
      label={t('mail.review.target')}
      description={t('mail.review.targetHint')}
      searchable
      required
      data-autofocus
      value={value}
      onChange={(id) => onChange(options.find((o) => o.id === id) ?? null)}
      onSearchChange={setSearch}
      searchValue={search}
      filter={({ options: shown }) => shown}
      nothingFoundMessage={t('organisations.empty')}
      error={error}
      data={options.map((o) => ({ value: o.id, label: `${o.name} (${o.number}) · ${t(`kinds.${o.kind}`)}` }))}
    />
  );
}

function MoveSenderForm({ sender, onDone }: { sender: SenderForReview; onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [target, setTarget] = useState<Organisation | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const move = useMutation({
    mutationFn: (organisation: Organisation) =>
      api.post<void>(`/api/mail-senders/${encodeURIComponent(sender.id)}/move`, {
        organisationId: organisation.id,
      }),
    onSuccess: async (_result, organisation) => {
      await queryClient.invalidateQueries({ queryKey: SENDER_REVIEW_KEY });
      onDone(t('mail.review.moved', { name: sender.name, organisation: organisation.name }));
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (target) move.mutate(target);
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">{t('mail.review.moveText', { name: sender.name, email: sender.email })}</Text>
        <OrganisationPicker
          value={target?.id ?? null}
          onChange={(organisation) => {
            setTarget(organisation);
            move.reset();
          }}
          error={submitted && !target ? t('mail.review.targetRequired') : undefined}
        />
        {isApiError(move.error, 409) ? (
          <Alert color="orange" variant="light" role="alert">
            {t('mail.review.hasLogin')}
          </Alert>
        ) : (
          move.isError && <ErrorAlert error={move.error} />
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={move.isPending}>
            {t('mail.review.move')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The senders waiting for review, each with their newest mail, to move or to confirm. */
export function SenderReview({ canChange }: { canChange: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const [moving, setMoving] = useState<SenderForReview | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = useQuery({
    queryKey: [...SENDER_REVIEW_KEY, 'list'],
    queryFn: ({ signal }) => api.get<SenderReviewPage>('/api/mail-senders/review', { limit: 200 }, signal),
  });
  const confirm = useMutation({
    mutationFn: (sender: SenderForReview) =>
      api.post<void>(`/api/mail-senders/${encodeURIComponent(sender.id)}/confirm`),
    onSuccess: async (_result, sender) => {
      await queryClient.invalidateQueries({ queryKey: SENDER_REVIEW_KEY });
      setNotice(t('mail.review.confirmed', { name: sender.name }));
    },
  });
  if (list.isPending) return <PageLoader />;
  const rows = list.data?.items ?? [];
  return (
    <Stack gap="md">
      <Text c="dimmed" size="sm">
        {t('mail.review.intro')}
      </Text>
      {notice && <Notice onClose={() => setNotice(null)}>{notice}</Notice>}
      {list.isError && <ErrorAlert error={list.error} />}
      {confirm.isError && <ErrorAlert error={confirm.error} />}
      <Table.ScrollContainer minWidth={860}>
        <Table verticalSpacing="sm" aria-busy={list.isFetching} data-testid="sender-review-table">
          <VisuallyHidden component="caption">{t('mail.senders')}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('mail.review.person')}</Table.Th>
              <Table.Th scope="col">{t('mail.review.organisation')}</Table.Th>
              <Table.Th scope="col">{t('mail.review.lastMail')}</Table.Th>
              <Table.Th scope="col">{t('mail.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((sender) => (
              <Table.Tr key={sender.id} data-person-id={sender.id}>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>
                  <Text size="sm" fw={500}>
                    {sender.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {sender.email}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{sender.organisation.name}</Text>
                  <Badge variant="light" color="gray" radius="sm">
                    {t(`kinds.${sender.organisation.kind}`)}
                  </Badge>
                </Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>
                  {sender.lastMail ? (
                    <Stack gap={2}>
                      <Text size="sm">{sender.lastMail.subject || t('mail.noSubject')}</Text>
                      <Text size="xs" c="dimmed">
                        <time dateTime={sender.lastMail.receivedAt}>
                          {fmt.dateTime(sender.lastMail.receivedAt)}
                        </time>
                      </Text>
                      {sender.lastMail.caseNumber && (
                        <Anchor component={Link} to={`/cases/${sender.lastMail.caseNumber}`} size="xs">
                          {sender.lastMail.caseNumber}
                        </Anchor>
                      )}
                    </Stack>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t('mail.review.noMail')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {canChange && (
                    <Group gap={6} wrap="wrap">
                      <Button
                        size="compact-sm"
                        variant="light"
                        aria-label={`${t('mail.review.move')}: ${sender.email}`}
                        onClick={() => setMoving(sender)}
                      >
                        {t('mail.review.move')}
                      </Button>
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        aria-label={`${t('mail.review.confirm')}: ${sender.email}`}
                        loading={confirm.isPending && confirm.variables?.id === sender.id}
                        onClick={() => confirm.mutate(sender)}
                      >
                        {t('mail.review.confirm')}
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
            {rows.length === 0 && <EmptyRow colSpan={4}>{t('mail.review.empty')}</EmptyRow>}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal
        closeButtonProps={{ 'aria-label': t('common.close') }}
        opened={moving !== null}
        onClose={() => setMoving(null)}
        centered
        title={t('mail.review.moveTitle')}
      >
        {moving && (
          <MoveSenderForm
            sender={moving}
            onDone={(text) => {
              setMoving(null);
              setNotice(text);
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}
