import { Anchor, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../session';
import { formatBytes, useLooseT, VisibilityBadge } from './CaseBadges';
import type { TimelineEntry } from './types';

/** A readable line for a timeline event; unknown types still show their name. */
function useEventText() {
  const { i18n } = useTranslation();
  const t = useLooseT();
  const fmt = useFormat();
  return (entry: TimelineEntry): string => {
    const data = entry.data ?? {};
    const str = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : '');
    const type = entry.type ?? '';
    const known = i18n.exists(`cases.event.${type}`);
    const values: Record<string, string> = {
      from: str('from'),
      to: str('to'),
      description: str('description'),
      label: str('label'),
      value: str('value'),
      number: str('number'),
      into: str('into'),
      policy: str('policy'),
      clock: str('clock') ? t(`cases.clock.kind.${str('clock')}`) : '',
      due: str('dueAt') ? fmt.dateTime(str('dueAt')) : '',
      outcome: str('outcome') ? t(`cases.decision.outcome.${str('outcome')}`) : '',
    };
    if (type === 'status_changed' || type === 'reopened') {
      values.from = str('from') ? t(`cases.status.${str('from')}`) : '';
      values.to = str('to') ? t(`cases.status.${str('to')}`) : '';
    }
    if (type === 'priority_changed') {
      values.from = str('from') ? t(`cases.priority.${str('from')}`) : '';
      values.to = str('to') ? t(`cases.priority.${str('to')}`) : '';
    }
    return known ? t(`cases.event.${type}`, values) : type.replace(/_/g, ' ');
  };
}

export function Timeline({
  entries,
  caseId,
  showVisibility,
}: {
  entries: TimelineEntry[];
  caseId: string;
  showVisibility: boolean;
}) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const eventText = useEventText();
  if (entries.length === 0)
    return (
      <Text c="dimmed" size="sm">
        {t('cases.timeline.empty')}
      </Text>
    );
  return (
    <Stack gap="sm" component="ol" className="cd-timeline" aria-label={t('cases.timeline.label')}>
      {entries.map((entry) =>
        entry.kind === 'message' ? (
          <Paper
            key={entry.id}
            component="li"
            withBorder
            p="md"
            className={`cd-message cd-message--${entry.visibility}`}
            data-visibility={entry.visibility}
          >
            <Group justify="space-between" gap="xs" mb={6} wrap="wrap">
              <Group gap="xs">
                <Text fw={600} size="sm">
                  {entry.author}
                </Text>
                <Text size="xs" c="dimmed">
                  {t(`cases.direction.${entry.direction ?? 'note'}`)}
                  {entry.channel ? ` · ${t(`cases.channel.${entry.channel}`)}` : ''}
                </Text>
              </Group>
              <Group gap="xs">
                {showVisibility && <VisibilityBadge visibility={entry.visibility} />}
                <Text size="xs" c="dimmed" component="time" dateTime={entry.at}>
                  {fmt.dateTime(entry.at)}
                </Text>
              </Group>
            </Group>
            <Text size="sm" className="cd-message__body">
              {entry.body}
            </Text>
            {(entry.attachments?.length ?? 0) > 0 && (
              <Group gap="sm" mt="xs">
                {entry.attachments?.map((a) => (
                  <Anchor
                    key={a.id}
                    size="sm"
                    href={`/api/cases/${encodeURIComponent(caseId)}/attachments/${a.id}`}
                    download={a.fileName}
                  >
                    📎 {a.fileName} ({formatBytes(a.size, i18n.language)})
                  </Anchor>
                ))}
              </Group>
            )}
          </Paper>
        ) : (
          <li key={entry.id} className="cd-event">
            <Text size="xs" c="dimmed">
              <time dateTime={entry.at}>{fmt.dateTime(entry.at)}</time> · {entry.author}: {eventText(entry)}
              {showVisibility && entry.visibility !== 'public'
                ? ` (${t(`cases.visibility.${entry.visibility}`)})`
                : ''}
            </Text>
          </li>
        ),
      )}
    </Stack>
  );
}
