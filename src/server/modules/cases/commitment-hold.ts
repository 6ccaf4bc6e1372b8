// Automatic paths (the auto-close of resolved cases, an invoice request fulfilled by the worker)
// cannot say what becomes of an open commitment: only a person can tell kept from dropped. So they
// hold back: the case stays as it is, an internal timeline entry says why, and the commitments'
// owners and the assignee are told (notification kind `held_for_commitments`) to finish it by hand.
import type { CaseWork } from './change-case';

/** The automatic change that was held back, and which path wanted it. */
export type HeldChange = {
  to: 'closed' | 'resolved';
  reason: 'auto_close' | 'invoice_request_fulfilled';
  /** Tell only once since this time (the auto-close sweep runs every minute). */
  since?: string | null;
};

/**
 * Whether the case has open commitments, so the automatic change must not happen. When it has,
 * records the internal `held_for_commitments` event (once since `since`), which notifies the
 * commitments' owners and the case's assignee.
 */
export async function holdForOpenCommitments(
  { trx, row, event }: CaseWork,
  change: HeldChange,
): Promise<boolean> {
  const open = await trx
    .selectFrom('case_commitment')
    .select(['id', 'description', 'owner_person_id'])
    .where('case_id', '=', row.id)
    .where('status', '=', 'open')
    .orderBy('due_at')
    .execute();
  if (open.length === 0) return false;
  let told = trx
    .selectFrom('case_event')
    .select('id')
    .where('case_id', '=', row.id)
    .where('type', '=', 'held_for_commitments');
  if (change.since) told = told.where('created_at', '>=', change.since);
  if (change.since === undefined || !(await told.executeTakeFirst())) {
    await event('held_for_commitments', 'internal', {
      to: change.to,
      reason: change.reason,
      description: open.map((c) => `"${c.description}"`).join(', '),
      commitmentIds: open.map((c) => c.id),
      ownerIds: [...new Set(open.map((c) => c.owner_person_id))],
    });
  }
  return true;
}
