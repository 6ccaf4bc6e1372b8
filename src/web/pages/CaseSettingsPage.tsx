import { Button, Card, Group, Stack, Switch, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { caseSettingsQuery } from '../cases/ResolveWithCause';
import { useFieldErrors } from '../channel/common';
import { ErrorAlert } from '../components/ErrorAlert';
import { Notice } from '../components/Notice';
import { PageLoader } from '../components/PageLoader';
import { usePageTitle } from '../components/usePageTitle';
import { useMe } from '../session';
import NotFoundPage from './NotFoundPage';

type CaseSettings = { causeRequiredToResolve: boolean; updatedAt: string | null };

function CaseSettingsForm({ settings }: { settings: CaseSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [causeRequired, setCauseRequired] = useState(settings.causeRequiredToResolve);
  const save = useMutation({
    mutationFn: () => api.put<CaseSettings>('/api/settings/cases', { causeRequiredToResolve: causeRequired }),
    // The resolve form on the case page reads the same query, so it follows at once.
    onSuccess: (saved) => queryClient.setQueryData(caseSettingsQuery.queryKey, saved),
  });
  const errorOf = useFieldErrors(save.error);
  const fieldError = errorOf('causeRequiredToResolve');
  return (
    <form
      aria-labelledby="case-settings-resolve"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Title order={2} size="h3" id="case-settings-resolve" mb="md">
        {t('caseSettings.resolveTitle')}
      </Title>
      <Stack gap="md" maw={640}>
        <Switch
          label={t('caseSettings.causeRequired')}
          description={t('caseSettings.causeRequiredHelp')}
          checked={causeRequired}
          onChange={(e) => {
            setCauseRequired(e.currentTarget.checked);
            save.reset();
          }}
          error={fieldError}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
        {save.isSuccess && <Notice onClose={() => save.reset()}>{t('caseSettings.saved')}</Notice>}
        {save.isError && !fieldError && <ErrorAlert error={save.error} />}
      </Stack>
    </form>
  );
}

/** /settings/cases: how cases are worked, changed by an operator admin (other operator roles read it). */
export default function CaseSettingsPage() {
  const { t } = useTranslation();
  usePageTitle(t('caseSettings.title'));
  const me = useMe();
  const isAdmin = me.roles.includes('operator_admin');
  const settings = useQuery({ ...caseSettingsQuery, enabled: isAdmin, staleTime: 0 });
  if (!isAdmin) return <NotFoundPage />;
  return (
    <Stack gap="lg" maw={900}>
      <div>
        <Title order={1}>{t('caseSettings.title')}</Title>
        <Text c="dimmed" mt={4}>
          {t('caseSettings.intro')}
        </Text>
      </div>
      <Card withBorder padding="lg" component="section">
        {settings.isPending ? (
          <PageLoader />
        ) : settings.isError ? (
          <ErrorAlert error={settings.error} />
        ) : (
          <CaseSettingsForm settings={settings.data as CaseSettings} />
        )}
      </Card>
    </Stack>
  );
}
