import { Button, Card, Group, NumberInput, Stack, Switch, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../api';
import { useFieldErrors } from '../channel/common';
import { ErrorAlert } from '../components/ErrorAlert';
import { Notice } from '../components/Notice';
import { PageLoader } from '../components/PageLoader';
import { usePageTitle } from '../components/usePageTitle';
import type { ChannelSettings, ChannelSettingsChange } from '../leads/types';

const SETTINGS_KEY = ['channel', 'settings'];
const FIELDS: (keyof ChannelSettingsChange)[] = [
  'renewalLeadDays',
  'protectionDays',
  'protectionBusinessDays',
  'registrationProtectionDays',
];

function SettingsForm({ settings }: { settings: ChannelSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Record<keyof ChannelSettingsChange, number | string | boolean>>({
    renewalLeadDays: settings.renewalLeadDays,
    protectionDays: settings.protectionDays,
    protectionBusinessDays: settings.protectionBusinessDays,
    registrationProtectionDays: settings.registrationProtectionDays,
  });
  const save = useMutation({
    mutationFn: () =>
      api.put<ChannelSettings>('/api/channel/settings', {
        renewalLeadDays: Number(form.renewalLeadDays),
        protectionDays: Number(form.protectionDays),
        protectionBusinessDays: form.protectionBusinessDays === true,
        registrationProtectionDays: Number(form.registrationProtectionDays),
      }),
    onSuccess: (saved) => queryClient.setQueryData(SETTINGS_KEY, saved),
  });
  const set = (key: keyof ChannelSettingsChange, value: number | string | boolean) => {
    setForm((f) => ({ ...f, [key]: value }));
    save.reset();
  };
  const errorOf = useFieldErrors(save.error);
  const unplaced =
    isApiError(save.error) && !save.error.errors.some((e) => FIELDS.includes(e.field as never));
  const days = (key: 'renewalLeadDays' | 'protectionDays' | 'registrationProtectionDays', max: number) => (
    <NumberInput
      label={t(`leads.settings.${key}`)}
      required
      min={1}
      max={max}
      allowDecimal={false}
      allowNegative={false}
      value={form[key] as number | string}
      onChange={(value) => set(key, value)}
      error={errorOf(key)}
    />
  );
  return (
    <form
      aria-labelledby="channel-settings-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Title order={2} size="h3" id="channel-settings-form" mb="md">
        {t('leads.settings.limits')}
      </Title>
      <Stack gap="md" maw={560}>
        {days('renewalLeadDays', 365)}
        {days('protectionDays', 90)}
        <Switch
          label={t('leads.settings.protectionBusinessDays')}
          description={t('leads.settings.protectionBusinessDaysHint')}
          checked={form.protectionBusinessDays === true}
          onChange={(e) => set('protectionBusinessDays', e.currentTarget.checked)}
          error={errorOf('protectionBusinessDays')}
        />
        {days('registrationProtectionDays', 730)}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
        {save.isSuccess && <Notice onClose={() => save.reset()}>{t('leads.settings.saved')}</Notice>}
        {unplaced && <ErrorAlert error={save.error} />}
      </Stack>
    </form>
  );
}

/** /channel/settings: the time limits of leads and deal registrations (operator admin, channel manager). */
export default function ChannelSettingsPage() {
  const { t } = useTranslation();
  usePageTitle(t('leads.settings.title'));
  const settings = useQuery({
    queryKey: SETTINGS_KEY,
    queryFn: ({ signal }) => api.get<ChannelSettings>('/api/channel/settings', undefined, signal),
  });
  return (
    <Stack gap="lg" maw={900}>
      <div>
        <Title order={1}>{t('leads.settings.title')}</Title>
        <Text c="dimmed" mt={4}>
          {t('leads.settings.intro')}
        </Text>
      </div>
      <Card withBorder padding="lg" component="section">
        {settings.isPending ? (
          <PageLoader />
        ) : settings.isError ? (
          <ErrorAlert error={settings.error} />
        ) : (
          <SettingsForm settings={settings.data} />
        )}
      </Card>
    </Stack>
  );
}
