import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../format';
import { formatCents } from '../money';
import type { Payment } from './payments/types';

// The payments on an account, newest booking first, as the customer and the operator read them:
// day, amount, what it paid. A return debit is a negative amount and says so, because it is what
// reopened an invoice. Cards, so a phone shows them without scrolling sideways.

export function PaymentList({ payments }: { payments: Payment[] }) {
  const { t, i18n } = useTranslation();
  if (payments.length === 0) return <Text c="dimmed">{t('billing.accountPayments.none')}</Text>;
  return (
    <Stack
      gap="xs"
      component="ul"
      style={{ listStyle: 'none', padding: 0, margin: 0 }}
      aria-label={t('billing.accountPayments.title')}
    >
      {payments.map((payment) => {
        const returned = payment.amountCents < 0;
        const numbers = payment.allocations.map((a) => a.invoiceNumber);
        return (
          <Paper component="li" key={payment.id} withBorder p="sm" radius="md">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Text size="sm" fw={600}>
                  {returned ? t('billing.accountPayments.returnDebit') : t('billing.accountPayments.payment')}
                  {' · '}
                  {formatDate(`${payment.bookingDate}T12:00:00Z`, i18n.language)}
                </Text>
                {numbers.length > 0 && (
                  <Text size="sm" c="dimmed">
                    {t(returned ? 'billing.accountPayments.reopened' : 'billing.accountPayments.paid', {
                      numbers: numbers.join(', '),
                    })}
                  </Text>
                )}
                {payment.reference && (
                  <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    {payment.reference}
                  </Text>
                )}
              </Stack>
              <Stack gap={4} align="flex-end" style={{ flexShrink: 0 }}>
                <Text fw={700} c={returned ? 'red.8' : undefined} style={{ whiteSpace: 'nowrap' }}>
                  {formatCents(payment.amountCents, i18n.language)}
                </Text>
                {payment.status === 'ignored' && (
                  <Badge variant="light" color="gray">
                    {t('billing.payments.status.ignored')}
                  </Badge>
                )}
              </Stack>
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}
