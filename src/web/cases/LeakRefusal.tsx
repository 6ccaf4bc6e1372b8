import { Alert, Badge, Button, Group, List, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';

export type LeakFinding = { kind: 'internal_note' | 'billing_state' | 'other_customer'; text: string };

/** The findings of a reply the leak guard stopped (422 internal_data), or null for any other error. */
export function leakFindingsOf(error: unknown): LeakFinding[] | null {
  if (!(error instanceof ApiError) || error.code !== 'internal_data') return null;
  const findings = error.body.findings;
  if (!Array.isArray(findings)) return [];
  return findings.flatMap((f: unknown) => {
    if (typeof f !== 'object' || f === null) return [];
    const { kind, text } = f as { kind?: unknown; text?: unknown };
    return typeof kind === 'string' && typeof text === 'string'
      ? [{ kind: kind as LeakFinding['kind'], text }]
      : [];
  });
}

/**
 * Shown at the composer when the leak guard stopped a public reply: what it found, a way back to
 * the draft (kept as written), and for an operator admin sending anyway with a reason (audited).
 */
export function LeakRefusal({
  findings,
  canOverride,
  overriding,
  overrideError,
  onRewrite,
  onOverride,
}: {
  findings: LeakFinding[];
  canOverride: boolean;
  overriding: boolean;
  overrideError: unknown;
  onRewrite: () => void;
  onOverride: (reason: string) => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const submit = () => {
    if (reason.trim() === '') setReasonMissing(true);
    else onOverride(reason.trim());
  };
  return (
    <Alert
      color="red"
      variant="light"
      role="alert"
      title={t('cases.reply.leak.title')}
      data-testid="leak-refusal"
    >
      <Stack gap="sm">
        <Text size="sm">{t('cases.reply.leak.intro')}</Text>
        <List size="sm" spacing={6} listStyleType="none" aria-label={t('cases.reply.leak.found')}>
          {findings.map((f) => (
            <List.Item key={`${f.kind}:${f.text}`}>
              <Group gap="xs" wrap="wrap" align="baseline">
                <Badge color="red.9" variant="filled" size="sm">
                  {t(`cases.reply.leak.kind.${f.kind}`)}
                </Badge>
                <mark className="cd-leak-mark">{f.text}</mark>
              </Group>
            </List.Item>
          ))}
        </List>
        <Group gap="xs">
          <Button variant="filled" onClick={onRewrite}>
            {t('cases.reply.leak.rewrite')}
          </Button>
        </Group>
        {canOverride && (
          // Inside the composer's form: a group, not a form of its own, and Enter overrides here.
          <Stack gap="xs" role="group" aria-labelledby="leak-override-heading">
            <Text size="sm" fw={600} id="leak-override-heading">
              {t('cases.reply.leak.overrideTitle')}
            </Text>
            <TextInput
              label={t('cases.reply.leak.reason')}
              description={t('cases.reply.leak.reasonHint')}
              value={reason}
              maxLength={500}
              error={reasonMissing ? t('cases.reply.leak.reasonMissing') : undefined}
              onChange={(e) => {
                setReason(e.currentTarget.value);
                setReasonMissing(false);
              }}
              onKeyDown={(e) => {
                if (e.key !== 'Enter') return;
                e.preventDefault();
                submit();
              }}
            />
            <Group>
              <Button color="red.9" loading={overriding} onClick={submit}>
                {t('cases.reply.leak.override')}
              </Button>
            </Group>
            {overrideError !== null && <ErrorAlert error={overrideError} />}
          </Stack>
        )}
      </Stack>
    </Alert>
  );
}
