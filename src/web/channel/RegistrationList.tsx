import { Anchor, Badge, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatCents } from '../money';
import { useFormat } from '../session';
import { useProductLineLabel } from './common';
import type { DealRegistration, RegistrationConflict } from './types';

const STATUS_COLOUR = { pending: 'yellow', approved: 'teal', rejected: 'gray' } as const;

export function StatusBadge({ status }: { status: DealRegistration['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOUR[status]} variant="light" radius="sm" miw="max-content">
      {t(`registrations.statuses.${status}`)}
    </Badge>
  );
}

/** One conflict in words: the operator learns whose protection, the partner only that one exists. */
function ConflictText({ conflict }: { conflict: RegistrationConflict }) {
  const { t } = useTranslation();
  const format = useFormat();
  const text =
    conflict.kind === 'existing_customer'
      ? t('registrations.conflicts.existing_customer', { customer: conflict.customerName ?? '' })
      : conflict.partnerName
        ? t(`registrations.conflicts.${conflict.kind}`, { partner: conflict.partnerName })
        : t(`registrations.conflictsPartner.${conflict.kind}`);
  return (
    <Text size="xs" c="red.9">
      {text}
      {conflict.until ? ` ${t('registrations.conflicts.until', { date: format.date(conflict.until) })}` : ''}
    </Text>
  );
}

export function Conflicts({ conflicts }: { conflicts: RegistrationConflict[] }) {
  const { t } = useTranslation();
  if (conflicts.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('registrations.noConflict')}
      </Text>
    );
  return (
    <Stack gap={2} data-testid="registration-conflicts">
      <Badge color="red.8" variant="filled" radius="sm" tt="none" w="max-content">
        {t('registrations.conflictCount', { count: conflicts.length })}
      </Badge>
      {conflicts.map((conflict) => (
        <ConflictText
          key={`${conflict.kind}-${conflict.partnerId ?? conflict.customerId ?? ''}`}
          conflict={conflict}
        />
      ))}
    </Stack>
  );
}

/** Registrations as a table; `showPartner` adds the partner column (the operator's view). */
export function RegistrationTable({
  items,
  caption,
  showPartner = false,
}: {
  items: DealRegistration[];
  caption: string;
  showPartner?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const lineLabel = useProductLineLabel();
  return (
    <Table.ScrollContainer minWidth={showPartner ? 980 : 820} type="native" tabIndex={0} aria-label={caption}>
      <Table striped verticalSpacing="sm" fz="sm">
        <VisuallyHidden component="caption">{caption}</VisuallyHidden>
        <Table.Thead>
          <Table.Tr>
            {showPartner && <Table.Th scope="col">{t('registrations.partner')}</Table.Th>}
            <Table.Th scope="col">{t('registrations.subject')}</Table.Th>
            <Table.Th scope="col">{t('registrations.productLine')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('registrations.expectedValue')}
            </Table.Th>
            <Table.Th scope="col">{t('registrations.closeDate')}</Table.Th>
            <Table.Th scope="col">{t('registrations.conflictsTitle')}</Table.Th>
            <Table.Th scope="col">{t('registrations.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((r) => {
            const subject = r.customer?.name ?? r.prospectName;
            return (
              <Table.Tr key={r.id} data-registration={r.id}>
                {showPartner && (
                  <Table.Td>
                    <Anchor component={Link} to={`/organisations/${r.partner.id}`} size="sm">
                      {r.partner.name}
                    </Anchor>
                  </Table.Td>
                )}
                <Table.Td>
                  {r.customer && showPartner ? (
                    <Anchor component={Link} to={`/organisations/${r.customer.id}`} size="sm" fw={500}>
                      {r.customer.name}
                    </Anchor>
                  ) : (
                    <Text size="sm" fw={500}>
                      {subject}
                    </Text>
                  )}
                  <Text size="xs" c="dimmed">
                    {r.customer
                      ? t('registrations.customerKind')
                      : t('registrations.prospectKind', { postalCode: r.prospectPostalCode ?? '' })}
                  </Text>
                  {r.note && (
                    <Text size="xs" c="dimmed" lineClamp={2} title={r.note}>
                      {r.note}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{lineLabel(r.productLine)}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {formatCents(r.expectedValueCents, i18n.language)}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {format.date(`${r.closeDate}T12:00:00Z`)}
                </Table.Td>
                <Table.Td>
                  <Conflicts conflicts={r.conflicts} />
                </Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    <StatusBadge status={r.status} />
                    {r.decision && (
                      <Text size="xs" c="dimmed">
                        {t('registrations.decidedBy', {
                          name: r.decision.by?.name ?? t('common.none'),
                          date: format.date(r.decision.at),
                        })}
                        : {r.decision.reason}
                      </Text>
                    )}
                    {r.status === 'approved' && r.protectedUntil && (
                      <Text size="xs">
                        {t('registrations.protectedUntil', { date: format.date(r.protectedUntil) })}
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
