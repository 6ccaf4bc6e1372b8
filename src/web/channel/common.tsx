import { Anchor, Badge, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../api';
import { fieldProblemText } from '../components/field-errors';
import { useFormat, useMe } from '../session';
import { fieldMessageOf } from './field-messages';
import type { Asset } from './types';
import { daysBetween, todayIn, warrantyState } from './warranty';

/** The product lines the demo and the partner profiles use; others are shown as typed. */
export const PRODUCT_LINES = ['printers', 'multifunction', 'notebooks', 'networking'] as const;

export function productLineLabel(t: TFunction, i18nExists: (key: string) => boolean, line: string) {
  return i18nExists(`assets.lines.${line}`) ? t(`assets.lines.${line}` as 'assets.lines.printers') : line;
}

export function useProductLineLabel(): (line: string) => string {
  const { t, i18n } = useTranslation();
  return (line) => productLineLabel(t, (key) => i18n.exists(key), line);
}

/** The user's today (YYYY-MM-DD) in their time zone. */
export function useToday(): string {
  const me = useMe();
  return todayIn(me.timeZone);
}

/**
 * The server names the field of every problem; a form shows each at its input, in the user's
 * language (field-messages.ts), or with the server's words and the field when the message is not known.
 */
export function useFieldErrors(error: unknown): (field: string) => string | undefined {
  const { t } = useTranslation();
  const format = useFormat();
  const errors = isApiError(error, 400) || isApiError(error, 409) ? error.errors : [];
  return (field) => {
    const found = errors.find((e) => e.field === field);
    if (found === undefined) return undefined;
    const known = fieldMessageOf(found.message);
    if (known === null) return fieldProblemText(t, found.message, found.field);
    const unit = known.params.unit;
    return t(`fieldMessages.${known.key}` as 'fieldMessages.required', {
      ...known.params,
      ...(unit ? { unit: t(`fieldMessages.units.${unit}` as 'fieldMessages.units.km') } : {}),
      ...(known.date ? { date: format.date(`${known.date}T12:00:00Z`) } : {}),
    }).trim();
  };
}

// Light badges: the theme gives them dark text, readable also inside a highlighted row (WCAG AA).
const STATE_COLOUR = { expired: 'gray', endingSoon: 'orange', running: 'teal', none: 'gray' } as const;

/** Warranty end as a date with the days left ("noch 45 Tage", "abgelaufen seit 3 Tagen"). */
export function WarrantyEnd({
  warrantyEnd,
  withDate = true,
}: {
  warrantyEnd: string | null;
  withDate?: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const today = useToday();
  if (warrantyEnd === null) return <Text size="sm">{t('assets.noWarranty')}</Text>;
  const state = warrantyState(warrantyEnd, today);
  const left = daysBetween(today, warrantyEnd);
  const label =
    state === 'expired'
      ? t('assets.warranty.expired')
      : left === 0
        ? t('assets.endsToday')
        : t('assets.daysLeft', { count: left });
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: '0.25rem 0.5rem', alignItems: 'center' }}>
      {withDate && (
        <Text size="sm" span style={{ whiteSpace: 'nowrap' }}>
          {format.date(`${warrantyEnd}T12:00:00Z`)}
        </Text>
      )}
      <Badge
        variant="light"
        color={STATE_COLOUR[state]}
        radius="sm"
        tt="none"
        miw="max-content"
        data-warranty={state}
        title={state === 'expired' ? t('assets.expiredSince', { count: -left }) : undefined}
      >
        {label}
      </Badge>
    </span>
  );
}

/** An asset in a table cell: its serial (the link to it), model and product line. */
export function AssetCell({
  asset,
}: {
  asset: Pick<Asset, 'id' | 'serial' | 'productModel' | 'productLine'>;
}) {
  const lineLabel = useProductLineLabel();
  return (
    <>
      <Anchor component={Link} to={`/assets/${asset.id}`} size="sm" fw={500} ff="monospace">
        {asset.serial}
      </Anchor>
      <Text size="sm">{asset.productModel}</Text>
      <Text size="xs" c="dimmed">
        {lineLabel(asset.productLine)}
      </Text>
    </>
  );
}
