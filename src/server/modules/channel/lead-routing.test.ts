import { describe, expect, it } from 'vitest';
import { distanceKm, type GeoPoint, loadPostalCodes } from '../geo/postal-codes';
import { CANDIDATE_LIMIT, type RoutingInput, type RoutingPartner, routeLead } from './lead-routing';

const postalCodes = loadPostalCodes();
const plz = (code: string): GeoPoint => {
  const point = postalCodes.lookup(code);
  if (!point) throw new Error(`unknown postal code ${code}`);
  return { latitude: point.latitude, longitude: point.longitude };
};

const OLDENBURG = plz('26121');
const OLDENBURG_EAST = plz('26135');
const BREMEN = plz('28195');
const HAMBURG = plz('20095');

function partner(id: string, overrides: Partial<RoutingPartner> = {}): RoutingPartner {
  return {
    id,
    name: `Partner ${id}`,
    status: 'active',
    gradeWeight: 1,
    capacity: null,
    openLeads: 0,
    serviceRadiusKm: 100,
    productLines: [],
    location: OLDENBURG,
    ...overrides,
  };
}

function input(overrides: Partial<RoutingInput> = {}): RoutingInput {
  return {
    customer: { id: 'customer-1', location: OLDENBURG, approximate: false },
    lead: { kind: 'warranty_extension', productLine: 'printers', assetId: null },
    assetResellerOfRecord: null,
    customerResellerOfRecord: null,
    partners: [],
    triedPartnerIds: [],
    ...overrides,
  };
}

describe('routeLead: German postal codes', () => {
  const oldenburg = partner('ol', { name: 'Nordwest IT GmbH', location: plz('26122'), serviceRadiusKm: 50 });
  const bremen = partner('hb', { name: 'Weser Systemhaus', location: BREMEN, serviceRadiusKm: 80 });
  const hamburg = partner('hh', { name: 'Elbe Office', location: HAMBURG, serviceRadiusKm: 200 });
  const partners = [hamburg, bremen, oldenburg];

  it('sends an Oldenburg customer without a record to the Oldenburg partner, Bremen and Hamburg next', () => {
    const decision = routeLead(input({ partners }));
    expect(decision.rule).toBe('nearest');
    expect(decision.partnerId).toBe('ol');
    expect(decision.candidates.map((entry) => entry.partnerId)).toEqual(['ol', 'hb', 'hh']);
    expect(decision.candidates.every((entry) => entry.excluded === null)).toBe(true);
    // Oldenburg to Bremen is about 40 km, to Hamburg about 120 km.
    expect(decision.candidates[1]?.distanceKm).toBeGreaterThan(35);
    expect(decision.candidates[1]?.distanceKm).toBeLessThan(50);
    expect(decision.candidates[2]?.distanceKm).toBeGreaterThan(110);
    expect(decision.candidates[2]?.distanceKm).toBeLessThan(135);
    expect(decision.explanation.code).toBe('nearest');
    expect(decision.explanation.summary).toMatch(
      /^Nordwest IT GmbH: nearest of 3 eligible partners: \d+\.\d km, within its 50 km radius$/,
    );
  });

  it('goes to Bremen when the Oldenburg partner declined, and Hamburg is out of a 100 km radius', () => {
    const decision = routeLead(
      input({ partners: [{ ...hamburg, serviceRadiusKm: 100 }, bremen, oldenburg], triedPartnerIds: ['ol'] }),
    );
    expect(decision.partnerId).toBe('hb');
    expect(decision.candidates).toEqual([
      { partnerId: 'hb', distanceKm: decision.candidates[0]?.distanceKm, excluded: null },
      { partnerId: 'ol', distanceKm: decision.candidates[1]?.distanceKm, excluded: 'already_tried' },
      { partnerId: 'hh', distanceKm: decision.candidates[2]?.distanceKm, excluded: 'out_of_radius' },
    ]);
    expect(decision.explanation.params).toMatchObject({ eligibleCount: 1, partnerId: 'hb' });
  });

  it('rounds listed distances to 0.1 km', () => {
    const decision = routeLead(input({ partners }));
    for (const entry of decision.candidates) {
      expect(entry.distanceKm).not.toBeNull();
      expect(Math.round(entry.distanceKm! * 10) / 10).toBe(entry.distanceKm);
    }
    expect(decision.candidates[1]?.distanceKm).toBe(Math.round(distanceKm(OLDENBURG, BREMEN) * 10) / 10);
  });
});

