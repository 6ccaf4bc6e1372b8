import type { LeadStatus } from '../../../shared/channel';
import type { Trx } from '../../db/database';
import { scheduleTimer } from '../../jobs/timers';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import { hasRole, requireRole, type Scope } from '../../shared/scope';
import { audienceOf } from '../cases/access';
import type { LeadRow, LeadUpdate } from './lead.table';
import { outcomeDateProblem } from './lead-outcome-date';
import { actorOf, type LeadDeps, placeLead } from './lead-placement';
import { insertLeadStep, updateLeadIf } from './lead-repository';
import type { Lead, OutcomeBody, ReasonBody, UpdateLeadBody } from './lead-schemas';
import { getLead, LEAD_PARTNER_ROLES, leadVisibleTo, stateError } from './leads';

// The holding partner's steps on a lead: accept or decline an offer, work it, report won or lost.
// Only partner_admin and partner_agent of the holding partner; another partner gets 404, a
// former holder the state error, the operator and customers 403.

/**
 * The lead as the holding partner acts on it. Another partner (or a former holder) gets
 * not_found or the state error; the operator and customers are stopped by the role check.
 */
async function requireHeldLead(trx: Trx, scope: Scope, id: string, statuses: readonly LeadStatus[]) {
  requireRole(scope, LEAD_PARTNER_ROLES);
  if (scope.kind !== 'user' || audienceOf(scope) !== 'partner')
    throw new AppError('forbidden', 'Your role does not allow this action');
  const row = await trx
    .selectFrom('lead')
    .selectAll()
    .where('id', '=', id)
    .where(leadVisibleTo({ kind: 'partner', partnerId: scope.organisationId }))
    .executeTakeFirst();
  if (!row) throw AppError.notFound('Lead');
  // A former holder learns that the lead is no longer its to act on, nothing about where it went.
  if (row.partner_id !== scope.organisationId) throw stateError('offered');
  if (!statuses.includes(row.status)) {
    if (row.status === 'won' || row.status === 'lost' || row.status === 'cancelled') throw stateError('open');
    throw stateError(statuses.includes('offered') ? 'offered' : 'accepted');
  }
  return { row, partnerId: scope.organisationId };
}

async function partnerStep(
  trx: Trx,
  deps: LeadDeps,
  scope: Scope,
  row: LeadRow,
  action: 'accepted' | 'declined' | 'assigned' | 'progress' | 'won' | 'lost',
  reason: string | null,
): Promise<void> {
  const actor = actorOf(scope);
  await insertLeadStep(trx, {
    lead_id: row.id,
    at: isoNow(deps.clock),
    action,
    actor_person_id: actor.personId,
    actor_label: actor.label,
    partner_id: row.partner_id,
    reason,
    rule: null,
    explanation: null,
  });
}

/** The holding partner takes the lead: it is no longer timed, and it works it until won or lost. */
export async function acceptLead(deps: LeadDeps, scope: Scope, id: string): Promise<Lead> {
  await deps.db.transaction().execute(async (trx) => {
    const { row } = await requireHeldLead(trx, scope, id, ['offered']);
    const now = isoNow(deps.clock);
    // The window is over even if the timeout timer has not fired yet: the lead moves on.
    if (row.protected_until !== null && row.protected_until <= now)
      throw new AppError(
        'lead_protection_expired',
        'The protection window of this lead has ended; it goes to the next partner',
      );
    const changed = await updateLeadIf(
      trx,
      id,
      { status: 'offered', partner_id: row.partner_id },
      {
        status: 'accepted',
        accepted_at: now,
        protected_until: null,
        stage: row.stage ?? 'new',
        updated_at: now,
      },
    );
    if (!changed) throw stateError('offered');
    await partnerStep(trx, deps, scope, row, 'accepted', null);
    await scheduleTimer(trx, 'lead_protection', id, null);
  });
  return getLead(deps, scope, id);
}

