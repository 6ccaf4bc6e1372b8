// The order lead routing ranks partners in, shared by the linear pass over all partners
// (lead-routing.ts) and the pass over a partner index (partner-index.ts), so both rank identically.

import type { ExclusionReason, RoutingPartner } from './lead-routing';

export const CANDIDATE_LIMIT = 5;

export const roundKm = (km: number): number => Math.round(km * 10) / 10;

export const isOverCapacity = (partner: RoutingPartner): boolean =>
  partner.capacity !== null && partner.openLeads >= partner.capacity;

export const servesLine = (partner: RoutingPartner, productLine: string | null): boolean =>
  productLine === null || partner.productLines.length === 0 || partner.productLines.includes(productLine);

/**
 * A partner measured against the customer; `rank` is the distance as shown (0.1 km). `km` is the
 * great-circle distance, or for a partner certainly out of radius only its lower bound (`bound`),
 * made exact once the partner makes the list.
 */
export type Measured = {
  partner: RoutingPartner;
  km: number | null;
  rank: number;
  excluded: ExclusionReason | null;
  bound: boolean;
};

/** Nearer first; at the same shown distance higher grade, then lower load, then id. */
export function compareEligible(a: Measured, b: Measured): number {
  return (
    a.rank - b.rank ||
    b.partner.gradeWeight - a.partner.gradeWeight ||
    a.partner.openLeads - b.partner.openLeads ||
    (a.partner.id < b.partner.id ? -1 : a.partner.id > b.partner.id ? 1 : 0)
  );
}

/** Nearer first, unknown distance last, then id. */
export function compareExcluded(a: Measured, b: Measured): number {
  const aKm = a.km ?? Number.POSITIVE_INFINITY;
  const bKm = b.km ?? Number.POSITIVE_INFINITY;
  if (aKm !== bKm) return aKm < bKm ? -1 : 1;
  return a.partner.id < b.partner.id ? -1 : a.partner.id > b.partner.id ? 1 : 0;
}

/** Keeps the best CANDIDATE_LIMIT items seen, in order: O(limit) per offer, no sort of everything. */
export function offerTopK(
  top: Measured[],
  item: Measured,
  compare: (a: Measured, b: Measured) => number,
): void {
  const last = top[top.length - 1];
  if (top.length === CANDIDATE_LIMIT && last !== undefined && compare(item, last) >= 0) return;
  let index = top.length;
  while (index > 0 && compare(item, top[index - 1]!) < 0) index -= 1;
  top.splice(index, 0, item);
  if (top.length > CANDIDATE_LIMIT) top.pop();
}

/**
 * True when an excluded partner at `km` (null = unknown) with `id` would not make the excluded list
 * as offerTopK with compareExcluded judges it, so the caller need not build the entry.
 */
export function missesExcludedList(top: readonly Measured[], km: number | null, id: string): boolean {
  const last = top[CANDIDATE_LIMIT - 1];
  if (last === undefined) return false;
  const itemKm = km ?? Number.POSITIVE_INFINITY;
  const lastKm = last.km ?? Number.POSITIVE_INFINITY;
  if (itemKm !== lastKm) return itemKm > lastKm;
  return id >= last.partner.id;
}
