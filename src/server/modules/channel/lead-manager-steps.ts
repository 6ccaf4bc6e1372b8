import type { LeadStatus } from '../../../shared/channel';
import type { Trx } from '../../db/database';
import { scheduleTimer } from '../../jobs/timers';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import { requireRole, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import type { LeadRow, LeadUpdate } from './lead.table';
import { type LeadMailFacts, mailLeadTakenBack } from './lead-mail';
import { actorOf, type LeadDeps, manualDecision, placeLead, type StepActor } from './lead-placement';
import { findLeadRow, insertLeadStep, updateLeadIf } from './lead-repository';
import { loadRoutingPartners } from './lead-routing-input';
import type { Lead, ReasonBody, RerouteBody } from './lead-schemas';
import { getLead, LEAD_MANAGE_ROLES, stateError } from './leads';

// A channel manager's decisions on a lead (operator_admin, channel_manager), each with a reason.

const OPEN_STATUSES: readonly LeadStatus[] = ['queued', 'offered', 'accepted'];

/** The lead, if it is still open (queued, offered or accepted); won, lost and cancelled never change. */
async function requireOpenLead(trx: Trx, id: string): Promise<LeadRow> {
  const row = await findLeadRow(trx, id);
  if (!row) throw AppError.notFound('Lead');
  if (!OPEN_STATUSES.includes(row.status)) throw stateError('open');
  return row;
}

async function mailFactsOf(trx: Trx, row: LeadRow): Promise<LeadMailFacts> {
  const customer = await trx
    .selectFrom('organisation')
    .select(['name', 'city'])
    .where('id', '=', row.customer_id)
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    number: row.number,
    customerName: customer.name,
    customerCity: customer.city,
    kind: row.kind,
    protectedUntil: null,
  };
}

/**
 * The decision as a step of the lead's history, if the lead is still as the manager saw it (a
 * partner's accept or a timeout meanwhile makes it a conflict: decide anew on the current state).
 */
async function recordDecision(
  trx: Trx,
  deps: LeadDeps,
  scope: Scope,
  row: LeadRow,
  action: 'rerouted' | 'cancelled',
  reason: string,
  update: LeadUpdate,
): Promise<{ changed: LeadRow; actor: StepActor }> {
  const now = isoNow(deps.clock);
  const changed = await updateLeadIf(
    trx,
    row.id,
    { status: row.status, partner_id: row.partner_id, updated_at: row.updated_at },
    { ...update, updated_at: now },
  );
  if (!changed) throw new AppError('conflict', 'The lead changed meanwhile; load it again and decide anew.');
  const actor = actorOf(scope);
  await insertLeadStep(trx, {
    lead_id: row.id,
    at: now,
    action,
    actor_person_id: actor.personId,
    actor_label: actor.label,
    partner_id: row.partner_id,
    reason,
    rule: null,
    explanation: null,
  });
  return { changed, actor };
}

/**
 * A channel manager moves a lead (queued, offered or accepted) with a reason: to the named active
 * partner, or through routing again without the partners already tried (the current holder
 * included). The partner losing the lead is told, not to whom.
 */
export async function rerouteLead(
  deps: LeadDeps,
  scope: Scope,
  id: string,
  input: RerouteBody,
): Promise<Lead> {
  requireRole(scope, LEAD_MANAGE_ROLES);
  await deps.db.transaction().execute(async (trx) => {
    const row = await requireOpenLead(trx, id);
    let target: { id: string; name: string } | undefined;
    if (input.partnerId) {
      // Only the chosen partner is read: a manual move routes nothing.
      const partner = (await loadRoutingPartners(trx, input.partnerId)).get(input.partnerId);
      if (partner?.status !== 'active') throw AppError.field('partnerId', 'must be an active partner');
      target = { id: partner.id, name: partner.name };
    }
    const { changed, actor } = await recordDecision(trx, deps, scope, row, 'rerouted', input.reason, {});
    await placeLead(
      trx,
      deps,
      changed,
      actor,
      target ? { manual: manualDecision(target, input.reason) } : { managerDecision: true },
    );
    if (row.partner_id && row.partner_id !== target?.id) {
      await mailLeadTakenBack(
        trx,
        deps,
        row.partner_id,
        await mailFactsOf(trx, row),
        input.reason,
        'withdrawn',
      );
    }
  });
  return getLead(deps, scope, id);
}

/**
 * A channel manager cancels an open lead (queued, offered or accepted) with a reason: it is closed
 * for good, the holding partner's protection of the customer by this lead ends with it (and its
 * protection timer), and that partner is told in its language. The lead stays visible to the
 * partners that held it, as a won or lost one does.
 */
export async function cancelLead(deps: LeadDeps, scope: Scope, id: string, input: ReasonBody): Promise<Lead> {
  requireRole(scope, LEAD_MANAGE_ROLES);
  await deps.db.transaction().execute(async (trx) => {
    const row = await requireOpenLead(trx, id);
    const now = isoNow(deps.clock);
    await recordDecision(trx, deps, scope, row, 'cancelled', input.reason, {
      status: 'cancelled',
      protected_until: null,
      closed_at: now,
    });
    await scheduleTimer(trx, 'lead_protection', id, null);
    await recordAudit(trx, scope, deps.clock, {
      action: 'lead.cancelled',
      entityType: 'lead',
      entityId: id,
      before: { status: row.status, partnerId: row.partner_id, protectedUntil: row.protected_until },
      after: { status: 'cancelled', reason: input.reason },
    });
    if (row.partner_id) {
      await mailLeadTakenBack(
        trx,
        deps,
        row.partner_id,
        await mailFactsOf(trx, row),
        input.reason,
        'cancelled',
      );
    }
  });
  return getLead(deps, scope, id);
}
