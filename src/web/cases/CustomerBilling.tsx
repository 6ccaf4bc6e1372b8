import { Alert, Badge, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatCents } from '../money';
import type { CaseDetail } from './types';

// The case customer's balance and service block, for the operator's staff only: the API sends
// `billing` to them alone, and these render nothing without it. The alert reminds the agent that
// the block is internal: it never goes into a public reply or to the partner.

type Billing = NonNullable<CaseDetail['billing']>;

export function BlockBadge({ billing }: { billing: Billing | undefined }) {
  const { t } = useTranslation();
  if (!billing?.blocked) return null;
  return (
    <Badge color="red" variant="filled" radius="sm" data-testid="case-block-badge">
      {t('cases.billing.blocked')}
    </Badge>
  );
}

export function BlockAlert({ billing }: { billing: Billing | undefined }) {
  const { t, i18n } = useTranslation();
  if (!billing?.blocked) return null;
  return (
    <Alert color="red" variant="light" title={t('cases.billing.blocked')} data-testid="case-block-alert">
      <Text size="sm">
        {t('cases.billing.blockedText', {
          balance: formatCents(billing.balanceCents, i18n.language),
          level: t(`billing.dunning.${billing.dunningLevel}`, { defaultValue: String(billing.dunningLevel) }),
        })}
      </Text>
      <Text size="sm" mt={4} fw={600}>
        {t('cases.billing.internal')}
      </Text>
    </Alert>
  );
}

/** The balance under the customer's name, red while something is owed. */
export function CustomerBalance({ billing }: { billing: Billing | undefined }) {
  const { t, i18n } = useTranslation();
  if (!billing) return null;
  return (
    <Text size="xs" c={billing.balanceCents > 0 ? 'red.8' : 'dimmed'} data-testid="case-customer-balance">
      {t('cases.billing.balance', { balance: formatCents(billing.balanceCents, i18n.language) })}
      {billing.dunningLevel > 0 &&
        ` · ${t(`billing.dunning.${billing.dunningLevel}`, { defaultValue: String(billing.dunningLevel) })}`}
    </Text>
  );
}
