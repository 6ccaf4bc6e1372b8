import type { Deps } from '../../shared/deps';
import { changeCase } from '../cases/service';
import { markMailBounced } from '../users/contacts';
import { MAIL_SCOPE, markDone, type ProcessOutcome } from './inbound-state';
import type { InboundMailRow } from './mail.table';
import type { ParsedMail } from './parse';
import type { ThreadReason } from './thread-reason';
import { followMerges } from './threading';

/**
 * A delivery report: attached to the case whose mail bounced (as an internal note), no new case.
 * Only the address the report says failed is marked undeliverable: a delayed or delivered
 * recipient, or another recipient of the same mail, is not. A report about a mail we never sent
 * needs a person to look.
 */
export async function fileBounce(
  deps: Deps,
  row: InboundMailRow,
  parsed: ParsedMail,
): Promise<ProcessOutcome> {
  const bounce = parsed.bounce!;
  const original = bounce.originalMessageId
    ? await deps.db
        .selectFrom('mail_reference')
        .select(['case_id', 'recipient'])
        .where('message_id', '=', bounce.originalMessageId)
        .executeTakeFirst()
    : undefined;
  const permanent = bounce.action === 'failed';
  // A report that names nobody is about the one address our mail went to.
  const named = bounce.failedRecipients.length > 0;
  const undeliverable = named
    ? bounce.undeliverable
    : permanent && original?.recipient
      ? [original.recipient]
      : [];
  const recipients = named ? bounce.failedRecipients : original?.recipient ? [original.recipient] : [];
  const reasonText = bounce.diagnostic ?? bounce.status ?? 'undeliverable';
  const reason: ThreadReason = { kind: 'bounce', messageId: bounce.originalMessageId, caseNumber: null };
  const target = original ? await followMerges(deps.db, original.case_id) : undefined;
  if (!target) {
    await deps.db.transaction().execute(async (trx) => {
      await markMailBounced(trx, deps, undeliverable, reasonText);
      await markDone(trx, deps, row, {
        state: 'needs_attention',
        outcome: 'bounce',
        reason,
        parsed,
        error: 'delivery report for a mail that is not in any case',
      });
    });
    return 'bounce';
  }
  await changeCase(deps, MAIL_SCOPE, target.id, async ({ trx, event }) => {
    await event('mail_bounced', 'internal', {
      // The timeline says "mail to … did not arrive": the failed ones, when the report tells them apart.
      recipients: permanent && undeliverable.length > 0 ? undeliverable : recipients,
      undeliverable,
      action: bounce.action,
      status: bounce.status,
      diagnostic: bounce.diagnostic,
    });
    await markMailBounced(trx, deps, undeliverable, reasonText);
    await markDone(trx, deps, row, {
      state: 'processed',
      outcome: 'bounce',
      reason: { ...reason, caseNumber: target.number },
      parsed,
      caseId: target.id,
    });
  });
  return 'bounce';
}
