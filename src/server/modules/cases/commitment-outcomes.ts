// Resolving or closing a case that still has open commitments: no promise ends in silence. The
// caller says what becomes of each (kept, dropped with a reason, carried over); without that the
// change is refused with the open commitments named, so a client can ask its user.
import { scheduleTimer } from '../../jobs/timers';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import type { Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import type { CommitmentOutcome } from './case.table';
import type { CaseWork } from './change-case';

/** What the caller says becomes of one open commitment. */
export type CommitmentOutcomeInput = { id: string; outcome: CommitmentOutcome; reason?: string | undefined };

/**
 * Settles every open commitment of the case in `work` before it is resolved or closed. Throws
 * `open_commitments` (409, listing them in `commitments`) when one is not accounted for, and a
 * field error when a dropped one has no reason or an outcome names no open commitment of the case.
 * Kept and dropped commitments end (their due timer with them); carried-over ones stay open and
 * are still escalated when missed. Each outcome is a public timeline event and the whole is audited.
 */
export async function settleOpenCommitments(
  deps: Deps,
  scope: Scope,
  { trx, row, event }: CaseWork,
  outcomes: CommitmentOutcomeInput[] | undefined,
): Promise<void> {
  const open = await trx
    .selectFrom('case_commitment')
    .innerJoin('person', 'person.id', 'case_commitment.owner_person_id')
    .select([
      'case_commitment.id',
      'case_commitment.description',
      'case_commitment.due_at',
      'person.name as owner_name',
    ])
    .where('case_commitment.case_id', '=', row.id)
    .where('case_commitment.status', '=', 'open')
    .orderBy('case_commitment.due_at')
    .execute();
  const given = outcomes ?? [];
  const openIds = new Set(open.map((c) => c.id));
  given.forEach((o, index) => {
    if (!openIds.has(o.id))
      throw AppError.field(`commitments.${index}.id`, 'is not an open commitment of this case');
    if (o.outcome === 'dropped' && !o.reason?.trim())
      throw AppError.field(`commitments.${index}.reason`, 'say why the commitment is dropped');
  });
  if (open.length === 0) return;
  const byId = new Map(given.map((o) => [o.id, o]));
  const missing = open.filter((c) => !byId.has(c.id));
  if (missing.length > 0) {
    throw new AppError(
      'open_commitments',
      `The case has open commitments: say in \`commitments\` what becomes of each (kept, dropped with a reason, or carried_over): ${missing.map((c) => `"${c.description}"`).join(', ')}`,
      [],
      {
        commitments: missing.map((c) => ({
          id: c.id,
          description: c.description,
          dueAt: c.due_at,
          owner: c.owner_name,
        })),
      },
    );
  }
  const now = isoNow(deps.clock);
  const settled: { id: string; outcome: CommitmentOutcome; reason: string | null }[] = [];
  for (const commitment of open) {
    const { outcome, reason } = byId.get(commitment.id) as CommitmentOutcomeInput;
    const why = outcome === 'dropped' ? (reason ?? '').trim() : null;
    settled.push({ id: commitment.id, outcome, reason: why });
    if (outcome === 'carried_over') {
      await event('commitment_carried_over', 'public', {
        commitmentId: commitment.id,
        description: commitment.description,
        dueAt: commitment.due_at,
      });
      continue;
    }
    await trx
      .updateTable('case_commitment')
      .set({ status: outcome, resolved_at: now, outcome_reason: why })
      .where('id', '=', commitment.id)
      .execute();
    await scheduleTimer(trx, 'commitment', commitment.id, null);
    await event(outcome === 'kept' ? 'commitment_kept' : 'commitment_dropped', 'public', {
      commitmentId: commitment.id,
      description: commitment.description,
      ...(why ? { reason: why } : {}),
    });
  }
  await recordAudit(trx, scope, deps.clock, {
    action: 'case.commitments_settled',
    entityType: 'case',
    entityId: row.id,
    after: { commitments: settled },
  });
}
