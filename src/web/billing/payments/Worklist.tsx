import {
  Badge,
  Box,
  Button,
  Card,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaymentStatus } from '../../../shared/payments';
import { api } from '../../api';
import { PageLoader } from '../../components/PageLoader';
import { formatDate } from '../../format';
import { formatCents } from '../../money';
import { formatIban } from '../money';
import { BillingProblem } from '../problems';
import { AllocateForm, IgnoreForm } from './AllocateForm';
import { PAYMENTS_KEY, type Payment } from './types';

// Dark shades filled, as the registration list does: white text stays readable on any row (WCAG AA).
export const STATUS_COLOR: Record<PaymentStatus, string> = {
  matched: 'teal.9',
  partial: 'orange.9',
  unmatched: 'red.8',
  ignored: 'gray.7',
};

export function PaymentStatusBadge({ status }: { status: PaymentStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="filled" radius="sm" tt="none" miw="max-content">
      {t(`billing.payments.status.${status}`)}
    </Badge>
  );
}

type Editing = { mode: 'allocate' | 'ignore'; payment: Payment } | null;

/** Unmatched and partial payments, newest first, each to allocate or ignore. */
export function Worklist({ onChanged }: { onChanged: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState<Editing>(null);
  const worklist = useQuery({
    queryKey: [...PAYMENTS_KEY, 'worklist'],
    queryFn: ({ signal }) =>
      api.get<{ items: Payment[] }>('/api/payments', { status: 'unmatched,partial' }, signal),
  });
  const money = (cents: number) => formatCents(cents, i18n.language);
  const actions = (payment: Payment) => (
    <Group gap="xs" wrap="nowrap">
      <Button
        size="xs"
        aria-label={t('billing.payments.allocate.button', { amount: money(payment.amountCents) })}
        onClick={() => setEditing({ mode: 'allocate', payment })}
      >
        {t('billing.payments.allocate.short')}
      </Button>
      {payment.status === 'unmatched' && (
        <Button
          size="xs"
          variant="default"
          aria-label={t('billing.payments.ignore.button', { amount: money(payment.amountCents) })}
          onClick={() => setEditing({ mode: 'ignore', payment })}
        >
          {t('billing.payments.ignore.short')}
        </Button>
      )}
    </Group>
  );
  const details = (payment: Payment) => (
    <>
      {payment.reference && (
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {payment.reference}
        </Text>
      )}
      {payment.allocations.length > 0 && (
        <Text size="xs" c="dimmed">
          {payment.allocations.map((a) => `${a.invoiceNumber}: ${money(a.amountCents)}`).join(', ')}
        </Text>
      )}
    </>
  );
  const items = worklist.data?.items ?? [];
  const done = (message: string) => {
    setEditing(null);
    onChanged(message);
  };
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="payments-worklist">
      <Title order={2} size="h3" id="payments-worklist" mb="xs">
        {t('billing.payments.worklist.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('billing.payments.worklist.intro')}
      </Text>
      {editing?.mode === 'allocate' && (
        <Box mb="md">
          <AllocateForm
            key={editing.payment.id}
            payment={editing.payment}
            onDone={() => done(t('billing.payments.allocate.done'))}
          />
        </Box>
      )}
      {worklist.isPending ? (
        <PageLoader />
      ) : worklist.isError ? (
        <BillingProblem error={worklist.error} />
      ) : items.length === 0 ? (
        <Text c="dimmed">{t('billing.payments.worklist.empty')}</Text>
      ) : (
        <>
          <Stack
            gap="xs"
            hiddenFrom="sm"
            component="ul"
            p={0}
            m={0}
            style={{ listStyle: 'none' }}
            aria-label={t('billing.payments.worklist.title')}
          >
            {items.map((payment) => (
              <Paper component="li" key={payment.id} withBorder p="sm" radius="md">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <div style={{ minWidth: 0 }}>
                    <Text fw={600}>{money(payment.amountCents)}</Text>
                    <Text size="sm">{payment.payerName ?? t('billing.payments.unknownPayer')}</Text>
                    <Text size="xs" c="dimmed">
                      {formatDate(payment.bookingDate, i18n.language)}
                      {payment.customer ? ` · ${payment.customer.name}` : ''}
                    </Text>
                  </div>
                  <PaymentStatusBadge status={payment.status} />
                </Group>
                {details(payment)}
                {editing?.mode === 'ignore' && editing.payment.id === payment.id ? (
                  <Box mt="xs">
                    <IgnoreForm payment={payment} onDone={() => done(t('billing.payments.ignore.done'))} />
                  </Box>
                ) : (
                  <Box mt="xs">{actions(payment)}</Box>
                )}
              </Paper>
            ))}
          </Stack>
          <Box visibleFrom="sm">
            <Table.ScrollContainer minWidth={720} type="native">
              <Table striped verticalSpacing="sm">
                <VisuallyHidden component="caption">{t('billing.payments.worklist.title')}</VisuallyHidden>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('billing.payments.bookingDate')}</Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('billing.payments.amount')}
                    </Table.Th>
                    <Table.Th scope="col">{t('billing.payments.payer')}</Table.Th>
                    <Table.Th scope="col">{t('billing.payments.reference')}</Table.Th>
                    <Table.Th scope="col">{t('billing.payments.statusLabel')}</Table.Th>
                    <Table.Th scope="col">
                      <VisuallyHidden>{t('billing.chargeTypes.actions')}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((payment) => (
                    <Table.Tr key={payment.id}>
                      <Table.Td>{formatDate(payment.bookingDate, i18n.language)}</Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                        {money(payment.amountCents)}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{payment.payerName ?? t('billing.payments.unknownPayer')}</Text>
                        {payment.payerIban && (
                          <Text size="xs" ff="monospace" c="dimmed">
                            {formatIban(payment.payerIban)}
                          </Text>
                        )}
                        {payment.customer && (
                          <Text size="xs" c="dimmed">
                            {payment.customer.name}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{details(payment)}</Table.Td>
                      <Table.Td>
                        <PaymentStatusBadge status={payment.status} />
                      </Table.Td>
                      <Table.Td>
                        {editing?.mode === 'ignore' && editing.payment.id === payment.id ? (
                          <IgnoreForm
                            payment={payment}
                            onDone={() => done(t('billing.payments.ignore.done'))}
                          />
                        ) : (
                          actions(payment)
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Box>
        </>
      )}
    </Card>
  );
}
