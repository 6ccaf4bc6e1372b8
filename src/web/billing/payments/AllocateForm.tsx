import { Button, Card, Checkbox, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { formatCents, parseEuroToCents } from '../../money';
import { BillingProblem } from '../problems';
import { CustomerPicker } from './CustomerPicker';
import { type OpenInvoice, PAYMENTS_KEY, type Payment } from './types';

/** The clerk assigns a payment to a customer and to some of its open invoices. */
export function AllocateForm({ payment, onDone }: { payment: Payment; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [customerId, setCustomerId] = useState<string | null>(payment.customer?.id ?? null);
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const invoices = useQuery({
    queryKey: [...PAYMENTS_KEY, 'open-invoices', customerId],
    queryFn: ({ signal }) =>
      api.get<{ items: OpenInvoice[] }>('/api/payments/open-invoices', { customerId }, signal),
    enabled: customerId !== null && payment.amountCents > 0,
  });
  const chosen = Object.entries(amounts).map(([invoiceId, text]) => ({
    invoiceId,
    cents: parseEuroToCents(text),
  }));
  const invalid = chosen.some((c) => c.cents === null || c.cents === 0);
  const allocate = useMutation({
    mutationFn: () =>
      api.post<Payment>(`/api/payments/${payment.id}/allocate`, {
        customerId,
        allocations: chosen.map((c) => ({ invoiceId: c.invoiceId, amountCents: c.cents ?? 0 })),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: PAYMENTS_KEY });
      onDone();
    },
  });
  const title = t('billing.payments.allocate.title', {
    amount: formatCents(payment.amountCents, i18n.language),
    payer: payment.payerName ?? '—',
  });
  let rest = payment.unallocatedCents;
  return (
    <Card withBorder padding="md" component="section" aria-label={title} bg="var(--mantine-color-body)">
      <Title order={3} size="h4" mb="sm">
        {title}
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!invalid && customerId) allocate.mutate();
        }}
      >
        <Stack gap="sm">
          <CustomerPicker
            value={customerId}
            initial={payment.customer}
            onChange={(id) => {
              setCustomerId(id);
              setAmounts({});
              allocate.reset();
            }}
          />
          {customerId && payment.amountCents > 0 && (
            <Stack gap={6} role="group" aria-label={t('billing.payments.allocate.invoices')}>
              <Text size="sm" fw={600}>
                {t('billing.payments.allocate.invoices')}
              </Text>
              {invoices.data?.items.length === 0 && (
                <Text size="sm" c="dimmed">
                  {t('billing.payments.allocate.noInvoices')}
                </Text>
              )}
              {invoices.data?.items.map((invoice) => {
                const checked = invoice.id in amounts;
                const suggestion = Math.max(0, Math.min(rest, invoice.openCents));
                if (checked) rest -= parseEuroToCents(amounts[invoice.id] ?? '') ?? 0;
                return (
                  <Group key={invoice.id} gap="sm" wrap="wrap" align="flex-end">
                    <Checkbox
                      label={t('billing.payments.allocate.invoiceLabel', {
                        number: invoice.number,
                        open: formatCents(invoice.openCents, i18n.language),
                      })}
                      checked={checked}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        setAmounts((current) => {
                          const next = { ...current };
                          if (on) next[invoice.id] = (suggestion / 100).toFixed(2).replace('.', ',');
                          else delete next[invoice.id];
                          return next;
                        });
                        allocate.reset();
                      }}
                      style={{ flex: '1 1 220px' }}
                    />
                    {checked && (
                      <TextInput
                        size="xs"
                        w={120}
                        inputMode="decimal"
                        aria-label={t('billing.payments.allocate.amountFor', { number: invoice.number })}
                        value={amounts[invoice.id]}
                        onChange={(e) => {
                          const text = e.currentTarget.value;
                          setAmounts((current) => ({ ...current, [invoice.id]: text }));
                        }}
                        error={
                          parseEuroToCents(amounts[invoice.id] ?? '')
                            ? undefined
                            : t('billing.payments.amountInvalid')
                        }
                      />
                    )}
                  </Group>
                );
              })}
              <Text size="xs" c="dimmed">
                {chosen.length === 0
                  ? t('billing.payments.allocate.creditHint')
                  : t('billing.payments.allocate.rest', {
                      amount: formatCents(Math.max(rest, 0), i18n.language),
                    })}
              </Text>
            </Stack>
          )}
          <Group>
            <Button type="submit" disabled={!customerId || invalid} loading={allocate.isPending}>
              {t('billing.payments.allocate.submit')}
            </Button>
            <Button variant="default" onClick={onDone}>
              {t('common.cancel')}
            </Button>
          </Group>
          {allocate.isError && <BillingProblem error={allocate.error} />}
        </Stack>
      </form>
    </Card>
  );
}

/** Takes a payment off the worklist with a reason. */
export function IgnoreForm({ payment, onDone }: { payment: Payment; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const ignore = useMutation({
    mutationFn: () => api.post<Payment>(`/api/payments/${payment.id}/ignore`, { reason }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: PAYMENTS_KEY });
      onDone();
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim()) ignore.mutate();
      }}
    >
      <Stack gap="xs">
        <TextInput
          label={t('billing.payments.ignore.reason')}
          placeholder={t('billing.payments.ignore.placeholder')}
          required
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        <Group>
          <Button type="submit" color="gray" disabled={!reason.trim()} loading={ignore.isPending}>
            {t('billing.payments.ignore.submit')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
        </Group>
        {ignore.isError && <BillingProblem error={ignore.error} />}
      </Stack>
    </form>
  );
}
