import { Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { withQuery } from '../api';
import type { ReportSection } from './types';

/** One section of the report: heading, what it counts, the CSV of its table, then chart and table. */
export function ReportCard({
  section,
  id = section,
  title,
  help,
  period,
  report = '/api/reports/leads',
  children,
}: {
  /** A section of the report at `report` (the leads report unless named). */
  section: ReportSection | (string & {});
  report?: string;
  /** Unique on the page; two cards may share a section's CSV. */
  id?: string;
  title: string;
  help: string;
  period: { from: string; to: string };
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const headingId = `report-${id}`;
  const href = withQuery(report, { ...period, format: 'csv', section });
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={headingId}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
          <Title order={2} size="h3" id={headingId}>
            {title}
          </Title>
          <Button
            component="a"
            href={href}
            download
            variant="default"
            size="xs"
            style={{ flexShrink: 0 }}
            aria-label={t('reports.csvLabel', { section: title })}
            data-testid={`csv-${id}`}
          >
            {t('reports.csv')}
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          {help}
        </Text>
        {children}
      </Stack>
    </Card>
  );
}

/** A chart is a picture of the table under it: screen readers get a label that says so. */
export function ChartFrame({ label, children }: { label: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div role="img" aria-label={t('reports.chartLabel', { section: label })}>
      {children}
    </div>
  );
}

/**
 * A table that scrolls sideways on a phone. The scrolling box takes the keyboard focus, so
 * keyboard users can scroll it too (most report tables hold no link or button to focus).
 */
export function ScrollTable({ minWidth, children }: { minWidth: number; children: ReactNode }) {
  return (
    <Table.ScrollContainer type="native" minWidth={minWidth} tabIndex={0}>
      {children}
    </Table.ScrollContainer>
  );
}
