import {
  Anchor,
  Badge,
  Button,
  Group,
  List,
  Modal,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, isApiError } from '../api';
import { formatBytes, useLooseT } from '../cases/CaseBadges';
import { ErrorAlert } from '../components/ErrorAlert';
import { Notice } from '../components/Notice';
import { PageLoader } from '../components/PageLoader';
import { EmptyRow, ShownAndMore } from '../components/TableParts';
import { usePageTitle } from '../components/usePageTitle';
import { useThreadReasonText } from '../mail/reason';
import { SENDER_REVIEW_KEY, SenderReview } from '../mail/SenderReview';
import { type InboundMail, type InboundMailPage, rawMailUrl, type SenderReviewPage } from '../mail/types';
import { useFormat, useMe } from '../session';
import { CustomerPicker } from './NewCasePage';

const PAGE_SIZE = 50;
type View = 'needs_attention' | 'bulk' | 'senders' | 'all';
type Action =
  | { kind: 'file' | 'newCase' | 'dismiss'; mail: InboundMail }
  | { kind: 'dismissBulk'; upTo: string }
  | null;
/** The mails waiting for a person, by view; 'all' lists everything. */
const WAITING_STATE: Partial<Record<View, InboundMail['state']>> = {
  needs_attention: 'needs_attention',
  bulk: 'bulk',
};

function OutcomeCell({ mail }: { mail: InboundMail }) {
  const t = useLooseT();
  const reasonText = useThreadReasonText();
  const known = [
    'new_case',
    'reply',
    'bounce',
    'ignored_loop',
    'unparseable',
    'failed',
    'filed',
    'dismissed',
    'quiet',
    'bulk',
  ];
  const outcome = mail.outcome
    ? known.includes(mail.outcome)
      ? t(`mail.outcome.${mail.outcome}`)
      : mail.outcome
    : t(`mail.state.${mail.state}`);
  return (
    <Stack gap={2}>
      <Text size="sm" fw={500}>
        {outcome}
      </Text>
      {mail.reason && (
        <Text size="xs" c="dimmed">
          {reasonText(mail.reason, mail.reasonText)}
        </Text>
      )}
      {mail.caseNumber && (
        <Anchor component={Link} to={`/cases/${mail.caseNumber}`} size="xs">
          {mail.caseNumber}
        </Anchor>
      )}
    </Stack>
  );
}

function ProblemsCell({ mail }: { mail: InboundMail }) {
  const { t } = useTranslation();
  const lines = [...(mail.error ? [mail.error] : []), ...mail.problems];
  if (lines.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('common.none')}
      </Text>
    );
  // The parser's findings are technical and in English; they are shown as they are.
  return (
    <List size="xs" spacing={2} lang="en">
      {lines.slice(0, 5).map((line) => (
        <List.Item key={line}>{line}</List.Item>
      ))}
      {lines.length > 5 && <List.Item>{t('mail.moreProblems', { count: lines.length - 5 })}</List.Item>}
    </List>
  );
}

