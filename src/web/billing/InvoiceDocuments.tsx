import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../format';
import { formatCents } from '../money';
import { type InvoiceState, invoiceState } from './invoice-state';
import type { AccountInvoice } from './types';

// An account's invoices with their documents to download: the PDF, XRechnung in CII and UBL and
// ZUGFeRD. The server renders each once and serves the stored file, so a link always gives the
// document as it was issued. The same list serves the customer's own account page and the
// operator's Konto card on the customer's organisation page.

const DOCUMENTS = [
  { key: 'pdf', path: 'pdf' },
  { key: 'xrechnungCii', path: 'xrechnung?syntax=cii' },
  { key: 'xrechnungUbl', path: 'xrechnung?syntax=ubl' },
  { key: 'zugferd', path: 'zugferd' },
] as const;

export function InvoiceDocumentLinks({ invoice }: { invoice: Pick<AccountInvoice, 'id' | 'number'> }) {
  const { t } = useTranslation();
  return (
    <Group
      gap="xs"
      wrap="wrap"
      role="group"
      aria-label={t('billing.invoice.documentsOf', { number: invoice.number })}
    >
      {DOCUMENTS.map((document) => (
        <Button
          key={document.key}
          component="a"
          size="compact-sm"
          variant={document.key === 'pdf' ? 'light' : 'default'}
          href={`/api/invoices/${invoice.id}/${document.path}`}
          download
          aria-label={`${t(`billing.invoice.document.${document.key}`)} ${invoice.number}`}
        >
          {t(`billing.invoice.document.${document.key}`)}
        </Button>
      ))}
    </Group>
  );
}

const STATE_COLOR: Record<InvoiceState, string> = {
  paid: 'teal',
  open: 'orange',
  partial: 'yellow',
  cancelled: 'gray',
  cancellation: 'gray',
};

function overdue(invoice: AccountInvoice, state: InvoiceState): boolean {
  const today = new Date().toISOString().slice(0, 10);
  return (state === 'open' || state === 'partial') && invoice.dueDate < today;
}

export function InvoiceList({ invoices }: { invoices: AccountInvoice[] }) {
  const { t, i18n } = useTranslation();
  if (invoices.length === 0) return <Text c="dimmed">{t('billing.invoice.none')}</Text>;
  const money = (cents: number) => formatCents(cents, i18n.language);
  const day = (date: string) => formatDate(`${date}T12:00:00Z`, i18n.language);
  return (
    <Stack
      gap="sm"
      component="ul"
      style={{ listStyle: 'none', padding: 0, margin: 0 }}
      aria-label={t('billing.account.invoices')}
    >
      {invoices.map((invoice) => {
        const state = invoiceState(invoice);
        const late = overdue(invoice, state);
        return (
          <Paper
            component="li"
            key={invoice.id}
            withBorder
            p="sm"
            radius="md"
            data-testid={`invoice-${invoice.number}`}
          >
            <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Text ff="monospace" fw={600}>
                  {invoice.number}
                </Text>
                <Text size="sm" c="dimmed">
                  {t('billing.invoice.issuedOn', { date: day(invoice.issueDate) })}
                  {(state === 'open' || state === 'partial') && (
                    <>
                      {' · '}
                      <Text span size="sm" c={late ? 'red.8' : 'dimmed'} fw={late ? 600 : undefined}>
                        {t(late ? 'billing.invoice.overdueSince' : 'billing.invoice.dueOn', {
                          date: day(invoice.dueDate),
                        })}
                      </Text>
                    </>
                  )}
                </Text>
              </Stack>
              <Stack gap={4} align="flex-end" style={{ flexShrink: 0 }}>
                <Text fw={700} style={{ whiteSpace: 'nowrap' }}>
                  {money(invoice.grandTotalCents)}
                </Text>
                <Badge variant="light" color={STATE_COLOR[state]} data-testid="invoice-state">
                  {t(`billing.invoice.state.${state}`)}
                </Badge>
              </Stack>
            </Group>
            {state === 'partial' && (
              <Text size="sm" mt={4}>
                {t('billing.invoice.stillOpen', { amount: money(invoice.openCents) })}
              </Text>
            )}
            <Group mt="xs">
              <InvoiceDocumentLinks invoice={invoice} />
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}

/** What the four downloads are for, in two sentences a small business can act on. */
export function InvoiceFormatsHint() {
  const { t } = useTranslation();
  return (
    <Text size="sm" c="dimmed">
      {t('billing.invoice.formatsHint')}
    </Text>
  );
}
