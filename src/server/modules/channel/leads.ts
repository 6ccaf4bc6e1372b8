import { sql } from 'kysely';
import type { LeadStatus } from '../../../shared/channel';
import type { Db, Trx } from '../../db/database';
import { scheduleTimer } from '../../jobs/timers';
import { AppError, type AppErrorCode } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import { nextCounterValue } from '../../shared/counter';
import { newId } from '../../shared/ids';
import { hasRole, requireRole, type Scope } from '../../shared/scope';
import { audienceOf, currentResellerOf } from '../cases/access';
import type { LeadRow, LeadUpdate } from './lead.table';
import { mailLeadWithdrawn } from './lead-mail';
import { outcomeDateProblem } from './lead-outcome-date';
import { actorOf, type LeadDeps, manualDecision, placeLead, type StepActor } from './lead-placement';
import {
  findLeadRow,
  findLeadSteps,
  findOrganisationNames,
  insertLead,
  insertLeadStep,
  type LeadWithNames,
  leadsOfferedTo,
  selectLeads,
  updateLeadIf,
} from './lead-repository';
import type { RoutingCandidate } from './lead-routing';
import { loadRoutingPartners, type RoutingPartnerSet } from './lead-routing-input';
import type {
  CreateLeadBody,
  Lead,
  LeadList,
  ListLeadsQuery,
  OutcomeBody,
  ReasonBody,
  RerouteBody,
  UpdateLeadBody,
} from './lead-schemas';
import { type LeadViewer, toLead } from './lead-view';

// Leads: created by the operator, a partner (for its own customers) or the renewal job, routed to
// a partner or the channel manager's queue, worked by the holding partner. Who sees a lead: the
// operator all; a partner those it holds or held; anyone else none (404 on one, 403 on the list).
// Steps of the holding partner: partner_admin and partner_agent of that partner; another partner
// gets 404, the operator 403. Every step is in the lead's history.

export const LEAD_CREATE_ROLES = [
  'operator_admin',
  'channel_manager',
  'agent',
  'partner_admin',
  'partner_agent',
] as const;
export const LEAD_PARTNER_ROLES = ['partner_admin', 'partner_agent'] as const;
export const LEAD_MANAGE_ROLES = ['operator_admin', 'channel_manager'] as const;
export const LEAD_LIST_ROLES = [
  'operator_admin',
  'agent',
  'channel_manager',
  'billing_clerk',
  'partner_admin',
  'partner_agent',
] as const;

function viewerOf(scope: Scope): LeadViewer | null {
  const audience = audienceOf(scope);
  if (audience === 'operator') return { kind: 'operator' };
  if (audience === 'partner' && scope.kind === 'user')
    return { kind: 'partner', partnerId: scope.organisationId };
  return null;
}

function leadVisibleTo(viewer: LeadViewer) {
  if (viewer.kind === 'operator') return sql<boolean>`1 = 1`;
  return sql<boolean>`(lead.partner_id = ${viewer.partnerId} or lead.id in ${leadsOfferedTo(viewer.partnerId)})`;
}

async function namesFor(db: Db | Trx, rows: LeadWithNames[]): Promise<Map<string, string>> {
  const ids = new Set<string>();
  for (const row of rows) {
    for (const candidate of JSON.parse(row.routing_candidates) as RoutingCandidate[])
      ids.add(candidate.partnerId);
  }
  return findOrganisationNames(db, [...ids]);
}

/** One lead as the scope sees it, with its history; not_found when it may not see it. */
export async function getLead(
  deps: LeadDeps,
  scope: Scope,
  id: string,
  db: Db | Trx = deps.db,
): Promise<Lead> {
  const viewer = viewerOf(scope);
  if (!viewer) throw AppError.notFound('Lead');
  const row = await selectLeads(db).where('lead.id', '=', id).where(leadVisibleTo(viewer)).executeTakeFirst();
  if (!row) throw AppError.notFound('Lead');
  const [names, steps] = await Promise.all([namesFor(db, [row]), findLeadSteps(db, id)]);
  return toLead(row, viewer, names, steps);
}

