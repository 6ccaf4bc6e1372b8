import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  Textarea,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { useFormat } from '../session';
import { fieldErrors, useProductLineLabel } from './common';
import { formatCents } from './money';
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
      <Badge color="red" variant="filled" radius="sm" tt="none" w="max-content">
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

type Decision = 'approve' | 'reject';

function DecisionModal({
  registration,
  decision,
  onClose,
}: {
  registration: DealRegistration | null;
  decision: Decision;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const decide = useMutation({
    mutationFn: () =>
      api.post<DealRegistration>(`/api/deal-registrations/${registration?.id ?? ''}/${decision}`, {
        reason: reason.trim(),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['deal-registrations'] });
      setReason('');
      onClose();
    },
  });
  const serverError = fieldErrors(decide.error)('reason');
  const close = () => {
    setReason('');
    setMissing(false);
    decide.reset();
    onClose();
  };
  const subject = registration?.customer?.name ?? registration?.prospectName ?? '';
  return (
    <Modal
      opened={registration !== null}
      onClose={close}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      title={
        decision === 'approve'
          ? t('registrations.decide.approveTitle')
          : t('registrations.decide.rejectTitle')
      }
      centered
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (reason.trim() === '') {
            setMissing(true);
            return;
          }
          decide.mutate();
        }}
      >
        <Stack>
          <Text size="sm">
            {t('registrations.decide.text', {
              partner: registration?.partner.name ?? '',
              subject,
            })}
          </Text>
          {registration && registration.conflicts.length > 0 && (
            <Conflicts conflicts={registration.conflicts} />
          )}
          <Textarea
            label={t('registrations.decide.reason')}
            description={t('registrations.decide.reasonHint')}
            required
            autosize
            minRows={3}
            maxLength={1000}
            data-autofocus
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setMissing(false);
            }}
            error={
              missing
                ? t('validation.required')
                : serverError
                  ? t('channel.fieldError', { message: serverError })
                  : undefined
            }
          />
          {decide.isError && !serverError && <ErrorAlert error={decide.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color={decision === 'approve' ? 'teal' : 'red'} loading={decide.isPending}>
              {decision === 'approve' ? t('registrations.decide.approve') : t('registrations.decide.reject')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Registrations as a table; `decide` adds approve/reject for the channel manager, `showPartner` the partner column. */
export function RegistrationTable({
  items,
  caption,
  decide = false,
  showPartner = false,
}: {
  items: DealRegistration[];
  caption: string;
  decide?: boolean;
  showPartner?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const lineLabel = useProductLineLabel();
  const [deciding, setDeciding] = useState<{ registration: DealRegistration; decision: Decision } | null>(
    null,
  );
  return (
    <>
      <Table.ScrollContainer
        minWidth={showPartner ? 980 : 820}
        type="native"
        tabIndex={0}
        aria-label={caption}
      >
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
              {decide && (
                <Table.Th scope="col">
                  <VisuallyHidden>{t('registrations.decide.actions')}</VisuallyHidden>
                </Table.Th>
              )}
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
                  {decide && (
                    <Table.Td>
                      {r.status === 'pending' && (
                        <Group gap="xs" wrap="nowrap">
                          <Button
                            size="xs"
                            color="teal"
                            onClick={() => setDeciding({ registration: r, decision: 'approve' })}
                            aria-label={`${t('registrations.decide.approve')}: ${subject} (${r.partner.name})`}
                          >
                            {t('registrations.decide.approve')}
                          </Button>
                          <Button
                            size="xs"
                            variant="default"
                            onClick={() => setDeciding({ registration: r, decision: 'reject' })}
                            aria-label={`${t('registrations.decide.reject')}: ${subject} (${r.partner.name})`}
                          >
                            {t('registrations.decide.reject')}
                          </Button>
                        </Group>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {decide && (
        <DecisionModal
          registration={deciding?.registration ?? null}
          decision={deciding?.decision ?? 'approve'}
          onClose={() => setDeciding(null)}
        />
      )}
    </>
  );
}
