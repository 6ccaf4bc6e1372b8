import '@mantine/charts/styles.css';
import { Stack, Tabs, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { api } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageLoader } from '../components/PageLoader';
import { usePageTitle } from '../components/usePageTitle';
import { CauseSections } from '../reports/CauseSections';
import { PeriodPicker } from '../reports/PeriodPicker';
import { formatDay } from '../reports/report-format';
import { SurveySections } from '../reports/SurveySections';
import type { CauseReport, SurveyReport } from '../reports/service-report-types';

// Loaded on demand (App.tsx): the charts library stays out of the first bundle.

type Tab = 'causes' | 'surveys';

/** The cause report and the survey report, one tab each (/reports/causes, /reports/surveys); the period is in the URL. */
export default function ServiceReportsPage() {
  const { t, i18n } = useTranslation();
  const { pathname, search } = useLocation();
  const navigate = useNavigate();
  const tab: Tab = pathname.endsWith('/surveys') ? 'surveys' : 'causes';
  usePageTitle(t(`serviceReports.${tab}Title`));
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const report = useQuery({
    queryKey: ['reports', tab, from ?? '', to ?? ''],
    queryFn: ({ signal }) => api.get<CauseReport | SurveyReport>(`/api/reports/${tab}`, { from, to }, signal),
    placeholderData: keepPreviousData,
  });
  const period = report.data?.period;
  const shown = report.data && (tab === 'causes' ? 'buckets' in report.data : 'summary' in report.data);
  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Title order={1}>{t('serviceReports.title')}</Title>
        <Text c="dimmed" mt={4}>
          {t('serviceReports.intro')}
        </Text>
      </div>
      <Tabs value={tab} onChange={(next) => next && navigate(`/reports/${next}${search}`)}>
        <Tabs.List>
          <Tabs.Tab value="causes">{t('serviceReports.causesTitle')}</Tabs.Tab>
          <Tabs.Tab value="surveys">{t('serviceReports.surveysTitle')}</Tabs.Tab>
        </Tabs.List>
        {/* Each tab controls a panel (screen readers follow aria-controls); only the open one has the report. */}
        {(['causes', 'surveys'] as const).map((panel) => (
          <Tabs.Panel key={panel} value={panel} pt="lg">
            {panel === tab && (
              <Stack gap="lg">
                <PeriodPicker
                  value={period ?? { from: from ?? '', to: to ?? '' }}
                  onChange={(next) => setParams(next)}
                />
                {report.isPending || !shown ? (
                  report.isError ? (
                    <ErrorAlert error={report.error} />
                  ) : (
                    <PageLoader />
                  )
                ) : (
                  <>
                    <Text size="sm" aria-live="polite">
                      {t(tab === 'causes' ? 'serviceReports.shown' : 'serviceReports.shownAnswers', {
                        from: formatDay(report.data.period.from, i18n.language),
                        to: formatDay(report.data.period.to, i18n.language),
                      })}
                    </Text>
                    {tab === 'causes' ? (
                      <CauseSections report={report.data as CauseReport} />
                    ) : (
                      <SurveySections report={report.data as SurveyReport} />
                    )}
                  </>
                )}
              </Stack>
            )}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