/** Leads the scope may see, newest first; filters status, kind, partnerId, customerId. */
export async function listLeads(deps: LeadDeps, scope: Scope, query: ListLeadsQuery): Promise<LeadList> {
  const viewer = viewerOf(scope);
  if (!viewer) throw new AppError('forbidden', 'Your role does not allow this action');
  let base = selectLeads(deps.db).where(leadVisibleTo(viewer));
  if (query.status) base = base.where('lead.status', '=', query.status);
  if (query.kind) base = base.where('lead.kind', '=', query.kind);
  if (query.partnerId) base = base.where('lead.partner_id', '=', query.partnerId);
  if (query.customerId) base = base.where('lead.customer_id', '=', query.customerId);
  const [rows, count] = await Promise.all([
    base
      .orderBy('lead.created_at', 'desc')
      .orderBy('lead.number', 'desc')
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
    base
      .clearSelect()
      .select((eb) => eb.fn.countAll<number | string>().as('total'))
      .executeTakeFirstOrThrow(),
  ]);
  const names = await namesFor(deps.db, rows);
  return {
    items: rows.map((row) => toLead(row, viewer, names)),
    total: Number(count.total),
    limit: query.limit,
    offset: query.offset,
  };
}

async function nextLeadNumber(trx: Trx, now: Date): Promise<string> {
  const year = now.getUTCFullYear();
  const value = await nextCounterValue(trx, `lead.${year}`);
  return `L-${year}-${String(value).padStart(6, '0')}`;
}

export type NewLeadInput = {
  customerId: string;
  kind: LeadRow['kind'];
  source: LeadRow['source'];
  productLine: string | null;
  assetId: string | null;
  note: string | null;
  renewalKey?: string;
};

/**
 * Inserts a lead and routes it, in the caller's transaction. A renewal lead (renewalKey) is
 * inserted only if no lead has that key yet (the unique key decides, not a check first); then
 * null is returned. The number is drawn only for a lead that was really inserted. A batch passes
 * its `partnerSet` (read once) and counts the placement in it after the transaction commits.
 */
