import { BarChart } from '@mantine/charts';
import { Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../format';
import { ChartFrame, ReportCard } from './ReportCard';
import { type ReportColumn, ReportTable } from './ReportTable';
import { formatCount, formatEuros, formatHours, formatMonth, formatRate } from './report-format';
import type { LeadReport, PartnerReportRow } from './types';

type ContactKind = 'offer' | 'call' | 'mail';
/** Partners in the charts; the tables list all. */
const CHART_PARTNERS = 10;
/** Axis labels stay within two lines; the table beside gives the full name. */
const shortName = (name: string) => (name.length > 22 ? `${name.slice(0, 21)}…` : name);

export function DirectContactSection({ report }: { report: LeadReport }) {
  const { t, i18n } = useTranslation();
  const contacts = report.directContacts;
  const title = t('reports.direct.title');
  const kind = (k: string) => t(`reports.direct.kinds.${k as ContactKind}`, { defaultValue: k });
  const count = (n: number) => formatCount(n, i18n.language);
  const data = contacts.byKind.map((row) => ({
    kind: kind(row.kind),
    unprotected: row.unprotected,
    withoutClearance: row.withoutClearance,
    cleared: row.cleared,
  }));
  return (
    <ReportCard section="directContacts" title={title} help={t('reports.direct.help')} period={report.period}>
      {contacts.total === 0 ? (
        <Text c="dimmed">{t('reports.empty')}</Text>
      ) : (
        <>
          <ChartFrame label={title}>
            <BarChart
              h={220}
              data={data}
              dataKey="kind"
              maxBarWidth={72}
              yAxisProps={{ allowDecimals: false }}
              type="stacked"
              withLegend
              legendProps={{ verticalAlign: 'bottom' }}
              withTooltip={false}
              series={[
                { name: 'unprotected', label: t('reports.direct.unprotected'), color: 'red.6' },
                { name: 'withoutClearance', label: t('reports.direct.withoutClearance'), color: 'orange.5' },
                { name: 'cleared', label: t('reports.direct.cleared'), color: 'teal.6' },
              ]}
            />
          </ChartFrame>
          <ReportTable
            minWidth={560}
            rows={contacts.byKind}
            rowKey={(row) => row.kind}
            columns={[
              { header: t('reports.direct.kind'), cell: (row) => kind(row.kind) },
              { header: t('reports.direct.total'), numeric: true, cell: (row) => count(row.total) },
              {
                header: t('reports.direct.unprotected'),
                numeric: true,
                cell: (row) => count(row.unprotected),
              },
              {
                header: t('reports.direct.withoutClearance'),
                numeric: true,
                cell: (row) => count(row.withoutClearance),
              },
              { header: t('reports.direct.cleared'), numeric: true, cell: (row) => count(row.cleared) },
              {
                header: t('reports.direct.withoutPartner'),
                numeric: true,
                strong: true,
                cell: (row) => count(row.withoutPartner),
              },
            ]}
          />
          {contacts.rows.length > 0 && (
            <>
              <Title order={3} size="h5">
                {t('reports.direct.listTitle')}
              </Title>
              <ReportTable
                minWidth={720}
                rows={contacts.rows}
                rowKey={(row) => row.id}
                columns={[
                  {
                    header: t('reports.direct.date'),
                    cell: (row) => formatDateTime(row.createdAt, i18n.language),
                  },
                  { header: t('reports.direct.kind'), cell: (row) => kind(row.kind) },
                  { header: t('reports.direct.customer'), cell: (row) => row.customer.name },
                  { header: t('reports.direct.record'), cell: (row) => row.resellerOfRecord?.name ?? '—' },
                  {
                    header: t('reports.direct.protecting'),
                    cell: (row) => row.protectingPartner?.name ?? '—',
                  },
                  { header: t('reports.direct.by'), cell: (row) => row.createdBy },
                ]}
              />
              {contacts.rows.length < contacts.withoutPartner && (
                <Text size="sm" c="dimmed">
                  {t('reports.more')}
                </Text>
              )}
            </>
          )}
        </>
      )}
    </ReportCard>
  );
}

function PartnerName({ row }: { row: PartnerReportRow }) {
  return (
    <>
      <Text size="sm" fw={500}>
        {row.partner.name}
      </Text>
      <Text size="xs" c="dimmed">
        {row.partner.number}
      </Text>
    </>
  );
}

export function PartnerSections({ report }: { report: LeadReport }) {
  const { t, i18n } = useTranslation();
  const rows = report.partners.rows;
  const lang = i18n.language;
  const top = rows.slice(0, CHART_PARTNERS);
  const title = t('reports.partners.title');
  const valueTitle = t('reports.partners.valueTitle');
  const euros = (cents: number) => formatEuros(cents, lang);
  const count = (n: number) => formatCount(n, lang);
  const partnerColumn: ReportColumn<PartnerReportRow> = {
    header: t('reports.partners.partner'),
    cell: (row) => <PartnerName row={row} />,
  };
  const chartHeight = Math.max(160, top.length * 44 + 60);
  return (
    <>
      <ReportCard section="partners" title={title} help={t('reports.partners.help')} period={report.period}>
        {rows.length === 0 ? (
          <Text c="dimmed">{t('reports.empty')}</Text>
        ) : (
          <>
            <ChartFrame label={title}>
              <BarChart
                h={chartHeight}
                data={top.map((row) => ({
                  partner: row.partner.name,
                  accepted: row.accepted,
                  declined: row.declined,
                  timedOut: row.timedOut,
                  // Offers without an answer yet in the period, so each bar is as long as the offers.
                  open: Math.max(0, row.offered - row.accepted - row.declined - row.timedOut),
                }))}
                dataKey="partner"
                orientation="vertical"
                type="stacked"
                withLegend
                legendProps={{ verticalAlign: 'bottom' }}
                withTooltip={false}
                yAxisProps={{ width: 130, tick: { fontSize: 12 }, tickFormatter: shortName }}
                xAxisProps={{ allowDecimals: false }}
                series={[
                  { name: 'accepted', label: t('reports.partners.accepted'), color: 'teal.6' },
                  { name: 'declined', label: t('reports.partners.declined'), color: 'orange.5' },
                  { name: 'timedOut', label: t('reports.partners.timedOut'), color: 'red.6' },
                  { name: 'open', label: t('reports.partners.open'), color: 'gray.4' },
                ]}
              />
            </ChartFrame>
            {rows.length > CHART_PARTNERS && (
              <Text size="sm" c="dimmed">
                {t('reports.partners.chartTop')}
              </Text>
            )}
            <ReportTable
              minWidth={720}
              rows={rows}
              rowKey={(row) => row.partner.id}
              columns={[
                partnerColumn,
                { header: t('reports.partners.offered'), numeric: true, cell: (row) => count(row.offered) },
                { header: t('reports.partners.accepted'), numeric: true, cell: (row) => count(row.accepted) },
                { header: t('reports.partners.declined'), numeric: true, cell: (row) => count(row.declined) },
                { header: t('reports.partners.timedOut'), numeric: true, cell: (row) => count(row.timedOut) },
                {
                  header: t('reports.partners.acceptanceRate'),
                  numeric: true,
                  cell: (row) => formatRate(row.acceptanceRate, lang),
                },
                {
                  header: t('reports.partners.medianResponse'),
                  numeric: true,
                  cell: (row) =>
                    row.medianResponseHours === null
                      ? '—'
                      : t('reports.partners.hours', { hours: formatHours(row.medianResponseHours, lang) }),
                },
              ]}
            />
          </>
        )}
      </ReportCard>
      <ReportCard
        section="partners"
        id="partnerValue"
        title={valueTitle}
        help={t('reports.partners.valueHelp')}
        period={report.period}
      >
        {rows.length === 0 ? (
          <Text c="dimmed">{t('reports.empty')}</Text>
        ) : (
          <>
            <ChartFrame label={valueTitle}>
              <BarChart
                h={chartHeight}
                data={top.map((row) => ({
                  partner: row.partner.name,
                  won: row.wonValueCents / 100,
                  pipeline: row.pipelineExpectedValueCents / 100,
                }))}
                dataKey="partner"
                orientation="vertical"
                withLegend
                legendProps={{ verticalAlign: 'bottom' }}
                withTooltip={false}
                valueFormatter={(value) => formatEuros(value * 100, lang)}
                yAxisProps={{ width: 130, tick: { fontSize: 12 }, tickFormatter: shortName }}
                xAxisProps={{ tickCount: 3 }}
                series={[
                  { name: 'won', label: t('reports.partners.wonValue'), color: 'teal.6' },
                  { name: 'pipeline', label: t('reports.partners.pipeline'), color: 'blue.4' },
                ]}
              />
            </ChartFrame>
            <ReportTable
              minWidth={760}
              rows={rows}
              rowKey={(row) => row.partner.id}
              columns={[
                partnerColumn,
                { header: t('reports.partners.won'), numeric: true, cell: (row) => count(row.won) },
                { header: t('reports.partners.lost'), numeric: true, cell: (row) => count(row.lost) },
                {
                  header: t('reports.partners.conversionRate'),
                  numeric: true,
                  cell: (row) => formatRate(row.conversionRate, lang),
                },
                {
                  header: t('reports.partners.wonValue'),
                  numeric: true,
                  cell: (row) => euros(row.wonValueCents),
                },
                {
                  header: t('reports.partners.pipeline'),
                  numeric: true,
                  cell: (row) => euros(row.pipelineExpectedValueCents),
                },
                {
                  header: t('reports.partners.registrations'),
                  numeric: true,
                  cell: (row) => (
                    <>
                      {count(row.registrations)}
                      {row.registrationsApproved > 0 && (
                        <Text span size="xs" c="dimmed">
                          {' '}
                          ({count(row.registrationsApproved)} {t('reports.partners.registrationsApproved')},{' '}
                          {euros(row.approvedRegistrationValueCents)})
                        </Text>
                      )}
                    </>
                  ),
                },
              ]}
            />
          </>
        )}
      </ReportCard>
    </>
  );
}

export function RenewalSection({ report }: { report: LeadReport }) {
  const { t, i18n } = useTranslation();
  const rows = report.renewalsDue.rows;
  const title = t('reports.renewals.title');
  return (
    <ReportCard section="renewalsDue" title={title} help={t('reports.renewals.help')} period={report.period}>
      <ChartFrame label={title}>
        <BarChart
          h={240}
          data={rows.map((row) => ({
            month: formatMonth(row.month, i18n.language),
            withLead: row.withLead,
            withoutLead: row.withoutLead,
          }))}
          dataKey="month"
          maxBarWidth={56}
          yAxisProps={{ allowDecimals: false }}
          type="stacked"
          withLegend
          legendProps={{ verticalAlign: 'bottom' }}
          withTooltip={false}
          xAxisProps={{ interval: 'preserveStartEnd', tick: { fontSize: 11 } }}
          series={[
            { name: 'withLead', label: t('reports.renewals.withLead'), color: 'teal.6' },
            { name: 'withoutLead', label: t('reports.renewals.withoutLead'), color: 'orange.5' },
          ]}
        />
      </ChartFrame>
      <ReportTable
        minWidth={300}
        rows={rows}
        rowKey={(row) => row.month}
        columns={[
          {
            header: t('reports.renewals.month'),
            nowrap: true,
            cell: (row) => formatMonth(row.month, i18n.language),
          },
          {
            header: t('reports.renewals.assets'),
            numeric: true,
            cell: (row) => formatCount(row.assets, i18n.language),
          },
          {
            header: t('reports.renewals.withLead'),
            numeric: true,
            cell: (row) => formatCount(row.withLead, i18n.language),
          },
          {
            header: t('reports.renewals.withoutLead'),
            numeric: true,
            cell: (row) => formatCount(row.withoutLead, i18n.language),
          },
        ]}
      />
    </ReportCard>
  );
}
