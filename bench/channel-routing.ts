// Lead routing at scale: 100,000 leads over 5,000 partners on real German postal codes, through
// routeLead with a partner index (production), routeLead's linear pass, and a naive baseline that
// measures every partner for every lead and sorts the eligible ones. All three route the same leads
// in the same run; the bench fails when any lead gets a different partner.
import { performance } from 'node:perf_hooks';
import {
  type RoutingDecision,
  type RoutingInput,
  type RoutingPartner,
  routeLead,
} from '../src/server/modules/channel/lead-routing';
import { buildPartnerIndex } from '../src/server/modules/channel/partner-index';
import { distanceKm, type GeoPoint, loadPostalCodes } from '../src/server/modules/geo/postal-codes';
import { createRandom, type Random } from './lib/german-corpus';

export const PRODUCT_LINES = ['printers', 'multifunction', 'notebooks', 'networking', 'service_contracts'];

export type RoutingWorkload = {
  partners: RoutingPartner[];
  leads: RoutingInput[];
  describe: Record<string, number>;
};

/** Deterministic: the same seed gives the same partners and leads on every machine. */
export function routingWorkload(partnerCount: number, leadCount: number, seed = 20261206): RoutingWorkload {
  const rng: Random = createRandom(seed);
  const postalCodes = loadPostalCodes();
  const entries = postalCodes.all();
  const known = new Set(entries.map((entry) => entry.postalCode));
  const point = (code: string): GeoPoint | null => {
    const found = postalCodes.lookup(code);
    return found ? { latitude: found.latitude, longitude: found.longitude } : null;
  };

  const partners: RoutingPartner[] = [];
  const byRegion = new Map<string, RoutingPartner[]>();
  for (let index = 0; index < partnerCount; index += 1) {
    const entry = rng.pick(entries);
    const capacity = rng.chance(0.2) ? null : rng.int(10, 80);
    const partner: RoutingPartner = {
      id: `partner-${String(index).padStart(5, '0')}`,
      name: `Systemhaus ${entry.place} ${index}`,
      status: rng.weighted([
        ['active', 90],
        ['inactive', 6],
        ['suspended', 4],
      ] as const),
      gradeWeight: rng.weighted([
        [1, 50],
        [2, 35],
        [3, 15],
      ] as const),
      capacity,
      // A tenth start full; the rest somewhere below their capacity.
      openLeads: capacity === null ? rng.int(0, 40) : rng.chance(0.1) ? capacity : rng.int(0, capacity - 1),
      serviceRadiusKm: rng.int(20, 150),
      productLines: rng.chance(0.25) ? [] : PRODUCT_LINES.filter(() => rng.chance(0.5)),
      // Partners whose postal code could not be located (foreign, mistyped) have no coordinates.
      location: rng.chance(0.03) ? null : { latitude: entry.latitude, longitude: entry.longitude },
    };
    partners.push(partner);
    const region = entry.postalCode.slice(0, 2);
    const neighbours = byRegion.get(region);
    if (neighbours) neighbours.push(partner);
    else byRegion.set(region, [partner]);
  }

  const describe = { approximate: 0, withoutCoordinates: 0, customerRecord: 0, assetRecord: 0, retried: 0 };
  const leads: RoutingInput[] = [];
  for (let index = 0; index < leadCount; index += 1) {
    const entry = rng.pick(entries);
    let code = entry.postalCode;
    let location = point(code);
    let approximate = false;
    if (rng.chance(0.02)) {
      // A postal code missing from the table (new, or a company's own): located by its area.
      const candidate = `${code.slice(0, 3)}${String(rng.int(0, 99)).padStart(2, '0')}`;
      if (!known.has(candidate)) {
        code = candidate;
        location = point(code);
        approximate = location !== null;
        if (approximate) describe.approximate += 1;
      }
    } else if (rng.chance(0.003)) {
      location = null;
      describe.withoutCoordinates += 1;
    }
    const customerRecord = rng.chance(0.25) ? rng.pick(partners) : null;
    const assetRecord = rng.chance(0.05) ? rng.pick(partners) : null;
    if (customerRecord) describe.customerRecord += 1;
    if (assetRecord) describe.assetRecord += 1;
    // Re-routes after a decline or timeout: the ones that declined are partners of the region.
    const tried: string[] = [];
    if (rng.chance(0.05)) {
      describe.retried += 1;
      const near = byRegion.get(entry.postalCode.slice(0, 2)) ?? [];
      for (let count = rng.int(1, 3); count > 0 && near.length > 0; count -= 1) tried.push(rng.pick(near).id);
      if (customerRecord && rng.chance(0.3)) tried.push(customerRecord.id);
    }
    leads.push({
      customer: { id: `customer-${index}`, location, approximate },
      lead: {
        kind: rng.weighted([
          ['warranty_extension', 60],
          ['new_device', 20],
          ['service_contract', 15],
          ['other', 5],
        ] as const),
        productLine: rng.chance(0.1) ? null : rng.pick(PRODUCT_LINES),
        assetId: assetRecord ? `asset-${index}` : null,
      },
      assetResellerOfRecord: assetRecord,
      customerResellerOfRecord: customerRecord,
      partners,
      triedPartnerIds: tried,
    });
  }
  return { partners, leads, describe };
}

