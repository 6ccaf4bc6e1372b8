import type { Trx } from '../../db/database';
import { scheduleTimer } from '../../jobs/timers';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { enqueuePublicReplyMail } from '../mail/case-mail';
import { noticeSourcesOf, queueCaseNotices } from '../notifications/queue';
import { syncCaseClocks } from '../sla/service';
import { onCaseResolved } from '../surveys/resolution';
import { refreshBreaching } from './breaching';
import type { CaseStatus, SupportCaseRow } from './case.table';

/** Something that happened to a case that its SLA clocks (and the outgoing mail) react to. */
export type CaseHappening =
  | { type: 'created' }
  | { type: 'public_reply'; messageId: string }
  | { type: 'customer_message'; messageId?: string }
  | { type: 'priority_changed' }
  | { type: 'status_changed'; from: CaseStatus; to: CaseStatus };

/**
 * Runs inside the transaction of the change, so clocks never disagree with the case, and the
 * reply's mail is in the outbox if and only if the reply is on the case.
 */
export async function onCaseHappening(
  trx: Trx,
  deps: Deps,
  row: SupportCaseRow,
  happening: CaseHappening,
): Promise<void> {
  if (await syncCaseClocks(trx, deps, row, happening)) await refreshBreaching(trx, row.id);
  if (happening.type === 'public_reply') await enqueuePublicReplyMail(trx, deps, row, happening.messageId);
  // Who else hears of it (the customer of a new case, the partner of a reply, the agent of a
  // customer's message) is decided by the notifications worker after commit.
  if (happening.type === 'created') await queueCaseNotices(trx, deps, [`created:${row.id}`]);
  if (happening.type === 'public_reply')
    await queueCaseNotices(trx, deps, [`message:${happening.messageId}`]);
  if (happening.type === 'customer_message' && happening.messageId)
    await queueCaseNotices(trx, deps, [`message:${happening.messageId}`]);
  // The resolution mail carries the satisfaction survey's link.
  if (happening.type === 'status_changed' && happening.to === 'resolved')
    await onCaseResolved(trx, deps, row);
  // An invoice request is answered by the billing module's worker once the case is committed
  // (the timer commits with the case, so a crash can neither lose the request nor answer it early).
  if (happening.type === 'created' && row.type === 'invoice_request')
    await scheduleTimer(trx, 'invoice_request', row.id, isoNow(deps.clock));
}

/** A timeline event a change recorded (see change-case.ts). */
export type RecordedCaseEvent = { id: string; type: string };

/** Runs in the change's transaction after its happenings: notices follow the recorded events. */
export async function onCaseEvents(trx: Trx, deps: Deps, events: RecordedCaseEvent[]): Promise<void> {
  await queueCaseNotices(trx, deps, noticeSourcesOf(events));
}
