import { Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BILLING_ROLES } from '../../shared/roles';
import { ImportPanel } from '../billing/payments/ImportPanel';
import { ManualPaymentForm } from '../billing/payments/ManualPaymentForm';
import { Worklist } from '../billing/payments/Worklist';
import { Notice } from '../components/Notice';
import { usePageTitle } from '../components/usePageTitle';
import { formatCents } from '../money';
import { useMe } from '../session';
import NotFoundPage from './NotFoundPage';

/** /billing/payments: statement import, the worklist of unmatched payments and manual payments (billing roles). */
export default function PaymentsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  usePageTitle(t('billing.payments.title'));
  const [notice, setNotice] = useState<string | null>(null);
  if (!me.roles.some((role) => BILLING_ROLES.includes(role))) return <NotFoundPage />;
  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Title order={1}>{t('billing.payments.title')}</Title>
        <Text c="dimmed" mt={4}>
          {t('billing.payments.intro')}
        </Text>
      </div>
      {notice && <Notice onClose={() => setNotice(null)}>{notice}</Notice>}
      <ImportPanel />
      <Worklist onChanged={setNotice} />
      <ManualPaymentForm
        onRecorded={(payment) =>
          setNotice(
            t('billing.payments.manual.done', {
              amount: formatCents(payment.amountCents, i18n.language),
              status: t(`billing.payments.status.${payment.status}`),
            }),
          )
        }
      />
    </Stack>
  );
}