function FileIntoCaseForm({ mail, onDone }: { mail: InboundMail; onDone: (number: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [caseNumber, setCaseNumber] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const file = useMutation({
    mutationFn: (number: string) =>
      api.post<{ caseId: string; caseNumber: string }>(
        `/api/inbound-mail/${encodeURIComponent(mail.id)}/file`,
        { caseNumber: number },
      ),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ['inbound-mail'] });
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
      onDone(result.caseNumber);
    },
  });
  const missing = caseNumber.trim() === '';
  const fieldError = isApiError(file.error, 400)
    ? file.error.errors.find((e) => e.field === 'caseNumber')
    : undefined;
  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (!missing) file.mutate(caseNumber.trim().toUpperCase());
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">{t('mail.fileIntoCaseText')}</Text>
        <TextInput
          label={t('mail.caseNumber')}
          description={t('mail.caseNumberHint')}
          placeholder="CD-2026-000001"
          required
          data-autofocus
          value={caseNumber}
          onChange={(e) => {
            setCaseNumber(e.currentTarget.value);
            file.reset();
          }}
          error={
            submitted && missing
              ? t('validation.required')
              : fieldError
                ? t('mail.unknownCaseNumber')
                : undefined
          }
        />
        {file.isError && !fieldError && <ErrorAlert error={file.error} />}
        <Group justify="flex-end">
          <Button type="submit" loading={file.isPending}>
            {t('mail.fileIntoCase')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function NewCaseForm({ mail, onDone }: { mail: InboundMail; onDone: (number: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const open = useMutation({
    mutationFn: (id: string) =>
      api.post<{ caseId: string; caseNumber: string }>(
        `/api/inbound-mail/${encodeURIComponent(mail.id)}/file`,
        { customerId: id },
      ),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ['inbound-mail'] });
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
      onDone(result.caseNumber);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (customerId) open.mutate(customerId);
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">{t('mail.newCaseText')}</Text>
        <CustomerPicker value={customerId} onChange={setCustomerId} />
        {submitted && !customerId && (
          <Text size="sm" c="red.8" role="alert">
            {t('mail.customerRequired')}
          </Text>
        )}
        {open.isError && <ErrorAlert error={open.error} />}
        <Group justify="flex-end">
          <Button type="submit" loading={open.isPending}>
            {t('mail.openCase')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Asks before mail is dismissed; on yes sends `request`, refreshes the mail lists and hands on the answer. */
function DismissConfirm<T>({
  text,
  label,
  request,
  onCancel,
  onDone,
}: {
  text: string;
  label: string;
  request: () => Promise<T>;
  onCancel: () => void;
  onDone: (result: T) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const dismiss = useMutation({
    mutationFn: request,
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ['inbound-mail'] });
      onDone(result);
    },
  });
  return (
    <Stack>
      <Text size="sm">{text}</Text>
      {dismiss.isError && <ErrorAlert error={dismiss.error} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
        <Button color="red" loading={dismiss.isPending} onClick={() => dismiss.mutate()}>
          {label}
        </Button>
      </Group>
    </Stack>
  );
}

export default function MailPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('mail.title'));
  const me = useMe();
  const fmt = useFormat();
  const canFile = me.roles.includes('operator_admin') || me.roles.includes('agent');
  const [view, setView] = useState<View>('needs_attention');
  const [action, setAction] = useState<Action>(null);
  const [filed, setFiled] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const senders = useQuery({
    queryKey: [...SENDER_REVIEW_KEY, 'count'],
    queryFn: ({ signal }) => api.get<SenderReviewPage>('/api/mail-senders/review', { limit: 1 }, signal),
  });

  const list = useInfiniteQuery({
    queryKey: ['inbound-mail', 'list', view],
    enabled: view !== 'senders',
    queryFn: ({ pageParam, signal }) =>
      api.get<InboundMailPage>(
        '/api/inbound-mail',
        {
          state: WAITING_STATE[view],
          cursor: pageParam,
          limit: PAGE_SIZE,
        },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const needsAttention = list.data?.pages[0]?.needsAttention;
  const bulk = list.data?.pages[0]?.bulk;
  const waiting = WAITING_STATE[view];
  const close = () => setAction(null);
  const done = (number: string) => {
    setAction(null);
    setFiled(number);
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div>
          <Title order={1}>{t('mail.title')}</Title>
          <Text c="dimmed" mt={4}>
            {t('mail.intro')}
          </Text>
        </div>
        {me.roles.includes('operator_admin') && (
          <Button component={Link} to="/mail/mailboxes" variant="default">
            {t('mailboxes.manage')}
          </Button>
        )}
      </Group>
      <SegmentedControl
        w="fit-content"
        aria-label={t('mail.viewLabel')}
        value={view}
        onChange={(value) => {
          setView(value as View);
          setNotice(null);
        }}
        data={[
          {
            value: 'needs_attention',
            label:
              needsAttention === undefined
                ? t('mail.needsAttention')
                : t('mail.needsAttentionCount', { count: needsAttention }),
          },
          {
            value: 'bulk',
            label: bulk === undefined ? t('mail.bulk') : t('mail.bulkCount', { count: bulk }),
          },
          {
            value: 'senders',
            label:
              senders.data === undefined
                ? t('mail.senders')
                : t('mail.sendersCount', { count: senders.data.total }),
          },
          { value: 'all', label: t('mail.received') },
        ]}
      />
      {notice && <Notice onClose={() => setNotice(null)}>{notice}</Notice>}
      {view === 'bulk' && (
        <Group justify="space-between" align="center" wrap="wrap">
          <Text c="dimmed" size="sm" maw={720}>
            {t('mail.bulkIntro')}
          </Text>
          {canFile && rows.length > 0 && (
            <Button
              color="red"
              variant="light"
              onClick={() => setAction({ kind: 'dismissBulk', upTo: rows[0]!.receivedAt })}
            >
              {t('mail.dismissAll')}
            </Button>
          )}
        </Group>
      )}
      {filed && (
        <Notice onClose={() => setFiled(null)}>
          {t('mail.filedInto')}{' '}
          <Anchor component={Link} to={`/cases/${filed}`}>
            {filed}
          </Anchor>
        </Notice>
      )}
      {view === 'senders' ? (
        <SenderReview canChange={canFile} />
      ) : list.isError ? (
        <ErrorAlert error={list.error} />
      ) : list.isPending ? (
        <PageLoader />
      ) : (
        <>
          <Table.ScrollContainer minWidth={960}>
            <Table verticalSpacing="sm" aria-busy={list.isFetching} data-testid="mail-table">
              <VisuallyHidden component="caption">
                {view === 'needs_attention'
                  ? t('mail.needsAttention')
                  : view === 'bulk'
                    ? t('mail.bulk')
                    : t('mail.received')}
              </VisuallyHidden>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('mail.receivedAt')}</Table.Th>
                  <Table.Th scope="col">{t('mail.from')}</Table.Th>
                  <Table.Th scope="col">{t('mail.subject')}</Table.Th>
                  <Table.Th scope="col">{t('mail.outcomeColumn')}</Table.Th>
                  <Table.Th scope="col">{t('mail.problems')}</Table.Th>
                  <Table.Th scope="col">{t('mail.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((mail) => {
                  const subject = mail.subject || t('mail.noSubject');
                  return (
                    <Table.Tr key={mail.id} data-mail-id={mail.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <time dateTime={mail.receivedAt}>{fmt.dateTime(mail.receivedAt)}</time>
                        <Text size="xs" c="dimmed">
                          {mail.source.toUpperCase()} · {formatBytes(mail.size, i18n.language)}
                        </Text>
                      </Table.Td>
                      <Table.Td style={{ overflowWrap: 'anywhere' }}>
                        {mail.from ?? t('mail.unknownSender')}
                      </Table.Td>
                      <Table.Td style={{ overflowWrap: 'anywhere' }}>
                        <Text size="sm" c={mail.subject ? undefined : 'dimmed'}>
                          {subject}
                        </Text>
                        {waiting === undefined &&
                          (mail.state === 'needs_attention' || mail.state === 'bulk') && (
                            <Badge color="orange" variant="light" radius="sm" mt={4}>
                              {t(`mail.state.${mail.state}`)}
                            </Badge>
                          )}
                      </Table.Td>
                      <Table.Td>
                        <OutcomeCell mail={mail} />
                      </Table.Td>
                      <Table.Td maw={280}>
                        <ProblemsCell mail={mail} />
                      </Table.Td>
                      <Table.Td>
                        <Group gap={6} wrap="wrap">
                          <Button
                            component="a"
                            href={rawMailUrl(mail.id)}
                            download={`${mail.id}.eml`}
                            size="compact-sm"
                            variant="subtle"
                            aria-label={`${t('mail.downloadRaw')}: ${subject}`}
                          >
                            {t('mail.downloadRaw')}
                          </Button>
                          {canFile && (mail.state === 'needs_attention' || mail.state === 'bulk') && (
                            <>
                              <Button
                                size="compact-sm"
                                variant="light"
                                aria-label={`${t('mail.fileIntoCase')}: ${subject}`}
                                onClick={() => setAction({ kind: 'file', mail })}
                              >
                                {t('mail.fileIntoCase')}
                              </Button>
                              <Button
                                size="compact-sm"
                                variant="light"
                                aria-label={`${t('mail.openCase')}: ${subject}`}
                                onClick={() => setAction({ kind: 'newCase', mail })}
                              >
                                {t('mail.openCase')}
                              </Button>
                              <Button
                                size="compact-sm"
                                variant="subtle"
                                color="red"
                                aria-label={`${t('mail.dismiss')}: ${subject}`}
                                onClick={() => setAction({ kind: 'dismiss', mail })}
                              >
                                {t('mail.dismiss')}
                              </Button>
                            </>
                          )}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
                {rows.length === 0 && (
                  <EmptyRow colSpan={6}>
                    {view === 'needs_attention'
                      ? t('mail.emptyNeedsAttention')
                      : view === 'bulk'
                        ? t('mail.emptyBulk')
                        : t('mail.empty')}
                  </EmptyRow>
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <ShownAndMore shown={rows.length} pages={list} />
        </>
      )}
      <Modal
        closeButtonProps={{ 'aria-label': t('common.close') }}
        opened={action !== null}
        onClose={close}
        centered
        title={
          action?.kind === 'file'
            ? t('mail.fileIntoCaseTitle')
            : action?.kind === 'newCase'
              ? t('mail.newCaseTitle')
              : action?.kind === 'dismissBulk'
                ? t('mail.dismissAllTitle')
                : t('mail.dismissTitle')
        }
      >
        {action?.kind === 'file' && <FileIntoCaseForm mail={action.mail} onDone={done} />}
        {action?.kind === 'newCase' && <NewCaseForm mail={action.mail} onDone={done} />}
        {action?.kind === 'dismiss' && (
          <DismissConfirm
            text={t('mail.dismissText', {
              subject: action.mail.subject ?? t('mail.noSubject'),
              from: action.mail.from ?? '—',
            })}
            label={t('mail.dismiss')}
            request={() => api.post<void>(`/api/inbound-mail/${encodeURIComponent(action.mail.id)}/dismiss`)}
            onCancel={close}
            onDone={close}
          />
        )}
        {action?.kind === 'dismissBulk' && (
          <DismissConfirm
            text={t('mail.dismissAllText')}
            label={t('mail.dismissAll')}
            request={() =>
              api.post<{ dismissed: number }>('/api/inbound-mail/bulk/dismiss', { receivedUpTo: action.upTo })
            }
            onCancel={close}
            onDone={({ dismissed }) => {
              close();
              setNotice(t('mail.dismissedAll', { count: dismissed }));
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}
