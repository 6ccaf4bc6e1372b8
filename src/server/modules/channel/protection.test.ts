import { describe, expect, it } from 'vitest';
import {
  conflictsFor,
  decideDirectOffer,
  describeProtection,
  likelyCustomers,
  normaliseFirmName,
  type Protection,
  protectingPartners,
  registrationConflicts,
} from './protection';

const nordwest = { id: 'p-nordwest', name: 'Nordwest IT GmbH' };
const sued = { id: 'p-sued', name: 'Systemhaus Süd GmbH' };

const reseller = (partner = nordwest): Protection => ({
  source: 'reseller_of_record',
  partner,
  subjectId: null,
  productLine: null,
  until: null,
});
const lead = (partner = nordwest, productLine: string | null = null): Protection => ({
  source: 'lead',
  partner,
  subjectId: `lead-${partner.id}`,
  productLine,
  until: '2026-12-20T09:00:00.000Z',
});
const registration = (partner = nordwest, productLine = 'printers'): Protection => ({
  source: 'registration',
  partner,
  subjectId: `reg-${partner.id}`,
  productLine,
  until: '2027-03-01T09:00:00.000Z',
});

const none = new Set<string>();

describe('direct offers', () => {
  it('go ahead when nobody protects the customer, with nobody named', () => {
    expect(decideDirectOffer([], null, none)).toEqual({
      allowed: true,
      partner: null,
      sources: [],
      clearance: null,
    });
  });

  it('are blocked by an active reseller of record, a held lead or an approved registration, naming the partner and why', () => {
    for (const protection of [reseller(), lead(), registration()]) {
      expect(decideDirectOffer([protection], undefined, none)).toEqual({
        allowed: false,
        reason: 'blocked',
        partner: nordwest,
        sources: [protection.source],
      });
    }
  });

  it('name the strongest protection first and every source of that partner', () => {
    const decision = decideDirectOffer([registration(sued), lead(), reseller()], null, none);
    expect(decision).toEqual({
      allowed: false,
      reason: 'blocked',
      partner: nordwest,
      sources: ['reseller_of_record', 'lead'],
    });
    expect(describeProtection(nordwest, ['reseller_of_record', 'lead'])).toBe(
      'Nordwest IT GmbH (reseller of record, holds a lead)',
    );
  });

  it('go ahead with the partner’s consent, which names the partner', () => {
    expect(
      decideDirectOffer([reseller()], { kind: 'partner_consent', note: 'Herr Nord am Telefon, 6.12.' }, none),
    ).toEqual({
      allowed: true,
      partner: nordwest,
      sources: ['reseller_of_record'],
      clearance: 'partner_consent',
    });
  });

  it('go ahead on a decline only when the protecting partner really declined a lead of the customer', () => {
    expect(
      decideDirectOffer([reseller()], { kind: 'partner_declined' }, new Set([nordwest.id])),
    ).toMatchObject({
      allowed: true,
      partner: nordwest,
      clearance: 'partner_declined',
    });
    expect(decideDirectOffer([reseller()], { kind: 'partner_declined' }, new Set([sued.id]))).toEqual({
      allowed: false,
      reason: 'not_declined',
      partner: nordwest,
      sources: ['reseller_of_record'],
    });
  });

  it('need a decline of every protecting partner: the one that did not decline is named', () => {
    const protections = [reseller(), registration(sued)];
    expect(decideDirectOffer(protections, { kind: 'partner_declined' }, new Set([nordwest.id]))).toEqual({
      allowed: false,
      reason: 'not_declined',
      partner: sued,
      sources: ['registration'],
    });
    expect(
      decideDirectOffer(protections, { kind: 'partner_declined' }, new Set([nordwest.id, sued.id])),
    ).toMatchObject({ allowed: true, partner: nordwest });
  });
});

describe('protecting partners', () => {
  it('lists each partner once, strongest source first', () => {
    expect(protectingPartners([lead(sued), registration(), lead(), reseller()])).toEqual([
      { partner: nordwest, sources: ['reseller_of_record', 'lead', 'registration'] },
      { partner: sued, sources: ['lead'] },
    ]);
  });
});

describe('deal registration conflicts', () => {
  it('ignore the registering partner’s own protection', () => {
    expect(registrationConflicts(nordwest.id, 'printers', [reseller(), lead(), registration()])).toEqual([]);
  });

  it('flag another partner’s reseller of record, held lead and approved registration of the line', () => {
    expect(
      registrationConflicts(sued.id, 'printers', [registration(), lead(nordwest, 'printers'), reseller()]),
    ).toEqual([
      { kind: 'reseller_of_record', partnerId: nordwest.id, partnerName: nordwest.name, until: null },
      {
        kind: 'lead',
        partnerId: nordwest.id,
        partnerName: nordwest.name,
        subjectId: 'lead-p-nordwest',
        until: '2026-12-20T09:00:00.000Z',
      },
      {
        kind: 'registration',
        partnerId: nordwest.id,
        partnerName: nordwest.name,
        subjectId: 'reg-p-nordwest',
        until: '2027-03-01T09:00:00.000Z',
      },
    ]);
  });

  it('leave out leads and registrations of another product line; a lead without a line counts for all', () => {
    const conflicts = registrationConflicts(sued.id, 'Printers', [
      registration(nordwest, 'copiers'),
      lead(nordwest, 'copiers'),
      lead(nordwest, null),
    ]);
    expect(conflicts.map((c) => [c.kind, c.subjectId])).toEqual([['lead', 'lead-p-nordwest']]);
  });

  it('show the partner only the kind, the operator everything', () => {
    const conflicts = registrationConflicts(sued.id, 'printers', [reseller()]);
    expect(conflictsFor(conflicts, false)).toEqual([{ kind: 'reseller_of_record' }]);
    expect(conflictsFor(conflicts, true)).toEqual(conflicts);
  });
});

describe('likely existing customers', () => {
  it('normalise umlauts, case, punctuation and legal forms', () => {
    expect(normaliseFirmName('Bäckerei Sommer GmbH')).toBe('baeckerei sommer');
    expect(normaliseFirmName('BAECKEREI SOMMER')).toBe('baeckerei sommer');
    expect(normaliseFirmName('Müller & Söhne GmbH & Co. KG')).toBe('mueller soehne');
    expect(normaliseFirmName('Blumen Wiese e.K.')).toBe('blumen wiese');
    expect(normaliseFirmName('Café Größe UG (haftungsbeschränkt)')).toBe('cafe groesse');
  });

  it('match the same normalised name at the same postal code only', () => {
    const customers = [
      { id: 'k1', name: 'Bäckerei Sommer GmbH', postalCode: '26121' },
      { id: 'k2', name: 'Bäckerei Sommer GmbH', postalCode: '80331' },
      { id: 'k3', name: 'Bäckerei Winter GmbH', postalCode: '26121' },
    ];
    expect(likelyCustomers({ name: 'Baeckerei Sommer', postalCode: ' 26121 ' }, customers)).toEqual([
      customers[0],
    ]);
    expect(likelyCustomers({ name: 'GmbH', postalCode: '26121' }, customers)).toEqual([]);
    expect(likelyCustomers({ name: 'Bäckerei Sommer', postalCode: null }, customers)).toEqual([]);
  });
});
