import { Button, Card, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../api-types';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageLoader } from '../components/PageLoader';
import { usePageTitle } from '../components/usePageTitle';
import { DEFAULT_TIME_ZONE, timeZoneOptions } from '../format';
import { isLocale } from '../i18n';
import { NotificationPreferences } from '../notifications/NotificationPreferences';
import { canUseApiTokens } from '../roles';
import { useLogout, useMe, useUpdateMe } from '../session';

const ApiTokens = lazy(() => import('../components/ApiTokens'));

function ProfileForm() {
  const { t } = useTranslation();
  const me = useMe();
  const updateMe = useUpdateMe();
  const [name, setName] = useState(me.name);
  const [locale, setLocale] = useState<Locale>(me.locale);
  const [timeZone, setTimeZone] = useState(me.timeZone || DEFAULT_TIME_ZONE);
  const [submitted, setSubmitted] = useState(false);
  const zones = useMemo(() => timeZoneOptions(me.timeZone), [me.timeZone]);
  const nameMissing = name.trim() === '';

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (nameMissing) return;
    updateMe.mutate({ name: name.trim(), locale, timeZone });
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {updateMe.isError && <ErrorAlert error={updateMe.error} />}
        <TextInput
          label={t('settings.name')}
          name="name"
          autoComplete="name"
          required
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            updateMe.reset();
          }}
          error={submitted && nameMissing ? t('validation.required') : undefined}
          maw={480}
        />
        <TextInput
          label={t('settings.email')}
          description={t('settings.emailHint')}
          value={me.email}
          readOnly
          variant="filled"
          maw={480}
        />
        <Select
          label={t('settings.language')}
          value={locale}
          onChange={(value) => {
            if (isLocale(value)) setLocale(value);
            updateMe.reset();
          }}
          allowDeselect={false}
          data={[
            { value: 'de', label: t('language.de') },
            { value: 'en', label: t('language.en') },
          ]}
          maw={480}
        />
        <Select
          label={t('settings.timeZone')}
          description={t('settings.timeZoneHint')}
          value={timeZone}
          onChange={(value) => {
            if (value) setTimeZone(value);
            updateMe.reset();
          }}
          allowDeselect={false}
          searchable
          limit={50}
          nothingFoundMessage={t('settings.timeZoneNothingFound')}
          data={zones}
          maw={480}
        />
        <Group>
          <Button type="submit" loading={updateMe.isPending}>
            {t('common.save')}
          </Button>
          <Text size="sm" role="status" c="teal.9">
            {updateMe.isSuccess ? t('common.saved') : ''}
          </Text>
        </Group>
      </Stack>
    </form>
  );
}

export default function SettingsPage() {
  const { t } = useTranslation();
  usePageTitle(t('settings.title'));
  const me = useMe();
  const logoutAll = useLogout('all');

  return (
    <Stack gap="lg" maw={1100}>
      <Title order={1}>{t('settings.title')}</Title>
      <Card withBorder padding="lg" component="section" aria-labelledby="settings-profile">
        <Title order={2} size="h3" id="settings-profile" mb="md">
          {t('settings.profile')}
        </Title>
        <ProfileForm />
      </Card>
      <Card withBorder padding="lg" component="section" aria-labelledby="settings-notifications">
        <Title order={2} size="h3" id="settings-notifications" mb="xs">
          {t('notifications.preferences.title')}
        </Title>
        <NotificationPreferences />
      </Card>
      <Card withBorder padding="lg" component="section" aria-labelledby="settings-sessions">
        <Title order={2} size="h3" id="settings-sessions" mb="xs">
          {t('settings.sessions')}
        </Title>
        <Text size="sm" mb="md">
          {t('settings.sessionsText')}
        </Text>
        <Button
          color="red"
          variant="outline"
          w="fit-content"
          onClick={() => logoutAll.mutate()}
          loading={logoutAll.isPending}
        >
          {t('settings.logoutAll')}
        </Button>
      </Card>
      {canUseApiTokens(me.roles) && (
        <Card withBorder padding="lg" component="section" aria-labelledby="settings-tokens">
          <Title order={2} size="h3" id="settings-tokens" mb="xs">
            {t('tokens.title')}
          </Title>
          <Suspense fallback={<PageLoader />}>
            <ApiTokens />
          </Suspense>
        </Card>
      )}
    </Stack>
  );
}