describe('routeLead: reseller of record', () => {
  const far = partner('ror', { name: 'Nordwest IT GmbH', location: HAMBURG, serviceRadiusKm: 10 });
  const near = partner('near');

  it('gives the lead to the active reseller of record of the customer, not the nearer partner', () => {
    const decision = routeLead(input({ customerResellerOfRecord: far, partners: [near, far] }));
    expect(decision.rule).toBe('reseller_of_record');
    expect(decision.partnerId).toBe('ror');
    expect(decision.explanation.code).toBe('reseller_of_record');
    expect(decision.explanation.params).toMatchObject({
      of: 'customer',
      outsideRadius: true,
      assetRecord: null,
    });
    expect(decision.explanation.summary).toMatch(
      /^Nordwest IT GmbH is the active reseller of record of the customer \(outside its 10 km radius\)$/,
    );
    expect(decision.candidates).toEqual([
      { partnerId: 'ror', distanceKm: Math.round(distanceKm(OLDENBURG, HAMBURG) * 10) / 10, excluded: null },
    ]);
  });

  it('prefers the asset record over the customer record', () => {
    const assetRecord = partner('asset-ror', { name: 'Asset Partner' });
    const decision = routeLead(
      input({
        lead: { kind: 'service_contract', productLine: null, assetId: 'asset-1' },
        assetResellerOfRecord: assetRecord,
        customerResellerOfRecord: far,
      }),
    );
    expect(decision.partnerId).toBe('asset-ror');
    expect(decision.explanation.params).toMatchObject({ of: 'asset' });
    expect(decision.explanation.summary).toBe('Asset Partner is the active reseller of record of the asset');
  });

  it('keeps the lead with the reseller of record over capacity, outside its radius and product lines', () => {
    const full = partner('full', { capacity: 2, openLeads: 5, productLines: ['copiers'], location: HAMBURG });
    const decision = routeLead(input({ customerResellerOfRecord: full, partners: [near] }));
    expect(decision.partnerId).toBe('full');
    expect(decision.explanation.params).toMatchObject({ overCapacity: true, outsideRadius: true });
    expect(decision.explanation.summary).toContain('over its capacity of 2 open leads');
  });

  it('routes to a reseller of record without coordinates, with no distance', () => {
    const unplaced = partner('unplaced', { location: null });
    const withoutCustomerLocation = routeLead(
      input({
        customer: { id: 'c', location: null, approximate: false },
        customerResellerOfRecord: unplaced,
      }),
    );
    expect(withoutCustomerLocation.partnerId).toBe('unplaced');
    expect(withoutCustomerLocation.candidates).toEqual([
      { partnerId: 'unplaced', distanceKm: null, excluded: null },
    ]);
    expect(withoutCustomerLocation.explanation.params).toMatchObject({
      distanceKm: null,
      outsideRadius: false,
    });
  });

  it("falls back to the customer's active record when the asset's is suspended, and says so", () => {
    const suspended = partner('asset-ror', { name: 'Old Partner', status: 'suspended' });
    const decision = routeLead(
      input({ assetResellerOfRecord: suspended, customerResellerOfRecord: far, partners: [near] }),
    );
    expect(decision.rule).toBe('reseller_of_record');
    expect(decision.partnerId).toBe('ror');
    expect(decision.explanation.params).toMatchObject({
      of: 'customer',
      assetRecord: { partnerId: 'asset-ror', partnerName: 'Old Partner', status: 'suspended' },
    });
    expect(decision.explanation.summary).toContain("the asset's reseller of record Old Partner is suspended");
  });

  it('sends the lead to the queue, not to the nearest partner, when the active record already declined', () => {
    const decision = routeLead(
      input({ customerResellerOfRecord: far, partners: [near, far], triedPartnerIds: ['ror'] }),
    );
    expect(decision.rule).toBe('queue');
    expect(decision.partnerId).toBeNull();
    expect(decision.explanation.code).toBe('reseller_of_record_tried');
    expect(decision.explanation.params).toEqual({
      partnerId: 'ror',
      partnerName: 'Nordwest IT GmbH',
      of: 'customer',
    });
    expect(decision.candidates).toEqual([
      { partnerId: 'ror', distanceKm: expect.any(Number), excluded: 'already_tried' },
    ]);
  });

  it("does not pass a lead declined by the asset's record on to the customer's active record", () => {
    const assetRecord = partner('asset-ror');
    const decision = routeLead(
      input({
        assetResellerOfRecord: assetRecord,
        customerResellerOfRecord: far,
        triedPartnerIds: ['asset-ror'],
      }),
    );
    expect(decision).toMatchObject({ rule: 'queue', partnerId: null });
    expect(decision.explanation.params).toMatchObject({ partnerId: 'asset-ror', of: 'asset' });
  });
});

