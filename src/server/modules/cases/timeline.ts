// Reading a case's timeline: its messages and events in order, as far as the caller may see them.
import type { z } from 'zod';
import type { Deps } from '../../shared/deps';
import type { Scope } from '../../shared/scope';
import { describeThreadReason, type ThreadReason } from '../mail/thread-reason';
import { audienceOf } from './access';
import { resolveCaseId } from './change-case';
import { findAttachmentsOfCase, findEvents, findMessages, followMerge } from './repository';
import { showMessageHtml } from './sanitise-html';
import type { TimelineEntry } from './schemas';

type MailOrigin = NonNullable<z.infer<typeof TimelineEntry>['mail']>;

/**
 * For the operator: which messages came by mail and why each joined the case. Customers and
 * partners never see this; the reason names Message-IDs and other cases.
 */
async function mailOrigins(
  deps: Deps,
  messages: { id: string; inbound_mail_id: string | null; body_html: string | null }[],
): Promise<Map<string, MailOrigin>> {
  const ids = messages.flatMap((m) => (m.inbound_mail_id ? [m.inbound_mail_id] : []));
  if (ids.length === 0) return new Map();
  const rows = await deps.db
    .selectFrom('inbound_mail')
    .select(['id', 'thread_reason'])
    .where('id', 'in', ids)
    .execute();
  const reasonOf = new Map(rows.map((row) => [row.id, row.thread_reason]));
  const origins = new Map<string, MailOrigin>();
  for (const message of messages) {
    if (!message.inbound_mail_id) continue;
    let reason: ThreadReason | null = null;
    try {
      reason = JSON.parse(reasonOf.get(message.inbound_mail_id) ?? 'null') as ThreadReason | null;
    } catch {
      // an unreadable reason is shown as none
    }
    const remoteImages = message.body_html?.match(/data-remote-src=/g)?.length ?? 0;
    origins.set(message.id, {
      id: message.inbound_mail_id,
      reason,
      reasonText: reason ? describeThreadReason(reason) : null,
      ...(remoteImages > 0 ? { remoteImages } : {}),
    });
  }
  return origins;
}

/**
 * Messages and events in order, as far as the caller's audience may see them. A merged duplicate's
 * number answers with the history of the case it was merged into, where its entries now live.
 */
export async function getTimeline(
  deps: Deps,
  scope: Scope,
  idOrNumber: string,
): Promise<z.infer<typeof TimelineEntry>[]> {
  const row = await followMerge(deps.db, scope, await resolveCaseId(deps, scope, idOrNumber));
  const audience = audienceOf(scope);
  const messages = await findMessages(deps.db, row.id, scope);
  const events = await findEvents(deps.db, row.id, scope);
  const attachments = await findAttachmentsOfCase(deps.db, row.id, scope);
  const byMessage = new Map<string, typeof attachments>();
  for (const a of attachments) {
    if (!a.message_id) continue;
    byMessage.set(a.message_id, [...(byMessage.get(a.message_id) ?? []), a]);
  }
  const shownHtml = new Map(
    messages.map((m) => [
      m.id,
      m.body_html === null ? null : showMessageHtml(row.id, m.body_html, byMessage.get(m.id)),
    ]),
  );
  const mails = audience === 'operator' ? await mailOrigins(deps, messages) : new Map<string, MailOrigin>();
  const entries: z.infer<typeof TimelineEntry>[] = [
    ...messages.map((m) => ({
      id: m.id,
      kind: 'message' as const,
      at: m.created_at,
      visibility: m.visibility,
      author: m.author_label,
      direction: m.direction,
      body: m.body_text,
      html: shownHtml.get(m.id)?.html ?? null,
      channel: m.channel,
      attachments: (byMessage.get(m.id) ?? []).map((a) => ({
        id: a.id,
        fileName: a.file_name,
        mimeType: a.mime_type,
        size: a.size,
        ...(shownHtml.get(m.id)?.inlineAttachmentIds.has(a.id) ? { inline: true } : {}),
      })),
      ...(mails.has(m.id) ? { mail: mails.get(m.id) } : {}),
    })),
    ...events.map((e) => ({
      id: e.id,
      kind: 'event' as const,
      at: e.created_at,
      visibility: e.visibility,
      author: e.actor_label,
      type: e.type,
      data: JSON.parse(e.data) as Record<string, unknown>,
    })),
  ];
  // Ids are UUIDv7: sorting by id is sorting by creation time, with a stable tie-break.
  return entries.sort((a, b) => (a.at === b.at ? a.id.localeCompare(b.id) : a.at.localeCompare(b.at)));
}
