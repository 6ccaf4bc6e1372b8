import { Badge, Box, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, isApiError } from '../api';
import { useLooseT } from '../cases/CaseBadges';
import type { PublicCaseStatus } from '../cases/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { PageLoader } from '../components/PageLoader';
import { usePageTitle } from '../components/usePageTitle';
import { formatDateTime } from '../format';
import { ReturnView } from '../returns/ReturnView';
import type { CaseReturn } from '../returns/types';

/** The case's public view behind a signed link: no login, only public content. */
export default function PublicStatusPage() {
  const { token = '' } = useParams();
  const { t, i18n } = useTranslation();
  const tt = useLooseT();
  usePageTitle(t('publicStatus.title'));
  const status = useQuery({
    queryKey: ['public-status', token],
    queryFn: ({ signal }) =>
      api.get<PublicCaseStatus>(`/api/public/case-status/${encodeURIComponent(token)}`, undefined, signal),
  });
  const returns = useQuery({
    queryKey: ['public-status', token, 'returns', i18n.language],
    enabled: status.isSuccess,
    queryFn: ({ signal }) =>
      api.get<{ items: CaseReturn[] }>(
        `/api/public/case-status/${encodeURIComponent(token)}/returns?lang=${i18n.language === 'en' ? 'en' : 'de'}`,
        undefined,
        signal,
      ),
  });
  const dt = (iso: string) => formatDateTime(iso, i18n.language, 'Europe/Berlin');
  const s = status.data;
  const known = (key: string): string => (i18n.exists(key) ? tt(key) : (key.split('.').pop() ?? key));
  return (
    <Box className="cd-public">
      <Group component="header" justify="space-between" px="lg" py="md">
        <Text className="cd-brand">{t('common.appName')}</Text>
        <LanguageSwitch />
      </Group>
      <Box component="main" id="main" px="md" py="lg" maw={820} mx="auto">
        {status.isPending ? (
          <PageLoader />
        ) : isApiError(status.error, 410) ? (
          // A revoked link is not a fault to report: it says plainly what happened and what to do.
          <Stack gap="xs">
            <Title order={1}>{t('publicStatus.revokedTitle')}</Title>
            <Text data-testid="status-link-revoked">{t('publicStatus.revoked')}</Text>
          </Stack>
        ) : status.isError ? (
          <ErrorAlert
            error={status.error}
            title={isApiError(status.error, 404) ? t('publicStatus.invalidTitle') : undefined}
          >
            {isApiError(status.error, 404) && <Text size="sm">{t('publicStatus.invalid')}</Text>}
          </ErrorAlert>
        ) : s ? (
          <Stack gap="md">
            <div>
              <Text c="dimmed">{t('publicStatus.title')}</Text>
              <Title order={1}>
                {s.number}: {s.subject}
              </Title>
              <Group gap="xs" mt="xs">
                <Badge variant="light" radius="sm">
                  {known(`cases.statusPlain.${s.status}`)}
                </Badge>
                <Text size="sm" c="dimmed">
                  {t('publicStatus.updated', { at: dt(s.updatedAt) })}
                </Text>
              </Group>
              <Text mt="xs">{known(`cases.statusExplained.${s.status}`)}</Text>
            </div>
            {(returns.data?.items.length ?? 0) > 0 && (
              <Card withBorder component="section" aria-labelledby="ps-returns">
                <Title order={2} size="h4" id="ps-returns" mb="xs">
                  {t('returns.title')}
                </Title>
                <Stack gap="md">
                  {returns.data?.items.map((r) => (
                    <ReturnView key={r.id} item={r} showNotes={false} dateTime={dt} />
                  ))}
                </Stack>
              </Card>
            )}
            {s.commitments.length > 0 && (
              <Card withBorder component="section" aria-labelledby="ps-commitments">
                <Title order={2} size="h4" id="ps-commitments" mb="xs">
                  {t('cases.commitments.title')}
                </Title>
                {s.commitments.map((c) => (
                  <Text key={`${c.description}-${c.dueAt}`} size="sm">
                    {c.description} – {t('cases.commitments.dueShort', { at: dt(c.dueAt) })} (
                    {known(`cases.commitments.status.${c.status}`)})
                  </Text>
                ))}
              </Card>
            )}
            {s.decisions.length > 0 && (
              <Card withBorder component="section" aria-labelledby="ps-decisions">
                <Title order={2} size="h4" id="ps-decisions" mb="xs">
                  {t('cases.decision.title')}
                </Title>
                {s.decisions.map((d) => (
                  <Text key={d.decidedAt} size="sm">
                    {known(`cases.decision.outcome.${d.outcome}`)}: {d.policy}
                    {d.conditions
                      ? ` – ${t('cases.decision.conditionsLine', { conditions: d.conditions })}`
                      : ''}
                  </Text>
                ))}
              </Card>
            )}
            {s.facts.length > 0 && (
              <Card withBorder component="section" aria-labelledby="ps-facts">
                <Title order={2} size="h4" id="ps-facts" mb="xs">
                  {t('cases.facts.title')}
                </Title>
                {s.facts.map((f) => (
                  <Text key={f.label} size="sm">
                    {f.label}: {f.value}
                  </Text>
                ))}
              </Card>
            )}
            {s.timeline.some((e) => e.type === 'appointment_scheduled') && (
              <Card withBorder component="section" aria-labelledby="ps-appointments">
                <Title order={2} size="h4" id="ps-appointments" mb="xs">
                  {t('triage.appointment.title')}
                </Title>
                {s.timeline
                  .filter((e) => e.type === 'appointment_scheduled')
                  .map((e) => {
                    const d = (e.data ?? {}) as Record<string, string | null>;
                    return (
                      <Text key={`${e.at}-appointment`} size="sm">
                        {t('triage.appointment.line', { date: d.date, from: d.from, to: d.to })}
                        {d.note ? ` – ${d.note}` : ''}
                      </Text>
                    );
                  })}
              </Card>
            )}
            <Card withBorder component="section" aria-labelledby="ps-timeline">
              <Title order={2} size="h4" id="ps-timeline" mb="xs">
                {t('cases.timeline.title')}
              </Title>
              <Stack gap="sm">
                {s.timeline
                  .filter((e) => e.kind === 'message')
                  .map((e) => (
                    <div key={`${e.at}-${e.author}`}>
                      <Text size="xs" c="dimmed">
                        {dt(e.at)} · {e.author}
                      </Text>
                      <Text size="sm" className="cd-message__body">
                        {e.body}
                      </Text>
                    </div>
                  ))}
              </Stack>
            </Card>
          </Stack>
        ) : null}
      </Box>
    </Box>
  );
}
