import { Alert, Badge, Button, Group, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { LeakOverrideReason } from './LeakOverrideReason';

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
          <LeakOverrideReason
            title={t('cases.reply.leak.overrideTitle')}
            action={t('cases.reply.leak.override')}
            pending={overriding}
            onOverride={onOverride}
          >
            {overrideError !== null && <ErrorAlert error={overrideError} />}
          </LeakOverrideReason>
        )}
      </Stack>
    </Alert>
  );
}
