import { Table } from '@mantine/core';
import type { ReactNode } from 'react';
import { ScrollTable } from './ReportCard';

/** One column of a report table: its header and what a row shows in it. */
export type ReportColumn<Row> = {
  header: string;
  cell: (row: Row) => ReactNode;
  /** Counts, rates, money: right-aligned so digits line up. */
  numeric?: boolean;
  /** The figure the table is about, in bold. */
  strong?: boolean;
  /** Keeps a short label (a month) on one line. */
  nowrap?: boolean;
};

/**
 * The report's tables all look alike: a header row, one row per item, striped, scrolling sideways
 * on a phone. Each table is its columns; `footer` adds a totals row where a table has one.
 */
export function ReportTable<Row>({
  rows,
  rowKey,
  columns,
  minWidth,
  footer,
}: {
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  columns: ReportColumn<Row>[];
  minWidth: number;
  footer?: ReactNode;
}) {
  return (
    <ScrollTable minWidth={minWidth}>
      <Table verticalSpacing="xs" fz="sm" striped>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column.header} scope="col" ta={column.numeric ? 'right' : undefined}>
                {column.header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={rowKey(row)}>
              {columns.map((column) => (
                <Table.Td
                  key={column.header}
                  ta={column.numeric ? 'right' : undefined}
                  fw={column.strong ? 700 : undefined}
                  style={column.nowrap ? { whiteSpace: 'nowrap' } : undefined}
                >
                  {column.cell(row)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
        {footer && <Table.Tfoot>{footer}</Table.Tfoot>}
      </Table>
    </ScrollTable>
  );
}
