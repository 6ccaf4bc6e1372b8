import { Badge, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../session';
import { explainRouting, formatKm, progressReason, stepActor } from './explanation';
import { timeLeft } from './money';
import type { LeadCandidate, LeadExplanation, LeadStatus, LeadStep } from './types';

// The pieces the operator's and the partner's lead pages share.

const STATUS_COLOUR: Record<LeadStatus, string> = {
  queued: 'orange',
  offered: 'blue',
  accepted: 'indigo',
  won: 'teal',
  lost: 'gray',
  cancelled: 'gray',
};

export function LeadStatusBadge({ status }: { status: LeadStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOUR[status]} variant="light" radius="sm" miw="max-content">
      {t(`leads.statuses.${status}`)}
    </Badge>
  );
}

/** "noch 9 Tage" / "9 days left" until the partner's protection ends. */
export function useTimeLeft(): (until: string) => string {
  const { t } = useTranslation();
  return (until) => {
    const left = timeLeft(until, new Date());
    switch (left.unit) {
      case 'days':
        return t('leads.timeLeft.days', { count: left.count });
      case 'hours':
        return t('leads.timeLeft.hours', { count: left.count });
      case 'soon':
        return t('leads.timeLeft.soon');
      case 'expired':
        return t('leads.timeLeft.expired');
    }
  };
}

/** The deadline with the time left beneath it; nothing while no partner holds the lead. */
export function ProtectionDeadline({ until, status }: { until: string | null; status: LeadStatus }) {
  const format = useFormat();
  const left = useTimeLeft();
  if (until === null || status !== 'offered') return <Text size="sm">—</Text>;
  const expired = new Date(until).getTime() <= Date.now();
  return (
    <div>
      <Text size="sm">{format.dateTime(until)}</Text>
      <Text size="xs" c={expired ? 'red.8' : 'dimmed'} fw={expired ? 600 : undefined}>
        {left(until)}
      </Text>
    </div>
  );
}

/** The routing explanation as sentences in the reader's language. */
export function RoutingExplanationText({ explanation }: { explanation: LeadExplanation }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap={4} data-testid="routing-explanation">
      {explainRouting(explanation, t, i18n.language).map((sentence) => (
        <Text key={sentence} size="sm">
          {sentence}
        </Text>
      ))}
    </Stack>
  );
}

/** The partners routing looked at: distance and why each was passed over. */
export function CandidatesTable({
  candidates,
  chosenPartnerId,
  names,
}: {
  candidates: LeadCandidate[];
  chosenPartnerId: string | null;
  names: Map<string, string>;
}) {
  const { t, i18n } = useTranslation();
  if (candidates.length === 0) return <Text c="dimmed">{t('leads.routing.candidatesEmpty')}</Text>;
  return (
    <Table.ScrollContainer
      minWidth={340}
      type="native"
      tabIndex={0}
      aria-label={t('leads.routing.candidates')}
    >
      <Table verticalSpacing="xs" fz="sm" data-testid="routing-candidates">
        <VisuallyHidden component="caption">{t('leads.routing.candidates')}</VisuallyHidden>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('leads.partner')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('leads.routing.distance')}
            </Table.Th>
            <Table.Th scope="col">{t('leads.routing.result')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {candidates.map((candidate) => (
            <Table.Tr key={candidate.partnerId}>
              <Table.Td>
                {candidate.partnerName ?? names.get(candidate.partnerId) ?? candidate.partnerId}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {candidate.distanceKm === null
                  ? t('leads.routing.unknownDistance')
                  : formatKm(candidate.distanceKm, i18n.language)}
              </Table.Td>
              <Table.Td>
                {candidate.excluded !== null ? (
                  <Text size="sm" c="dimmed">
                    {t(`leads.excluded.${candidate.excluded}`)}
                  </Text>
                ) : candidate.partnerId === chosenPartnerId ? (
                  <Text size="sm" fw={600} c="teal.9">
                    {t('leads.routing.chosen')}
                  </Text>
                ) : (
                  <Text size="sm">{t('leads.routing.eligible')}</Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Every routing step with time, action, actor, partner and reason; newest last, as it happened. */
export function LeadHistory({ steps }: { steps: LeadStep[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (steps.length === 0) return <Text c="dimmed">{t('leads.history.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={720} type="native" tabIndex={0} aria-label={t('leads.history.title')}>
      <Table striped verticalSpacing="sm" fz="sm" data-testid="lead-history">
        <VisuallyHidden component="caption">{t('leads.history.title')}</VisuallyHidden>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('leads.history.time')}</Table.Th>
            <Table.Th scope="col">{t('leads.history.action')}</Table.Th>
            <Table.Th scope="col">{t('leads.history.actor')}</Table.Th>
            <Table.Th scope="col">{t('leads.history.partner')}</Table.Th>
            <Table.Th scope="col">{t('leads.history.reason')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {steps.map((step) => (
            <Table.Tr key={`${step.at}-${step.action}-${step.partnerId ?? ''}`}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.dateTime(step.at)}</Table.Td>
              <Table.Td>
                <Badge variant="outline" radius="sm" tt="none" miw="max-content">
                  {t(`leads.actions.${step.action}`)}
                </Badge>
              </Table.Td>
              <Table.Td>{stepActor(step.actor, t)}</Table.Td>
              <Table.Td>{step.partnerName ?? '—'}</Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  {step.reason !== null && step.reason !== '' && (
                    <Text size="sm">
                      {step.action === 'progress' ? progressReason(step.reason, t) : step.reason}
                    </Text>
                  )}
                  {step.explanation !== null && (
                    <Text size="xs" c="dimmed">
                      <StepExplanation explanation={step.explanation} />
                    </Text>
                  )}
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function StepExplanation({ explanation }: { explanation: LeadExplanation }) {
  const { t, i18n } = useTranslation();
  return <>{explainRouting(explanation, t, i18n.language).join(' ')}</>;
}
