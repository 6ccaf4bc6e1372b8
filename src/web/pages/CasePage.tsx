import { Alert, Anchor, Badge, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, isApiError } from '../api';
import { PriorityBadge, StatusBadge } from '../cases/CaseBadges';
import { CommitmentsPanel, FactsPanel, Panel } from '../cases/CasePanels';
import { BlockAlert, BlockBadge, CustomerBalance } from '../cases/CustomerBilling';
import { EscalateButton } from '../cases/EscalateButton';
import { MergeAction } from '../cases/MergePicker';
import { AuditHistory, ClocksPanel, LinksPanel, PropertiesPanel } from '../cases/OperatorPanels';
import { nextCaseAfter } from '../cases/order';
import { DecisionsPanel, PromisesAndDecisions } from '../cases/PromisesAndDecisions';
import { caseQuery, caseUrl, timelineQuery, useCaseMutation } from '../cases/queries';
import { type ReplyCommand, ReplyEditor } from '../cases/ReplyEditor';
import { StatusLinksPanel } from '../cases/StatusLinksPanel';
import { Timeline } from '../cases/Timeline';
import type { CaseDetail } from '../cases/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { Facts } from '../components/Facts';
import { PageLoader } from '../components/PageLoader';
import { usePageTitle } from '../components/usePageTitle';
import { useShortcut } from '../components/useShortcut';
import { MentionSuggestionsPanel } from '../monitoring/MentionSuggestionsPanel';
import { ReturnsPanel } from '../returns/ReturnsPanel';
import { audienceOf, canEscalate, canReadAudit, canWorkReturns } from '../roles';
import { useFormat, useMe } from '../session';
import { DiagnosePanel } from '../triage/DiagnosePanel';

