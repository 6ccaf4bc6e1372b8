// Lead routing: which partner gets a lead, and why. Pure and deterministic, so the lead API, the
// re-routing on decline or timeout and the bench compute the same answer, and the explanation that
// is stored with the lead and shown to operator and partner is exactly the reason the choice was made.
// No I/O: the caller loads the customer, the resellers of record and the partner profiles.

import {
  distanceKm,
  distanceLowerBoundKm,
  type GeoPoint,
  type PreparedPoint,
  preparePoint,
} from '../geo/postal-codes';
import {
  EXCLUSION_REASONS,
  type ExclusionReason,
  type PartnerRef,
  type PartnerStatus,
  type RecordOf,
  type RoutingCandidate,
  type RoutingDecision,
  type RoutingInput,
  type RoutingPartner,
} from './lead-routing-types';
import { nearestByIndex } from './partner-index';
import {
  CANDIDATE_LIMIT,
  compareEligible,
  compareExcluded,
  isOverCapacity,
  type Measured,
  missesExcludedList,
  offerTopK,
  roundKm,
  servesLine,
} from './routing-order';

export type {
  ExclusionReason,
  PartnerStatus,
  RecordOf,
  RoutingCandidate,
  RoutingDecision,
  RoutingExplanation,
  RoutingInput,
  RoutingPartner,
  RoutingRule,
} from './lead-routing-types';
export { EXCLUSION_REASONS } from './lead-routing-types';
export { CANDIDATE_LIMIT };

const ref = (partner: RoutingPartner): PartnerRef => ({ partnerId: partner.id, partnerName: partner.name });

const candidate = (measured: Measured): RoutingCandidate => ({
  partnerId: measured.partner.id,
  distanceKm: measured.km === null ? null : roundKm(measured.km),
  excluded: measured.excluded,
});

function kmBetween(customer: GeoPoint | null, partner: RoutingPartner): number | null {
  return customer === null || partner.location === null ? null : distanceKm(customer, partner.location);
}

function shownDistance(customer: GeoPoint | null, partner: RoutingPartner): number | null {
  const km = kmBetween(customer, partner);
  return km === null ? null : roundKm(km);
}

const recordWording = (of: RecordOf): string => (of === 'asset' ? 'of the asset' : 'of the customer');

function routeToRecord(input: RoutingInput): RoutingDecision | null {
  const { assetResellerOfRecord: asset, customerResellerOfRecord: customer } = input;
  if (asset === null && customer === null) return null;
  // The asset's record is the more specific one; the customer's counts when the asset has none
  // or the asset's is not active (then the customer's active record is still a record, not a stranger).
  const chosen: { partner: RoutingPartner; of: RecordOf } | null =
    asset !== null && asset.status === 'active'
      ? { partner: asset, of: 'asset' }
      : customer !== null && customer.status === 'active'
        ? { partner: customer, of: 'customer' }
        : null;

  if (chosen === null) {
    // Some record exists and none is active: the channel manager decides, never the map.
    const record =
      asset !== null
        ? { partner: asset, of: 'asset' as const }
        : { partner: customer!, of: 'customer' as const };
    const status = record.partner.status as Exclude<PartnerStatus, 'active'>;
    const records = [asset, customer].filter(
      (partner, index, all): partner is RoutingPartner =>
        partner !== null && all.findIndex((other) => other?.id === partner.id) === index,
    );
    return {
      rule: 'reseller_inactive',
      partnerId: null,
      explanation: {
        code: 'reseller_of_record_not_active',
        params: { ...ref(record.partner), of: record.of, status },
        summary: `${record.partner.name}, the reseller of record ${recordWording(record.of)}, is ${status}; the lead waits for the channel manager`,
      },
      candidates: records.map((partner) => ({
        partnerId: partner.id,
        distanceKm: shownDistance(input.customer.location, partner),
        excluded: 'inactive',
      })),
    };
  }

  const { partner, of } = chosen;
  const km = kmBetween(input.customer.location, partner);
  const shownKm = shownDistance(input.customer.location, partner);
  if (input.triedPartnerIds.includes(partner.id)) {
    // Only a channel manager may move a lead away from an active reseller of record, so a decline
    // or a timeout sends it to the queue, not to the next partner on the map.
    return {
      rule: 'queue',
      partnerId: null,
      explanation: {
        code: 'reseller_of_record_tried',
        params: { ...ref(partner), of },
        summary: `${partner.name}, the active reseller of record ${recordWording(of)}, already declined or let the lead time out; only a channel manager may move it to another partner`,
      },
      candidates: [{ partnerId: partner.id, distanceKm: shownKm, excluded: 'already_tried' }],
    };
  }

  const overCapacity = isOverCapacity(partner);
  const outsideRadius = km !== null && km > partner.serviceRadiusKm;
  const assetRecord =
    of === 'customer' && asset !== null
      ? { ...ref(asset), status: asset.status as Exclude<PartnerStatus, 'active'> }
      : null;
  const notes = [
    overCapacity ? `over its capacity of ${partner.capacity} open leads` : null,
    outsideRadius ? `outside its ${partner.serviceRadiusKm} km radius` : null,
    assetRecord ? `the asset's reseller of record ${asset!.name} is ${assetRecord.status}` : null,
  ].filter((note): note is string => note !== null);
  return {
    rule: 'reseller_of_record',
    partnerId: partner.id,
    explanation: {
      code: 'reseller_of_record',
      params: { ...ref(partner), of, distanceKm: shownKm, overCapacity, outsideRadius, assetRecord },
      summary: `${partner.name} is the active reseller of record ${recordWording(of)}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`,
    },
    candidates: [{ partnerId: partner.id, distanceKm: shownKm, excluded: null }],
  };
}

