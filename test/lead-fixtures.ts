import { isoNow } from '../src/server/shared/clock';
import type { Deps } from '../src/server/shared/deps';
import { newId } from '../src/server/shared/ids';
import type { LeadStatus } from '../src/shared/channel';

// Lead rows written straight into the table, for tests of what reads leads (protection, reports)
// without going through routing. The leads service itself is tested through its API.

let sequence = 0;

/** A lead for `customerId` held by `partnerId` (offered by default); returns its id. */
export async function insertHeldLead(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { customerId: string; partnerId: string | null; productLine?: string | null; status?: LeadStatus },
): Promise<string> {
  const now = isoNow(deps.clock);
  const id = newId();
  sequence += 1;
  const status = input.status ?? 'offered';
  await deps.db
    .insertInto('lead')
    .values({
      id,
      number: `L-TEST-${sequence}-${id.slice(-6)}`,
      customer_id: input.customerId,
      kind: 'new_device',
      source: 'operator',
      product_line: input.productLine ?? null,
      asset_id: null,
      note: null,
      status,
      partner_id: input.partnerId,
      assigned_person_id: null,
      protected_until:
        status === 'offered' ? new Date(deps.clock.now().getTime() + 14 * 86_400_000).toISOString() : null,
      routing_rule: 'nearest',
      routing_explanation: '{}',
      routing_candidates: '[]',
      stage: null,
      next_activity_at: null,
      next_activity_note: null,
      expected_value_cents: null,
      outcome_value_cents: null,
      outcome_date: null,
      outcome_reason: null,
      renewal_key: null,
      offered_at: now,
      accepted_at: status === 'accepted' ? now : null,
      closed_at: null,
      created_by_person_id: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

/** Records in a lead's history that `partnerId` declined it (and sets the lead back to the queue). */
export async function insertDecline(
  deps: Pick<Deps, 'db' | 'clock'>,
  leadId: string,
  partnerId: string,
  reason = 'Kein Bedarf beim Kunden',
): Promise<void> {
  const now = isoNow(deps.clock);
  await deps.db
    .insertInto('lead_step')
    .values({
      id: newId(),
      lead_id: leadId,
      at: now,
      action: 'declined',
      actor_person_id: null,
      actor_label: 'test',
      partner_id: partnerId,
      reason,
      rule: null,
      explanation: null,
    })
    .execute();
  await deps.db
    .updateTable('lead')
    .set({ status: 'queued', partner_id: null, protected_until: null, updated_at: now })
    .where('id', '=', leadId)
    .execute();
}
