import { Button, Group, SegmentedControl, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../api';
import type { Organisation, Page } from '../api-types';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatCents, parseEuroToCents } from '../money';
import { PRODUCT_LINES, useFieldErrors, useProductLineLabel } from './common';
import type { DealRegistration, NewDealRegistration } from './types';

type Form = {
  subject: 'customer' | 'prospect';
  customerId: string | null;
  prospectName: string;
  prospectPostalCode: string;
  productLine: string | null;
  expectedValue: string;
  closeDate: string;
  note: string;
};

const EMPTY: Form = {
  subject: 'customer',
  customerId: null,
  prospectName: '',
  prospectPostalCode: '',
  productLine: null,
  expectedValue: '',
  closeDate: '',
  note: '',
};

/** What the form itself can tell before asking the server; keys are the API's field names. */
function validate(form: Form): Record<string, 'required' | 'amount'> {
  const problems: Record<string, 'required' | 'amount'> = {};
  if (form.subject === 'customer' && !form.customerId) problems.customerId = 'required';
  if (form.subject === 'prospect') {
    if (form.prospectName.trim() === '') problems.prospectName = 'required';
    if (form.prospectPostalCode.trim() === '') problems.prospectPostalCode = 'required';
  }
  if (!form.productLine) problems.productLine = 'required';
  if (form.expectedValue.trim() === '') problems.expectedValueCents = 'required';
  else if (parseEuroToCents(form.expectedValue) === null) problems.expectedValueCents = 'amount';
  if (form.closeDate === '') problems.closeDate = 'required';
  return problems;
}

/** A partner registers an opportunity with one of its customers or a prospect. */
export function RegistrationForm({ onRegistered }: { onRegistered?: (r: DealRegistration) => void }) {
  const { t, i18n } = useTranslation();
  const lineLabel = useProductLineLabel();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Form>(EMPTY);
  const [shown, setShown] = useState<Record<string, 'required' | 'amount'>>({});
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const customers = useQuery({
    queryKey: ['organisations', 'list', 'customer-search', q],
    queryFn: ({ signal }) =>
      api.get<Page<Organisation>>('/api/organisations', { kind: 'customer', q, limit: 20 }, signal),
  });
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const register = useMutation({
    mutationFn: () => {
      const body: NewDealRegistration =
        form.subject === 'customer'
          ? {
              customerId: form.customerId ?? '',
              productLine: form.productLine ?? '',
              expectedValueCents: parseEuroToCents(form.expectedValue) ?? 0,
              closeDate: form.closeDate,
            }
          : {
              prospectName: form.prospectName.trim(),
              prospectPostalCode: form.prospectPostalCode.trim(),
              productLine: form.productLine ?? '',
              expectedValueCents: parseEuroToCents(form.expectedValue) ?? 0,
              closeDate: form.closeDate,
            };
      if (form.note.trim() !== '') body.note = form.note.trim();
      return api.post<DealRegistration>('/api/deal-registrations', body);
    },
    onSuccess: async (registration) => {
      setForm(EMPTY);
      setChosen(null);
      setSearch('');
      setShown({});
      await queryClient.invalidateQueries({ queryKey: ['deal-registrations'] });
      onRegistered?.(registration);
    },
  });
  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    register.reset();
  };
  const serverError = useFieldErrors(register.error);
  const errorOf = (field: string) => {
    const local = shown[field];
    if (local === 'required') return t('validation.required');
    if (local === 'amount') return t('registrations.form.amountInvalid');
    return serverError(field);
  };
  const fields = [
    'customerId',
    'prospectName',
    'prospectPostalCode',
    'productLine',
    'expectedValueCents',
    'closeDate',
    'note',
  ];
  const unplaced = isApiError(register.error) && !register.error.errors.some((e) => fields.includes(e.field));
  const cents = parseEuroToCents(form.expectedValue);
  const customerOptions = [
    ...(chosen ? [chosen] : []),
    ...(customers.data?.items ?? [])
      .filter((c) => c.id !== chosen?.value)
      .map((c) => ({ value: c.id, label: c.name })),
  ];
  return (
    <form
      aria-labelledby="registration-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const problems = validate(form);
        setShown(problems);
        if (Object.keys(problems).length === 0) register.mutate();
      }}
    >
      <Stack gap="sm" maw={640}>
        <div>
          <Text size="sm" fw={500} id="registration-subject" mb={4}>
            {t('registrations.form.subject')}
          </Text>
          <SegmentedControl
            aria-labelledby="registration-subject"
            value={form.subject}
            onChange={(value) => set('subject', value as Form['subject'])}
            data={[
              { value: 'customer', label: t('registrations.form.ownCustomer') },
              { value: 'prospect', label: t('registrations.form.prospect') },
            ]}
          />
        </div>
        {form.subject === 'customer' ? (
          <Select
            label={t('registrations.form.customer')}
            placeholder={t('registrations.form.customerSearch')}
            searchable
            required
            data={customerOptions}
            value={form.customerId}
            onChange={(value, option) => {
              set('customerId', value);
              setChosen(value ? option : null);
            }}
            onSearchChange={setSearch}
            filter={({ options }) => options}
            nothingFoundMessage={t('registrations.form.noCustomer')}
            error={errorOf('customerId')}
          />
        ) : (
          <Group grow align="flex-start" wrap="wrap">
            <TextInput
              label={t('registrations.form.prospectName')}
              required
              maxLength={200}
              value={form.prospectName}
              onChange={(e) => set('prospectName', e.currentTarget.value)}
              error={errorOf('prospectName')}
              miw={220}
            />
            <TextInput
              label={t('registrations.form.postalCode')}
              required
              maxLength={20}
              inputMode="numeric"
              value={form.prospectPostalCode}
              onChange={(e) => set('prospectPostalCode', e.currentTarget.value)}
              error={errorOf('prospectPostalCode')}
              miw={140}
            />
          </Group>
        )}
        <Select
          label={t('registrations.productLine')}
          required
          data={PRODUCT_LINES.map((line) => ({ value: line, label: lineLabel(line) }))}
          value={form.productLine}
          onChange={(value) => set('productLine', value)}
          error={errorOf('productLine')}
        />
        <Group grow align="flex-start" wrap="wrap">
          <TextInput
            label={t('registrations.form.expectedValue')}
            description={
              cents !== null && form.expectedValue.trim() !== ''
                ? t('registrations.form.amountIs', { amount: formatCents(cents, i18n.language) })
                : t('registrations.form.amountHint')
            }
            required
            inputMode="decimal"
            rightSection={<Text size="sm">€</Text>}
            value={form.expectedValue}
            onChange={(e) => set('expectedValue', e.currentTarget.value)}
            error={errorOf('expectedValueCents')}
            miw={200}
          />
          <TextInput
            type="date"
            label={t('registrations.closeDate')}
            required
            value={form.closeDate}
            onChange={(e) => set('closeDate', e.currentTarget.value)}
            error={errorOf('closeDate')}
            miw={160}
          />
        </Group>
        <Textarea
          label={t('registrations.note')}
          autosize
          minRows={2}
          maxLength={2000}
          value={form.note}
          onChange={(e) => set('note', e.currentTarget.value)}
          error={errorOf('note')}
        />
        <Group>
          <Button type="submit" loading={register.isPending}>
            {t('registrations.form.submit')}
          </Button>
        </Group>
        {register.isSuccess && (
          <Text size="sm" c="teal.9" role="status">
            {t('registrations.form.done')}
          </Text>
        )}
        {unplaced && <ErrorAlert error={register.error} />}
      </Stack>
    </form>
  );
}
