import '@mantine/charts/styles.css';
import { Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageLoader } from '../components/PageLoader';
import { usePageTitle } from '../components/usePageTitle';
import { DirectContactSection, PartnerSections, RenewalSection } from '../reports/ActivitySections';
import { PeriodPicker } from '../reports/PeriodPicker';
import { OutsideSection, RoutingReasonSection } from '../reports/RoutingSections';
import { formatDay } from '../reports/report-format';
import type { LeadReport } from '../reports/types';

// Loaded on demand (App.tsx): the charts library stays out of the first bundle.

/** The channel manager's lead reports; the period lives in the URL so a view can be shared. */
export default function ChannelReportsPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('reports.title'));
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const report = useQuery({
    queryKey: ['reports', 'leads', from ?? '', to ?? ''],
    queryFn: ({ signal }) => api.get<LeadReport>('/api/reports/leads', { from, to }, signal),
    placeholderData: keepPreviousData,
  });
  const period = report.data?.period;

  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Title order={1}>{t('reports.title')}</Title>
        <Text c="dimmed" mt={4}>
          {t('reports.intro')}
        </Text>
      </div>
      <PeriodPicker
        value={period ?? { from: from ?? '', to: to ?? '' }}
        onChange={(next) => setParams(next)}
      />
      {report.isPending ? (
        <PageLoader />
      ) : report.isError ? (
        <ErrorAlert error={report.error} />
      ) : (
        <>
          <Text size="sm" aria-live="polite">
            {t('reports.period.shown', {
              from: formatDay(report.data.period.from, i18n.language),
              to: formatDay(report.data.period.to, i18n.language),
            })}
          </Text>
          <RoutingReasonSection report={report.data} />
          <OutsideSection report={report.data} />
          <DirectContactSection report={report.data} />
          <PartnerSections report={report.data} />
          <RenewalSection report={report.data} />
        </>
      )}
    </Stack>
  );
}
