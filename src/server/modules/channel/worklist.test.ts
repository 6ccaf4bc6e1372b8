import { describe, expect, it } from 'vitest';
import { assetItems, countByKind, customerItems, leadItems, partnerItems, sortWorklist } from './worklist';

const org = (id: string, number = id) => ({ id, number, name: `Org ${id}` });
const reseller = (id: string, active: boolean, suspended: boolean) => ({ ...org(id), active, suspended });

describe('channel worklist rules', () => {
  it('flags customers whose reseller is inactive or suspended, and those without one', () => {
    const items = customerItems([
      { customer: org('k1'), reseller: reseller('p1', true, false) },
      { customer: org('k2'), reseller: reseller('p2', true, true) },
      { customer: org('k3'), reseller: reseller('p3', false, false) },
      { customer: org('k4'), reseller: null },
    ]);
    expect(
      items.map((i) => [i.organisation.id, i.kind, i.partner?.status, i.detail.code, i.fixPath]),
    ).toEqual([
      ['k2', 'reseller_inactive', 'suspended', 'reseller_suspended', '/organisations/k2'],
      ['k3', 'reseller_inactive', 'inactive', 'reseller_inactive', '/organisations/k3'],
      ['k4', 'customer_without_reseller', undefined, 'customer_without_reseller', '/organisations/k4'],
    ]);
  });

  it('flags partners without profile, without coordinates or located at another postal code', () => {
    const fact = { postalCode: '26121', hasProfile: true, hasCoordinates: true, locatedPostalCode: '26121' };
    const items = partnerItems([
      { partner: org('p1'), ...fact },
      { partner: org('p2'), ...fact, hasProfile: false, hasCoordinates: false, locatedPostalCode: null },
      { partner: org('p3'), ...fact, hasCoordinates: false, locatedPostalCode: null },
      { partner: org('p4'), ...fact, locatedPostalCode: '28195' },
    ]);
    expect(items.map((i) => [i.organisation.id, i.detail.code])).toEqual([
      ['p2', 'partner_without_profile'],
      ['p3', 'partner_not_located'],
      ['p4', 'partner_moved'],
    ]);
  });

  it('flags assets whose own reseller is not the customer’s', () => {
    const asset = { id: 'a1', serial: 'S1', productModel: 'LX 500' };
    const items = assetItems([
      { asset, customer: org('k1'), assetReseller: org('p1'), customerResellerId: 'p1' },
      {
        asset: { ...asset, id: 'a2' },
        customer: org('k2'),
        assetReseller: org('p1'),
        customerResellerId: 'p2',
      },
      {
        asset: { ...asset, id: 'a3' },
        customer: org('k3'),
        assetReseller: org('p1'),
        customerResellerId: null,
      },
    ]);
    expect(items.map((i) => [i.asset?.id, i.detail.code])).toEqual([
      ['a2', 'asset_reseller_differs'],
      ['a3', 'asset_reseller_customer_none'],
    ]);
  });

  it('sorts most severe first, then by number, and counts every kind', () => {
    const items = sortWorklist([
      ...customerItems([
        { customer: org('k10', 'K-100010'), reseller: null },
        { customer: org('k9', 'K-100009'), reseller: reseller('p', false, false) },
        { customer: org('k2', 'K-100002'), reseller: null },
      ]),
    ]);
    expect(items.map((i) => i.organisation.number)).toEqual(['K-100009', 'K-100002', 'K-100010']);
    expect(countByKind(items)).toEqual({
      reseller_inactive: 1,
      partner_without_coordinates: 0,
      asset_reseller_conflict: 0,
      customer_without_reseller: 2,
      lead_queued: 0,
    });
  });

  it('lists a queued lead as a task of its own that links to the lead', () => {
    const items = leadItems([
      {
        lead: { id: 'l1', number: 'L-2026-000007', rule: 'queue', explanationCode: 'no_eligible_partner' },
        customer: org('k3', 'K-100003'),
      },
    ]);
    expect(items).toEqual([
      {
        kind: 'lead_queued',
        severity: 'high',
        organisation: org('k3', 'K-100003'),
        lead: { id: 'l1', number: 'L-2026-000007' },
        detail: { code: 'lead_queued', params: { number: 'L-2026-000007', reason: 'no_eligible_partner' } },
        fixPath: '/channel/leads/l1',
      },
    ]);
  });
});
