import { describe, expect, it } from 'vitest';
import { distanceKm, type GeoPoint, loadPostalCodes } from '../geo/postal-codes';
import { type RoutingDecision, type RoutingInput, type RoutingPartner, routeLead } from './lead-routing';
import { buildPartnerIndex } from './partner-index';

const postalCodes = loadPostalCodes();
const entries = postalCodes.all();
const LINES = ['printers', 'copiers', 'scanners', 'plotters'] as const;

// A fixed sequence (mulberry32), so every run checks the same inputs.
function random(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (from: number, to: number) => from + Math.floor(next() * (to - from + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Random = ReturnType<typeof random>;

const plzPoint = (rng: Random): GeoPoint => {
  const entry = rng.pick(entries);
  return { latitude: entry.latitude, longitude: entry.longitude };
};

function randomPartner(rng: Random, id: string, location: () => GeoPoint, maxRadius = 150): RoutingPartner {
  const capacity = rng.chance(0.25) ? null : rng.int(1, 12);
  return {
    id,
    name: `Partner ${id}`,
    status: rng.chance(0.08) ? 'inactive' : rng.chance(0.05) ? 'suspended' : 'active',
    gradeWeight: rng.int(1, 3),
    capacity,
    openLeads: rng.int(0, capacity ?? 12),
    serviceRadiusKm: rng.int(20, maxRadius),
    productLines: rng.chance(0.3) ? [] : LINES.filter(() => rng.chance(0.5)),
    location: rng.chance(0.03) ? null : location(),
  };
}

function randomLead(
  rng: Random,
  partners: readonly RoutingPartner[],
  location: GeoPoint | null,
): RoutingInput {
  // Tried partners are near ones (those that decline in real life), sometimes a far or unknown id.
  const near = location
    ? partners.filter((partner) => partner.location && distanceKm(location, partner.location) < 60)
    : [];
  const tried = rng.chance(0.3) && near.length > 0 ? [rng.pick(near).id, rng.pick(near).id] : [];
  if (rng.chance(0.05)) tried.push(rng.pick(partners).id, 'unknown-partner');
  return {
    customer: { id: 'customer', location, approximate: rng.chance(0.05) },
    lead: {
      kind: 'warranty_extension',
      productLine: rng.chance(0.15) ? null : rng.pick(LINES),
      assetId: null,
    },
    assetResellerOfRecord: null,
    customerResellerOfRecord: null,
    partners,
    triedPartnerIds: tried,
  };
}

/**
 * Routes each lead with and without the index and demands identical decisions (rule, partner,
 * explanation with its counts and summary, candidates). The chosen partner's load grows after each
 * lead, as in a batch, so the index must read loads live. Returns how the decisions were spread.
 */
function compareBoth(partners: RoutingPartner[], leads: RoutingInput[]) {
  const index = buildPartnerIndex(partners);
  const seen = { fast: 0, nearest: 0, queue: 0 };
  for (const lead of leads) {
    const full: RoutingDecision = routeLead(lead);
    const indexed = routeLead({ ...lead, partnerIndex: index });
    expect(indexed).toEqual(full);
    if (full.explanation.code === 'nearest') {
      seen.nearest += 1;
      if (full.explanation.params.eligibleCount >= 5) seen.fast += 1;
    } else seen.queue += 1;
    const chosen = partners.find((partner) => partner.id === full.partnerId);
    if (chosen) chosen.openLeads += 1;
  }
  return seen;
}

// Thousands of leads routed twice each: seconds on a busy two-core machine.
describe('buildPartnerIndex: routing with the index decides exactly as without it', {
  timeout: 60_000,
}, () => {
  it('on 2,000 partners and 2,000 leads at real German postal codes, loads growing as leads are routed', () => {
    const rng = random(20261206);
    const partners = Array.from({ length: 2_000 }, (_, index) =>
      randomPartner(rng, `p${index}`, () => plzPoint(rng)),
    );
    const leads = Array.from({ length: 2_000 }, () =>
      randomLead(rng, partners, rng.chance(0.01) ? null : plzPoint(rng)),
    );
    const seen = compareBoth(partners, leads);
    // Both paths were exercised: most leads through the index, some through the linear pass.
    expect(seen.fast).toBeGreaterThan(1_000);
    expect(seen.nearest - seen.fast + seen.queue).toBeGreaterThan(10);
  });

  it('on a sparse field where most leads have fewer than five eligible partners or none', () => {
    const rng = random(7);
    const partners = Array.from({ length: 150 }, (_, index) =>
      randomPartner(rng, `s${index}`, () => plzPoint(rng), 60),
    );
    const leads = Array.from({ length: 1_500 }, () => randomLead(rng, partners, plzPoint(rng)));
    const seen = compareBoth(partners, leads);
    expect(seen.queue).toBeGreaterThan(100);
    expect(seen.nearest).toBeGreaterThan(100);
  });

  it('with many partners on a few postal codes, so distances tie and grade, load and id decide', () => {
    const rng = random(99);
    const spots = Array.from({ length: 6 }, () => plzPoint(rng));
    const partners = Array.from({ length: 400 }, (_, index) =>
      randomPartner(rng, `t${String(index).padStart(3, '0')}`, () => rng.pick(spots)),
    );
    const leads = Array.from({ length: 800 }, () =>
      randomLead(rng, partners, rng.chance(0.5) ? rng.pick(spots) : plzPoint(rng)),
    );
    const seen = compareBoth(partners, leads);
    expect(seen.fast).toBeGreaterThan(200);
  });

  it('for customers exactly on a service radius, a hair inside it and a hair beyond it', () => {
    const rng = random(3);
    const customer = plzPoint(rng);
    const partners: RoutingPartner[] = [];
    for (let index = 0; index < 300; index += 1) {
      const location = plzPoint(rng);
      const km = distanceKm(customer, location);
      if (km > 300) continue;
      const radius = [km, km + 1e-9, km - 1e-9, Math.floor(km), Math.ceil(km)][index % 5]!;
      partners.push({ ...randomPartner(rng, `r${index}`, () => location), serviceRadiusKm: radius });
    }
    const leads = Array.from({ length: 100 }, () => randomLead(rng, partners, customer));
    compareBoth(partners, leads);
  });

  it('anywhere on earth: near the poles, across ±180°, with radii up to 5,000 km and customers outside every box', () => {
    const rng = random(11);
    const anywhere = (): GeoPoint => ({ latitude: rng.next() * 180 - 90, longitude: rng.next() * 360 - 180 });
    const partners = Array.from({ length: 600 }, (_, index) => ({
      ...randomPartner(rng, `w${index}`, anywhere),
      serviceRadiusKm: rng.chance(0.5) ? rng.int(20, 300) : rng.int(300, 5_000),
    }));
    for (const [index, location] of [
      { latitude: 89.5, longitude: 10 },
      { latitude: -88, longitude: -60 },
      { latitude: 0, longitude: 179.95 },
      { latitude: 10, longitude: -179.9 },
    ].entries()) {
      partners.push({ ...randomPartner(rng, `edge${index}`, () => location), status: 'active' });
    }
    const leads = Array.from({ length: 1_000 }, () =>
      randomLead(
        rng,
        partners,
        rng.chance(0.2)
          ? { latitude: rng.pick([89.9, -89.9, 0, 10]), longitude: rng.pick([179.99, -179.99, 0]) }
          : anywhere(),
      ),
    );
    compareBoth(partners, leads);
  });

  it('answers the same for a reseller of record and for a customer without coordinates', () => {
    const rng = random(5);
    const partners = Array.from({ length: 200 }, (_, index) =>
      randomPartner(rng, `o${index}`, () => plzPoint(rng)),
    );
    const index = buildPartnerIndex(partners);
    const base = randomLead(rng, partners, plzPoint(rng));
    for (const lead of [
      { ...base, customerResellerOfRecord: partners[0]! },
      { ...base, assetResellerOfRecord: { ...partners[1]!, status: 'suspended' as const } },
      { ...base, customer: { id: 'c', location: null, approximate: false } },
    ]) {
      expect(routeLead({ ...lead, partnerIndex: index })).toEqual(routeLead(lead));
    }
  });

  it('refuses an index built from another partners array rather than routing over the wrong partners', () => {
    const rng = random(1);
    const partners = Array.from({ length: 20 }, (_, index) =>
      randomPartner(rng, `x${index}`, () => plzPoint(rng)),
    );
    const index = buildPartnerIndex(partners);
    const lead = randomLead(rng, [...partners], plzPoint(rng));
    expect(() => routeLead({ ...lead, partnerIndex: index })).toThrow(/another partners array/);
  });
});
