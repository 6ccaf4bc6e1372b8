import { Anchor, Badge, Box, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useThreadReasonText } from '../mail/reason';
import { rawMailUrl } from '../mail/types';
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
      thirdParty: str('thirdPartyName'),
      recipients: Array.isArray(data.recipients) ? data.recipients.join(', ') : '',
      diagnostic: str('diagnostic') || str('status'),
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

/**
 * The mail's sanitised HTML with its held-back remote images put back, for this view only. The
 * server already removed everything active; DOMParser runs no scripts and loads nothing.
 */
function withRemoteImages(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const img of doc.querySelectorAll('img[data-remote-src]')) {
    const src = img.getAttribute('data-remote-src') ?? '';
    if (/^https?:\/\//i.test(src)) {
      img.setAttribute('src', src);
      // A newsletter's 1200-pixel banner must not push the timeline sideways.
      img.setAttribute('style', 'max-width: 100%; height: auto');
    }
    img.removeAttribute('data-remote-src');
  }
  return doc.body.innerHTML;
}

/** Where a message came from by mail and why it joined the case (operator only). */
function MailOrigin({ entry }: { entry: TimelineEntry }) {
  const { t } = useTranslation();
  const reasonText = useThreadReasonText();
  const mail = entry.mail;
  if (!mail) return null;
  return (
    <Group gap="xs" mb={6} wrap="wrap" data-testid="mail-origin">
      <Badge size="sm" variant="outline" color="gray" radius="sm">
        {t('mail.badge')}
      </Badge>
      <Text size="xs" c="dimmed" data-testid="mail-reason">
        {reasonText(mail.reason, mail.reasonText)}
      </Text>
      <Anchor size="xs" href={rawMailUrl(mail.id)} download={`${mail.id}.eml`}>
        {t('mail.original')}
      </Anchor>
    </Group>
  );
}

function MessageBody({ entry }: { entry: TimelineEntry }) {
  const { t } = useTranslation();
  const [showImages, setShowImages] = useState(false);
  const remote = (entry.mail?.remoteImages ?? 0) > 0 && entry.html ? entry.html : null;
  const html = useMemo(() => (showImages && remote ? withRemoteImages(remote) : null), [showImages, remote]);
  return (
    <>
      {html ? (
        // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by the server (mail-html.ts)
        <Box className="cd-message__html" fz="sm" dangerouslySetInnerHTML={{ __html: html }} />
      ) : (
        <Text size="sm" className="cd-message__body">
          {entry.body}
        </Text>
      )}
      {remote && !showImages && (
        <Button size="compact-xs" variant="default" mt="xs" onClick={() => setShowImages(true)}>
          {t('mail.loadRemoteImages', { count: entry.mail?.remoteImages ?? 0 })}
        </Button>
      )}
    </>
  );
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
            <MailOrigin entry={entry} />
            <MessageBody entry={entry} />
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
