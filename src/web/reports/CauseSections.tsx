import { BarChart } from '@mantine/charts';
import { Anchor, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLooseT } from '../cases/CaseBadges';
import { formatDateTime } from '../format';
import { ChartFrame, ReportCard } from './ReportCard';
import { ReportTable } from './ReportTable';
import { formatCount, formatDay, formatHours, formatMonth } from './report-format';
import type { CauseReport } from './service-report-types';

const REPORT = '/api/reports/causes';
const COLORS = ['blue.6', 'orange.6', 'teal.6', 'grape.6', 'red.6', 'cyan.6', 'lime.7', 'pink.6'];

function useCauseName(report: CauseReport) {
  const { t, i18n } = useTranslation();
  const names = new Map(report.causes.map((c) => [c.id, i18n.language === 'en' ? c.nameEn : c.nameDe]));
  return (id: string | null) => (id === null ? t('serviceReports.noCause') : (names.get(id) ?? id));
}

export function CauseSections({ report }: { report: CauseReport }) {
  const { t, i18n } = useTranslation();
  const causeName = useCauseName(report);
  const tt = useLooseT();
  // On a phone the legend of eight causes needs its own room under the bars, and the cause names less.
  const phone = useMediaQuery('(max-width: 36em)') ?? false;
  const n = (value: number) => formatCount(value, i18n.language);
  const h = (value: number | null) => (value === null ? '—' : formatHours(value, i18n.language));
  const bucketLabel = (bucket: string) =>
    report.granularity === 'month' ? formatMonth(bucket, i18n.language) : formatDay(bucket, i18n.language);
  // The chart stacks the eight most frequent causes; the rest are in the table and the CSV.
  const top = report.topCauses.rows.filter((r) => r.count > 0).slice(0, COLORS.length);
  const series = top.map((r, i) => ({
    name: r.causeId ?? 'none',
    label: causeName(r.causeId),
    color: COLORS[i] as string,
  }));
  const overTime = report.buckets.map((bucket) => {
    const row: Record<string, string | number> = { bucket: bucketLabel(bucket) };
    for (const s of series) row[s.name] = 0;
    for (const r of report.overTime.rows)
      if (r.bucket === bucket && (r.causeId ?? 'none') in row) row[r.causeId ?? 'none'] = r.count;
    return row;
  });
  const period = report.period;
  return (
    <>
      <ReportCard
        section="overTime"
        report={REPORT}
        title={t('serviceReports.overTime.title')}
        help={t(`serviceReports.overTime.help.${report.granularity}`)}
        period={period}
      >
        {series.length === 0 ? (
          <Text c="dimmed">{t('reports.empty')}</Text>
        ) : (
          <ChartFrame label={t('serviceReports.overTime.title')}>
            <BarChart
              h={phone ? 240 + series.length * 34 : 340}
              data={overTime}
              dataKey="bucket"
              type="stacked"
              series={series}
              withLegend
              legendProps={{ verticalAlign: 'bottom' }}
            />
          </ChartFrame>
        )}
      </ReportCard>
      <ReportCard
        section="topCauses"
        report={REPORT}
        title={t('serviceReports.top.title')}
        help={t('serviceReports.top.help', {
          from: formatDay(report.previousPeriod.from, i18n.language),
          to: formatDay(report.previousPeriod.to, i18n.language),
        })}
        period={period}
      >
        {report.topCauses.rows.length === 0 ? (
          <Text c="dimmed">{t('reports.empty')}</Text>
        ) : (
          <Stack gap="md">
            <ChartFrame label={t('serviceReports.top.title')}>
              <BarChart
                h={Math.max(160, top.length * 56)}
                orientation="vertical"
                yAxisProps={phone ? { width: 130, tick: { fontSize: 11 } } : { width: 220 }}
                data={top.map((r) => ({
                  cause: causeName(r.causeId),
                  now: r.count,
                  before: r.previousCount,
                }))}
                dataKey="cause"
                series={[
                  { name: 'now', label: t('serviceReports.top.now'), color: 'blue.6' },
                  { name: 'before', label: t('serviceReports.top.before'), color: 'gray.5' },
                ]}
                withLegend
              />
            </ChartFrame>
            <ReportTable
              rows={report.topCauses.rows}
              rowKey={(r) => r.causeId ?? 'none'}
              minWidth={420}
              columns={[
                { header: t('serviceReports.cause'), cell: (r) => causeName(r.causeId) },
                { header: t('serviceReports.top.now'), cell: (r) => n(r.count), numeric: true, strong: true },
                { header: t('serviceReports.top.before'), cell: (r) => n(r.previousCount), numeric: true },
                {
                  header: t('serviceReports.top.change'),
                  cell: (r) => (r.change > 0 ? `+${n(r.change)}` : n(r.change)),
                  numeric: true,
                },
              ]}
            />
          </Stack>
        )}
      </ReportCard>
      <ReportCard
        section="timeToResolve"
        report={REPORT}
        title={t('serviceReports.resolve.title')}
        help={t('serviceReports.resolve.help')}
        period={period}
      >
        {report.timeToResolve.rows.length === 0 ? (
          <Text c="dimmed">{t('reports.empty')}</Text>
        ) : (
          <ReportTable
            rows={report.timeToResolve.rows}
            rowKey={(r) => r.causeId ?? 'none'}
            minWidth={420}
            columns={[
              { header: t('serviceReports.cause'), cell: (r) => causeName(r.causeId) },
              { header: t('serviceReports.resolve.resolved'), cell: (r) => n(r.resolved), numeric: true },
              {
                header: t('serviceReports.resolve.median'),
                cell: (r) => h(r.medianHours),
                numeric: true,
                strong: true,
              },
              { header: t('serviceReports.resolve.p90'), cell: (r) => h(r.p90Hours), numeric: true },
            ]}
          />
        )}
      </ReportCard>
      <ReportCard
        section="repeatContacts"
        report={REPORT}
        title={t('serviceReports.repeats.title')}
        help={t('serviceReports.repeats.help', { days: report.repeatContacts.windowDays })}
        period={period}
      >
        {report.repeatContacts.total === 0 ? (
          <Text c="dimmed">{t('serviceReports.repeats.none')}</Text>
        ) : (
          <Stack gap="md">
            <ReportTable
              rows={report.repeatContacts.rows}
              rowKey={(r) => r.causeId}
              minWidth={380}
              columns={[
                { header: t('serviceReports.cause'), cell: (r) => causeName(r.causeId) },
                {
                  header: t('serviceReports.repeats.repeats'),
                  cell: (r) => n(r.repeats),
                  numeric: true,
                  strong: true,
                },
                { header: t('serviceReports.repeats.customers'), cell: (r) => n(r.customers), numeric: true },
              ]}
            />
            <ReportTable
              rows={report.repeatContacts.cases}
              rowKey={(r) => r.caseNumber}
              minWidth={560}
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
                  header: t('serviceReports.repeats.previous'),
                  cell: (r) => (
                    <Anchor component={Link} to={`/cases/${r.previousCaseNumber}`}>
                      {r.previousCaseNumber}
                    </Anchor>
                  ),
                  nowrap: true,
                },
                { header: t('serviceReports.customer'), cell: (r) => r.customer },
                { header: t('serviceReports.cause'), cell: (r) => causeName(r.causeId) },
                {
                  header: t('serviceReports.repeats.opened'),
                  cell: (r) => formatDateTime(r.createdAt, i18n.language, 'Europe/Berlin'),
                },
              ]}
            />
          </Stack>
        )}
      </ReportCard>
      <ReportCard
        section="returns"
        report={REPORT}
        title={t('serviceReports.returns.title')}
        help={t('serviceReports.returns.help')}
        period={period}
      >
        {report.returns.byOutcome.length === 0 && report.returns.byCondition.length === 0 ? (
          <Text c="dimmed">{t('reports.empty')}</Text>
        ) : (
          <Stack gap="md">
            <ReportTable
              rows={report.returns.byOutcome}
              rowKey={(r) => r.outcome}
              minWidth={300}
              columns={[
                {
                  header: t('serviceReports.returns.outcome'),
                  cell: (r) =>
                    tt(`serviceReports.returns.outcomes.${r.outcome}`, { defaultValue: r.outcome }),
                },
                {
                  header: t('serviceReports.returns.count'),
                  cell: (r) => n(r.count),
                  numeric: true,
                  strong: true,
                },
              ]}
            />
            <ReportTable
              rows={report.returns.byCondition}
              rowKey={(r) => r.condition}
              minWidth={300}
              columns={[
                {
                  header: t('serviceReports.returns.condition'),
                  cell: (r) =>
                    tt(`serviceReports.returns.conditions.${r.condition}`, { defaultValue: r.condition }),
                },
                {
                  header: t('serviceReports.returns.items'),
                  cell: (r) => n(r.count),
                  numeric: true,
                  strong: true,
                },
              ]}
            />
          </Stack>
        )}
      </ReportCard>
    </>
  );
}
