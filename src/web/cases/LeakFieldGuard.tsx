// The leak guard's refusal at the field it concerns, for the forms whose text the customer reads
// (a return's reason, a decision, a commitment, an appointment note): what was found, in the
// writer's own words, and for an operator admin a way to save it anyway with a reason (audited).
import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LeakKind } from '../../shared/leak-guard';
import { ApiError } from '../api';
import { useMe } from '../session';

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
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const heading = useId();
  if (!canOverride || !isLeakRefusal(error)) return null;
  const submit = () => {
    if (reason.trim() === '') setMissing(true);
    else onOverride({ reason: reason.trim() });
  };
  return (
    <Stack gap="xs" role="group" aria-labelledby={heading} data-testid="leak-override">
      <Text size="sm" fw={600} id={heading}>
        {t('leakGuard.overrideTitle')}
      </Text>
      <TextInput
        label={t('cases.reply.leak.reason')}
        description={t('cases.reply.leak.reasonHint')}
        value={reason}
        maxLength={500}
        error={missing ? t('cases.reply.leak.reasonMissing') : undefined}
        onChange={(e) => {
          setReason(e.currentTarget.value);
          setMissing(false);
        }}
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return;
          e.preventDefault();
          submit();
        }}
      />
      <Group>
        <Button size="xs" color="red.9" loading={pending} onClick={submit}>
          {t('leakGuard.override')}
        </Button>
      </Group>
    </Stack>
  );
}
