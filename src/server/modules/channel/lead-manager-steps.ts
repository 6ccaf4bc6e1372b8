import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import { requireRole, type Scope } from '../../shared/scope';
import { mailLeadWithdrawn } from './lead-mail';
import { actorOf, type LeadDeps, manualDecision, placeLead } from './lead-placement';
import { findLeadRow, insertLeadStep, updateLeadIf } from './lead-repository';
import { loadRoutingPartners } from './lead-routing-input';
import type { Lead, RerouteBody } from './lead-schemas';
import { getLead, LEAD_MANAGE_ROLES, stateError } from './leads';

// A channel manager's decisions on a lead (operator_admin, channel_manager), each with a reason.

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
