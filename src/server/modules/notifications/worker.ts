// Turns a queued notice source into notices and mails. Runs in the scheduler (timer kind
// `notification`), after the change committed. The unique key (source_key, person_id) makes it
// idempotent: when two workers handle the same source (a lease ran out), the second insert finds
// the row and sends nothing, so each person gets one notice and one mail per source.

import { type NotificationKind, OPTIONAL_NOTIFICATION_KINDS } from '../../../shared/notifications';
import type { Trx } from '../../db/database';
import { enqueueOutbox } from '../../jobs/outbox';
import type { TimerRow } from '../../jobs/timer.table';
import { deleteTimer } from '../../jobs/timers';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import type { CaseChange } from '../cases/live';
import { statusLinkFor } from '../cases/status-link';
import { enqueueCaseMail, mailboxForCase } from '../mail/case-mail';
import { withoutReplyPrefixes } from '../mail/templates';
import { noticeMailFor } from './notice-mail';
import { loadRecipients, mayBeTold, type Recipient } from './recipients';
import { type ResolvedSource, resolveNoticeSource } from './sources';

/** Kinds another module mails already (the resolution mail with the survey, the SLA escalation): in-app only here. */
const MAILED_ELSEWHERE: ReadonlySet<NotificationKind> = new Set(['case_resolved', 'sla_breached']);
const OPTIONAL: ReadonlySet<NotificationKind> = new Set(OPTIONAL_NOTIFICATION_KINDS);

async function wantsMail(trx: Trx, person: Recipient, kind: NotificationKind, resolved: ResolvedSource) {
  if (MAILED_ELSEWHERE.has(kind)) return false;
  if (!person.email || person.mail_bounced_at) return false;
  // A case that came by mail got its acknowledgement from the mail intake (auto-reply).
  if (kind === 'case_received') {
    if (resolved.kase.type === 'invoice_request') return false;
    const byMail = await trx
      .selectFrom('inbound_mail')
      .select('id')
      .where('case_id', '=', resolved.kase.id)
      .limit(1)
      .executeTakeFirst();
    if (byMail) return false;
  }
  if (!OPTIONAL.has(kind)) return true;
  const preference = await trx
    .selectFrom('notification_preference')
    .select('mail')
    .where('person_id', '=', person.id)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return preference?.mail !== 0;
}

async function sendNoticeMail(
  trx: Trx,
  deps: Deps,
  person: Recipient,
  kind: NotificationKind,
  resolved: ResolvedSource,
): Promise<void> {
  const { kase, detail } = resolved;
  const language = person.locale === 'en' ? 'en' : 'de';
  const canLogIn = person.roles.length > 0;
  const customerSide = person.organisation_kind === 'customer';
  const mailbox = customerSide ? await mailboxForCase(trx, kase.id) : undefined;
  // A contact without a login follows the case through its status link.
  const link = canLogIn
    ? `${deps.config.publicUrl}/cases/${kase.number}`
    : (await statusLinkFor(trx, deps, kase.id, 'reply_mail')).url;
  const customerName =
    kind === 'partner_new_case'
      ? (
          await trx
            .selectFrom('organisation')
            .select('name')
            .where('id', '=', kase.customer_id)
            .executeTakeFirst()
        )?.name
      : undefined;
  const content = noticeMailFor(language, {
    kind,
    caseNumber: kase.number,
    subject: withoutReplyPrefixes(kase.subject) || kase.subject,
    recipientName: person.name,
    recipientSalutation: person.salutation,
    link,
    signature: mailbox?.name ?? 'channeldesk',
    timeZone: person.time_zone || 'Europe/Berlin',
    customerName,
    ...detail,
  });
  // The customer's mail comes from the case's mailbox, so a reply files itself on the case.
  if (mailbox) {
    await enqueueCaseMail(trx, deps, {
      caseId: kase.id,
      caseMessageId: null,
      mailbox,
      to: person.email,
      content,
      language,
    });
    return;
  }
  await enqueueOutbox(trx, deps.clock, {
    topic: 'mail.send',
    payload: { to: person.email, ...content, locale: language },
  });
}

/**
 * Handles one notice source: writes each permitted person's notice (once), mails those who want
 * it, announces the new notices on the live stream and removes the timer, all in one transaction.
 */
export async function handleNotificationTimer(deps: Deps, timer: TimerRow): Promise<void> {
  const changes: CaseChange[] = [];
  await deps.db.transaction().execute(async (trx) => {
    const resolved = await resolveNoticeSource(trx, timer.subject_id);
    if (resolved) {
      const { kase, candidates, detail, actorPersonId } = resolved;
      const people = await loadRecipients(
        trx,
        candidates.map((candidate) => candidate.personId),
      );
      const now = isoNow(deps.clock);
      const told: string[] = [];
      for (const candidate of candidates) {
        const person = people.get(candidate.personId);
        // Nobody is told of their own doing, except that a case they opened was received.
        if (!person || (person.id === actorPersonId && candidate.kind !== 'case_received')) continue;
        if (!(await mayBeTold(trx, person, kase, candidate.entry))) continue;
        const mail = await wantsMail(trx, person, candidate.kind, resolved);
        const inserted = await trx
          .insertInto('notification')
          .values({
            id: newId(),
            person_id: person.id,
            case_id: kase.id,
            kind: candidate.kind,
            source_key: timer.subject_id,
            data: JSON.stringify(detail),
            mailed: mail ? 1 : 0,
            created_at: now,
            read_at: null,
          })
          .onConflict((oc) => oc.columns(['source_key', 'person_id']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!inserted) continue;
        if (mail) await sendNoticeMail(trx, deps, person, candidate.kind, resolved);
        told.push(person.id);
      }
      if (told.length > 0) {
        changes.push({
          caseId: kase.id,
          number: kase.number,
          customerId: kase.customer_id,
          partnerId: kase.partner_id,
          type: 'notification',
          visibility: 'internal',
          partnerOrganisationId: null,
          at: now,
          personIds: told,
        });
        await deps.live?.announce(trx, changes);
      }
    }
    await deleteTimer(trx, timer.id);
  });
  deps.live?.afterCommit(changes);
}
