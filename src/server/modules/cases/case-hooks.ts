import type { Trx } from '../../db/database';
import type { Deps } from '../../shared/deps';
import { enqueuePublicReplyMail } from '../mail/case-mail';
import { syncCaseClocks } from '../sla/service';
import { refreshBreaching } from './breaching';
import type { CaseStatus, SupportCaseRow } from './case.table';

/** Something that happened to a case that its SLA clocks (and the outgoing mail) react to. */
export type CaseHappening =
  | { type: 'created' }
  | { type: 'public_reply'; messageId: string }
  | { type: 'customer_message' }
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
}
