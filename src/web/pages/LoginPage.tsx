import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, login, sessionEndReason, subscribeSessionEndReason } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { usePageTitle } from '../components/usePageTitle';
import i18n from '../i18n';
import { useSetSession } from '../session';

// The server's `detail` is English; known cases get a translated message. A locked account
// answers like a wrong password (its owner is told by mail), so the form cannot tell them apart.
function LoginError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!(error instanceof ApiError) || ![401, 429].includes(error.status)) return <ErrorAlert error={error} />;
  const [title, message] =
    error.status === 429
      ? [t('login.tooManyTitle'), t('login.tooMany')]
      : error.code === 'organisation_inactive'
        ? [t('login.organisationInactiveTitle'), t('errors.codes.organisation_inactive')]
        : [t('login.failedTitle'), t('login.wrongCredentials')];
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      <Text size="sm">{message}</Text>
    </Alert>
  );
}

/**
 * Why the user is back at the login although they did not log out: their organisation was
 * deactivated while they were working (any request then answers 401 organisation_inactive).
 */
function SessionEndedNotice({ code }: { code: string | null }) {
  const { t } = useTranslation();
  if (code !== 'organisation_inactive') return null;
  return (
    <Alert color="red" variant="light" title={t('login.organisationInactiveTitle')} role="alert">
      <Text size="sm">{t('errors.codes.organisation_inactive')}</Text>
    </Alert>
  );
}

export default function LoginPage() {
  const { t } = useTranslation();
  usePageTitle(t('login.title'));
  const sessionEnd = useSyncExternalStore(subscribeSessionEndReason, sessionEndReason);
  const setSession = useSetSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const mutation = useMutation({
    mutationFn: () => login(email.trim(), password),
    onSuccess: async (session) => {
      await i18n.changeLanguage(session.user.locale);
      // The public layout sends a logged-in user on to where they wanted to go.
      setSession(session);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (email.trim() === '' || password === '') return;
    mutation.mutate();
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="login-title">
      <Stack>
        <Title order={1} size="h2" id="login-title">
          {t('login.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('login.intro')}
        </Text>
        {mutation.isIdle && <SessionEndedNotice code={sessionEnd} />}
        {mutation.isError && <LoginError error={mutation.error} />}
        <TextInput
          label={t('login.email')}
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={submitted && email.trim() === '' ? t('validation.required') : undefined}
        />
        <PasswordInput
          label={t('login.password')}
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={submitted && password === '' ? t('validation.required') : undefined}
        />
        <Button type="submit" loading={mutation.isPending} fullWidth>
          {t('login.submit')}
        </Button>
        <Anchor component={Link} to="/forgot-password" size="sm" ta="center">
          {t('login.forgot')}
        </Anchor>
      </Stack>
    </form>
  );
}
