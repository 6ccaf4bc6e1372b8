import { BarChart, DonutChart } from '@mantine/charts';
import { Anchor, ColorSwatch, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../format';
import { ChartFrame, ReportCard } from './ReportCard';
import { ReportTable } from './ReportTable';
import { formatCount, formatRate } from './report-format';
import type { LeadReport } from './types';

type RuleKey = 'reseller_of_record' | 'nearest' | 'reseller_inactive' | 'queue' | 'manual';
type CodeKey =
  | 'reseller_of_record'
  | 'reseller_of_record_tried'
  | 'reseller_of_record_not_active'
  | 'nearest'
  | 'customer_without_coordinates'
  | 'no_eligible_partner'
  | 'manual';
type StatusKey = 'queued' | 'offered' | 'accepted' | 'won' | 'lost' | 'cancelled';

/** Labels for the server's vocabulary; an unknown value (a newer server) shows as it is. */
export function useReportLabels() {
  const { t } = useTranslation();
  return {
    rule: (rule: string) => t(`reports.rules.${rule as RuleKey}`, { defaultValue: rule }),
    code: (code: string) => t(`reports.codes.${code as CodeKey}`, { defaultValue: code || '—' }),
    status: (status: string) => t(`reports.statuses.${status as StatusKey}`, { defaultValue: status }),
  };
}

export function RoutingReasonSection({ report }: { report: LeadReport }) {
  const { t, i18n } = useTranslation();
  const labels = useReportLabels();
  const { rows, total } = report.byRoutingReason;
  const title = t('reports.routing.title');
  const data = rows.map((row) => ({ reason: labels.code(row.code), count: row.count }));
  return (
    <ReportCard
      section="byRoutingReason"
      title={title}
      help={t('reports.routing.help')}
      period={report.period}
    >
      {rows.length === 0 ? (
        <Text c="dimmed">{t('reports.empty')}</Text>
      ) : (
        <>
          <ChartFrame label={title}>
            <BarChart
              h={Math.max(140, rows.length * 44)}
              data={data}
              dataKey="reason"
              orientation="vertical"
              series={[{ name: 'count', label: t('reports.routing.count'), color: 'blue.6' }]}
              yAxisProps={{ width: 150, tick: { fontSize: 12 } }}
              xAxisProps={{ allowDecimals: false }}
              gridAxis="none"
              withTooltip={false}
              withBarValueLabel
            />
          </ChartFrame>
          <ReportTable
            minWidth={300}
            rows={rows}
            rowKey={(row) => `${row.rule}-${row.code}`}
            columns={[
              { header: t('reports.routing.rule'), cell: (row) => labels.rule(row.rule) },
              { header: t('reports.routing.reason'), cell: (row) => labels.code(row.code) },
              {
                header: t('reports.routing.count'),
                numeric: true,
                cell: (row) => formatCount(row.count, i18n.language),
              },
            ]}
            footer={
              <Table.Tr>
                <Table.Th scope="row" colSpan={2}>
                  {t('reports.routing.total')}
                </Table.Th>
                <Table.Td ta="right" fw={700}>
                  {formatCount(total, i18n.language)}
                </Table.Td>
              </Table.Tr>
            }
          />
        </>
      )}
    </ReportCard>
  );
}

export function OutsideSection({ report }: { report: LeadReport }) {
  const { t, i18n } = useTranslation();
  const labels = useReportLabels();
  const outside = report.outsideResellerOfRecord;
  const title = t('reports.outside.title');
  const segments = [
    { key: 'atRecord', value: outside.leadsWithRecord - outside.total, color: 'teal.6' },
    { key: 'otherPartner', value: outside.toOtherPartner, color: 'orange.6' },
    { key: 'noPartner', value: outside.toNoPartner, color: 'red.6' },
  ] as const;
  return (
    <ReportCard
      section="outsideResellerOfRecord"
      title={title}
      help={t('reports.outside.help')}
      period={report.period}
    >
      {outside.leadsWithRecord === 0 ? (
        <Text c="dimmed">{t('reports.empty')}</Text>
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <ChartFrame label={title}>
              <DonutChart
                mx="auto"
                size={180}
                thickness={28}
                withTooltip={false}
                // Recharts gives each slice role="img"; its name is the slice's label and count.
                cellProps={(cell) => ({ 'aria-label': `${cell.name}: ${cell.value}` })}
                chartLabel={formatRate(outside.share, i18n.language)}
                data={segments.map((s) => ({
                  name: t(`reports.outside.${s.key}`),
                  value: s.value,
                  color: s.color,
                }))}
              />
            </ChartFrame>
            <Stack gap={6} justify="center">
              <Text size="sm">
                {t('reports.outside.withRecord')}:{' '}
                <b>{formatCount(outside.leadsWithRecord, i18n.language)}</b>
              </Text>
              {segments.map((s) => (
                <Group key={s.key} gap="xs" wrap="nowrap">
                  <ColorSwatch color={`var(--mantine-color-${s.color.replace('.', '-')})`} size={14} />
                  <Text size="sm">
                    {t(`reports.outside.${s.key}`)}: <b>{formatCount(s.value, i18n.language)}</b>
                  </Text>
                </Group>
              ))}
              <Text size="sm">
                {t('reports.outside.share')}: <b>{formatRate(outside.share, i18n.language)}</b>
              </Text>
            </Stack>
          </SimpleGrid>
          {outside.rows.length > 0 && (
            <ReportTable
              minWidth={760}
              rows={outside.rows}
              rowKey={(row) => row.leadId}
              columns={[
                {
                  header: t('reports.outside.lead'),
                  cell: (row) => (
                    <>
                      <Anchor component={Link} to={`/channel/leads/${row.leadId}`} size="sm">
                        {row.number}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {formatDateTime(row.createdAt, i18n.language)}
                      </Text>
                    </>
                  ),
                },
                { header: t('reports.outside.customer'), cell: (row) => row.customer.name },
                { header: t('reports.outside.record'), cell: (row) => row.resellerOfRecord.name },
                {
                  header: t('reports.outside.partner'),
                  cell: (row) => row.partner?.name ?? t('reports.outside.noPartner'),
                },
                { header: t('reports.routing.reason'), cell: (row) => labels.code(row.code) },
                { header: t('reports.outside.status'), cell: (row) => labels.status(row.status) },
              ]}
            />
          )}
          {outside.rows.length < outside.total && (
            <Text size="sm" c="dimmed">
              {t('reports.more')}
            </Text>
          )}
        </>
      )}
    </ReportCard>
  );
}
