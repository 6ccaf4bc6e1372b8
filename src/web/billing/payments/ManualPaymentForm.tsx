import { Button, Card, Group, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { parseEuroToCents } from '../../money';
import { BillingProblem, useFieldErrors } from '../problems';
import { CustomerPicker } from './CustomerPicker';
import { PAYMENTS_KEY, type Payment } from './types';

const FIELDS = ['customerId', 'amountCents', 'bookingDate', 'reference', 'payerName'] as const;
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });

/** A payment typed in (cash, a transfer seen on another account); matched like an imported one. */
export function ManualPaymentForm({ onRecorded }: { onRecorded: (payment: Payment) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [amount, setAmount] = useState('');
  const [bookingDate, setBookingDate] = useState(today());
  const [reference, setReference] = useState('');
  const [payerName, setPayerName] = useState('');
  const [pickerKey, setPickerKey] = useState(0);
  const [amountShown, setAmountShown] = useState(false);
  const cents = parseEuroToCents(amount.replace(/^-/, ''));
  const save = useMutation({
    mutationFn: () =>
      api.post<Payment>('/api/payments', {
        customerId,
        amountCents: amount.trim().startsWith('-') ? -(cents ?? 0) : cents,
        bookingDate,
        reference: reference || null,
        payerName: payerName || null,
      }),
    onSuccess: async (payment) => {
      setAmount('');
      setReference('');
      setPayerName('');
      setCustomerId(null);
      setPickerKey((k) => k + 1);
      setAmountShown(false);
      await queryClient.invalidateQueries({ queryKey: PAYMENTS_KEY });
      onRecorded(payment);
    },
  });
  const { errorAt, unplaced } = useFieldErrors(save.error, FIELDS);
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="payments-manual">
      <Title order={2} size="h3" id="payments-manual" mb="md">
        {t('billing.payments.manual.title')}
      </Title>
      <form
        aria-labelledby="payments-manual"
        onSubmit={(e) => {
          e.preventDefault();
          setAmountShown(true);
          if (cents === null || cents === 0) return;
          save.mutate();
        }}
      >
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
            <CustomerPicker
              key={pickerKey}
              value={customerId}
              onChange={(id) => {
                setCustomerId(id);
                save.reset();
              }}
              error={errorAt('customerId')}
            />
            <TextInput
              label={t('billing.payments.amount')}
              description={t('billing.payments.manual.amountHint')}
              required
              inputMode="decimal"
              value={amount}
              onChange={(e) => {
                setAmount(e.currentTarget.value);
                save.reset();
              }}
              error={
                amountShown && (cents === null || cents === 0)
                  ? t('billing.payments.amountInvalid')
                  : errorAt('amountCents')
              }
            />
            <TextInput
              type="date"
              label={t('billing.payments.bookingDate')}
              required
              value={bookingDate}
              onChange={(e) => setBookingDate(e.currentTarget.value)}
              error={errorAt('bookingDate')}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput
              label={t('billing.payments.reference')}
              description={t('billing.payments.manual.referenceHint')}
              value={reference}
              onChange={(e) => setReference(e.currentTarget.value)}
              error={errorAt('reference')}
            />
            <TextInput
              label={t('billing.payments.payer')}
              value={payerName}
              onChange={(e) => setPayerName(e.currentTarget.value)}
              error={errorAt('payerName')}
            />
          </SimpleGrid>
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('billing.payments.manual.submit')}
            </Button>
          </Group>
          {save.isError && unplaced && <BillingProblem error={save.error} />}
        </Stack>
      </form>
    </Card>
  );
}
