import {
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InvoiceNumbering } from '../../shared/billing';
import { bicProblem, normaliseIban } from '../../shared/iban';
import { api, isApiError } from '../api';
import { formatIban, ibanProblemKey, invoiceNumberPreview, MONO_INPUT } from '../billing/money';
import { BillingProblem, useFieldErrors } from '../billing/problems';
import type { SellerSettings } from '../billing/types';
import { Notice } from '../components/Notice';
import { PageLoader } from '../components/PageLoader';
import { usePageTitle } from '../components/usePageTitle';
import { useMe } from '../session';
import NotFoundPage from './NotFoundPage';

const SELLER_KEY = ['billing', 'seller'];
type Form = Omit<SellerSettings, 'configured' | 'updatedAt' | 'paymentTermsDays'> & {
  paymentTermsDays: number | string;
};
const FIELDS = [
  'legalName',
  'street',
  'postalCode',
  'city',
  'country',
  'vatId',
  'taxNumber',
  'registerCourt',
  'registerNumber',
  'managingDirectors',
  'bankName',
  'iban',
  'bic',
  'invoiceFooter',
  'contactName',
  'contactPhone',
  'contactEmail',
  'paymentTermsDays',
  'invoiceNumberSeries',
] as const;

function SellerForm({ settings, canEdit }: { settings: SellerSettings; canEdit: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { configured: _c, updatedAt: _u, ...initial } = settings;
  const [form, setForm] = useState<Form>({ ...initial, iban: formatIban(initial.iban) });
  // Browser checks show once the user left the field or tried to save, not while typing.
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const save = useMutation({
    mutationFn: () =>
      api.put<SellerSettings>('/api/settings/seller', {
        ...form,
        country: form.country.trim().toUpperCase(),
        iban: normaliseIban(form.iban),
        paymentTermsDays: Number(form.paymentTermsDays),
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData(SELLER_KEY, saved);
      setForm((f) => ({ ...f, iban: formatIban(saved.iban) }));
    },
  });
  const { errorAt, unplaced } = useFieldErrors(save.error, FIELDS);
  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    save.reset();
  };
  const iban = ibanProblemKey(form.iban);
  const ibanError = touched.iban && iban ? t(`billing.iban.${iban.key}`, iban.values) : errorAt('iban');
  const bicError =
    touched.bic && (form.bic ?? '').trim() !== '' && bicProblem(form.bic ?? '') !== null
      ? t('billing.seller.bicInvalid')
      : errorAt('bic');
  const text = (key: 'legalName' | 'street' | 'postalCode' | 'city', required = true) => (
    <TextInput
      label={t(`billing.seller.${key}`)}
      required={required}
      readOnly={!canEdit}
      value={form[key]}
      onChange={(e) => set(key, e.currentTarget.value)}
      error={errorAt(key)}
    />
  );
  const optional = (
    key: 'vatId' | 'taxNumber' | 'registerCourt' | 'registerNumber' | 'bankName',
    placeholder?: string,
  ) => (
    <TextInput
      label={t(`billing.seller.${key}`)}
      readOnly={!canEdit}
      placeholder={placeholder}
      value={form[key] ?? ''}
      onChange={(e) => set(key, e.currentTarget.value)}
      error={key === 'vatId' && noTaxId ? t('billing.seller.taxIdRequired') : errorAt(key)}
    />
  );
  // The server's rule, said in the user's language before anything is sent.
  const noTaxId =
    touched.vatId === true && (form.vatId ?? '').trim() === '' && (form.taxNumber ?? '').trim() === '';
  const year = new Date().getFullYear();
  return (
    <form
      aria-label={t('billing.seller.title')}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTouched({ iban: true, bic: true, vatId: true });
        if (iban || ((form.vatId ?? '').trim() === '' && (form.taxNumber ?? '').trim() === '')) return;
        save.mutate();
      }}
    >
      <Stack gap="lg">
        <Card withBorder padding="lg" component="section" aria-labelledby="seller-company">
          <Title order={2} size="h3" id="seller-company" mb="md">
            {t('billing.seller.company')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            {text('legalName')}
            {text('street')}
            {text('postalCode')}
            {text('city')}
            <TextInput
              label={t('billing.seller.country')}
              description={t('billing.seller.countryHint')}
              required
              readOnly={!canEdit}
              maxLength={2}
              value={form.country}
              onChange={(e) => set('country', e.currentTarget.value.toUpperCase())}
              error={errorAt('country')}
            />
          </SimpleGrid>
        </Card>
        <Card withBorder padding="lg" component="section" aria-labelledby="seller-tax">
          <Title order={2} size="h3" id="seller-tax" mb="xs">
            {t('billing.seller.tax')}
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            {t('billing.seller.taxHint')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            {optional('vatId', 'DE123456789')}
            {optional('taxNumber', '39/123/45678')}
            {optional('registerCourt', t('billing.seller.registerCourtPlaceholder'))}
            {optional('registerNumber', 'HRB 12345')}
          </SimpleGrid>
          <TagsInput
            mt="md"
            label={t('billing.seller.managingDirectors')}
            description={t('billing.seller.managingDirectorsHint')}
            readOnly={!canEdit}
            value={form.managingDirectors}
            onChange={(value) => set('managingDirectors', value)}
            error={errorAt('managingDirectors')}
          />
        </Card>
        <Card withBorder padding="lg" component="section" aria-labelledby="seller-bank">
          <Title order={2} size="h3" id="seller-bank" mb="md">
            {t('billing.seller.bank')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            {optional('bankName')}
            <TextInput
              label="IBAN"
              required
              readOnly={!canEdit}
              value={form.iban}
              onChange={(e) => set('iban', e.currentTarget.value)}
              onBlur={() => {
                setTouched((s) => ({ ...s, iban: true }));
                if (!ibanProblemKey(form.iban)) set('iban', formatIban(form.iban));
              }}
              error={ibanError}
              styles={MONO_INPUT}
              autoComplete="off"
            />
            <TextInput
              label="BIC"
              readOnly={!canEdit}
              value={form.bic ?? ''}
              onChange={(e) => set('bic', e.currentTarget.value.toUpperCase())}
              onBlur={() => setTouched((s) => ({ ...s, bic: true }))}
              error={bicError}
              styles={MONO_INPUT}
              autoComplete="off"
            />
          </SimpleGrid>
        </Card>
        <Card withBorder padding="lg" component="section" aria-labelledby="seller-contact">
          <Title order={2} size="h3" id="seller-contact" mb="xs">
            {t('billing.seller.contact')}
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            {t('billing.seller.contactHint')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
            <TextInput
              label={t('billing.seller.contactName')}
              readOnly={!canEdit}
              value={form.contactName ?? ''}
              onChange={(e) => set('contactName', e.currentTarget.value)}
              error={errorAt('contactName')}
              autoComplete="name"
            />
            <TextInput
              label={t('billing.seller.contactPhone')}
              type="tel"
              readOnly={!canEdit}
              value={form.contactPhone ?? ''}
              onChange={(e) => set('contactPhone', e.currentTarget.value)}
              error={errorAt('contactPhone')}
              autoComplete="tel"
            />
            <TextInput
              label={t('billing.seller.contactEmail')}
              type="email"
              readOnly={!canEdit}
              value={form.contactEmail ?? ''}
              onChange={(e) => set('contactEmail', e.currentTarget.value)}
              error={errorAt('contactEmail')}
              autoComplete="email"
            />
          </SimpleGrid>
        </Card>
        <Card withBorder padding="lg" component="section" aria-labelledby="seller-invoices">
          <Title order={2} size="h3" id="seller-invoices" mb="md">
            {t('billing.seller.invoices')}
          </Title>
          <Stack gap="md">
            <NumberInput
              label={t('billing.seller.paymentTermsDays')}
              description={t('billing.seller.paymentTermsHint')}
              required
              readOnly={!canEdit}
              min={0}
              max={365}
              allowDecimal={false}
              allowNegative={false}
              maw={240}
              value={form.paymentTermsDays}
              onChange={(value) => set('paymentTermsDays', value)}
              error={errorAt('paymentTermsDays')}
            />
            <Group align="flex-end" gap="md">
              <TextInput
                label={t('billing.seller.prefix')}
                required
                readOnly={!canEdit}
                maw={200}
                value={form.invoiceNumberSeries.prefix}
                onChange={(e) =>
                  set('invoiceNumberSeries', { ...form.invoiceNumberSeries, prefix: e.currentTarget.value })
                }
                error={errorAt('invoiceNumberSeries.prefix')}
                styles={MONO_INPUT}
              />
              <div>
                <Text size="sm" fw={500} mb={4} id="seller-numbering">
                  {t('billing.seller.numbering')}
                </Text>
                <SegmentedControl
                  aria-labelledby="seller-numbering"
                  disabled={!canEdit}
                  value={form.invoiceNumberSeries.numbering}
                  onChange={(value) =>
                    set('invoiceNumberSeries', {
                      ...form.invoiceNumberSeries,
                      numbering: value as InvoiceNumbering,
                    })
                  }
                  data={[
                    { value: 'per_year', label: t('billing.seller.perYear') },
                    { value: 'continuous', label: t('billing.seller.continuous') },
                  ]}
                />
              </div>
            </Group>
            <Text size="sm" data-testid="invoice-number-preview">
              {t('billing.seller.preview')}{' '}
              <Text span ff="monospace" fw={600}>
                {invoiceNumberPreview(
                  form.invoiceNumberSeries.prefix,
                  form.invoiceNumberSeries.numbering,
                  year,
                )}
              </Text>
            </Text>
            <Textarea
              label={t('billing.seller.footer')}
              description={t('billing.seller.footerHint')}
              readOnly={!canEdit}
              autosize
              minRows={2}
              value={form.invoiceFooter ?? ''}
              onChange={(e) => set('invoiceFooter', e.currentTarget.value)}
              error={errorAt('invoiceFooter')}
            />
          </Stack>
        </Card>
        {canEdit && (
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        )}
        {save.isSuccess && <Notice onClose={() => save.reset()}>{t('billing.seller.saved')}</Notice>}
        {save.isError && unplaced && <BillingProblem error={save.error} />}
        {save.isError && !unplaced && (
          <Alert color="red" variant="light" role="alert">
            {t('billing.checkFields')}
          </Alert>
        )}
      </Stack>
    </form>
  );
}

/** /settings/seller: the seller's data on every invoice. Operator admins change it, billing clerks read it. */
export default function SellerSettingsPage() {
  const { t } = useTranslation();
  const me = useMe();
  usePageTitle(t('billing.seller.title'));
  const canRead = me.roles.includes('operator_admin') || me.roles.includes('billing_clerk');
  const canEdit = me.roles.includes('operator_admin');
  const settings = useQuery({
    queryKey: SELLER_KEY,
    queryFn: ({ signal }) => api.get<SellerSettings>('/api/settings/seller', undefined, signal),
    enabled: canRead,
  });
  if (!canRead || isApiError(settings.error, 403)) return <NotFoundPage />;
  return (
    <Stack gap="lg" maw={900}>
      <div>
        <Title order={1}>{t('billing.seller.title')}</Title>
        <Text c="dimmed" mt={4}>
          {canEdit ? t('billing.seller.intro') : t('billing.seller.readOnly')}
        </Text>
      </div>
      {settings.isPending ? (
        <PageLoader />
      ) : settings.isError ? (
        <BillingProblem error={settings.error} />
      ) : (
        <>
          {!settings.data.configured && (
            <Alert color="yellow" variant="light" role="status">
              {t('billing.seller.notConfigured')}
            </Alert>
          )}
          <SellerForm settings={settings.data} canEdit={canEdit} />
        </>
      )}
    </Stack>
  );
}
