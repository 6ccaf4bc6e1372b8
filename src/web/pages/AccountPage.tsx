import { Card, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api';
import { AccountSummary, ChargesTable, useAccount } from '../billing/AccountCard';
import { InvoiceFormatsHint, InvoiceList } from '../billing/InvoiceDocuments';
import { InvoiceRequestPanel } from '../billing/InvoiceRequestPanel';
import { OwnBlockNotice } from '../billing/OwnBlockNotice';
import { PaymentList } from '../billing/PaymentList';
import { BillingProblem } from '../billing/problems';
import { PageLoader } from '../components/PageLoader';
import { usePageTitle } from '../components/usePageTitle';
import { audienceOf } from '../roles';
import { useMe } from '../session';
import NotFoundPage from './NotFoundPage';

/**
 * /account: a customer's own account ("Mein Konto"): balance and block on top, then invoices to
 * request, the invoices with their downloads, payments and all charges. It stays usable while the
 * service is blocked: paying and getting invoices is how a block ends. Nobody else has one here.
 */
export default function AccountPage() {
  const { t } = useTranslation();
  const me = useMe();
  const isCustomer = audienceOf(me.roles) === 'customer' && me.roles.includes('customer_user');
  const account = useAccount(me.organisation.id, isCustomer);
  usePageTitle(t('billing.account.mine'));
  if (!isCustomer || isApiError(account.error, 403) || isApiError(account.error, 404))
    return <NotFoundPage />;
  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Title order={1}>{t('billing.account.mine')}</Title>
        <Text c="dimmed" mt={4}>
          {t('billing.account.mineIntro')}
        </Text>
      </div>
      {account.isPending ? (
        <PageLoader />
      ) : account.isError ? (
        <BillingProblem error={account.error} />
      ) : (
        <>
          <OwnBlockNotice account={account.data} />
          <Card withBorder padding="lg" component="section">
            {/* The block is said above, with what is open; not a second time here. */}
            <AccountSummary account={account.data} showBlock={false} />
          </Card>
          <Card withBorder padding="lg" component="section" aria-labelledby="account-request">
            <Title order={2} size="h3" id="account-request" mb="md">
              {t('billing.request.title')}
            </Title>
            <InvoiceRequestPanel account={account.data} />
          </Card>
          <Card withBorder padding="lg" component="section" aria-labelledby="account-invoices">
            <Title order={2} size="h3" id="account-invoices" mb="xs">
              {t('billing.account.invoices')}
            </Title>
            <Stack gap="md">
              <InvoiceFormatsHint />
              <InvoiceList invoices={account.data.invoices} />
            </Stack>
          </Card>
          <Card withBorder padding="lg" component="section" aria-labelledby="account-payments">
            <Title order={2} size="h3" id="account-payments" mb="md">
              {t('billing.accountPayments.title')}
            </Title>
            <PaymentList payments={account.data.payments} />
          </Card>
          <Card withBorder padding="lg" component="section" aria-labelledby="account-charges">
            <Title order={2} size="h3" id="account-charges" mb="md">
              {t('billing.account.charges')}
            </Title>
            <ChargesTable charges={account.data.charges} />
          </Card>
        </>
      )}
    </Stack>
  );
}