/**
 * The baseline: what one writes without thinking about scale. Records as routeLead does (they are
 * not the expensive part), then for every lead the haversine to every partner, keep the eligible,
 * sort them, take the first. One loop without an object per partner, so it measures the scan, not
 * the allocator.
 */
export function naiveRoute(input: RoutingInput): string | null {
  const { assetResellerOfRecord: asset, customerResellerOfRecord: customer } = input;
  if (asset !== null || customer !== null) {
    const record = asset?.status === 'active' ? asset : customer?.status === 'active' ? customer : null;
    if (record === null || input.triedPartnerIds.includes(record.id)) return null;
    return record.id;
  }
  const from = input.customer.location;
  if (from === null) return null;
  const line = input.lead.productLine;
  const measured: { partner: RoutingPartner; km: number }[] = [];
  for (const partner of input.partners) {
    if (partner.location === null) continue;
    const km = distanceKm(from, partner.location);
    if (
      km <= partner.serviceRadiusKm &&
      partner.status === 'active' &&
      !input.triedPartnerIds.includes(partner.id) &&
      (line === null || partner.productLines.length === 0 || partner.productLines.includes(line)) &&
      (partner.capacity === null || partner.openLeads < partner.capacity)
    ) {
      measured.push({ partner, km });
    }
  }
  measured.sort(
    (a, b) =>
      Math.round(a.km * 10) - Math.round(b.km * 10) ||
      b.partner.gradeWeight - a.partner.gradeWeight ||
      a.partner.openLeads - b.partner.openLeads ||
      (a.partner.id < b.partner.id ? -1 : a.partner.id > b.partner.id ? 1 : 0),
  );
  return measured[0]?.partner.id ?? null;
}

export type Strategy = 'naive' | 'linear' | 'indexed';

export type BatchRun = {
  strategy: Strategy;
  /** Wall time for the whole batch, index build included. */
  seconds: number;
  buildSeconds: number;
  chosen: (string | null)[];
  decisions: RoutingDecision[] | null;
};

/**
 * Routes every lead of the workload as one batch over fresh copies of the partners; the chosen
 * partner's load grows by one after each lead, as it would while a batch is handed out.
 */
export function routeBatch(workload: RoutingWorkload, strategy: Strategy, keepDecisions: boolean): BatchRun {
  const copies = workload.partners.map((partner) => ({ ...partner }));
  const byId = new Map(copies.map((partner) => [partner.id, partner]));
  const swap = (partner: RoutingPartner | null) => (partner === null ? null : byId.get(partner.id)!);
  const leads: RoutingInput[] = workload.leads.map((lead) => ({
    ...lead,
    partners: copies,
    assetResellerOfRecord: swap(lead.assetResellerOfRecord),
    customerResellerOfRecord: swap(lead.customerResellerOfRecord),
  }));
  const chosen: (string | null)[] = [];
  const decisions: RoutingDecision[] | null = keepDecisions ? [] : null;

  const started = performance.now();
  const index = strategy === 'indexed' ? buildPartnerIndex(copies) : undefined;
  const built = performance.now();
  if (index) for (const lead of leads) lead.partnerIndex = index;
  for (const lead of leads) {
    let partnerId: string | null;
    if (strategy === 'naive') partnerId = naiveRoute(lead);
    else {
      const decision = routeLead(lead);
      partnerId = decision.partnerId;
      decisions?.push(decision);
    }
    chosen.push(partnerId);
    if (partnerId !== null) byId.get(partnerId)!.openLeads += 1;
  }
  const finished = performance.now();
  return {
    strategy,
    seconds: (finished - started) / 1000,
    buildSeconds: (built - started) / 1000,
    chosen,
    decisions,
  };
}
