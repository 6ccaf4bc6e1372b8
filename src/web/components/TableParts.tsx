import { Button, Group, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

// The pieces every list page puts around its table: the row that says the list is empty, and the
// count of shown rows with the button that loads the next page.

/** The only row of an empty table: a dimmed, centred line across all `colSpan` columns. */
export function EmptyRow({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Td colSpan={colSpan}>
        <Text c="dimmed" ta="center" py="md">
          {children}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

/** What an infinite query offers for paging. */
type Pages = { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };

/** How many rows are shown, announced politely, and "load more" while there is a next page. */
export function ShownAndMore({ shown, pages }: { shown: number; pages: Pages }) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between">
      <Text size="sm" c="dimmed" aria-live="polite">
        {t('common.shown', { count: shown })}
      </Text>
      {pages.hasNextPage && (
        <Button
          variant="default"
          onClick={() => void pages.fetchNextPage()}
          loading={pages.isFetchingNextPage}
        >
          {t('common.loadMore')}
        </Button>
      )}
    </Group>
  );
}
