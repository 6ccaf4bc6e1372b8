import {
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACCOUNT_READ_ROLES, BILLING_ROLES } from '../../shared/roles';
import { api } from '../api';
import type { Role } from '../api-types';
import { Notice } from '../components/Notice';
import { PageLoader } from '../components/PageLoader';
import { formatDate } from '../format';
import { formatCents, parseEuroToCents } from '../money';
import { InvoiceList } from './InvoiceDocuments';
import { parseQuantity } from './money';
import { PaymentList } from './PaymentList';
import { BillingProblem, useFieldErrors } from './problems';
import type { Account, Charge, ChargeType } from './types';

export const accountKey = (customerId: string) => ['billing', 'account', customerId];

export function canReadAccount(roles: readonly Role[]): boolean {
  return roles.some((role) => ACCOUNT_READ_ROLES.includes(role));
}
export function canCharge(roles: readonly Role[]): boolean {
  return roles.some((role) => BILLING_ROLES.includes(role));
}

export function useAccount(customerId: string, enabled = true) {
  return useQuery({
    queryKey: accountKey(customerId),
    queryFn: ({ signal }) =>
      api.get<Account>(`/api/accounts/${encodeURIComponent(customerId)}`, undefined, signal),
    enabled,
  });
}

/** Balance, dunning level, block and the uninvoiced sum: the figures everyone who reads the account needs. */
export function AccountSummary({ account, showBlock = true }: { account: Account; showBlock?: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap="sm">
      {showBlock && account.blocked && (
        <Alert color="red" variant="light" role="status" title={t('billing.account.blocked')}>
          {account.blockedAt
            ? t('billing.account.blockedSince', { date: formatDate(account.blockedAt, i18n.language) })
            : t('billing.account.blockedHint')}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
        <div>
          <Text size="sm" c="dimmed">
            {t('billing.account.balance')}
          </Text>
          <Text size="xl" fw={700} data-testid="account-balance">
            {formatCents(account.balanceCents, i18n.language)}
          </Text>
          <Text size="xs" c="dimmed">
            {t('billing.account.balanceHint')}
          </Text>
        </div>
        <div>
          <Text size="sm" c="dimmed">
            {t('billing.account.uninvoiced')}
          </Text>
          <Text size="lg" fw={600}>
            {formatCents(account.uninvoicedNetCents, i18n.language)}
          </Text>
          <Text size="xs" c="dimmed">
            {t('billing.account.net')}
          </Text>
        </div>
        <div>
          <Text size="sm" c="dimmed">
            {t('billing.account.dunningLevel')}
          </Text>
          <Group gap="xs">
            <Badge variant="light" color={account.dunningLevel > 0 ? 'orange' : 'teal'}>
              {t(`billing.dunning.${account.dunningLevel}`, { defaultValue: String(account.dunningLevel) })}
            </Badge>
            {!account.blocked && (
              <Badge variant="light" color="teal">
                {t('billing.account.notBlocked')}
              </Badge>
            )}
          </Group>
        </div>
      </SimpleGrid>
    </Stack>
  );
}

export function ChargesTable({ charges }: { charges: Charge[] }) {
  const { t, i18n } = useTranslation();
  if (charges.length === 0) return <Text c="dimmed">{t('billing.account.noCharges')}</Text>;
  return (
    <>
      <ChargeCards charges={charges} />
      <Box visibleFrom="sm">
        <Table.ScrollContainer
          minWidth={640}
          type="native"
          tabIndex={0}
          aria-label={t('billing.account.charges')}
        >
          <Table striped verticalSpacing="xs">
            <VisuallyHidden component="caption">{t('billing.account.charges')}</VisuallyHidden>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('billing.charge.serviceDate')}</Table.Th>
                <Table.Th scope="col">{t('billing.charge.type')}</Table.Th>
                <Table.Th scope="col">{t('billing.charge.description')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('billing.charge.quantity')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('billing.charge.lineNet')}
                </Table.Th>
                <Table.Th scope="col">{t('billing.charge.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {charges.map((charge) => (
                <Table.Tr key={charge.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatDate(charge.serviceDate, i18n.language)}
                    {charge.serviceDateTo && ` – ${formatDate(charge.serviceDateTo, i18n.language)}`}
                  </Table.Td>
                  <Table.Td>{i18n.language === 'de' ? charge.type.nameDe : charge.type.nameEn}</Table.Td>
                  <Table.Td>{charge.description}</Table.Td>
                  <Table.Td ta="right">{charge.quantity.toLocaleString(i18n.language)}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {formatCents(charge.lineNetCents, i18n.language)}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={charge.invoiceId ? 'gray' : 'blue'}>
                      {charge.invoiceId ? t('billing.charge.invoiced') : t('billing.charge.uninvoiced')}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Box>
    </>
  );
}

/** On a phone each charge is a small card: amount and status stay in sight without scrolling sideways. */
function ChargeCards({ charges }: { charges: Charge[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack
      gap="xs"
      hiddenFrom="sm"
      component="ul"
      p={0}
      m={0}
      style={{ listStyle: 'none' }}
      aria-label={t('billing.account.charges')}
    >
      {charges.map((charge) => (
        <Paper component="li" key={charge.id} withBorder p="sm" radius="md">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Text size="sm" fw={600}>
              {i18n.language === 'de' ? charge.type.nameDe : charge.type.nameEn}
            </Text>
            <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
              {formatCents(charge.lineNetCents, i18n.language)}
            </Text>
          </Group>
          <Text size="sm">{charge.description}</Text>
          <Group justify="space-between" mt={4}>
            <Text size="xs" c="dimmed">
              {formatDate(charge.serviceDate, i18n.language)}
              {charge.serviceDateTo && ` – ${formatDate(charge.serviceDateTo, i18n.language)}`} ·{' '}
              {t('billing.charge.quantity')} {charge.quantity.toLocaleString(i18n.language)}
            </Text>
            <Badge variant="light" color={charge.invoiceId ? 'gray' : 'blue'}>
              {charge.invoiceId ? t('billing.charge.invoiced') : t('billing.charge.uninvoiced')}
            </Badge>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

const today = () => new Date().toISOString().slice(0, 10);
const CHARGE_FIELDS = [
  'type',
  'amountCents',
  'quantity',
  'description',
  'serviceDate',
  'serviceDateTo',
] as const;

function AddChargeForm({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const types = useQuery({
    queryKey: ['billing', 'charge-types'],
    queryFn: ({ signal }) => api.get<{ items: ChargeType[] }>('/api/billing/charge-types', undefined, signal),
  });
  const [draft, setDraft] = useState({
    type: '',
    amount: '',
    quantity: '1',
    description: '',
    serviceDate: today(),
    serviceDateTo: '',
  });
  const [checked, setChecked] = useState(false);
  const amountCents = parseEuroToCents(draft.amount);
  const quantity = parseQuantity(draft.quantity);
  const save = useMutation({
    mutationFn: () =>
      api.post<Charge>(`/api/accounts/${encodeURIComponent(customerId)}/charges`, {
        type: draft.type,
        amountCents,
        quantity,
        description: draft.description,
        serviceDate: draft.serviceDate,
        serviceDateTo: draft.serviceDateTo === '' ? null : draft.serviceDateTo,
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: accountKey(customerId) });
      setChecked(false);
      setDraft((d) => ({ ...d, amount: '', description: '', quantity: '1', serviceDateTo: '' }));
    },
  });
  const { errorAt, unplaced } = useFieldErrors(save.error, CHARGE_FIELDS);
  const set = (key: keyof typeof draft, value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    save.reset();
  };
  const required = (value: string) => (checked && value.trim() === '' ? t('validation.required') : undefined);
  const amountError =
    checked && amountCents === null ? t('billing.charge.amountInvalid') : errorAt('amountCents');
  const quantityError =
    checked && quantity === null ? t('billing.charge.quantityInvalid') : errorAt('quantity');
  const activeTypes = types.data?.items.filter((type) => type.active) ?? [];
  return (
    <form
      aria-labelledby="add-charge"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setChecked(true);
        if (amountCents === null || quantity === null || draft.type === '' || draft.description.trim() === '')
          return;
        save.mutate();
      }}
    >
      <Title order={3} size="h4" id="add-charge" mb="sm">
        {t('billing.charge.add')}
      </Title>
      <Stack gap="sm">
        {types.isError && <BillingProblem error={types.error} />}
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Select
            label={t('billing.charge.type')}
            required
            searchable
            data={activeTypes.map((type) => ({
              value: type.code,
              label: i18n.language === 'de' ? type.nameDe : type.nameEn,
            }))}
            value={draft.type || null}
            onChange={(value) => set('type', value ?? '')}
            error={required(draft.type) ?? errorAt('type')}
          />
          <TextInput
            label={t('billing.charge.amount')}
            required
            inputMode="decimal"
            placeholder="49,90"
            value={draft.amount}
            onChange={(e) => set('amount', e.currentTarget.value)}
            error={amountError}
          />
          <TextInput
            label={t('billing.charge.quantity')}
            inputMode="decimal"
            value={draft.quantity}
            onChange={(e) => set('quantity', e.currentTarget.value)}
            error={quantityError}
          />
        </SimpleGrid>
        <TextInput
          label={t('billing.charge.description')}
          required
          maxLength={500}
          value={draft.description}
          onChange={(e) => set('description', e.currentTarget.value)}
          error={required(draft.description) ?? errorAt('description')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            type="date"
            label={t('billing.charge.serviceDate')}
            required
            value={draft.serviceDate}
            onChange={(e) => set('serviceDate', e.currentTarget.value)}
            error={errorAt('serviceDate')}
          />
          <TextInput
            type="date"
            label={t('billing.charge.serviceDateTo')}
            description={t('billing.charge.serviceDateToHint')}
            value={draft.serviceDateTo}
            onChange={(e) => set('serviceDateTo', e.currentTarget.value)}
            error={errorAt('serviceDateTo')}
          />
        </SimpleGrid>
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('billing.charge.submit')}
          </Button>
        </Group>
        {save.isSuccess && <Notice onClose={() => save.reset()}>{t('billing.charge.added')}</Notice>}
        {save.isError && unplaced && <BillingProblem error={save.error} />}
      </Stack>
    </form>
  );
}

/** The "Konto" card on a customer's organisation page: figures, charges, invoices, payments; billing roles add charges. */
export function AccountCard({ customerId, roles }: { customerId: string; roles: readonly Role[] }) {
  const { t } = useTranslation();
  const account = useAccount(customerId);
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="org-account">
      <Title order={2} size="h3" id="org-account" mb="md">
        {t('billing.account.title')}
      </Title>
      {account.isPending ? (
        <PageLoader />
      ) : account.isError ? (
        <BillingProblem error={account.error} />
      ) : (
        <Stack gap="lg">
          <AccountSummary account={account.data} />
          <div>
            <Title order={3} size="h4" mb="sm">
              {t('billing.account.charges')}
            </Title>
            <ChargesTable charges={account.data.charges} />
          </div>
          {account.data.invoices.length > 0 && (
            <div>
              <Title order={3} size="h4" mb="sm">
                {t('billing.account.invoices')}
              </Title>
              <InvoiceList invoices={account.data.invoices} />
            </div>
          )}
          {account.data.payments.length > 0 && (
            <div>
              <Title order={3} size="h4" mb="sm">
                {t('billing.accountPayments.title')}
              </Title>
              <PaymentList payments={account.data.payments} />
            </div>
          )}
          {canCharge(roles) && <AddChargeForm customerId={customerId} />}
        </Stack>
      )}
    </Card>
  );
}
