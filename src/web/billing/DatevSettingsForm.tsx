import { Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DATEV_REVENUE_KEYS, type DatevRevenueKey } from '../../shared/datev';
import { api } from '../api';
import { Notice } from '../components/Notice';
import { BillingProblem, useFieldErrors } from './problems';

export type DatevSettings = {
  configured: boolean;
  consultantNumber: number | null;
  clientNumber: number | null;
  fiscalYearStartMonth: number;
  accountLength: number;
  debitorStart: number;
  bankAccount: number;
  revenueAccounts: Record<DatevRevenueKey, number>;
  updatedAt: string | null;
};

export const DATEV_SETTINGS_KEY = ['billing', 'datev-settings'];
const FIELDS = [
  'consultantNumber',
  'clientNumber',
  'fiscalYearStartMonth',
  'accountLength',
  'debitorStart',
  'bankAccount',
  'revenueAccounts',
] as const;

type Draft = Omit<DatevSettings, 'configured' | 'updatedAt' | 'consultantNumber' | 'clientNumber'> & {
  consultantNumber: number | '';
  clientNumber: number | '';
};

const asNumber = (value: string | number) => (typeof value === 'number' ? value : Number(value) || 0);

/** The accountant's DATEV data: consultant and client number, fiscal year, accounts (SKR03 defaults). */
export function DatevSettingsForm({ settings }: { settings: DatevSettings }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => ({
    consultantNumber: settings.consultantNumber ?? '',
    clientNumber: settings.clientNumber ?? '',
    fiscalYearStartMonth: settings.fiscalYearStartMonth,
    accountLength: settings.accountLength,
    debitorStart: settings.debitorStart,
    bankAccount: settings.bankAccount,
    revenueAccounts: { ...settings.revenueAccounts },
  }));
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () => api.put<DatevSettings>('/api/billing/datev-settings', draft),
    onSuccess: (data) => {
      queryClient.setQueryData(DATEV_SETTINGS_KEY, data);
      setSaved(true);
    },
  });
  const { errorAt, unplaced } = useFieldErrors(save.error, FIELDS);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setSaved(false);
    save.reset();
  };
  const monthName = (month: number) =>
    new Intl.DateTimeFormat(i18n.language, { month: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2026, month - 1, 1)),
    );
  const account = (key: 'bankAccount' | 'debitorStart', label: string, description?: string) => (
    <NumberInput
      label={label}
      description={description}
      required
      min={1}
      allowDecimal={false}
      allowNegative={false}
      thousandSeparator=""
      hideControls
      value={draft[key]}
      onChange={(value) => set(key, asNumber(value))}
      error={errorAt(key)}
    />
  );
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="datev-settings">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="md">
          <Title order={2} size="h3" id="datev-settings">
            {t('datev.settings.title')}
          </Title>
          {!settings.configured && <Text c="dimmed">{t('datev.settings.defaults')}</Text>}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <NumberInput
              label={t('datev.settings.consultantNumber')}
              required
              allowDecimal={false}
              allowNegative={false}
              thousandSeparator=""
              hideControls
              value={draft.consultantNumber}
              onChange={(value) => set('consultantNumber', value === '' ? '' : asNumber(value))}
              error={errorAt('consultantNumber')}
            />
            <NumberInput
              label={t('datev.settings.clientNumber')}
              required
              allowDecimal={false}
              allowNegative={false}
              thousandSeparator=""
              hideControls
              value={draft.clientNumber}
              onChange={(value) => set('clientNumber', value === '' ? '' : asNumber(value))}
              error={errorAt('clientNumber')}
            />
            <Select
              label={t('datev.settings.fiscalYearStartMonth')}
              allowDeselect={false}
              data={Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: monthName(i + 1) }))}
              value={String(draft.fiscalYearStartMonth)}
              onChange={(value) => value && set('fiscalYearStartMonth', Number(value))}
              error={errorAt('fiscalYearStartMonth')}
            />
            <NumberInput
              label={t('datev.settings.accountLength')}
              description={t('datev.settings.accountLengthHint')}
              required
              min={4}
              max={8}
              allowDecimal={false}
              value={draft.accountLength}
              onChange={(value) => set('accountLength', asNumber(value))}
              error={errorAt('accountLength')}
            />
            {account('debitorStart', t('datev.settings.debitorStart'), t('datev.settings.debitorStartHint'))}
            {account('bankAccount', t('datev.settings.bankAccount'))}
          </SimpleGrid>
          <Title order={3} size="h4">
            {t('datev.settings.revenueTitle')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {DATEV_REVENUE_KEYS.map((key) => (
              <NumberInput
                key={key}
                label={t(`datev.settings.revenue.${key}`)}
                required
                min={1}
                allowDecimal={false}
                allowNegative={false}
                thousandSeparator=""
                hideControls
                value={draft.revenueAccounts[key]}
                onChange={(value) =>
                  set('revenueAccounts', { ...draft.revenueAccounts, [key]: asNumber(value) })
                }
                error={errorAt(`revenueAccounts.${key}`)}
              />
            ))}
          </SimpleGrid>
          {unplaced && <BillingProblem error={save.error} />}
          {saved && <Notice onClose={() => setSaved(false)}>{t('datev.settings.saved')}</Notice>}
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('datev.settings.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
