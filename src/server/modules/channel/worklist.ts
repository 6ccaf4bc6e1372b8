/**
 * The channel manager's data-quality worklist: pure rules turning facts read from the database
 * into items, each naming the web page where it is fixed.
 */

export const WORKLIST_KINDS = [
  'reseller_inactive',
  'partner_without_coordinates',
  'asset_reseller_conflict',
  'customer_without_reseller',
  'lead_queued',
] as const;
export type WorklistKind = (typeof WORKLIST_KINDS)[number];
export type WorklistSeverity = 'high' | 'medium' | 'low';

export type OrganisationRef = { id: string; number: string; name: string };

/** A customer with its current reseller of record (if any) and that partner's state. */
export type CustomerFact = {
  customer: OrganisationRef;
  reseller: (OrganisationRef & { active: boolean; suspended: boolean }) | null;
};

/** An active partner with what its profile says about its location. */
export type PartnerFact = {
  partner: OrganisationRef;
  postalCode: string | null;
  hasProfile: boolean;
  hasCoordinates: boolean;
  locatedPostalCode: string | null;
};

/** An asset with its own current reseller of record, beside its customer's current one. */
export type AssetFact = {
  asset: { id: string; serial: string; productModel: string };
  customer: OrganisationRef;
  assetReseller: OrganisationRef;
  customerResellerId: string | null;
};

/** A lead waiting in the channel manager's queue (no partner holds it). */
export type QueuedLeadFact = {
  lead: { id: string; number: string; rule: string; explanationCode: string | null };
  customer: OrganisationRef;
};

export type WorklistItem = {
  kind: WorklistKind;
  severity: WorklistSeverity;
  organisation: OrganisationRef;
  partner?: OrganisationRef & { status?: 'inactive' | 'suspended' };
  asset?: { id: string; serial: string };
  lead?: { id: string; number: string };
  detail: { code: string; params: Record<string, string> };
  fixPath: string;
};

const SEVERITY: Record<WorklistKind, WorklistSeverity> = {
  // Leads for this customer cannot be routed at all until someone decides.
  reseller_inactive: 'high',
  // The partner is invisible to routing by distance.
  partner_without_coordinates: 'medium',
  // Leads for the asset go elsewhere than the customer's other leads.
  asset_reseller_conflict: 'medium',
  customer_without_reseller: 'low',
  // A customer's request waits for someone to decide who takes it.
  lead_queued: 'high',
};

const organisationPath = (id: string) => `/organisations/${id}`;

export function customerItems(facts: readonly CustomerFact[]): WorklistItem[] {
  const items: WorklistItem[] = [];
  for (const { customer, reseller } of facts) {
    if (!reseller) {
      items.push({
        kind: 'customer_without_reseller',
        severity: SEVERITY.customer_without_reseller,
        organisation: customer,
        detail: { code: 'customer_without_reseller', params: {} },
        fixPath: organisationPath(customer.id),
      });
      continue;
    }
    if (reseller.active && !reseller.suspended) continue;
    const status = reseller.active ? 'suspended' : 'inactive';
    const { active: _a, suspended: _s, ...partner } = reseller;
    items.push({
      kind: 'reseller_inactive',
      severity: SEVERITY.reseller_inactive,
      organisation: customer,
      partner: { ...partner, status },
      detail: { code: `reseller_${status}`, params: { partner: partner.name } },
      fixPath: organisationPath(customer.id),
    });
  }
  return items;
}

export function partnerItems(facts: readonly PartnerFact[]): WorklistItem[] {
  const items: WorklistItem[] = [];
  for (const fact of facts) {
    const base = {
      kind: 'partner_without_coordinates' as const,
      severity: SEVERITY.partner_without_coordinates,
      organisation: fact.partner,
      partner: fact.partner,
      fixPath: organisationPath(fact.partner.id),
    };
    if (!fact.hasProfile) {
      items.push({ ...base, detail: { code: 'partner_without_profile', params: {} } });
    } else if (!fact.hasCoordinates) {
      items.push({
        ...base,
        detail: { code: 'partner_not_located', params: { postalCode: fact.postalCode ?? '' } },
      });
    } else if ((fact.locatedPostalCode ?? '') !== (fact.postalCode ?? '')) {
      items.push({
        ...base,
        detail: {
          code: 'partner_moved',
          params: { located: fact.locatedPostalCode ?? '', postalCode: fact.postalCode ?? '' },
        },
      });
    }
  }
  return items;
}

/** An asset whose own reseller of record is not its customer's (also when the customer has none). */
export function assetItems(facts: readonly AssetFact[]): WorklistItem[] {
  return facts
    .filter((fact) => fact.assetReseller.id !== fact.customerResellerId)
    .map((fact) => ({
      kind: 'asset_reseller_conflict' as const,
      severity: SEVERITY.asset_reseller_conflict,
      organisation: fact.customer,
      partner: fact.assetReseller,
      asset: { id: fact.asset.id, serial: fact.asset.serial },
      detail: {
        code: fact.customerResellerId ? 'asset_reseller_differs' : 'asset_reseller_customer_none',
        params: {
          serial: fact.asset.serial,
          model: fact.asset.productModel,
          partner: fact.assetReseller.name,
        },
      },
      fixPath: organisationPath(fact.customer.id),
    }));
}

/** Leads in the queue: routing found nobody, or a reseller of record is inactive or already tried. */
export function leadItems(facts: readonly QueuedLeadFact[]): WorklistItem[] {
  return facts.map((fact) => ({
    kind: 'lead_queued' as const,
    severity: SEVERITY.lead_queued,
    organisation: fact.customer,
    lead: { id: fact.lead.id, number: fact.lead.number },
    detail: {
      code: 'lead_queued',
      params: { number: fact.lead.number, reason: fact.lead.explanationCode ?? fact.lead.rule },
    },
    fixPath: `/channel/leads/${fact.lead.id}`,
  }));
}

const RANK: Record<WorklistSeverity, number> = { high: 0, medium: 1, low: 2 };

/** Most severe first, then by kind, then by organisation number. */
export function sortWorklist(items: WorklistItem[]): WorklistItem[] {
  return items.sort(
    (a, b) =>
      RANK[a.severity] - RANK[b.severity] ||
      WORKLIST_KINDS.indexOf(a.kind) - WORKLIST_KINDS.indexOf(b.kind) ||
      a.organisation.number.localeCompare(b.organisation.number, 'en', { numeric: true }),
  );
}

export function countByKind(items: readonly WorklistItem[]): Record<WorklistKind, number> {
  const counts = Object.fromEntries(WORKLIST_KINDS.map((kind) => [kind, 0])) as Record<WorklistKind, number>;
  for (const item of items) counts[item.kind] += 1;
  return counts;
}
