import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, isApiError } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { usePageTitle } from '../components/usePageTitle';

export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t('forgot.title'));
  const [email, setEmail] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const emailInvalid = !/^[^\s@]+@[^\s@]+$/.test(email.trim());
  const mutation = useMutation({
    mutationFn: () => api.post<void>('/api/auth/password-reset/request', { email: email.trim() }),
  });
  // Only a malformed request or the rate limit is worth telling; whether an address exists is not.
  const showError = mutation.isError && (isApiError(mutation.error, 400) || isApiError(mutation.error, 429));
  const sent = mutation.isSuccess || (mutation.isError && !showError);

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (emailInvalid) return;
    mutation.mutate();
  }

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('forgot.title')}
      </Title>
      {sent ? (
        <Alert color="indigo" variant="light" title={t('forgot.sentTitle')} role="status">
          <Text size="sm">{t('forgot.sent')}</Text>
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm" c="dimmed">
              {t('forgot.intro')}
            </Text>
            {showError && <ErrorAlert error={mutation.error} />}
            <TextInput
              label={t('login.email')}
              name="email"
              type="email"
              autoComplete="email"
              required
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={submitted && emailInvalid ? t('validation.email') : undefined}
            />
            <Button type="submit" loading={mutation.isPending} fullWidth>
              {t('forgot.submit')}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/login" size="sm" ta="center">
        {t('forgot.backToLogin')}
      </Anchor>
    </Stack>
  );
}
