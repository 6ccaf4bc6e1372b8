import { Alert, Anchor, Button, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { usePageTitle } from '../components/usePageTitle';

export const MIN_PASSWORD_LENGTH = 10;

export default function ResetPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t('reset.title'));
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const mutation = useMutation({
    mutationFn: () => api.post<void>('/api/auth/password-reset/confirm', { token, password }),
  });

  const tooShort = password.length < MIN_PASSWORD_LENGTH;
  const mismatch = repeat !== password;

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (tooShort || mismatch) return;
    mutation.mutate();
  }

  if (token === '') {
    return (
      <Stack>
        <Title order={1} size="h2">
          {t('reset.title')}
        </Title>
        <Alert color="red" variant="light" role="alert">
          <Text size="sm">{t('reset.missingToken')}</Text>
        </Alert>
        <Anchor component={Link} to="/forgot-password" size="sm">
          {t('reset.requestNew')}
        </Anchor>
      </Stack>
    );
  }

  if (mutation.isSuccess) {
    return (
      <Stack>
        <Title order={1} size="h2">
          {t('reset.title')}
        </Title>
        <Alert color="indigo" variant="light" title={t('reset.doneTitle')} role="status">
          <Text size="sm">{t('reset.done')}</Text>
        </Alert>
        <Button component={Link} to="/login" fullWidth>
          {t('reset.toLogin')}
        </Button>
      </Stack>
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={1} size="h2">
          {t('reset.title')}
        </Title>
        {mutation.isError && (
          <ErrorAlert error={mutation.error} title={t('reset.failedTitle')}>
            <Anchor component={Link} to="/forgot-password" size="sm">
              {t('reset.requestNew')}
            </Anchor>
          </ErrorAlert>
        )}
        <PasswordInput
          label={t('reset.password')}
          description={t('reset.hint')}
          name="new-password"
          autoComplete="new-password"
          required
          autoFocus
          minLength={MIN_PASSWORD_LENGTH}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={submitted && tooShort ? t('reset.tooShort') : undefined}
        />
        <PasswordInput
          label={t('reset.passwordRepeat')}
          name="new-password-repeat"
          autoComplete="new-password"
          required
          value={repeat}
          onChange={(e) => setRepeat(e.currentTarget.value)}
          error={submitted && !tooShort && mismatch ? t('reset.mismatch') : undefined}
        />
        <Button type="submit" loading={mutation.isPending} fullWidth>
          {t('reset.submit')}
        </Button>
        <Anchor component={Link} to="/login" size="sm" ta="center">
          {t('forgot.backToLogin')}
        </Anchor>
      </Stack>
    </form>
  );
}
