import { Badge, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { offeredCountQuery } from './queries';

/** Beside "Leads" in a partner's navigation: how many leads wait for its answer; nothing when none. */
export function OfferedLeadsCount() {
  const { t } = useTranslation();
  const count = useQuery(offeredCountQuery());
  if (!count.isSuccess || count.data === 0) return null;
  const text = t('leads.offeredCount', { count: count.data });
  return (
    <Badge size="sm" radius="sm" variant="filled" title={text} data-testid="offered-leads-count">
      {count.data}
      <VisuallyHidden> ({text})</VisuallyHidden>
    </Badge>
  );
}