describe('routeLead: reseller of record not active', () => {
  const near = partner('near');

  it.each(['inactive', 'suspended'] as const)(
    'keeps the lead for the channel manager when the only record is %s',
    (status) => {
      const record = partner('ror', { name: 'Nordwest IT GmbH', status, location: BREMEN });
      const decision = routeLead(input({ customerResellerOfRecord: record, partners: [near] }));
      expect(decision.rule).toBe('reseller_inactive');
      expect(decision.partnerId).toBeNull();
      expect(decision.explanation).toEqual({
        code: 'reseller_of_record_not_active',
        params: { partnerId: 'ror', partnerName: 'Nordwest IT GmbH', of: 'customer', status },
        summary: `Nordwest IT GmbH, the reseller of record of the customer, is ${status}; the lead waits for the channel manager`,
      });
      expect(decision.candidates).toEqual([
        {
          partnerId: 'ror',
          distanceKm: Math.round(distanceKm(OLDENBURG, BREMEN) * 10) / 10,
          excluded: 'inactive',
        },
      ]);
    },
  );

  it('names the asset record first and lists both when neither is active', () => {
    const decision = routeLead(
      input({
        assetResellerOfRecord: partner('a', { status: 'suspended' }),
        customerResellerOfRecord: partner('c', { status: 'inactive', location: null }),
        partners: [near],
      }),
    );
    expect(decision.rule).toBe('reseller_inactive');
    expect(decision.explanation.params).toMatchObject({ partnerId: 'a', of: 'asset', status: 'suspended' });
    expect(decision.candidates).toEqual([
      { partnerId: 'a', distanceKm: 0, excluded: 'inactive' },
      { partnerId: 'c', distanceKm: null, excluded: 'inactive' },
    ]);
  });

  it('lists one partner once when it is the record of both the asset and the customer', () => {
    const record = partner('same', { status: 'inactive' });
    const decision = routeLead(input({ assetResellerOfRecord: record, customerResellerOfRecord: record }));
    expect(decision.candidates.map((entry) => entry.partnerId)).toEqual(['same']);
  });

  it('routes even a customer without coordinates to the channel manager this way', () => {
    const decision = routeLead(
      input({
        customer: { id: 'c', location: null, approximate: false },
        customerResellerOfRecord: partner('ror', { status: 'suspended' }),
      }),
    );
    expect(decision).toMatchObject({ rule: 'reseller_inactive', partnerId: null });
  });
});

