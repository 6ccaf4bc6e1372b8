import { Alert, Button, Card, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BILLING_ROLES } from '../../shared/roles';
import { ApiError, api, isApiError, withQuery } from '../api';
import { DATEV_SETTINGS_KEY, type DatevSettings, DatevSettingsForm } from '../billing/DatevSettingsForm';
import { BillingProblem, useFieldErrors } from '../billing/problems';
import { Notice } from '../components/Notice';
import { PageLoader } from '../components/PageLoader';
import { usePageTitle } from '../components/usePageTitle';
import { useMe } from '../session';
import NotFoundPage from './NotFoundPage';

type Period = { from: string; to: string };

/** YYYY-MM of a date in Berlin. */
function berlinMonth(date: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(date).slice(0, 7);
}

/** The first and last day of a month YYYY-MM. */
export function monthPeriod(month: string): Period {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** The last 13 months, newest first, starting with the current one. */
function recentMonths(now: Date): string[] {
  const [year, month] = berlinMonth(now).split('-').map(Number) as [number, number];
  return Array.from({ length: 13 }, (_, i) => {
    const d = new Date(Date.UTC(year, month - 1 - i, 1));
    return d.toISOString().slice(0, 7);
  });
}

/** Fetches a file and hands it to the browser as a download; a problem becomes an ApiError. */
async function download(path: string, query: Record<string, string>): Promise<string> {
  const response = await fetch(withQuery(path, query), {
    credentials: 'same-origin',
    headers: { accept: 'text/csv, application/zip, application/problem+json' },
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    throw new ApiError({
      status: response.status,
      title: typeof body.title === 'string' ? body.title : `HTTP ${response.status}`,
      detail: typeof body.detail === 'string' ? body.detail : undefined,
      code: typeof body.code === 'string' ? body.code : undefined,
      errors: Array.isArray(body.errors) ? (body.errors as { field: string; message: string }[]) : [],
      requestId: typeof body.requestId === 'string' ? body.requestId : undefined,
      body,
    });
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'export';
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

function ExportCard({ configured }: { configured: boolean }) {
  const { t, i18n } = useTranslation();
  const months = recentMonths(new Date());
  // The month just ended is what an accountant usually asks for.
  const [month, setMonth] = useState<string>(months[1] ?? months[0]!);
  const [period, setPeriod] = useState<Period>(() => monthPeriod(months[1] ?? months[0]!));
  const [done, setDone] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: (format: 'csv' | 'zip') => download('/api/exports/datev', { ...period, format }),
    onSuccess: (name) => setDone(name),
  });
  const { errorAt, unplaced } = useFieldErrors(run.error, ['from', 'to']);
  const monthLabel = (value: string) =>
    new Intl.DateTimeFormat(i18n.language, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${value}-01T00:00:00Z`),
    );
  const change = (next: Period, nextMonth: string) => {
    setPeriod(next);
    setMonth(nextMonth);
    setDone(null);
    run.reset();
  };
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="datev-export">
      <Stack gap="md">
        <Title order={2} size="h3" id="datev-export">
          {t('datev.export.title')}
        </Title>
        <Text c="dimmed">{t('datev.export.periodHint')}</Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Select
            label={t('datev.export.month')}
            allowDeselect={false}
            data={[
              ...months.map((value) => ({ value, label: monthLabel(value) })),
              { value: 'custom', label: t('datev.export.custom') },
            ]}
            value={month}
            onChange={(value) => {
              if (!value) return;
              change(value === 'custom' ? period : monthPeriod(value), value);
            }}
          />
          <TextInput
            type="date"
            label={t('datev.export.from')}
            required
            value={period.from}
            onChange={(event) => change({ ...period, from: event.currentTarget.value }, 'custom')}
            error={errorAt('from')}
          />
          <TextInput
            type="date"
            label={t('datev.export.to')}
            required
            value={period.to}
            onChange={(event) => change({ ...period, to: event.currentTarget.value }, 'custom')}
            error={errorAt('to')}
          />
        </SimpleGrid>
        {!configured && (
          <Alert color="yellow" variant="light" role="status">
            {t('datev.export.settingsFirst')}
          </Alert>
        )}
        {unplaced && <BillingProblem error={run.error} />}
        {done && (
          <Notice onClose={() => setDone(null)}>{t('datev.export.downloaded', { file: done })}</Notice>
        )}
        <Group>
          <Button
            onClick={() => run.mutate('csv')}
            loading={run.isPending && run.variables === 'csv'}
            disabled={!configured || (run.isPending && run.variables === 'zip')}
          >
            {t('datev.export.csv')}
          </Button>
          <Button
            variant="light"
            onClick={() => run.mutate('zip')}
            loading={run.isPending && run.variables === 'zip'}
            disabled={!configured || (run.isPending && run.variables === 'csv')}
          >
            {t('datev.export.zip')}
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          {t('datev.export.contents')}
        </Text>
      </Stack>
    </Card>
  );
}

/** /billing/export: the accountant's DATEV export and its settings (billing roles). */
export default function DatevExportPage() {
  const { t } = useTranslation();
  const me = useMe();
  usePageTitle(t('datev.title'));
  const allowed = me.roles.some((role) => BILLING_ROLES.includes(role));
  const settings = useQuery({
    queryKey: DATEV_SETTINGS_KEY,
    queryFn: ({ signal }) => api.get<DatevSettings>('/api/billing/datev-settings', undefined, signal),
    enabled: allowed,
  });
  if (!allowed || isApiError(settings.error, 403)) return <NotFoundPage />;
  return (
    <Stack gap="lg" maw={900}>
      <div>
        <Title order={1}>{t('datev.title')}</Title>
        <Text c="dimmed" mt={4}>
          {t('datev.intro')}
        </Text>
      </div>
      {settings.isPending ? (
        <PageLoader />
      ) : settings.isError ? (
        <BillingProblem error={settings.error} />
      ) : (
        <>
          <ExportCard configured={settings.data.configured} />
          <DatevSettingsForm settings={settings.data} />
        </>
      )}
    </Stack>
  );
}
