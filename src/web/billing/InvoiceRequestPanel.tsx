import { Alert, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { formatDate } from '../format';
import { formatCents } from '../money';
import { accountKey } from './AccountCard';
import { InvoiceDocumentLinks } from './InvoiceDocuments';
import { BillingProblem } from './problems';
import type { Account, Charge, IssueInvoicesResult } from './types';

// "Rechnung anfordern" on the customer's own account: the charges not yet on an invoice, each
// with its own button, and one for all of them. The server issues at once; the new documents are
// shown right here with their downloads, and a fee that went on a document of its own says why
// (EN 16931 keeps not-taxable damages apart from taxed lines).

export function InvoiceRequestPanel({ account }: { account: Account }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const uninvoiced = account.charges.filter((charge) => charge.invoiceId === null);
  const request = useMutation({
    mutationFn: (chargeIds: string[] | null) =>
      api.post<IssueInvoicesResult>('/api/invoices/request', chargeIds ? { chargeIds } : {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountKey(account.customer.id) }),
  });
  const pendingFor = (ids: string[] | null) =>
    request.isPending && JSON.stringify(request.variables) === JSON.stringify(ids);
  return (
    <Stack gap="sm">
      {request.data && <IssuedNotice result={request.data} onClose={() => request.reset()} />}
      {request.isError && <BillingProblem error={request.error} />}
      {uninvoiced.length === 0 ? (
        <Text c="dimmed">{t('billing.request.nothing')}</Text>
      ) : (
        <>
          <Text size="sm">{t('billing.request.intro')}</Text>
          <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {uninvoiced.map((charge) => (
              <Paper component="li" key={charge.id} withBorder p="sm" radius="md">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Stack gap={2} style={{ minWidth: 0 }}>
                    <Text size="sm" fw={600}>
                      {i18n.language === 'de' ? charge.type.nameDe : charge.type.nameEn}
                    </Text>
                    <Text size="sm">{charge.description}</Text>
                    <Text size="xs" c="dimmed">
                      {formatDate(`${charge.serviceDate}T12:00:00Z`, i18n.language)} ·{' '}
                      <VatNote charge={charge} />
                    </Text>
                  </Stack>
                  <Text fw={700} style={{ whiteSpace: 'nowrap' }}>
                    {formatCents(charge.lineNetCents, i18n.language)}
                  </Text>
                </Group>
                {uninvoiced.length > 1 && (
                  <Group justify="flex-end" mt="xs">
                    <Button
                      size="compact-sm"
                      variant="default"
                      loading={pendingFor([charge.id])}
                      disabled={request.isPending}
                      onClick={() => request.mutate([charge.id])}
                      aria-label={t('billing.request.oneLabel', { description: charge.description })}
                    >
                      {t('billing.request.one')}
                    </Button>
                  </Group>
                )}
              </Paper>
            ))}
          </Stack>
          <Group>
            <Button
              onClick={() => request.mutate(null)}
              loading={pendingFor(null)}
              disabled={request.isPending}
            >
              {uninvoiced.length > 1
                ? t('billing.request.all', { count: uninvoiced.length })
                : t('billing.request.one')}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}

function VatNote({ charge }: { charge: Charge }) {
  const { t } = useTranslation();
  if (charge.vatCategory === 'O') return <>{t('billing.request.notSubject')}</>;
  if (charge.vatRateBasisPoints > 0)
    return <>{t('billing.request.plusVat', { rate: charge.vatRateBasisPoints / 100 })}</>;
  return <>{t('billing.request.net')}</>;
}

/** The invoices just issued, with their downloads and, for a document split off, the reason. */
function IssuedNotice({ result, onClose }: { result: IssueInvoicesResult; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const reasonOf = (id: string) => result.split.reasons.find((r) => r.invoiceId === id)?.reason;
  return (
    <Alert
      color="teal"
      variant="light"
      role="status"
      title={t('billing.request.issued', { count: result.invoices.length })}
      withCloseButton
      closeButtonLabel={t('common.close')}
      onClose={onClose}
      data-testid="issued-invoices"
    >
      <Stack gap="sm">
        {result.invoices.map((invoice) => {
          const reason = reasonOf(invoice.id);
          // A document of fees alone is no split, but its missing VAT still wants a word.
          const notSubjectOnly =
            invoice.vatBreakdown.length > 0 && invoice.vatBreakdown.every((b) => b.category === 'O');
          return (
            <Stack key={invoice.id} gap={4}>
              <Group gap="xs" wrap="wrap">
                <Text ff="monospace" fw={600} data-testid="issued-number">
                  {invoice.number}
                </Text>
                <Text size="sm">
                  {formatCents(invoice.grandTotalCents, i18n.language)} ·{' '}
                  {t('billing.invoice.dueOn', {
                    date: formatDate(`${invoice.dueDate}T12:00:00Z`, i18n.language),
                  })}
                </Text>
                {reason && (
                  <Badge variant="light" color="gray">
                    {t('billing.request.ownDocument')}
                  </Badge>
                )}
              </Group>
              {!reason && notSubjectOnly && (
                <Text size="sm" data-testid="split-reason">
                  {t('billing.request.notSubjectDocument')}
                </Text>
              )}
              {reason && (
                <Text size="sm" data-testid="split-reason">
                  {t(`billing.request.splitReason.${reason}`, {
                    defaultValue: t('billing.request.splitReason.other'),
                  })}
                </Text>
              )}
              <InvoiceDocumentLinks invoice={invoice} />
            </Stack>
          );
        })}
      </Stack>
    </Alert>
  );
}