/**
 * Routes one lead.
 *
 * Rules, in order:
 * 1. An active reseller of record gets the lead: the asset's, else the customer's (also when the
 *    asset's is inactive or suspended). Capacity and radius do not apply: a lead never leaves an
 *    active reseller of record without a channel manager's decision. If that reseller already
 *    declined or timed out on this lead, the lead goes to the queue, not to the nearest partner.
 * 2. A reseller of record exists but none is active: `reseller_inactive`, partnerId null, for the
 *    channel manager's worklist; never routed by distance.
 * 3. No reseller of record: the nearest eligible partner by great-circle km. Eligible: has
 *    coordinates, the customer lies within its service radius (exactly on it counts), active, not
 *    already tried, serves the product line (or all lines), under capacity. Distances equal as shown
 *    (0.1 km) tie; ties go to the higher grade weight, then the lower load, then the smaller id.
 * 4. Otherwise `queue`, also for a customer without coordinates.
 *
 * One linear pass over the partners: a cheap lower bound of the distance skips the haversine for
 * partners that are certainly out of radius (they compete for the list by that bound, within 0.1 %
 * of the distance), and the candidate lists are bounded (CANDIDATE_LIMIT), never a sort of all.
 * With `partnerIndex`, only the partners whose service area can cover the customer are looked at;
 * when fewer than CANDIDATE_LIMIT of them are eligible, the linear pass decides (same result).
 */