/** The holding partner declines with a reason; the lead re-routes without it. */
export async function declineLead(
  deps: LeadDeps,
  scope: Scope,
  id: string,
  input: ReasonBody,
): Promise<Lead> {
  await deps.db.transaction().execute(async (trx) => {
    const { row } = await requireHeldLead(trx, scope, id, ['offered']);
    const changed = await updateLeadIf(
      trx,
      id,
      { status: 'offered', partner_id: row.partner_id },
      { updated_at: isoNow(deps.clock) },
    );
    if (!changed) throw stateError('offered');
    await partnerStep(trx, deps, scope, row, 'declined', input.reason);
    await placeLead(trx, deps, changed, actorOf(scope));
  });
  return getLead(deps, scope, id);
}

/** The holding partner reports won or lost with date, reason and (optionally) the value. */
export async function reportLeadOutcome(
  deps: LeadDeps,
  scope: Scope,
  id: string,
  input: OutcomeBody,
): Promise<Lead> {
  await deps.db.transaction().execute(async (trx) => {
    const { row } = await requireHeldLead(trx, scope, id, ['accepted']);
    const dateProblem = outcomeDateProblem(input.date, row.created_at, deps.clock.now());
    if (dateProblem) throw AppError.field('date', dateProblem);
    const now = isoNow(deps.clock);
    const changed = await updateLeadIf(
      trx,
      id,
      { status: 'accepted', partner_id: row.partner_id },
      {
        status: input.outcome,
        outcome_value_cents: input.valueCents ?? null,
        outcome_date: input.date,
        outcome_reason: input.reason,
        closed_at: now,
        updated_at: now,
      },
    );
    if (!changed) throw stateError('accepted');
    await partnerStep(trx, deps, scope, row, input.outcome, input.reason);
  });
  return getLead(deps, scope, id);
}

/** The holding partner's work: assignment (partner admin only, own active people), stage, next activity, value. */
export async function updateLead(
  deps: LeadDeps,
  scope: Scope,
  id: string,
  input: UpdateLeadBody,
): Promise<Lead> {
  await deps.db.transaction().execute(async (trx) => {
    const { row, partnerId } = await requireHeldLead(trx, scope, id, ['offered', 'accepted']);
    const update: LeadUpdate = { updated_at: isoNow(deps.clock) };
    if (input.assignedPersonId !== undefined) {
      if (!hasRole(scope, ['partner_admin'])) {
        throw new AppError('forbidden', 'assignedPersonId: only the partner administrator assigns leads');
      }
      if (input.assignedPersonId !== null) {
        const person = await trx
          .selectFrom('person')
          .select(['organisation_id', 'active'])
          .where('id', '=', input.assignedPersonId)
          .executeTakeFirst();
        if (person?.organisation_id !== partnerId || person.active !== 1) {
          throw AppError.field('assignedPersonId', 'must be an active person of your organisation');
        }
      }
      update.assigned_person_id = input.assignedPersonId;
    }
    if (input.stage !== undefined) update.stage = input.stage;
    if (input.nextActivityAt !== undefined)
      update.next_activity_at =
        input.nextActivityAt === null ? null : new Date(input.nextActivityAt).toISOString();
    if (input.nextActivityNote !== undefined) update.next_activity_note = input.nextActivityNote;
    if (input.expectedValueCents !== undefined) update.expected_value_cents = input.expectedValueCents;
    const changed = await updateLeadIf(trx, id, { status: row.status, partner_id: partnerId }, update);
    if (!changed) throw stateError('open');
    if (input.assignedPersonId !== undefined && input.assignedPersonId !== row.assigned_person_id) {
      await partnerStep(trx, deps, scope, row, 'assigned', null);
    }
    const progress = [
      input.stage !== undefined && input.stage !== row.stage ? `stage ${input.stage}` : null,
      input.nextActivityAt !== undefined ? 'next activity' : null,
      input.nextActivityNote !== undefined && input.nextActivityAt === undefined
        ? 'next activity note'
        : null,
      input.expectedValueCents !== undefined ? 'expected value' : null,
    ].filter((part): part is string => part !== null);
    if (progress.length > 0) await partnerStep(trx, deps, scope, row, 'progress', progress.join(', '));
  });
  return getLead(deps, scope, id);
}
