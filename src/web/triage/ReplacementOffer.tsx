import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api';
import { caseUrl, useCaseMutation } from '../cases/queries';
import type { CaseDetail } from '../cases/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { useFormat } from '../session';

type Partner = { id: string; name: string };
export type ReplacementState = {
  offer: {
    runId: string;
    kind: 'return' | 'new_device_lead' | 'device_unknown';
    device: {
      product: string;
      serial: string | null;
      warrantyEnd: string | null;
      inInstalledBase: boolean;
    } | null;
    warranty: 'valid' | 'unknown' | 'expired' | null;
    partner: Partner | null;
    to: 'reseller_of_record' | 'routing' | null;
  } | null;
  opened: {
    kind: 'return' | 'new_device_lead';
    return: { id: string; number: string; state: string } | null;
    lead: { id: string; number: string; status: string; partner: Partner | null } | null;
  } | null;
};

/** Where the lead is read: the channel pages for the operator, the partner's own lead page for its holder. */
function leadHref(lead: NonNullable<ReplacementState['opened']>['lead'], isOperator: boolean): string | null {
  if (!lead) return null;
  if (isOperator) return `/channel/leads/${lead.id}`;
  return lead.partner ? `/leads/${lead.id}` : null;
}

/**
 * Device fault: the replacement the checklist offers, with one button (a return in warranty, a
 * new-device lead for the reseller of record after it); once opened, a link to the return or lead.
 */
export function ReplacementOffer({
  kase,
  replacement,
  isOperator,
}: {
  kase: CaseDetail;
  replacement: ReplacementState;
  isOperator: boolean;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { offer, opened } = replacement;
  const open = useCaseMutation(kase.id, (runId: string) =>
    api.post(`${caseUrl(kase.id)}/checklist-runs/${runId}/replacement`, {}),
  );
  if (opened) {
    if (opened.return)
      return (
        <Alert color="green" title={t('triage.replacement.returnOpened')} data-testid="replacement">
          <Anchor href="#returns-heading">{opened.return.number}</Anchor>
        </Alert>
      );
    const href = leadHref(opened.lead, isOperator);
    const number = opened.lead?.number ?? '';
    return (
      <Alert color="green" title={t('triage.replacement.leadOpened')} data-testid="replacement">
        {href ? (
          <Anchor component={Link} to={href}>
            {number}
          </Anchor>
        ) : (
          <Text size="sm">{t('triage.replacement.leadElsewhere', { number })}</Text>
        )}
      </Alert>
    );
  }
  if (!offer || kase.status === 'closed') return null;
  if (offer.kind === 'device_unknown' || !offer.device)
    return (
      <Alert color="yellow" title={t('triage.replacement.title')} data-testid="replacement">
        {t('triage.replacement.deviceUnknown')}
      </Alert>
    );
  const device = [offer.device.product, offer.device.serial].filter(Boolean).join(' · ');
  const until = offer.device.warrantyEnd ? fmt.date(offer.device.warrantyEnd) : '';
  const text =
    offer.kind === 'return'
      ? offer.warranty === 'valid'
        ? t('triage.replacement.returnInWarranty', { device, date: until })
        : t('triage.replacement.returnWarrantyUnknown', { device })
      : offer.partner
        ? t('triage.replacement.leadToPartner', { device, date: until, partner: offer.partner.name })
        : offer.to === 'reseller_of_record'
          ? t('triage.replacement.leadToReseller', { device, date: until })
          : t('triage.replacement.leadToRouting', { device, date: until });
  return (
    <Alert
      color={offer.kind === 'return' ? 'grape' : 'blue'}
      title={t('triage.replacement.title')}
      data-testid="replacement"
    >
      <Stack gap="xs">
        <Text size="sm">{text}</Text>
        <Button
          onClick={() => open.mutate(offer.runId)}
          loading={open.isPending}
          h="auto"
          py={6}
          styles={{ label: { whiteSpace: 'normal', textAlign: 'center' } }}
        >
          {offer.kind === 'return' ? t('triage.replacement.openReturn') : t('triage.replacement.openLead')}
        </Button>
        {open.isError && <ErrorAlert error={open.error} />}
      </Stack>
    </Alert>
  );
}
