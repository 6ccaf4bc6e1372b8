import type { LeadStepWithName, LeadWithNames } from './lead-repository';
import type { RoutingCandidate } from './lead-routing';
import type { Lead } from './lead-schemas';

// A lead as one viewer may see it. Pure: the rows come from lead-repository.ts.
//
// - The operator sees everything.
// - The partner holding the lead sees it whole, but of the routing only its own candidate entry.
// - A partner that held the lead before (declined, timed out, taken away) sees the lead and its own
//   steps, not where the lead went and not the new holder's work.

/** Whose eyes: the operator, or a partner by organisation id. */
export type LeadViewer = { kind: 'operator' } | { kind: 'partner'; partnerId: string };

type Explanation = NonNullable<Lead['routing']['explanation']>;

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function toLead(
  row: LeadWithNames,
  viewer: LeadViewer,
  names: Map<string, string>,
  steps?: LeadStepWithName[],
): Lead {
  const own = viewer.kind === 'operator' || row.partner_id === viewer.partnerId;
  const candidates = parseJson<RoutingCandidate[]>(row.routing_candidates, [])
    .filter((c) => viewer.kind === 'operator' || c.partnerId === viewer.partnerId)
    .map((c) => ({ ...c, partnerName: names.get(c.partnerId) ?? '' }));
  const outcome =
    (row.status === 'won' || row.status === 'lost') && own
      ? {
          outcome: row.status,
          valueCents: row.outcome_value_cents,
          date: row.outcome_date ?? row.closed_at?.slice(0, 10) ?? '',
          reason: row.outcome_reason ?? '',
        }
      : null;
  return {
    id: row.id,
    number: row.number,
    customer: {
      id: row.customer_id,
      name: row.customer_name,
      street: row.customer_street,
      postalCode: row.customer_postal_code,
      city: row.customer_city,
    },
    kind: row.kind,
    source: row.source,
    productLine: row.product_line,
    assetId: row.asset_id,
    asset:
      row.asset_id && row.asset_serial
        ? {
            id: row.asset_id,
            serial: row.asset_serial,
            productModel: row.asset_product_model ?? '',
            productLine: row.asset_product_line ?? '',
            warrantyEnd: row.asset_warranty_end,
          }
        : null,
    note: row.note,
    partnerId: own ? row.partner_id : null,
    partner: own && row.partner_id ? { id: row.partner_id, name: row.partner_name ?? '' } : null,
    status: row.status,
    protectedUntil: own ? row.protected_until : null,
    routing: {
      rule: row.routing_rule as Lead['routing']['rule'],
      explanation: own ? parseJson<Explanation | null>(row.routing_explanation, null) : null,
      candidates: own ? candidates : [],
    },
    stage: own ? row.stage : null,
    nextActivityAt: own ? row.next_activity_at : null,
    nextActivityNote: own ? row.next_activity_note : null,
    expectedValueCents: own ? row.expected_value_cents : null,
    outcome,
    assignedPerson:
      own && row.assigned_person_id
        ? { id: row.assigned_person_id, name: row.assigned_person_name ?? '' }
        : null,
    ...(steps ? { history: steps.flatMap((step) => toHistory(step, viewer)) } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toHistory(step: LeadStepWithName, viewer: LeadViewer): NonNullable<Lead['history']> {
  const mine = viewer.kind === 'operator' || step.partner_id === viewer.partnerId;
  // A partner sees its own steps and the lead's creation; the rest concerns other partners.
  if (!mine && step.action !== 'created') return [];
  return [
    {
      at: step.at,
      action: step.action,
      actor: step.actor_label,
      partnerId: step.partner_id,
      partnerName: step.partner_name,
      reason: step.reason,
      rule: step.rule,
      explanation: parseJson<Explanation | null>(step.explanation, null),
    },
  ];
}
