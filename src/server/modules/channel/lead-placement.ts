import type { Trx } from '../../db/database';
import type { TimerBatch } from '../../jobs/scheduler';
import type { TimerRow } from '../../jobs/timer.table';
import { deleteTimer, postponeTimer, scheduleTimer } from '../../jobs/timers';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import type { Scope } from '../../shared/scope';
import { protectionEnd, readChannelSettings } from './channel-settings';
import type { LeadRow } from './lead.table';
import { mailLeadOffered } from './lead-mail';
import { findLeadRow, insertLeadStep, updateLeadIf } from './lead-repository';
import { type RoutingDecision, routeLead } from './lead-routing';
import {
  countPlacement,
  countRelease,
  loadRoutingInput,
  loadRoutingPartnerSet,
  type RoutingPartnerSet,
} from './lead-routing-input';

// Where a lead goes: routing (or a channel manager's choice) places it with a partner (offered,
// protected until the window ends, the partner is mailed) or in the queue. Every placement is a
// step of the lead's history with the rule and explanation it rested on.

export type LeadDeps = Pick<Deps, 'db' | 'dialect' | 'clock' | 'config'>;

/** Who took a step: a person (by id and name) or the system job. */
export type StepActor = { personId: string | null; label: string };

export function actorOf(scope: Scope): StepActor {
  return scope.kind === 'system'
    ? { personId: null, label: scope.label }
    : { personId: scope.personId, label: scope.name };
}

/** A channel manager's decision to give the lead to a named partner, with the reason. */
export function manualDecision(partner: { id: string; name: string }, reason: string): RoutingDecision {
  return {
    rule: 'queue', // replaced by 'manual' when stored; RoutingDecision knows only the router's rules
    partnerId: partner.id,
    explanation: {
      code: 'manual',
      params: { partnerId: partner.id, partnerName: partner.name, reason },
      summary: `${partner.name}: chosen by the channel manager (${reason})`,
    } as unknown as RoutingDecision['explanation'],
    candidates: [{ partnerId: partner.id, distanceKm: null, excluded: null }],
  };
}

/**
 * Routing's answer for the lead. A reseller of record holds a lead until a channel manager decides
 * otherwise: routing alone sends a lead its active record declined (or an inactive record's lead)
 * to the queue. A channel manager's reroute is that decision, so then the record's claim is set
 * aside and the lead goes to the nearest eligible partner that has not tried it.
 */
async function decide(
  trx: Trx,
  lead: LeadRow,
  managerDecision: boolean,
  partnerSet: RoutingPartnerSet | undefined,
): Promise<RoutingDecision> {
  const input = await loadRoutingInput(trx, lead, [], partnerSet);
  const decision = routeLead(input);
  const heldByRecord =
    decision.explanation.code === 'reseller_of_record_tried' ||
    decision.explanation.code === 'reseller_of_record_not_active';
  if (!managerDecision || !heldByRecord) return decision;
  return routeLead({ ...input, assetResellerOfRecord: null, customerResellerOfRecord: null });
}

/**
 * Routes `lead` (already claimed by the caller in this transaction) and stores the result:
 * offered to the chosen partner with its protection window, or queued. Work of a former holder
 * (assignment, stage, next activity, expected value) does not travel with the lead.
 */
export async function placeLead(
  trx: Trx,
  deps: LeadDeps,
  lead: LeadRow,
  actor: StepActor,
  how: { manual?: RoutingDecision; managerDecision?: boolean; partnerSet?: RoutingPartnerSet } = {},
): Promise<LeadRow> {
  const { manual } = how;
  const decision = manual ?? (await decide(trx, lead, how.managerDecision === true, how.partnerSet));
  const rule = manual ? 'manual' : decision.rule;
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const offered = decision.partnerId !== null;
  const protectedUntil = offered ? protectionEnd(now, await readChannelSettings(trx)).toISOString() : null;
  const placed = await trx
    .updateTable('lead')
    .set({
      status: offered ? 'offered' : 'queued',
      partner_id: decision.partnerId,
      protected_until: protectedUntil,
      offered_at: offered ? nowIso : null,
      accepted_at: null,
      assigned_person_id: null,
      stage: null,
      next_activity_at: null,
      next_activity_note: null,
      expected_value_cents: null,
      routing_rule: rule,
      routing_explanation: JSON.stringify(decision.explanation),
      routing_candidates: JSON.stringify(decision.candidates),
      updated_at: nowIso,
    })
    .where('id', '=', lead.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await insertLeadStep(trx, {
    lead_id: lead.id,
    at: nowIso,
    action: offered ? 'routed' : 'queued',
    actor_person_id: actor.personId,
    actor_label: actor.label,
    partner_id: decision.partnerId,
    reason: null,
    rule,
    explanation: JSON.stringify(decision.explanation),
  });
  await scheduleTimer(trx, 'lead_protection', lead.id, protectedUntil);
  if (decision.partnerId !== null) {
    const customer = await trx
      .selectFrom('organisation')
      .select(['name', 'city'])
      .where('id', '=', lead.customer_id)
      .executeTakeFirstOrThrow();
    await mailLeadOffered(trx, deps, decision.partnerId, {
      id: lead.id,
      number: lead.number,
      customerName: customer.name,
      customerCity: customer.city,
      kind: lead.kind,
      protectedUntil,
    });
  }
  return placed;
}

const TIMEOUT_ACTOR: StepActor = { personId: null, label: 'protection timeout' };

/**
 * A lead's protection window ended: if it is still offered to the same partner and the window
 * has passed, that partner timed out and the lead re-routes without it (the next candidate or the
 * queue). Idempotent: the row-level condition lets only one worker take the step.
 *
 * The timers the scheduler claims together share one read of the partners and their index (as a
 * renewal run does), not one per lead: after each committed move the set counts the lead off its
 * former holder and onto its new one, so capacity holds across the batch as with fresh reads.
 */
export async function handleLeadProtectionTimer(
  deps: LeadDeps,
  timer: TimerRow,
  batch?: TimerBatch,
): Promise<void> {
  const lead = await findLeadRow(deps.db, timer.subject_id);
  if (lead?.status !== 'offered' || lead.protected_until === null) {
    await deleteTimer(deps.db, timer.id);
    return;
  }
  const nowIso = isoNow(deps.clock);
  if (lead.protected_until > nowIso) {
    await postponeTimer(deps.db, timer.id, lead.protected_until);
    return;
  }
  const partnerSet = batch
    ? await batch.once('lead-routing-partners', () => loadRoutingPartnerSet(deps.db))
    : undefined;
  const placed = await deps.db.transaction().execute(async (trx) => {
    const claimed = await updateLeadIf(
      trx,
      lead.id,
      { status: 'offered', partner_id: lead.partner_id, protected_until: lead.protected_until },
      { updated_at: nowIso },
    );
    if (!claimed) return null; // another worker or the partner got there first
    await insertLeadStep(trx, {
      lead_id: lead.id,
      at: nowIso,
      action: 'timed_out',
      actor_person_id: null,
      actor_label: TIMEOUT_ACTOR.label,
      partner_id: lead.partner_id,
      reason: null,
      rule: null,
      explanation: null,
    });
    return placeLead(trx, deps, claimed, TIMEOUT_ACTOR, partnerSet ? { partnerSet } : {});
  });
  // Counted only once committed: a rolled-back move changes nobody's load.
  if (placed && partnerSet) {
    countRelease(partnerSet, lead.partner_id);
    if (placed.status === 'offered') countPlacement(partnerSet, placed.partner_id);
  }
}
