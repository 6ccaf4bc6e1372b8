import type { Trx } from '../../db/database';
import { hasBreachedClock } from '../sla/service';

/**
 * Sets the case's "breaching" flag (the inbox filter) from its SLA clocks and broken commitments.
 * The flag is the case's own column, so only the cases module writes it; a finished case never breaches.
 */
export async function refreshBreaching(trx: Trx, caseId: string): Promise<void> {
  const brokenCommitment = await trx
    .selectFrom('case_commitment')
    .select('id')
    .where('case_id', '=', caseId)
    .where('status', '=', 'broken')
    .executeTakeFirst();
  const case_ = await trx
    .selectFrom('support_case')
    .select(['status'])
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  const finished = case_.status === 'resolved' || case_.status === 'closed';
  const breaching =
    !finished && (brokenCommitment !== undefined || (await hasBreachedClock(trx, caseId))) ? 1 : 0;
  await trx.updateTable('support_case').set({ breaching }).where('id', '=', caseId).execute();
}
