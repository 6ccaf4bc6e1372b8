import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CaseStatus, Priority, Visibility } from './types';

const STATUS_COLORS: Record<CaseStatus, string> = {
  new: 'blue',
  open: 'indigo',
  waiting_customer: 'yellow',
  waiting_partner: 'yellow',
  waiting_third_party: 'yellow',
  resolved: 'green',
  closed: 'gray',
};

const PRIORITY_COLORS: Record<Priority, string> = {
  low: 'gray',
  normal: 'blue',
  high: 'orange',
  urgent: 'red',
};

export const VISIBILITY_COLORS: Record<Visibility, string> = {
  public: 'green',
  partner: 'grape',
  internal: 'yellow',
};

export function StatusBadge({ status, plain = false }: { status: CaseStatus; plain?: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" radius="sm">
      {plain ? t(`cases.statusPlain.${status}`) : t(`cases.status.${status}`)}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: Priority }) {
  const { t } = useTranslation();
  return (
    <Badge color={PRIORITY_COLORS[priority]} variant="light" radius="sm">
      {t(`cases.priority.${priority}`)}
    </Badge>
  );
}

export function VisibilityBadge({ visibility }: { visibility: Visibility }) {
  const { t } = useTranslation();
  return (
    <Badge color={VISIBILITY_COLORS[visibility]} variant="light" radius="sm">
      {t(`cases.visibility.${visibility}`)}
    </Badge>
  );
}

/** Business minutes as "2 h 15 min" (negative: overdue by that much). */
export function formatMinutes(
  minutes: number,
  t: (key: string, o?: Record<string, unknown>) => string,
): string {
  const abs = Math.abs(Math.round(minutes));
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  if (h === 0) return t('cases.clock.minutes', { m });
  return m === 0 ? t('cases.clock.hours', { h }) : t('cases.clock.hoursMinutes', { h, m });
}

export function formatBytes(size: number, language: string): string {
  const locale = language.startsWith('en') ? 'en-GB' : 'de-DE';
  if (size < 1024) return `${size} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value)} ${units[unit]}`;
}

export type LooseT = (key: string, options?: Record<string, unknown>) => string;

/** `t` for keys built at run time (event types, fact keys), which the typed keys cannot check. */
export function useLooseT(): LooseT {
  const { t } = useTranslation();
  return t as unknown as LooseT;
}
