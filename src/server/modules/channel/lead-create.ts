import type { Trx } from '../../db/database';
import { AppError } from '../../shared/app-error';
import { nextCounterValue } from '../../shared/counter';
import { newId } from '../../shared/ids';
import { requireRole, type Scope } from '../../shared/scope';
import { audienceOf, currentResellerOf } from '../cases/access';
import type { LeadRow } from './lead.table';
import { actorOf, type LeadDeps, placeLead, type StepActor } from './lead-placement';
import { insertLead, insertLeadStep } from './lead-repository';
import type { RoutingPartnerSet } from './lead-routing-input';
import type { CreateLeadBody, Lead } from './lead-schemas';
import { getLead, LEAD_CREATE_ROLES } from './leads';

// A new lead: inserted with its number and routed in one transaction (by the operator, a partner
// for its own customers, or the renewal job).

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
