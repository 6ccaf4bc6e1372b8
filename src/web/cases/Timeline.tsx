import { Anchor, Badge, Box, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useThreadReasonText } from '../mail/reason';
import { rawMailUrl } from '../mail/types';
import { useFormat } from '../session';
import { formatBytes, useLooseT, VisibilityBadge } from './CaseBadges';
import { useFactLabel } from './fact-label';
import type { TimelineEntry } from './types';

/**
 * A readable line for a timeline event; unknown types still show their name. A customer reads
 * statuses in plain words (cases.statusPlain: "In Bearbeitung", not "Wartet auf Dritte"); fact
 * labels follow the reader's language.
 */
function useEventText(plain: boolean) {
  const { i18n } = useTranslation();
  const t = useLooseT();
  const fmt = useFormat();
  const factLabel = useFactLabel();
  const statusKey = plain ? 'cases.statusPlain' : 'cases.status';
  return (entry: TimelineEntry): string => {
    const data = entry.data ?? {};
    const str = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : '');
    const type = entry.type ?? '';
    const known = i18n.exists(`cases.event.${type}`);
    const values: Record<string, string> = {
      from: str('from'),
      to: str('to'),
      description: str('description'),
      label: str('key') ? factLabel({ key: str('key'), label: str('label') }) : str('label'),
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
      subject: str('subject'),
      date: str('date'),
      checklist: str('checklist'),
      classification: str('classification') ? t(`triage.classification.${str('classification')}`) : '',
      score: typeof data.score === 'number' ? String(data.score) : '',
      comment: str('comment') ? ` – „${str('comment')}“` : '',
      reason: str('reason'),
      rmaNumber: str('rmaNumber'),
      leadNumber: str('leadNumber'),
      product: str('product'),
    };
    if (type === 'status_changed' || type === 'reopened' || type === 'escalated') {
      values.from = str('from') ? t(`${statusKey}.${str('from')}`) : '';
      values.to = str('to') ? t(`${statusKey}.${str('to')}`) : '';
    }
    if (type === 'priority_changed') {
      values.from = str('from') ? t(`cases.priority.${str('from')}`) : '';
      values.to = str('to') ? t(`cases.priority.${str('to')}`) : '';
    }
    return known ? t(`cases.event.${type}`, values) : type.replace(/_/g, ' ');
  };
}

// What a held-back remote image shows until the reader asks for it: a small picture frame, as a
// data: URI so the page's Content-Security-Policy (img-src 'self' data:) allows it without a request.
const REMOTE_IMAGE_PLACEHOLDER = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="48" viewBox="0 0 64 48">' +
    '<rect x="1" y="1" width="62" height="46" rx="3" fill="#f1f3f5" stroke="#adb5bd" stroke-dasharray="4 3"/>' +
    '<circle cx="22" cy="17" r="5" fill="#adb5bd"/><path d="M10 40l14-14 9 9 7-6 14 11z" fill="#adb5bd"/></svg>',
)}`;

/**
 * The message's HTML as the browser shows it. The server already removed everything active,
 * pointed inline (cid:) images at their attachments and held remote images back as
 * data-remote-src; here a held-back image becomes a placeholder, or, once the reader asks, the
 * remote image itself (sent without a referrer, so the sender does not learn the case's address).
 * DOMParser runs no scripts and loads nothing.
 */
function messageHtml(html: string, showRemote: boolean, placeholderTitle: string) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const held = [...doc.querySelectorAll('img[data-remote-src]')];
  for (const img of held) {
    const src = img.getAttribute('data-remote-src') ?? '';
    img.removeAttribute('data-remote-src');
    if (showRemote && /^https?:\/\//i.test(src)) {
      img.setAttribute('src', src);
      img.setAttribute('referrerpolicy', 'no-referrer');
    } else {
      img.setAttribute('src', REMOTE_IMAGE_PLACEHOLDER);
      img.setAttribute('class', 'cd-remote-image');
      img.setAttribute('title', placeholderTitle);
      if (!img.getAttribute('alt')) img.setAttribute('alt', placeholderTitle);
    }
  }
  return { html: doc.body.innerHTML, remoteImages: held.length };
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
  const [showRemote, setShowRemote] = useState(false);
  const source = entry.html?.trim() ? entry.html : null;
  const placeholderTitle = t('mail.remoteImagePlaceholder');
  const shown = useMemo(
    () => (source ? messageHtml(source, showRemote, placeholderTitle) : null),
    [source, showRemote, placeholderTitle],
  );
  if (!shown)
    return (
      <Text size="sm" className="cd-message__body">
        {entry.body}
      </Text>
    );
  return (
    <>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by the server (cases/sanitise-html.ts) */}
      <Box className="cd-message__html" fz="sm" dangerouslySetInnerHTML={{ __html: shown.html }} />
      {shown.remoteImages > 0 && !showRemote && (
        <Group gap="xs" mt="xs" wrap="wrap" data-testid="remote-images">
          <Text size="xs" c="dimmed">
            {t('mail.remoteImagesHeld', { count: shown.remoteImages })}
          </Text>
          <Button size="compact-xs" variant="default" onClick={() => setShowRemote(true)}>
            {t('mail.showRemoteImages', { count: shown.remoteImages })}
          </Button>
        </Group>
      )}
    </>
  );
}

/** Attachments listed under a message: not the pictures its HTML already shows in place. */
function listedAttachments(entry: TimelineEntry) {
  const showsHtml = Boolean(entry.html?.trim());
  return (entry.attachments ?? []).filter((a) => !(showsHtml && a.inline));
}

export function Timeline({
  entries,
  caseId,
  showVisibility,
  plain = false,
}: {
  entries: TimelineEntry[];
  caseId: string;
  showVisibility: boolean;
  /** The customer's view: plain words for statuses and for where a message came from. */
  plain?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const eventText = useEventText(plain);
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
                  {t(`${plain ? 'cases.directionPlain' : 'cases.direction'}.${entry.direction ?? 'note'}`)}
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
            {listedAttachments(entry).length > 0 && (
              <Group gap="sm" mt="xs">
                {listedAttachments(entry).map((a) => (
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