describe('routeLead: nearest partner eligibility', () => {
  it('counts a customer exactly on the service radius as covered, and just beyond it as not', () => {
    const exact = distanceKm(OLDENBURG, BREMEN);
    const onEdge = routeLead(
      input({ partners: [partner('edge', { location: BREMEN, serviceRadiusKm: exact })] }),
    );
    expect(onEdge).toMatchObject({ rule: 'nearest', partnerId: 'edge' });
    const beyond = routeLead(
      input({ partners: [partner('edge', { location: BREMEN, serviceRadiusKm: exact - 1e-9 })] }),
    );
    expect(beyond).toMatchObject({ rule: 'queue', partnerId: null });
    expect(beyond.candidates).toEqual([
      { partnerId: 'edge', distanceKm: Math.round(exact * 10) / 10, excluded: 'out_of_radius' },
    ]);
  });

  it('treats an empty product-line list as all lines and filters the others', () => {
    const all = partner('all', { location: BREMEN, productLines: [] });
    const copiers = partner('copiers', { productLines: ['copiers'] });
    const printers = routeLead(input({ partners: [copiers, all] }));
    expect(printers.partnerId).toBe('all');
    expect(printers.candidates).toContainEqual({
      partnerId: 'copiers',
      distanceKm: 0,
      excluded: 'product_line',
    });
    const copierLead = routeLead(
      input({
        lead: { kind: 'new_device', productLine: 'copiers', assetId: null },
        partners: [copiers, all],
      }),
    );
    expect(copierLead.partnerId).toBe('copiers');
  });

  it('accepts a lead without a product line at any partner', () => {
    const decision = routeLead(
      input({
        lead: { kind: 'other', productLine: null, assetId: null },
        partners: [partner('copiers', { productLines: ['copiers'] })],
      }),
    );
    expect(decision.partnerId).toBe('copiers');
  });

  it('treats capacity null as unlimited and open leads at capacity as full', () => {
    const unlimited = partner('unlimited', { location: BREMEN, capacity: null, openLeads: 10_000 });
    const full = partner('full', { capacity: 3, openLeads: 3 });
    const decision = routeLead(input({ partners: [full, unlimited] }));
    expect(decision.partnerId).toBe('unlimited');
    expect(decision.candidates).toContainEqual({ partnerId: 'full', distanceKm: 0, excluded: 'at_capacity' });
    const roomForOne = routeLead(input({ partners: [{ ...full, openLeads: 2 }, unlimited] }));
    expect(roomForOne.partnerId).toBe('full');
  });

  it('never routes to an inactive or suspended partner, nor to one that already tried', () => {
    const decision = routeLead(
      input({
        partners: [
          partner('inactive', { status: 'inactive' }),
          partner('suspended', { status: 'suspended' }),
          partner('tried'),
          partner('bremen', { location: BREMEN }),
        ],
        triedPartnerIds: ['tried'],
      }),
    );
    expect(decision.partnerId).toBe('bremen');
    expect(decision.candidates.slice(1)).toEqual([
      { partnerId: 'inactive', distanceKm: 0, excluded: 'inactive' },
      { partnerId: 'suspended', distanceKm: 0, excluded: 'inactive' },
      { partnerId: 'tried', distanceKm: 0, excluded: 'already_tried' },
    ]);
  });

  it('gives each excluded partner the first reason that applies', () => {
    const everything = { status: 'suspended', capacity: 0, productLines: ['copiers'] } as const;
    const decision = routeLead(
      input({
        partners: [
          partner('a', { ...everything, location: BREMEN, serviceRadiusKm: 1 }),
          partner('b', { ...everything }),
          partner('c', { productLines: ['copiers'], capacity: 0 }),
          partner('d', { ...everything, location: null }),
        ],
        triedPartnerIds: ['b'],
      }),
    );
    expect(decision.candidates.map((entry) => [entry.partnerId, entry.excluded])).toEqual([
      ['b', 'inactive'],
      ['c', 'product_line'],
      ['a', 'out_of_radius'],
      ['d', 'no_coordinates'],
    ]);
  });

  it('never routes by distance to a partner without coordinates', () => {
    const decision = routeLead(
      input({ partners: [partner('nowhere', { location: null, serviceRadiusKm: 10_000 })] }),
    );
    expect(decision.rule).toBe('queue');
    expect(decision.candidates).toEqual([
      { partnerId: 'nowhere', distanceKm: null, excluded: 'no_coordinates' },
    ]);
  });

  it('notes an approximate customer location in the explanation', () => {
    const decision = routeLead(
      input({ customer: { id: 'c', location: OLDENBURG, approximate: true }, partners: [partner('ol')] }),
    );
    expect(decision.explanation.params).toMatchObject({ approximateLocation: true });
    expect(decision.explanation.summary).toContain('estimated from the postal-code area');
  });
});

