import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatCents } from '../money';
import { useFormat } from '../session';
import { useFieldErrors, useProductLineLabel } from './common';
import { Conflicts, StatusBadge } from './RegistrationList';
import type { DealRegistration } from './types';

// The channel manager's decision on pending registrations: one card each, conflicts in plain
// sight, approve or reject in a dialog that requires a reason.

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
  const serverError = useFieldErrors(decide.error)('reason');
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
        noValidate
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
            error={missing ? t('validation.required') : serverError}
          />
          {decide.isError && !serverError && <ErrorAlert error={decide.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              color={decision === 'approve' ? 'teal.9' : 'red.8'}
              loading={decide.isPending}
            >
              {decision === 'approve' ? t('registrations.decide.approve') : t('registrations.decide.reject')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </div>
  );
}

/** One registration as a card: pending ones for the channel manager, and every list on a phone. */
export function RegistrationCard({
  registration: r,
  canDecide = false,
  onDecide = () => {},
}: {
  registration: DealRegistration;
  canDecide?: boolean;
  onDecide?: (decision: Decision) => void;
}) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const lineLabel = useProductLineLabel();
  const subject = r.customer?.name ?? r.prospectName;
  const headingId = `registration-${r.id}`;
  return (
    <Card withBorder padding="md" component="article" aria-labelledby={headingId} data-registration={r.id}>
      <Group justify="space-between" align="flex-start" gap="xs" mb="xs">
        <div>
          <Title order={3} size="h4" id={headingId}>
            {r.customer ? (
              <Anchor component={Link} to={`/organisations/${r.customer.id}`} inherit>
                {subject}
              </Anchor>
            ) : (
              subject
            )}
          </Title>
          <Text size="sm" c="dimmed">
            {r.customer
              ? t('registrations.customerKind')
              : t('registrations.prospectKind', { postalCode: r.prospectPostalCode ?? '' })}
            {' · '}
            {t('registrations.byPartner')}{' '}
            <Anchor component={Link} to={`/organisations/${r.partner.id}`} size="sm" underline="always">
              {r.partner.name}
            </Anchor>
          </Text>
        </div>
        <StatusBadge status={r.status} />
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" mb="sm">
        <Fact label={t('registrations.productLine')}>{lineLabel(r.productLine)}</Fact>
        <Fact label={t('registrations.expectedValue')}>
          {formatCents(r.expectedValueCents, i18n.language)}
        </Fact>
        <Fact label={t('registrations.closeDate')}>{format.date(`${r.closeDate}T12:00:00Z`)}</Fact>
        <Fact label={t('registrations.registeredAt')}>
          {format.date(r.createdAt)}
          {r.createdBy ? `, ${r.createdBy.name}` : ''}
        </Fact>
      </SimpleGrid>
      {r.note && (
        <Text size="sm" mb="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {r.note}
        </Text>
      )}
      {r.conflicts.length > 0 ? (
        <Alert color="red" variant="light" p="xs" mb="sm" title={t('registrations.conflictsTitle')}>
          <Conflicts conflicts={r.conflicts} />
        </Alert>
      ) : (
        <Text size="sm" c="dimmed" mb="sm">
          {t('registrations.noConflicts')}
        </Text>
      )}
      {r.decision && (
        <Text size="sm" mb="xs">
          {t('registrations.decidedBy', {
            name: r.decision.by?.name ?? t('common.none'),
            date: format.date(r.decision.at),
          })}
          : {r.decision.reason}
        </Text>
      )}
      {r.status === 'approved' && r.protectedUntil && (
        <Text size="sm" mb="xs">
          {t('registrations.protectedUntil', { date: format.date(r.protectedUntil) })}
        </Text>
      )}
      {canDecide && r.status === 'pending' && (
        <Group gap="xs">
          <Button
            size="sm"
            color="teal.9"
            onClick={() => onDecide('approve')}
            aria-label={`${t('registrations.decide.approve')}: ${subject} (${r.partner.name})`}
          >
            {t('registrations.decide.approve')}
          </Button>
          <Button
            size="sm"
            variant="default"
            onClick={() => onDecide('reject')}
            aria-label={`${t('registrations.decide.reject')}: ${subject} (${r.partner.name})`}
          >
            {t('registrations.decide.reject')}
          </Button>
        </Group>
      )}
    </Card>
  );
}

/** Pending registrations as cards; the channel manager approves or rejects each with a reason. */
export function PendingRegistrations({
  items,
  canDecide,
}: {
  items: DealRegistration[];
  canDecide: boolean;
}) {
  const [deciding, setDeciding] = useState<{ registration: DealRegistration; decision: Decision } | null>(
    null,
  );
  return (
    <Stack gap="sm">
      {items.map((registration) => (
        <RegistrationCard
          key={registration.id}
          registration={registration}
          canDecide={canDecide}
          onDecide={(decision) => setDeciding({ registration, decision })}
        />
      ))}
      {canDecide && (
        <DecisionModal
          registration={deciding?.registration ?? null}
          decision={deciding?.decision ?? 'approve'}
          onClose={() => setDeciding(null)}
        />
      )}
    </Stack>
  );
}
