import type { LeadKind } from '../../../shared/channel';
import type { GeoPoint } from '../geo/postal-codes';
import type { PartnerIndex } from './partner-index';

// What lead routing (`lead-routing.ts`) reads and answers: the partners and the lead as routing sees
// them, the decision with its rule, explanation and candidates. Stored with each lead and sent to
// the web app, so these shapes are the contract of routing's explanations.

export type PartnerStatus = 'active' | 'inactive' | 'suspended';

/** A partner as routing sees it: its organisation's partner profile plus its current load. */
export type RoutingPartner = {
  id: string;
  name: string;
  /** Only `active` partners receive leads; `inactive` and `suspended` never do. */
  status: PartnerStatus;
  /** Higher wins a tie on distance. */
  gradeWeight: number;
  /** Most open leads the partner takes; null = unlimited. */
  capacity: number | null;
  /** Leads the partner holds right now (offered or accepted, not closed). */
  openLeads: number;
  /** The customer must lie within this great-circle distance; exactly on it counts as covered. */
  serviceRadiusKm: number;
  /** Product lines served; empty = all lines. */
  productLines: readonly string[];
  /** From the partner's postal code; null when unknown (such a partner is never routed to by distance). */
  location: GeoPoint | null;
};

export type RoutingInput = {
  customer: {
    id: string;
    /** From the customer's postal code; null when unknown. */
    location: GeoPoint | null;
    /** The location is the mean of the postal-code area, not the postal code itself. */
    approximate: boolean;
  };
  /** The kind does not change the choice; the product line does. */
  lead: { kind: LeadKind; productLine: string | null; assetId: string | null };
  /** Reseller of record of the lead's asset, if the lead names an asset that has one. */
  assetResellerOfRecord: RoutingPartner | null;
  /** Reseller of record of the customer, if any. */
  customerResellerOfRecord: RoutingPartner | null;
  /** Partners that may receive the lead by distance; order does not matter. */
  partners: readonly RoutingPartner[];
  /** Partners that already declined this lead or let it time out. */
  triedPartnerIds: readonly string[];
  /**
   * Optional `buildPartnerIndex(partners)` of exactly this `partners` array, built once for a batch of
   * leads: routing then measures only the partners whose service area can cover the customer. The
   * decision is the same as without it.
   */
  partnerIndex?: PartnerIndex;
};

/**
 * - reseller_of_record: an active reseller of record gets the lead.
 * - nearest: no reseller of record; the nearest eligible partner gets it.
 * - reseller_inactive: a reseller of record exists but none is active; the lead waits on the
 *   channel manager's worklist (partnerId null), it is not sent to a stranger far away.
 * - queue: nobody may get it automatically; the channel manager's queue (partnerId null).
 */
export type RoutingRule = 'reseller_of_record' | 'nearest' | 'reseller_inactive' | 'queue';

/** Why a partner was passed over; a partner gets the first that applies, in this order. */
export type ExclusionReason =
  | 'no_coordinates'
  | 'out_of_radius'
  | 'inactive'
  | 'already_tried'
  | 'product_line'
  | 'at_capacity';

export const EXCLUSION_REASONS: readonly ExclusionReason[] = [
  'no_coordinates',
  'out_of_radius',
  'inactive',
  'already_tried',
  'product_line',
  'at_capacity',
];

export type RoutingCandidate = {
  partnerId: string;
  /** Great-circle km rounded to 0.1; null when either side has no coordinates. */
  distanceKm: number | null;
  /** null for an eligible partner. */
  excluded: ExclusionReason | null;
};

/** Whose reseller of record a decision rests on. */
export type RecordOf = 'asset' | 'customer';

export type PartnerRef = { partnerId: string; partnerName: string };

/**
 * Language-neutral: `code` and `params` are rendered by the web app in German or English;
 * `summary` is plain English for logs and API readers.
 */
export type RoutingExplanation = { summary: string } & (
  | {
      /** The active reseller of record gets the lead, whatever its capacity and radius. */
      code: 'reseller_of_record';
      params: PartnerRef & {
        of: RecordOf;
        distanceKm: number | null;
        overCapacity: boolean;
        outsideRadius: boolean;
        /** Set when the asset's record is not active and the customer's active record took over. */
        assetRecord: (PartnerRef & { status: Exclude<PartnerStatus, 'active'> }) | null;
      };
    }
  | {
      /** The active reseller of record already declined or timed out: only a channel manager moves the lead on. */
      code: 'reseller_of_record_tried';
      params: PartnerRef & { of: RecordOf };
    }
  | {
      code: 'reseller_of_record_not_active';
      params: PartnerRef & { of: RecordOf; status: Exclude<PartnerStatus, 'active'> };
    }
  | {
      code: 'nearest';
      params: PartnerRef & {
        distanceKm: number;
        serviceRadiusKm: number;
        eligibleCount: number;
        /** What decided between partners at the same distance (0.1 km); null when it was the nearest alone. */
        tieBrokenBy: 'grade' | 'load' | 'id' | null;
        approximateLocation: boolean;
      };
    }
  | { code: 'customer_without_coordinates'; params: Record<string, never> }
  | {
      code: 'no_eligible_partner';
      params: {
        partnerCount: number;
        excluded: Record<ExclusionReason, number>;
        approximateLocation: boolean;
      };
    }
);

export type RoutingDecision = {
  rule: RoutingRule;
  /** null when the lead goes to the channel manager (reseller_inactive, queue). */
  partnerId: string | null;
  explanation: RoutingExplanation;
  /** At most CANDIDATE_LIMIT: eligible partners in routing order, then excluded ones nearest first. */
  candidates: RoutingCandidate[];
};
