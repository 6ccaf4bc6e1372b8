import { BarChart } from '@mantine/charts';
import { Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../format';
import { ChartFrame, ReportCard, ScrollTable } from './ReportCard';
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
          <ScrollTable minWidth={560}>
            <Table verticalSpacing="xs" fz="sm" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('reports.direct.kind')}</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('reports.direct.total')}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('reports.direct.unprotected')}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('reports.direct.withoutClearance')}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('reports.direct.cleared')}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('reports.direct.withoutPartner')}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {contacts.byKind.map((row) => (
                  <Table.Tr key={row.kind}>
                    <Table.Td>{kind(row.kind)}</Table.Td>
                    <Table.Td ta="right">{formatCount(row.total, i18n.language)}</Table.Td>
                    <Table.Td ta="right">{formatCount(row.unprotected, i18n.language)}</Table.Td>
                    <Table.Td ta="right">{formatCount(row.withoutClearance, i18n.language)}</Table.Td>
                    <Table.Td ta="right">{formatCount(row.cleared, i18n.language)}</Table.Td>
                    <Table.Td ta="right" fw={700}>
                      {formatCount(row.withoutPartner, i18n.language)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
          {contacts.rows.length > 0 && (
            <>
              <Title order={3} size="h5">
                {t('reports.direct.listTitle')}
              </Title>
              <ScrollTable minWidth={720}>
                <Table verticalSpacing="xs" fz="sm" striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('reports.direct.date')}</Table.Th>
                      <Table.Th scope="col">{t('reports.direct.kind')}</Table.Th>
                      <Table.Th scope="col">{t('reports.direct.customer')}</Table.Th>
                      <Table.Th scope="col">{t('reports.direct.record')}</Table.Th>
                      <Table.Th scope="col">{t('reports.direct.protecting')}</Table.Th>
                      <Table.Th scope="col">{t('reports.direct.by')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {contacts.rows.map((row) => (
                      <Table.Tr key={row.id}>
                        <Table.Td>{formatDateTime(row.createdAt, i18n.language)}</Table.Td>
                        <Table.Td>{kind(row.kind)}</Table.Td>
                        <Table.Td>{row.customer.name}</Table.Td>
                        <Table.Td>{row.resellerOfRecord?.name ?? '—'}</Table.Td>
                        <Table.Td>{row.protectingPartner?.name ?? '—'}</Table.Td>
                        <Table.Td>{row.createdBy}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollTable>
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

function PartnerCell({ row }: { row: PartnerReportRow }) {
  return (
    <Table.Td>
      <Text size="sm" fw={500}>
        {row.partner.name}
      </Text>
      <Text size="xs" c="dimmed">
        {row.partner.number}
      </Text>
    </Table.Td>
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
            <ScrollTable minWidth={720}>
              <Table verticalSpacing="xs" fz="sm" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('reports.partners.partner')}</Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('reports.partners.offered')}
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('reports.partners.accepted')}
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('reports.partners.declined')}
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('reports.partners.timedOut')}
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('reports.partners.acceptanceRate')}
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('reports.partners.medianResponse')}
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((row) => (
                    <Table.Tr key={row.partner.id}>
                      <PartnerCell row={row} />
                      <Table.Td ta="right">{formatCount(row.offered, lang)}</Table.Td>
                      <Table.Td ta="right">{formatCount(row.accepted, lang)}</Table.Td>
                      <Table.Td ta="right">{formatCount(row.declined, lang)}</Table.Td>
                      <Table.Td ta="right">{formatCount(row.timedOut, lang)}</Table.Td>
                      <Table.Td ta="right">{formatRate(row.acceptanceRate, lang)}</Table.Td>
                      <Table.Td ta="right">
                        {row.medianResponseHours === null
                          ? '—'
                          : t('reports.partners.hours', {
                              hours: formatHours(row.medianResponseHours, lang),
                            })}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
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
            <ScrollTable minWidth={760}>
              <Table verticalSpacing="xs" fz="sm" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('reports.partners.partner')}</Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('reports.partners.won')}
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('reports.partners.lost')}
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('reports.partners.conversionRate')}
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('reports.partners.wonValue')}
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('reports.partners.pipeline')}
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('reports.partners.registrations')}
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((row) => (
                    <Table.Tr key={row.partner.id}>
                      <PartnerCell row={row} />
                      <Table.Td ta="right">{formatCount(row.won, lang)}</Table.Td>
                      <Table.Td ta="right">{formatCount(row.lost, lang)}</Table.Td>
                      <Table.Td ta="right">{formatRate(row.conversionRate, lang)}</Table.Td>
                      <Table.Td ta="right">{euros(row.wonValueCents)}</Table.Td>
                      <Table.Td ta="right">{euros(row.pipelineExpectedValueCents)}</Table.Td>
                      <Table.Td ta="right">
                        {formatCount(row.registrations, lang)}
                        {row.registrationsApproved > 0 && (
                          <Text span size="xs" c="dimmed">
                            {' '}
                            ({formatCount(row.registrationsApproved, lang)}{' '}
                            {t('reports.partners.registrationsApproved')},{' '}
                            {euros(row.approvedRegistrationValueCents)})
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
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
      <ScrollTable minWidth={300}>
        <Table verticalSpacing="xs" fz="sm" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('reports.renewals.month')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('reports.renewals.assets')}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t('reports.renewals.withLead')}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t('reports.renewals.withoutLead')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.month}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatMonth(row.month, i18n.language)}</Table.Td>
                <Table.Td ta="right">{formatCount(row.assets, i18n.language)}</Table.Td>
                <Table.Td ta="right">{formatCount(row.withLead, i18n.language)}</Table.Td>
                <Table.Td ta="right">{formatCount(row.withoutLead, i18n.language)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </ReportCard>
  );
}
