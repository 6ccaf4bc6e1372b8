// An operator admin's way past the leak guard: a reason (audited with what was found) and a
// button. One form for the reply composer and for the fields the customer reads; inside the
// surrounding form it is a group, not a form of its own, so Enter overrides here.
import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

export function LeakOverrideReason({
  title,
  action,
  pending,
  onOverride,
  size,
  testId,
  children,
}: {
  /** The group's heading ("Send anyway …" at the composer, "Save anyway …" at a field). */
  title: string;
  /** The button's label. */
  action: string;
  pending: boolean;
  onOverride: (reason: string) => void;
  /** The button's size; Mantine's default when left out. */
  size?: 'xs';
  testId?: string;
  /** Shown below the button, e.g. why the last override failed. */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const heading = useId();
  const submit = () => {
    if (reason.trim() === '') setMissing(true);
    else onOverride(reason.trim());
  };
  return (
    <Stack gap="xs" role="group" aria-labelledby={heading} data-testid={testId}>
      <Text size="sm" fw={600} id={heading}>
        {title}
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
        <Button size={size} color="red.9" loading={pending} onClick={submit}>
          {action}
        </Button>
      </Group>
      {children}
    </Stack>
  );
}
