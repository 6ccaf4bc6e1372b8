import { BarChart } from '@mantine/charts';
import { Anchor, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLooseT } from '../cases/CaseBadges';
import { formatDateTime } from '../format';
import { ChartFrame, ReportCard } from './ReportCard';
import { ReportTable } from './ReportTable';
import { formatCount } from './report-format';
import type { SurveyGroup, SurveyReport } from './service-report-types';

const REPORT = '/api/reports/surveys';
const DIMENSIONS = ['byAgent', 'byGroup', 'byPartner', 'byCause', 'byType'] as const;

function formatAverage(value: number | null, language: string): string {
  if (value === null) return '—';
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'de-DE', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 2,
  }).format(value);
}

export function SurveySections({ report }: { report: SurveyReport }) {
  const { t, i18n } = useTranslation();
  const tt = useLooseT();
  const n = (value: number) => formatCount(value, i18n.language);
  const avg = (value: number | null) => formatAverage(value, i18n.language);
  const nameOf = (dimension: (typeof DIMENSIONS)[number], row: SurveyGroup) => {
    if (row.key === null) return t('serviceReports.surveys.none');
    if (dimension === 'byType') return tt(`cases.type.${row.key}`);
    return (i18n.language === 'en' ? row.nameEn : row.name) ?? row.key;
  };
  const { summary } = report;
  return (
    <>
      <ReportCard
        section="comments"
        report={REPORT}
        title={t('serviceReports.surveys.summary')}
        help={t('serviceReports.surveys.summaryHelp')}
        period={report.period}
      >
        <Group gap="xl">
          <div>
            <Text size="xs" c="dimmed">
              {t('serviceReports.surveys.average')}
            </Text>
            <Text fz={32} fw={700} data-testid="survey-average">
              {avg(summary.average)}
            </Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              {t('serviceReports.surveys.answers')}
            </Text>
            <Text fz={32} fw={700} data-testid="survey-answers">
              {n(summary.answers)}
            </Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              {t('serviceReports.surveys.sent')}
            </Text>
            <Text fz={32} fw={700}>
              {n(report.sent)}
            </Text>
          </div>
        </Group>
        {summary.answers > 0 && (
          <ChartFrame label={t('serviceReports.surveys.distribution')}>
            <BarChart
              h={200}
              data={summary.distribution.map((count, i) => ({ score: String(i + 1), count }))}
              dataKey="score"
              series={[{ name: 'count', label: t('serviceReports.surveys.answers'), color: 'teal.6' }]}
            />
          </ChartFrame>
        )}
        {report.comments.length > 0 && (
          <ReportTable
            rows={report.comments}
            rowKey={(r) => `${r.caseNumber}-${r.answeredAt}`}
            // Room for the comment to read as a sentence; on a phone the table scrolls sideways.
            minWidth={760}
            columns={[
              {
                header: t('serviceReports.repeats.case'),
                cell: (r) => (
                  <Anchor component={Link} to={`/cases/${r.caseNumber}`}>
                    {r.caseNumber}
                  </Anchor>
                ),
                nowrap: true,
              },
              {
                header: t('serviceReports.surveys.score'),
                cell: (r) => r.score,
                numeric: true,
                strong: true,
              },
              { header: t('serviceReports.surveys.comment'), cell: (r) => r.comment },
              {
                header: t('serviceReports.surveys.answeredAt'),
                cell: (r) => formatDateTime(r.answeredAt, i18n.language, 'Europe/Berlin'),
              },
            ]}
          />
        )}
      </ReportCard>
      {DIMENSIONS.map((dimension) => (
        <ReportCard
          key={dimension}
          section={dimension}
          report={REPORT}
          title={t(`serviceReports.surveys.${dimension}`)}
          help={t('serviceReports.surveys.groupHelp')}
          period={report.period}
        >
          {report[dimension].length === 0 ? (
            <Text c="dimmed">{t('reports.empty')}</Text>
          ) : (
            <Stack gap="md">
              <ReportTable
                rows={report[dimension]}
                rowKey={(r) => r.key ?? 'none'}
                minWidth={420}
                columns={[
                  {
                    header: t(`serviceReports.surveys.dimension.${dimension}`),
                    cell: (r) => nameOf(dimension, r),
                  },
                  { header: t('serviceReports.surveys.answers'), cell: (r) => n(r.answers), numeric: true },
                  {
                    header: t('serviceReports.surveys.average'),
                    cell: (r) => avg(r.average),
                    numeric: true,
                    strong: true,
                  },
                  {
                    header: t('serviceReports.surveys.spread'),
                    cell: (r) => r.distribution.join(' · '),
                    nowrap: true,
                  },
                ]}
              />
            </Stack>
          )}
        </ReportCard>
      ))}
    </>
  );
}