export default function CasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const audience = audienceOf(me.roles);
  const isOperator = audience === 'operator';
  const navigate = useNavigate();
  const fmt = useFormat();
  const location = useLocation();
  const mergedFrom = (location.state as { mergedFrom?: string } | null)?.mergedFrom;
  const kase = useQuery(caseQuery(id));
  const timeline = useQuery({ ...timelineQuery(id), enabled: kase.isSuccess });
  const [command, setCommand] = useState<ReplyCommand>(null);
  usePageTitle(kase.data ? `${kase.data.number} ${kase.data.subject}` : t('cases.case'));

  const assign = useCaseMutation(id, () => api.patch<CaseDetail>(caseUrl(id), { assigneeId: me.id }));

  // The timeline follows the case: when the case changes (live event or own change) it refetches.
  const updatedAt = kase.data?.updatedAt;
  const refetchTimeline = timeline.refetch;
  useEffect(() => {
    if (updatedAt) void refetchTimeline();
  }, [updatedAt, refetchTimeline]);

  // An old number of a merged case answers with the case it was merged into: the address follows,
  // so changes go to the case that lives on and the reader learns why the number changed.
  const shownId = kase.data?.id;
  const shownNumber = kase.data?.number;
  useEffect(() => {
    if (shownId && shownNumber && id !== shownId && id !== shownNumber)
      void navigate(`/cases/${shownNumber}`, { replace: true, state: { mergedFrom: id } });
  }, [id, shownId, shownNumber, navigate]);

  useShortcut(
    'n',
    () => {
      const next = kase.data ? nextCaseAfter(kase.data.id) : undefined;
      if (next) void navigate(`/cases/${next}`);
    },
    isOperator,
  );
  useShortcut('r', () => setCommand((c) => ({ visibility: 'public', seq: (c?.seq ?? 0) + 1 })));
  useShortcut('i', () => setCommand((c) => ({ visibility: 'internal', seq: (c?.seq ?? 0) + 1 })), isOperator);
  useShortcut('a', () => assign.mutate(undefined), isOperator);
  // Below the two-column layout (Mantine's lg), promises and decisions come before the history.
  const stacked = useMediaQuery('(max-width: 74.99em)') ?? false;

  if (kase.isPending) return <PageLoader />;
  if (kase.isError) {
    const notFound = isApiError(kase.error, 404);
    return (
      <Stack maw={640}>
        <ErrorAlert error={kase.error} title={notFound ? t('cases.notFoundTitle') : undefined}>
          {notFound && <Text size="sm">{t('cases.notFound')}</Text>}
        </ErrorAlert>
        <Anchor component={Link} to="/cases">
          {t('cases.backToList')}
        </Anchor>
      </Stack>
    );
  }
  const c = kase.data;
  const showVisibility = audience !== 'customer';
  const openCommitments = c.commitments.filter((x) => x.status === 'open');

  return (
    <Stack gap="md">
      <div>
        <Anchor component={Link} to="/cases" size="sm">
          ← {t('cases.backToList')}
        </Anchor>
        <Group gap="sm" mt={4} align="center" wrap="wrap">
          <Title order={1}>
            <Text span c="dimmed" inherit fw={500}>
              {c.number}
            </Text>{' '}
            {c.subject}
          </Title>
          {/* Merging sits with the case it acts on, where a duplicate is recognised: at its title. */}
          {isOperator && c.status !== 'closed' && !c.mergedInto && <MergeAction kase={c} />}
        </Group>
        <Group gap="xs" mt={6} wrap="wrap" data-testid="case-header">
          <StatusBadge status={c.status} plain={audience === 'customer'} />
          {isOperator && <PriorityBadge priority={c.priority} />}
          <Badge variant="outline" color="gray" radius="sm">
            {t(`cases.type.${c.type}`)}
          </Badge>
          {c.breaching && (
            <Badge color="red" variant="filled" radius="sm">
              {t('cases.breaching')}
            </Badge>
          )}
          <BlockBadge billing={c.billing} />
          <Text size="sm" c="dimmed">
            {t('cases.openedAt', { at: fmt.dateTime(c.createdAt), channel: t(`cases.channel.${c.channel}`) })}
            {isOperator && c.contact && ` · ${t('cases.headerContact', { name: c.contact.name })}`}
          </Text>
        </Group>
        {audience === 'customer' && (
          <Text mt="xs" data-testid="status-explained">
            {t(`cases.statusExplained.${c.status}`)}
          </Text>
        )}
      </div>
      <BlockAlert billing={c.billing} />
      {mergedFrom && (
        <Alert color="blue" data-testid="merged-from">
          {/^[0-9a-f-]{36}$/i.test(mergedFrom)
            ? t('cases.mergedFromCase', { into: c.number })
            : t('cases.mergedFrom', { from: mergedFrom, into: c.number })}
        </Alert>
      )}
      {c.mergedInto && (
        <Alert color="blue">
          {t('cases.mergedInto')}{' '}
          <Anchor component={Link} to={`/cases/${c.mergedInto.number}`}>
            {c.mergedInto.number}
          </Anchor>
        </Alert>
      )}

      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            {stacked && <PromisesAndDecisions kase={c} audience={audience} />}
            {/* Stacked, the commitments panel stands right above: no second list of the same promises. */}
            {!stacked && audience !== 'operator' && openCommitments.length > 0 && (
              <Alert color="blue" variant="light" title={t('cases.commitments.promised')}>
                {openCommitments.map((x) => (
                  <Text key={x.id} size="sm">
                    {x.description} – {t('cases.commitments.dueShort', { at: fmt.dateTime(x.dueAt) })}
                  </Text>
                ))}
              </Alert>
            )}
            <section aria-labelledby="timeline-heading">
              <Title order={2} size="h4" id="timeline-heading" mb="sm">
                {t('cases.timeline.title')}
              </Title>
              {timeline.isError && <ErrorAlert error={timeline.error} />}
              {timeline.isPending ? (
                <PageLoader />
              ) : (
                <Timeline
                  entries={timeline.data?.items ?? []}
                  caseId={c.id}
                  showVisibility={showVisibility}
                  plain={audience === 'customer'}
                />
              )}
            </section>
            <ReplyEditor key={c.id} kase={c} audience={audience} command={command} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }} className="cd-side">
          <Stack gap="md">
            <Panel title={t('cases.details')} id="details-heading">
              <Facts
                items={[
                  {
                    label: t('cases.field.customer'),
                    value:
                      isOperator || audience === 'partner' ? (
                        <>
                          <Anchor component={Link} to={`/organisations/${c.customer.id}`} size="sm">
                            {c.customer.name}
                          </Anchor>
                          <CustomerBalance billing={c.billing} />
                        </>
                      ) : (
                        c.customer.name
                      ),
                  },
                  { label: t('cases.field.contact'), value: c.contact?.name },
                  { label: t('cases.field.partner'), value: c.partner?.name },
                  ...(isOperator ? [{ label: t('cases.field.thirdParty'), value: c.thirdParty?.name }] : []),
                  { label: t('cases.field.assignee'), value: c.assignee?.name ?? t('cases.unassigned') },
                  { label: t('cases.field.updatedAt'), value: fmt.dateTime(c.updatedAt) },
                ]}
              />
              {canEscalate(me.roles) && (
                <Group mt="sm" gap="xs">
                  <EscalateButton kase={c} />
                </Group>
              )}
            </Panel>
            {isOperator && <PropertiesPanel kase={c} />}
            {isOperator && <ClocksPanel kase={c} />}
            {c.type === 'fault' && (
              <DiagnosePanel kase={c} audience={audience} canRecordAppointments={canEscalate(me.roles)} />
            )}
            <FactsPanel kase={c} audience={audience} />
            {!stacked && <CommitmentsPanel kase={c} audience={audience} />}
            {/* Status links are the customer's: the operator and the customer manage them, a partner does not. */}
            {audience !== 'partner' && <StatusLinksPanel kase={c} />}
            <ReturnsPanel kase={c} canWork={canWorkReturns(me.roles)} isOperator={isOperator} />
            {!stacked && <DecisionsPanel kase={c} audience={audience} />}
            {isOperator && c.type === 'mention' && <MentionSuggestionsPanel kase={c} />}
            {(isOperator || c.links.length > 0) && <LinksPanel kase={c} canEdit={isOperator} />}
            {canReadAudit(me.roles) && <AuditHistory kase={c} />}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
