// The leak guard's refusal at the field it concerns, for the forms whose text the customer reads
// (a return's reason, a decision, a commitment, an appointment note): what was found, in the
// writer's own words, and for an operator admin a way to save it anyway with a reason (audited).
import { useTranslation } from 'react-i18next';
import type { LeakKind } from '../../shared/leak-guard';
import { ApiError } from '../api';
import { useMe } from '../session';
import { LeakOverrideReason } from './LeakOverrideReason';

type Finding = { field?: string; kind: LeakKind; text: string };

function findingsOf(error: unknown): Finding[] | null {
  if (!(error instanceof ApiError) || error.code !== 'internal_data') return null;
  const list = error.body.findings;
  return Array.isArray(list) ? (list as Finding[]) : [];
}

/** Whether the error is the leak guard's refusal (shown at the field, not as a general alert). */
export function isLeakRefusal(error: unknown): boolean {
  return findingsOf(error) !== null;
}

/** The message for `field` when the leak guard refused its text, else undefined. */
export function useLeakFieldError(error: unknown, field: string): string | undefined {
  const { t } = useTranslation();
  const found = findingsOf(error)?.filter((f) => !f.field || f.field === field);
  if (!found || found.length === 0) return undefined;
  return t('leakGuard.field', {
    found: found.map((f) => `${t(`cases.reply.leak.kind.${f.kind}`)} „${f.text}“`).join('; '),
  });
}

/** Below a refused form: an operator admin may save it anyway, with a reason. */
export function LeakOverride({
  error,
  pending,
  onOverride,
}: {
  error: unknown;
  pending: boolean;
  onOverride: (override: { reason: string }) => void;
}) {
  const { t } = useTranslation();
  const canOverride = useMe().roles.includes('operator_admin');
  if (!canOverride || !isLeakRefusal(error)) return null;
  return (
    <LeakOverrideReason
      title={t('leakGuard.overrideTitle')}
      action={t('leakGuard.override')}
      size="xs"
      pending={pending}
      onOverride={(reason) => onOverride({ reason })}
      testId="leak-override"
    />
  );
}