describe('routeLead: ties', () => {
  it('prefers the higher grade at the same distance', () => {
    const decision = routeLead(
      input({ partners: [partner('low', { gradeWeight: 1 }), partner('high', { gradeWeight: 3 })] }),
    );
    expect(decision.partnerId).toBe('high');
    expect(decision.explanation.params).toMatchObject({ tieBrokenBy: 'grade' });
    expect(decision.explanation.summary).toContain('tied on distance, chosen by higher grade');
  });

  it('prefers the lower load at the same distance and grade', () => {
    const decision = routeLead(
      input({ partners: [partner('busy', { openLeads: 7 }), partner('idle', { openLeads: 2 })] }),
    );
    expect(decision.partnerId).toBe('idle');
    expect(decision.explanation.params).toMatchObject({ tieBrokenBy: 'load' });
  });

  it('falls back to the id, whatever the input order', () => {
    const forward = routeLead(input({ partners: [partner('b'), partner('a'), partner('c')] }));
    const backward = routeLead(input({ partners: [partner('c'), partner('a'), partner('b')] }));
    expect(forward.partnerId).toBe('a');
    expect(forward).toEqual(backward);
    expect(forward.explanation.params).toMatchObject({ tieBrokenBy: 'id' });
  });

  it('lets distance beat grade and load, and reports no tie then', () => {
    const decision = routeLead(
      input({
        partners: [
          partner('near', { gradeWeight: 0, openLeads: 50 }),
          partner('far', { location: BREMEN, gradeWeight: 9 }),
        ],
      }),
    );
    expect(decision.partnerId).toBe('near');
    expect(decision.explanation.params).toMatchObject({ tieBrokenBy: null, eligibleCount: 2 });
  });

  it('treats distances equal to 0.1 km as a tie', () => {
    const decision = routeLead(
      input({
        partners: [
          partner('nearer', {
            location: { latitude: OLDENBURG.latitude + 0.0001, longitude: OLDENBURG.longitude },
          }),
          partner('graded', {
            location: { latitude: OLDENBURG.latitude + 0.0002, longitude: OLDENBURG.longitude },
            gradeWeight: 2,
          }),
        ],
      }),
    );
    expect(decision.partnerId).toBe('graded');
  });
});

describe('routeLead: queue', () => {
  it('queues a customer without coordinates and without a record', () => {
    const decision = routeLead(
      input({ customer: { id: 'c', location: null, approximate: false }, partners: [partner('ol')] }),
    );
    expect(decision).toEqual({
      rule: 'queue',
      partnerId: null,
      explanation: {
        code: 'customer_without_coordinates',
        params: {},
        summary: 'the customer has no coordinates and no reseller of record; the lead waits in the queue',
      },
      candidates: [],
    });
  });

  it('queues when nobody is eligible and counts why', () => {
    const decision = routeLead(
      input({
        partners: [
          partner('hh', { location: HAMBURG, serviceRadiusKm: 20 }),
          partner('inactive', { status: 'inactive' }),
          partner('full', { capacity: 0 }),
        ],
      }),
    );
    expect(decision.rule).toBe('queue');
    expect(decision.partnerId).toBeNull();
    expect(decision.explanation).toMatchObject({
      code: 'no_eligible_partner',
      params: {
        partnerCount: 3,
        excluded: {
          no_coordinates: 0,
          out_of_radius: 1,
          inactive: 1,
          already_tried: 0,
          product_line: 0,
          at_capacity: 1,
        },
      },
      summary:
        'none of 3 partners is eligible: 1 out of radius, 1 inactive, 1 at capacity; the lead waits in the queue',
    });
    expect(decision.candidates.map((entry) => [entry.partnerId, entry.excluded])).toEqual([
      ['full', 'at_capacity'],
      ['inactive', 'inactive'],
      ['hh', 'out_of_radius'],
    ]);
    expect(decision.candidates[2]?.distanceKm).toBe(Math.round(distanceKm(OLDENBURG, HAMBURG) * 10) / 10);
  });

  it('queues when there are no partners at all', () => {
    const decision = routeLead(input());
    expect(decision).toMatchObject({ rule: 'queue', partnerId: null, candidates: [] });
    expect(decision.explanation.summary).toBe('none of 0 partners is eligible; the lead waits in the queue');
  });
});

