import { Badge, Group, Stack, Stepper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { RETURN_STEPS } from '../../shared/returns';
import type { CaseReturn } from './types';

export const RETURN_STATE_COLOR: Record<CaseReturn['state'], string> = {
  requested: 'blue',
  authorised: 'cyan',
  received: 'violet',
  inspected: 'orange',
  closed: 'green',
  rejected: 'red',
};

/** What everyone who sees the case sees of a return: state, items, instructions and the outcome reason. */
export function ReturnView({
  item,
  showNotes,
  dateTime,
}: {
  item: CaseReturn;
  showNotes: boolean;
  /** The reader's date format (the public status page has no session). */
  dateTime: (iso: string) => string;
}) {
  const { t } = useTranslation();
  const active = item.state === 'rejected' ? -1 : RETURN_STEPS.indexOf(item.state);
  return (
    <Stack gap="xs" data-testid="return" data-state={item.state}>
      <Group gap="xs" justify="space-between">
        <Text fw={600}>{item.number}</Text>
        <Badge color={RETURN_STATE_COLOR[item.state]} variant="light" data-testid="return-state">
          {t(`returns.state.${item.state}`)}
        </Badge>
      </Group>
      {item.state !== 'rejected' && (
        <Stepper active={active} size="xs" orientation="vertical" iconSize={20}>
          {RETURN_STEPS.map((step) => (
            <Stepper.Step key={step} label={t(`returns.state.${step}`)} />
          ))}
        </Stepper>
      )}
      {item.dueAt && (
        <Text size="xs" c="dimmed">
          {t('returns.due', { at: dateTime(item.dueAt) })}
        </Text>
      )}
      <Stack gap={4} component="ul" style={{ paddingLeft: '1rem', margin: 0 }}>
        {item.items.map((line) => (
          <li key={line.id}>
            <Text size="sm">
              {line.quantity} × {line.product}
              {line.serial ? ` (${line.serial})` : ''} – {line.reason}
            </Text>
            {line.condition && (
              <Text size="xs" c={line.condition === 'wrong_contents' ? 'red' : 'dimmed'}>
                {t('returns.condition.label')}: {t(`returns.condition.${line.condition}`)}
              </Text>
            )}
            {showNotes && line.notes && (
              <Text size="xs" c="dimmed" fs="italic">
                {t('returns.notesInternal')}: {line.notes}
              </Text>
            )}
          </li>
        ))}
      </Stack>
      {item.instructions && item.state === 'authorised' && (
        <Stack gap={2} data-testid="return-instructions">
          <Text size="sm" fw={600}>
            {t('returns.instructions')}
          </Text>
          {item.instructions.address.map((line) => (
            <Text size="sm" key={line}>
              {line}
            </Text>
          ))}
          <Text size="xs" c="dimmed">
            {item.instructions.packing}
          </Text>
        </Stack>
      )}
      {item.state === 'rejected' && item.rejectReason && (
        <Text size="sm" data-testid="return-reason">
          <b>{t('returns.rejectedBecause')}</b> {item.rejectReason}
        </Text>
      )}
      {item.state !== 'rejected' && item.outcome && (
        <Text size="sm" data-testid="return-reason">
          <b>{t(`returns.outcome.${item.outcome}`)}:</b> {item.outcomeReason}
        </Text>
      )}
    </Stack>
  );
}
