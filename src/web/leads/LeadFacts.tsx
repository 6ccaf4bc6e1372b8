import { Alert, Anchor, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useProductLineLabel } from '../channel/common';
import { Facts } from '../components/Facts';
import { usePageTitle } from '../components/usePageTitle';
import { formatCents } from '../money';
import { useFormat } from '../session';
import { LeadStatusBadge, ProtectionDeadline } from './LeadParts';
import type { Lead } from './types';

/** The lead's heading: number, customer, status. */
export function LeadHeading({ lead }: { lead: Lead }) {
  const { t } = useTranslation();
  usePageTitle(`${lead.number} · ${lead.customer.name}`);
  return (
    <div>
      <Text size="sm" c="dimmed">
        {t('leads.title')} · {lead.number} · {t(`leads.kinds.${lead.kind}`)}
      </Text>
      <Title order={1}>{lead.customer.name}</Title>
      <div style={{ marginTop: 6 }}>
        <LeadStatusBadge status={lead.status} />
      </div>
    </div>
  );
}

function Address({ lead }: { lead: Lead }) {
  const c = lead.customer;
  const lines = [c.street, [c.postalCode, c.city].filter(Boolean).join(' ')].filter(
    (line): line is string => line !== null && line !== '',
  );
  if (lines.length === 0) return null;
  return (
    <address style={{ fontStyle: 'normal' }}>
      {lines.map((line) => (
        <div key={line}>{line}</div>
      ))}
    </address>
  );
}

/**
 * What the lead is about. `customerLink`: the operator may open the customer; a partner that is not
 * its reseller of record sees only name and address.
 */
export function LeadFacts({ lead, customerLink }: { lead: Lead; customerLink: boolean }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const asset = lead.asset;
  const lineLabel = useProductLineLabel();
  return (
    <Facts
      items={[
        {
          label: t('leads.customer'),
          value: customerLink ? (
            <Anchor component={Link} to={`/organisations/${lead.customer.id}`} size="sm">
              {lead.customer.name}
            </Anchor>
          ) : (
            lead.customer.name
          ),
        },
        { label: t('leads.detail.address'), value: <Address lead={lead} /> },
        { label: t('leads.kind'), value: t(`leads.kinds.${lead.kind}`) },
        {
          label: t('leads.detail.productLine'),
          value: lead.productLine === null ? null : lineLabel(lead.productLine),
        },
        {
          label: t('leads.detail.asset'),
          value: asset ? (
            <Stack gap={0}>
              <Text size="sm">
                {asset.productModel} · {asset.serial}
              </Text>
              {asset.warrantyEnd !== null && (
                <Text size="xs" c="dimmed">
                  {t('leads.detail.warrantyEnd')} {format.date(asset.warrantyEnd)}
                </Text>
              )}
            </Stack>
          ) : null,
        },
        {
          label: t('leads.detail.note'),
          value: lead.note ? (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {lead.note}
            </Text>
          ) : null,
        },
        { label: t('leads.detail.source'), value: t(`leads.sources.${lead.source}`) },
        { label: t('leads.partner'), value: lead.partner?.name ?? t('leads.noPartner') },
        // The deadline matters only while the lead is offered.
        ...(lead.status === 'offered' && lead.protectedUntil !== null
          ? [
              {
                label: t('leads.protectedUntil'),
                value: <ProtectionDeadline until={lead.protectedUntil} status={lead.status} />,
              },
            ]
          : []),
        { label: t('leads.createdAt'), value: format.dateTime(lead.createdAt) },
        // The partner's work: only the lines that say something, so an offered lead stays short.
        ...[
          { label: t('leads.detail.assigned'), value: lead.assignedPerson?.name },
          { label: t('leads.stage'), value: lead.stage ? t(`leads.stages.${lead.stage}`) : null },
          {
            label: t('leads.detail.nextActivity'),
            value: lead.nextActivityAt
              ? `${format.dateTime(lead.nextActivityAt)}${lead.nextActivityNote ? ` · ${lead.nextActivityNote}` : ''}`
              : lead.nextActivityNote,
          },
          {
            label: t('leads.detail.expectedValue'),
            value:
              lead.expectedValueCents === null ? null : formatCents(lead.expectedValueCents, i18n.language),
          },
          {
            label: t('leads.detail.outcome'),
            value: lead.outcome ? <OutcomeText outcome={lead.outcome} /> : null,
          },
        ].filter((item) => item.value !== null && item.value !== undefined && item.value !== ''),
      ]}
    />
  );
}

function OutcomeText({ outcome }: { outcome: NonNullable<Lead['outcome']> }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const date = outcome.date === '' ? '—' : format.date(outcome.date);
  return (
    <Stack gap={0}>
      <Text size="sm" fw={600}>
        {outcome.outcome === 'won'
          ? t('leads.outcome.wonText', {
              date,
              value: outcome.valueCents === null ? '—' : formatCents(outcome.valueCents, i18n.language),
            })
          : t('leads.outcome.lostText', { date })}
      </Text>
      {outcome.reason !== '' && <Text size="sm">{outcome.reason}</Text>}
    </Stack>
  );
}

/** A lead outside the reader's scope is answered 404, exactly like a missing one. */
export function LeadNotVisible({ backTo }: { backTo: string }) {
  const { t } = useTranslation();
  usePageTitle(t('leads.detail.notFoundTitle'));
  return (
    <Stack maw={640}>
      <Title order={1}>{t('leads.detail.notFoundTitle')}</Title>
      <Alert color="gray" variant="light" role="status">
        <Text size="sm">{t('leads.detail.notFound')}</Text>
      </Alert>
      <Anchor component={Link} to={backTo}>
        {t('leads.detail.back')}
      </Anchor>
    </Stack>
  );
}