describe('routeLead: candidate list', () => {
  it(`lists at most ${CANDIDATE_LIMIT}: eligible in routing order, then excluded nearest first`, () => {
    const ring = (id: string, km: number, overrides: Partial<RoutingPartner> = {}) =>
      partner(id, {
        // 1° of latitude is about 111.2 km.
        location: { latitude: OLDENBURG_EAST.latitude + km / 111.195, longitude: OLDENBURG_EAST.longitude },
        ...overrides,
      });
    const partners = [
      ring('e30', 30),
      ring('x1', 1, { status: 'inactive' }),
      ring('e10', 10),
      ring('x2', 2, { capacity: 0 }),
      ring('e20', 20),
      ring('e40', 40),
      ring('e50', 50),
      ring('e60', 60),
    ];
    const decision = routeLead(
      input({ customer: { id: 'c', location: OLDENBURG_EAST, approximate: false }, partners }),
    );
    expect(decision.partnerId).toBe('e10');
    expect(decision.candidates.map((entry) => entry.partnerId)).toEqual(['e10', 'e20', 'e30', 'e40', 'e50']);
    expect(decision.explanation.params).toMatchObject({ eligibleCount: 6 });

    const fewEligible = routeLead(
      input({
        customer: { id: 'c', location: OLDENBURG_EAST, approximate: false },
        partners: partners.slice(0, 4),
      }),
    );
    expect(fewEligible.candidates.map((entry) => [entry.partnerId, entry.excluded])).toEqual([
      ['e10', null],
      ['e30', null],
      ['x1', 'inactive'],
      ['x2', 'at_capacity'],
    ]);
  });

  it('is deterministic: any input order gives the same decision', () => {
    const partners = Array.from({ length: 40 }, (_, index) =>
      partner(`p${String(index).padStart(2, '0')}`, {
        location: { latitude: 53 + (index % 7) * 0.05, longitude: 8 + (index % 5) * 0.05 },
        gradeWeight: index % 3,
        openLeads: index % 4,
        status: index % 11 === 0 ? 'suspended' : 'active',
      }),
    );
    const expected = routeLead(input({ partners }));
    let seed = 1;
    for (let round = 0; round < 20; round += 1) {
      const shuffled = [...partners];
      for (let i = shuffled.length - 1; i > 0; i -= 1) {
        seed = (seed * 48_271) % 2_147_483_647;
        const j = seed % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      expect(routeLead(input({ partners: shuffled }))).toEqual(expected);
    }
  });

  it('agrees with a full sort of every partner on a large random field', () => {
    let seed = 42;
    const next = () => {
      seed = (seed * 48_271) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    const partners = Array.from({ length: 2_000 }, (_, index) =>
      partner(`p${index}`, {
        location: { latitude: 47.5 + next() * 7, longitude: 6 + next() * 9 },
        serviceRadiusKm: 10 + Math.floor(next() * 140),
        gradeWeight: Math.floor(next() * 3),
        capacity: next() < 0.2 ? 5 : null,
        openLeads: Math.floor(next() * 8),
        productLines: next() < 0.3 ? ['copiers'] : [],
        status: next() < 0.05 ? 'inactive' : 'active',
      }),
    );
    for (let lead = 0; lead < 50; lead += 1) {
      const customer: GeoPoint = { latitude: 47.5 + next() * 7, longitude: 6 + next() * 9 };
      const decision = routeLead(
        input({ customer: { id: 'c', location: customer, approximate: false }, partners }),
      );
      const naive = partners
        .map((entry) => ({ entry, km: distanceKm(customer, entry.location!) }))
        .filter(
          ({ entry, km }) =>
            km <= entry.serviceRadiusKm &&
            entry.status === 'active' &&
            (entry.productLines.length === 0 || entry.productLines.includes('printers')) &&
            (entry.capacity === null || entry.openLeads < entry.capacity),
        )
        .sort(
          (a, b) =>
            Math.round(a.km * 10) - Math.round(b.km * 10) ||
            b.entry.gradeWeight - a.entry.gradeWeight ||
            a.entry.openLeads - b.entry.openLeads ||
            (a.entry.id < b.entry.id ? -1 : 1),
        );
      expect(decision.partnerId).toBe(naive[0]?.entry.id ?? null);
      expect(
        decision.candidates.filter((entry) => entry.excluded === null).map((entry) => entry.partnerId),
      ).toEqual(naive.slice(0, CANDIDATE_LIMIT).map(({ entry }) => entry.id));
    }
  });
});
