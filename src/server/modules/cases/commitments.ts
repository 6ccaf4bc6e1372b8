import type { Trx } from '../../db/database';
import { scheduleTimer } from '../../jobs/timers';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { actorLabel, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import { audienceOf } from './access';
import { changeCase } from './change-case';
import { guardCustomerText, type LeakOverride, leakFactsForCase } from './leak-check';

/** Schedules (or reschedules) the scheduler's look at a commitment when it falls due. */
export async function scheduleCommitmentTimer(trx: Trx, commitmentId: string, dueAt: string): Promise<void> {
  await scheduleTimer(trx, 'commitment', commitmentId, dueAt);
}

/**
 * Records a promise to the customer ("Rückruf bis Montag 12:00") with a due time and an owner.
 * The customer sees it, so its text passes the leak guard; if it is not kept by then, the
 * scheduler escalates it.
 */
export async function createCommitment(
  deps: Deps,
  scope: Scope,
  caseIdOrNumber: string,
  input: {
    description: string;
    dueAt: string;
    ownerId?: string | undefined;
    override?: LeakOverride | undefined;
  },
): Promise<{ id: string }> {
  if (audienceOf(scope) === 'customer')
    throw new AppError('forbidden', 'Customers do not record commitments');
  const ownerId = input.ownerId ?? (scope.kind === 'user' ? scope.personId : undefined);
  if (!ownerId) throw AppError.field('ownerId', 'is required');
  const dueAt = new Date(input.dueAt).toISOString();
  if (dueAt <= isoNow(deps.clock)) throw AppError.field('dueAt', 'must be in the future');
  const leakFacts = await leakFactsForCase(deps, scope, caseIdOrNumber);
  return changeCase(deps, scope, caseIdOrNumber, async ({ trx, row, event }) => {
    if (row.status === 'closed') throw new AppError('conflict', 'The case is closed.');
    const id = newId();
    await guardCustomerText(trx, deps, row, {
      scope,
      texts: [{ field: 'description', text: input.description }],
      facts: leakFacts,
      subject: { type: 'commitment', id },
      override: input.override,
    });
    const owner = await trx
      .selectFrom('person')
      .innerJoin('organisation', 'organisation.id', 'person.organisation_id')
      .select(['person.id', 'person.name', 'organisation.kind', 'person.organisation_id'])
      .where('person.id', '=', ownerId)
      .executeTakeFirst();
    const ownOrganisation = scope.kind === 'user' ? scope.organisationId : null;
    if (!owner || (owner.kind !== 'operator' && owner.organisation_id !== ownOrganisation)) {
      throw AppError.field('ownerId', 'must be an operator user or someone of your own organisation');
    }
    const now = isoNow(deps.clock);
    await trx
      .insertInto('case_commitment')
      .values({
        id,
        case_id: row.id,
        description: input.description,
        due_at: dueAt,
        owner_person_id: owner.id,
        status: 'open',
        created_by_label: actorLabel(scope),
        created_at: now,
        resolved_at: null,
        escalated_at: null,
      })
      .execute();
    await scheduleCommitmentTimer(trx, id, dueAt);
    await event('commitment_made', 'public', {
      commitmentId: id,
      description: input.description,
      dueAt,
      owner: owner.name,
    });
    await recordAudit(trx, scope, deps.clock, {
      action: 'case.commitment_made',
      entityType: 'case',
      entityId: row.id,
      after: { id, description: input.description, dueAt, ownerId: owner.id },
    });
    return { id };
  });
}

/**
 * A partner answers only for its own organisation's promises: whether the operator kept its
 * promise is the operator's to say, so a partner marking one as kept is refused.
 */
async function requireOwnSide(trx: Trx, scope: Scope, ownerPersonId: string): Promise<void> {
  if (audienceOf(scope) !== 'partner' || scope.kind !== 'user') return;
  const owner = await trx
    .selectFrom('person')
    .select('organisation_id')
    .where('id', '=', ownerPersonId)
    .executeTakeFirst();
  if (owner?.organisation_id !== scope.organisationId)
    throw new AppError(
      'commitment_not_yours',
      'This commitment is the operator’s; only the operator marks it as kept.',
    );
}

/** Marks a commitment as kept. A broken commitment stays broken: the record of the miss is the point. */
export async function keepCommitment(
  deps: Deps,
  scope: Scope,
  caseIdOrNumber: string,
  commitmentId: string,
): Promise<void> {
  if (audienceOf(scope) === 'customer')
    throw new AppError('forbidden', 'Customers do not change commitments');
  await changeCase(deps, scope, caseIdOrNumber, async ({ trx, row, event }) => {
    const commitment = await trx
      .selectFrom('case_commitment')
      .selectAll()
      .where('id', '=', commitmentId)
      .where('case_id', '=', row.id)
      .executeTakeFirst();
    if (!commitment) throw AppError.notFound('Commitment');
    await requireOwnSide(trx, scope, commitment.owner_person_id);
    if (commitment.status !== 'open') {
      throw new AppError('conflict', `The commitment is already ${commitment.status}.`);
    }
    await trx
      .updateTable('case_commitment')
      .set({ status: 'kept', resolved_at: isoNow(deps.clock) })
      .where('id', '=', commitment.id)
      .execute();
    await scheduleTimer(trx, 'commitment', commitment.id, null);
    await event('commitment_kept', 'public', { commitmentId, description: commitment.description });
    await recordAudit(trx, scope, deps.clock, {
      action: 'case.commitment_kept',
      entityType: 'case',
      entityId: row.id,
      after: { commitmentId },
    });
  });
}
