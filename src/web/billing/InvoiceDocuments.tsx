import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../format';
import { formatCents } from '../money';
import type { AccountInvoice } from './types';

// An account's invoices with their documents to download: the PDF, XRechnung in CII and UBL and
// ZUGFeRD. The server renders each once and serves the stored file, so a link always gives the
// document as it was issued.

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
      gap="md"
      wrap="wrap"
      role="group"
      aria-label={t('billing.invoice.documentsOf', { number: invoice.number })}
    >
      {DOCUMENTS.map((document) => (
        <Anchor
          key={document.key}
          size="sm"
          href={`/api/invoices/${invoice.id}/${document.path}`}
          download
          aria-label={`${t(`billing.invoice.document.${document.key}`)} ${invoice.number}`}
        >
          {t(`billing.invoice.document.${document.key}`)}
        </Anchor>
      ))}
    </Group>
  );
}

export function InvoiceList({ invoices }: { invoices: AccountInvoice[] }) {
  const { t, i18n } = useTranslation();
  if (invoices.length === 0) return <Text c="dimmed">{t('billing.invoice.none')}</Text>;
  return (
    <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {invoices.map((invoice) => (
        <li key={invoice.id}>
          <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
            <Stack gap={2}>
              <Group gap="xs">
                <Text ff="monospace" fw={600}>
                  {invoice.number}
                </Text>
                {invoice.kind === 'cancellation' && (
                  <Badge variant="light" color="gray">
                    {t('billing.invoice.cancellation')}
                  </Badge>
                )}
                {invoice.status === 'cancelled' && (
                  <Badge variant="light" color="gray">
                    {t('billing.invoice.cancelled')}
                  </Badge>
                )}
              </Group>
              <Text size="sm" c="dimmed">
                {formatDate(invoice.issueDate, i18n.language)} ·{' '}
                {formatCents(invoice.grandTotalCents, i18n.language)}
              </Text>
            </Stack>
            <InvoiceDocumentLinks invoice={invoice} />
          </Group>
        </li>
      ))}
    </Stack>
  );
}