export function routeLead(input: RoutingInput): RoutingDecision {
  const byRecord = routeToRecord(input);
  if (byRecord !== null) return byRecord;

  const customerLocation = input.customer.location;
  if (customerLocation === null) {
    return {
      rule: 'queue',
      partnerId: null,
      explanation: {
        code: 'customer_without_coordinates',
        params: {},
        summary: 'the customer has no coordinates and no reseller of record; the lead waits in the queue',
      },
      candidates: [],
    };
  }

  const from: PreparedPoint = preparePoint(customerLocation);
  const tried = new Set(input.triedPartnerIds);
  const productLine = input.lead.productLine;
  const approximateLocation = input.customer.approximate;
  if (input.partnerIndex !== undefined) {
    // Enough eligible partners near by decide the lead alone; with fewer, the exclusion counts and
    // the excluded candidates need every partner, so the linear pass below answers.
    const near = nearestByIndex(input.partnerIndex, input.partners, {
      from,
      customer: customerLocation,
      tried,
      productLine,
    });
    if (near !== null) {
      return nearestDecision(
        near.eligible,
        near.eligibleCount,
        near.eligible.map(candidate),
        approximateLocation,
      );
    }
  }
  const excludedCounts: Record<ExclusionReason, number> = {
    no_coordinates: 0,
    out_of_radius: 0,
    inactive: 0,
    already_tried: 0,
    product_line: 0,
    at_capacity: 0,
  };
  const eligible: Measured[] = [];
  const excluded: Measured[] = [];
  let eligibleCount = 0;

  for (const partner of input.partners) {
    const location = partner.location;
    if (location === null) {
      excludedCounts.no_coordinates += 1;
      if (missesExcludedList(excluded, null, partner.id)) continue;
      offerTopK(
        excluded,
        { partner, km: null, rank: 0, excluded: 'no_coordinates', bound: false },
        compareExcluded,
      );
      continue;
    }
    // Certainly out of radius: no haversine; listed by the lower bound if it is among the nearest.
    const lowerBound = distanceLowerBoundKm(from, location);
    if (lowerBound > partner.serviceRadiusKm) {
      excludedCounts.out_of_radius += 1;
      // Most partners end here: only those that make the list are built (no object per partner).
      if (missesExcludedList(excluded, lowerBound, partner.id)) continue;
      offerTopK(
        excluded,
        { partner, km: lowerBound, rank: 0, excluded: 'out_of_radius', bound: true },
        compareExcluded,
      );
      continue;
    }
    const km = distanceKm(customerLocation, location);
    const reason: ExclusionReason | null =
      km > partner.serviceRadiusKm
        ? 'out_of_radius'
        : partner.status !== 'active'
          ? 'inactive'
          : tried.has(partner.id)
            ? 'already_tried'
            : !servesLine(partner, productLine)
              ? 'product_line'
              : isOverCapacity(partner)
                ? 'at_capacity'
                : null;
    const measured: Measured = { partner, km, rank: roundKm(km), excluded: reason, bound: false };
    if (reason === null) {
      eligibleCount += 1;
      offerTopK(eligible, measured, compareEligible);
    } else {
      excludedCounts[reason] += 1;
      offerTopK(excluded, measured, compareExcluded);
    }
  }

  for (const entry of excluded) {
    if (entry.bound) entry.km = distanceKm(customerLocation, entry.partner.location!);
  }
  excluded.sort(compareExcluded);
  const candidates = [...eligible, ...excluded].slice(0, CANDIDATE_LIMIT).map(candidate);
  if (eligible.length === 0) {
    const reasons = EXCLUSION_REASONS.filter((reason) => excludedCounts[reason] > 0)
      .map((reason) => `${excludedCounts[reason]} ${reason.replaceAll('_', ' ')}`)
      .join(', ');
    return {
      rule: 'queue',
      partnerId: null,
      explanation: {
        code: 'no_eligible_partner',
        params: { partnerCount: input.partners.length, excluded: excludedCounts, approximateLocation },
        summary: `none of ${input.partners.length} partners is eligible${reasons ? `: ${reasons}` : ''}; the lead waits in the queue${approximateNote(approximateLocation)}`,
      },
      candidates,
    };
  }
  return nearestDecision(eligible, eligibleCount, candidates, approximateLocation);
}

function approximateNote(approximateLocation: boolean): string {
  return approximateLocation ? ' (customer location estimated from the postal-code area)' : '';
}

/** The decision for the first of `eligible` (in routing order, at least one). */
function nearestDecision(
  eligible: readonly Measured[],
  eligibleCount: number,
  candidates: RoutingCandidate[],
  approximateLocation: boolean,
): RoutingDecision {
  const best = eligible[0]!;

  const runnerUp = eligible[1];
  const tieBrokenBy =
    runnerUp === undefined || runnerUp.rank !== best.rank
      ? null
      : runnerUp.partner.gradeWeight !== best.partner.gradeWeight
        ? 'grade'
        : runnerUp.partner.openLeads !== best.partner.openLeads
          ? 'load'
          : 'id';
  const tieNote =
    tieBrokenBy === null
      ? ''
      : `; tied on distance, chosen by ${tieBrokenBy === 'grade' ? 'higher grade' : tieBrokenBy === 'load' ? 'lower load' : 'id'}`;
  const shownKm = roundKm(best.km!);
  return {
    rule: 'nearest',
    partnerId: best.partner.id,
    explanation: {
      code: 'nearest',
      params: {
        ...ref(best.partner),
        distanceKm: shownKm,
        serviceRadiusKm: best.partner.serviceRadiusKm,
        eligibleCount,
        tieBrokenBy,
        approximateLocation,
      },
      summary: `${best.partner.name}: nearest of ${eligibleCount} eligible partner${eligibleCount === 1 ? '' : 's'}: ${shownKm.toFixed(1)} km, within its ${best.partner.serviceRadiusKm} km radius${tieNote}${approximateNote(approximateLocation)}`,
    },
    candidates,
  };
}
