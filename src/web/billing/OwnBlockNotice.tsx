import { Alert, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../format';
import { formatCents } from '../money';
import type { Account } from './types';

type AccountInvoice = {
  id: string;
  number: string;
  kind?: string;
  status?: string;
  dueDate?: string;
  amountDueCents?: number;
  openCents?: number;
};

/**
 * The customer's own block and dunning level, said plainly on its account page, with what is
 * open: the customer may see its own block (never anyone else's, and partners never).
 */
export function OwnBlockNotice({ account }: { account: Account }) {
  const { t, i18n } = useTranslation();
  if (!account.blocked && account.dunningLevel === 0) return null;
  const money = (cents: number) => formatCents(cents, i18n.language);
  const open = (account.invoices as AccountInvoice[])
    .filter((invoice) => (invoice.kind ?? 'invoice') === 'invoice' && invoice.status === 'issued')
    .map((invoice) => ({ ...invoice, open: invoice.openCents ?? invoice.amountDueCents ?? 0 }))
    .filter((invoice) => invoice.open > 0);
  return (
    <Alert
      color={account.blocked ? 'red' : 'orange'}
      variant="light"
      role="status"
      title={
        account.blocked
          ? t('billing.account.blockedMine')
          : t('billing.account.dunningMine', {
              level: t(`billing.dunning.${account.dunningLevel}`, {
                defaultValue: String(account.dunningLevel),
              }),
            })
      }
      data-testid="own-block-notice"
    >
      {account.blocked && (
        <Text size="sm">
          {t('billing.account.blockedMineText', { balance: money(account.balanceCents) })}
        </Text>
      )}
      {open.length > 0 && (
        <>
          <Text size="sm" fw={600} mt="xs">
            {t('billing.account.openInvoices')}
          </Text>
          <List size="sm">
            {open.map((invoice) => (
              <List.Item key={invoice.id}>
                {t('billing.account.invoiceDue', {
                  number: invoice.number,
                  amount: money(invoice.open),
                  date: invoice.dueDate ? formatDate(`${invoice.dueDate}T12:00:00Z`, i18n.language) : '–',
                })}
              </List.Item>
            ))}
          </List>
        </>
      )}
    </Alert>
  );
}