export async function insertAndRouteLead(
  trx: Trx,
  deps: LeadDeps,
  actor: StepActor,
  input: NewLeadInput,
  partnerSet?: RoutingPartnerSet,
): Promise<LeadRow | null> {
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const id = newId();
  const row = {
    id,
    number: `pending-${id}`,
    customer_id: input.customerId,
    kind: input.kind,
    source: input.source,
    product_line: input.productLine,
    asset_id: input.assetId,
    note: input.note,
    status: 'queued' as const,
    partner_id: null,
    assigned_person_id: null,
    protected_until: null,
    routing_rule: 'queue',
    routing_explanation: '{}',
    routing_candidates: '[]',
    stage: null,
    next_activity_at: null,
    next_activity_note: null,
    expected_value_cents: null,
    outcome_value_cents: null,
    outcome_date: null,
    outcome_reason: null,
    renewal_key: input.renewalKey ?? null,
    offered_at: null,
    accepted_at: null,
    closed_at: null,
    created_by_person_id: actor.personId,
    created_at: nowIso,
    updated_at: nowIso,
  };
  if (input.renewalKey) {
    const inserted = await trx
      .insertInto('lead')
      .values(row)
      .onConflict((oc) => oc.column('renewal_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return null;
  } else {
    await insertLead(trx, row);
  }
  const number = await nextLeadNumber(trx, now);
  const lead = await trx
    .updateTable('lead')
    .set({ number })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await insertLeadStep(trx, {
    lead_id: id,
    at: nowIso,
    action: 'created',
    actor_person_id: actor.personId,
    actor_label: actor.label,
    partner_id: null,
    reason: null,
    rule: null,
    explanation: null,
  });
  return placeLead(trx, deps, lead, actor, partnerSet ? { partnerSet } : {});
}

/** A new lead from the operator, or from a partner for a customer it is reseller of record for. */
export async function createLead(deps: LeadDeps, scope: Scope, input: CreateLeadBody): Promise<Lead> {
  requireRole(scope, LEAD_CREATE_ROLES);
  const audience = audienceOf(scope);
  if (audience === 'customer') throw new AppError('forbidden', 'Your role does not allow this action');
  const id = await deps.db.transaction().execute(async (trx) => {
    const customer = await trx
      .selectFrom('organisation')
      .select(['kind', 'active'])
      .where('id', '=', input.customerId)
      .executeTakeFirst();
    const ownCustomer =
      audience === 'operator' ||
      (scope.kind === 'user' && (await currentResellerOf(trx, input.customerId)) === scope.organisationId);
    if (customer?.kind !== 'customer' || !ownCustomer) {
      throw AppError.field(
        'customerId',
        audience === 'partner' ? 'is not one of your customers' : 'is not a customer organisation',
      );
    }
    let productLine = input.productLine ?? null;
    if (input.assetId) {
      const asset = await trx
        .selectFrom('asset')
        .select(['customer_id', 'product_line'])
        .where('id', '=', input.assetId)
        .executeTakeFirst();
      if (asset?.customer_id !== input.customerId)
        throw AppError.field('assetId', 'is not an asset of this customer');
      productLine ??= asset.product_line;
    }
    const lead = await insertAndRouteLead(trx, deps, actorOf(scope), {
      customerId: input.customerId,
      kind: input.kind,
      source: audience === 'partner' ? 'partner' : 'operator',
      productLine,
      assetId: input.assetId ?? null,
      note: input.note ?? null,
    });
    return lead!.id;
  });
  return getLead(deps, scope, id);
}

const STATE_ERRORS: Record<string, { code: AppErrorCode; message: string }> = {
  offered: { code: 'lead_not_offered', message: 'The lead is not (or no longer) offered to you.' },
  accepted: {
    code: 'lead_not_accepted',
    message: 'The lead is not accepted; accept it before reporting an outcome.',
  },
  open: {
    code: 'lead_closed',
    message: 'The lead is closed (won, lost or cancelled); it no longer changes.',
  },
};

function stateError(expected: keyof typeof STATE_ERRORS): AppError {
  const { code, message } = STATE_ERRORS[expected]!;
  return new AppError(code, message);
}

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
    const row = await findLeadRow(trx, id);
    if (!row) throw AppError.notFound('Lead');
    if (row.status !== 'queued' && row.status !== 'offered' && row.status !== 'accepted')
      throw stateError('open');
    let target: { id: string; name: string } | undefined;
    if (input.partnerId) {
      const partner = (await loadRoutingPartners(trx)).get(input.partnerId);
      if (partner?.status !== 'active') throw AppError.field('partnerId', 'must be an active partner');
      target = { id: partner.id, name: partner.name };
    }
    const now = isoNow(deps.clock);
    const changed = await updateLeadIf(
      trx,
      id,
      { status: row.status, partner_id: row.partner_id, updated_at: row.updated_at },
      { updated_at: now },
    );
    if (!changed)
      throw new AppError('conflict', 'The lead changed meanwhile; load it again and decide anew.');
    const actor = actorOf(scope);
    await insertLeadStep(trx, {
      lead_id: id,
      at: now,
      action: 'rerouted',
      actor_person_id: actor.personId,
      actor_label: actor.label,
      partner_id: row.partner_id,
      reason: input.reason,
      rule: null,
      explanation: null,
    });
    await placeLead(
      trx,
      deps,
      changed,
      actor,
      target ? { manual: manualDecision(target, input.reason) } : { managerDecision: true },
    );
    if (row.partner_id && row.partner_id !== target?.id) {
      const customer = await trx
        .selectFrom('organisation')
        .select(['name', 'city'])
        .where('id', '=', row.customer_id)
        .executeTakeFirstOrThrow();
      await mailLeadWithdrawn(
        trx,
        deps,
        row.partner_id,
        {
          id,
          number: row.number,
          customerName: customer.name,
          customerCity: customer.city,
          kind: row.kind,
          protectedUntil: null,
        },
        input.reason,
      );
    }
  });
  return getLead(deps, scope, id);
}
