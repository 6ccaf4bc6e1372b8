import { describe, expect, it } from 'vitest';
import { loadPostalCodes, STATE_CODES } from '../geo/postal-codes';
import { ROLES } from '../users/person.table';
import { buildDemoData, DEMO_PASSWORD } from './demo-data';

const postalCodes = loadPostalCodes();
const demo = buildDemoData(postalCodes);
const byKind = (kind: string) => demo.organisations.filter((organisation) => organisation.kind === kind);
const partners = byKind('partner');
const customers = byKind('customer');
const byKey = new Map(demo.organisations.map((organisation) => [organisation.key, organisation]));

// Real company and person names from shared/seeds; the demo must never use them.
const FORBIDDEN_NAMES = [
  'Lexmark',
  'Hucke',
  'Passmann',
  'Cyberport',
  'BildMobil',
  'Stay Friends',
  'StayFriends',
  'Phoneandmore',
  'Schierenberg',
  'Glaser',
  'Kaul',
  'Schwartz',
  'Xing',
  'DHL',
  'BRITA',
  'GOhiring',
];

describe('buildDemoData', () => {
  it('has one operator, one carrier, at least 45 resellers in all 16 states and 220 customers', () => {
    expect(byKind('operator')).toHaveLength(1);
    expect(byKind('operator')[0]).toMatchObject({
      key: 'operator',
      name: 'Printwerk Systeme AG',
      city: 'Hamburg',
    });
    expect(byKind('third_party')).toHaveLength(1);
    expect(byKind('third_party')[0]).toMatchObject({
      key: 'carrier',
      email: 'stoerung@fernmeldenetz-nord.example',
      ticketReferencePattern: 'FN-\\d{6}',
    });
    expect(new RegExp(byKind('third_party')[0]!.ticketReferencePattern!).exec('Vorgang FN-204711')?.[0]).toBe(
      'FN-204711',
    );
    expect(partners.length).toBeGreaterThanOrEqual(45);
    const partnerStates = new Set(partners.map((partner) => postalCodes.get(partner.postalCode)?.stateCode));
    expect([...partnerStates].sort()).toEqual([...STATE_CODES].sort());
    expect(customers.length).toBeGreaterThanOrEqual(220);
  });

  it('uses real postal codes with the index place as city', () => {
    for (const organisation of demo.organisations) {
      const entry = postalCodes.get(organisation.postalCode);
      expect(entry, organisation.postalCode).toBeDefined();
      expect(organisation.city).toBe(entry?.place);
      expect(organisation.country).toBe('DE');
    }
  });

  it('places every customer in the 2-digit postal area of some reseller', () => {
    const areas = new Set(partners.map((partner) => partner.postalCode.slice(0, 2)));
    for (const customer of customers) expect(areas).toContain(customer.postalCode.slice(0, 2));
  });

  it('links Bäckerei Sommer in Oldenburg to Nordwest IT as reseller of record', () => {
    expect(byKey.get('nordwest-it')).toMatchObject({
      kind: 'partner',
      name: 'Nordwest IT GmbH',
      city: 'Oldenburg',
      active: true,
    });
    expect(byKey.get('baeckerei-sommer')).toMatchObject({
      kind: 'customer',
      name: 'Bäckerei Sommer GmbH',
      postalCode: '26121',
      city: 'Oldenburg',
      resellerOfRecordKey: 'nordwest-it',
    });
  });

  it('gives about three in four customers a reseller of record, always a partner', () => {
    const withReseller = customers.filter((customer) => customer.resellerOfRecordKey);
    const share = withReseller.length / customers.length;
    expect(share).toBeGreaterThan(0.65);
    expect(share).toBeLessThan(0.85);
    for (const organisation of demo.organisations) {
      if (organisation.resellerOfRecordKey === undefined) continue;
      expect(organisation.kind).toBe('customer');
      expect(byKey.get(organisation.resellerOfRecordKey)?.kind).toBe('partner');
    }
  });

  it('has two inactive resellers that still are some customers’ reseller of record', () => {
    const inactive = partners.filter((partner) => !partner.active);
    expect(inactive).toHaveLength(2);
    for (const partner of inactive) {
      expect(customers.some((customer) => customer.resellerOfRecordKey === partner.key)).toBe(true);
    }
  });

  it('has one login user per role, and a second partner admin next to Nordwest IT, with the demo password', () => {
    expect(demo.password).toBe(DEMO_PASSWORD);
    expect(demo.password).toBe('channeldesk-demo');
    const logins = demo.people.filter((person) => person.loginPassword);
    expect(logins.flatMap((person) => person.roles).sort()).toEqual([...ROLES, 'partner_admin'].sort());
    expect(logins.find((person) => person.email === 'inhaber@weserbogen-it.example')).toMatchObject({
      organisationKey: 'weserbogen-it',
      roles: ['partner_admin'],
    });
    const loginOf = (email: string) => logins.find((person) => person.email === email);
    expect(loginOf('admin@printwerk.example')).toMatchObject({
      organisationKey: 'operator',
      roles: ['operator_admin'],
    });
    expect(loginOf('agent@printwerk.example')).toMatchObject({
      organisationKey: 'operator',
      roles: ['agent'],
    });
    expect(loginOf('channel@printwerk.example')?.roles).toEqual(['channel_manager']);
    expect(loginOf('billing@printwerk.example')?.roles).toEqual(['billing_clerk']);
    expect(loginOf('inhaber@nordwest-it.example')).toMatchObject({
      organisationKey: 'nordwest-it',
      roles: ['partner_admin'],
    });
    expect(loginOf('technik@nordwest-it.example')?.roles).toEqual(['partner_agent']);
    expect(loginOf('buero@baeckerei-sommer.example')).toMatchObject({
      organisationKey: 'baeckerei-sommer',
      roles: ['customer_user'],
    });
    expect(logins.some((person) => person.locale === 'en')).toBe(true);
    // Contacts never carry roles: a role without a password would be a login nobody can use.
    for (const person of demo.people.filter((p) => !p.loginPassword)) expect(person.roles).toEqual([]);
  });

  it('gives every customer 1–2 and every reseller 1–3 people', () => {
    // Generated contacts and the login users of the first partners and customers; Weserbogen IT's
    // extra login (scenario S1) comes on top.
    const count = (key: string) =>
      demo.people.filter(
        (person) => person.organisationKey === key && person.email !== 'inhaber@weserbogen-it.example',
      ).length;
    for (const customer of customers) expect(count(customer.key), customer.key).toBeGreaterThanOrEqual(1);
    for (const customer of customers) expect(count(customer.key), customer.key).toBeLessThanOrEqual(2);
    for (const partner of partners) expect(count(partner.key), partner.key).toBeGreaterThanOrEqual(1);
    for (const partner of partners) expect(count(partner.key), partner.key).toBeLessThanOrEqual(3);
    for (const person of demo.people) expect(byKey.has(person.organisationKey)).toBe(true);
  });

  it('uses unique, lower-case, ASCII e-mail addresses on .example domains only', () => {
    const emails = [...demo.organisations.map((o) => o.email), ...demo.people.map((p) => p.email)];
    expect(new Set(emails).size).toBe(emails.length);
    for (const email of emails) expect(email).toMatch(/^[a-z0-9.-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.example$/);
    expect(byKey.get('baeckerei-sommer')?.email).toMatch(/@baeckerei-sommer\.example$/);
  });

  it('has unique keys and names', () => {
    const keys = demo.organisations.map((organisation) => organisation.key);
    expect(new Set(keys).size).toBe(keys.length);
    const names = demo.organisations.map((organisation) => organisation.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives each organisation a VAT ID (DE + 9 digits) or a tax number', () => {
    for (const organisation of demo.organisations) {
      expect(organisation.vatId !== null || organisation.taxNumber !== null, organisation.key).toBe(true);
      if (organisation.vatId !== null) expect(organisation.vatId).toMatch(/^DE\d{9}$/);
      if (organisation.taxNumber !== null) {
        // The Länder layouts differ (93815/08152, 123/4567/8901, 21 815 08150); 10 or 11 digits.
        expect(organisation.taxNumber).toMatch(/^\d+([/ ]\d+){1,3}$/);
        expect(organisation.taxNumber.replace(/\D/g, '')).toMatch(/^\d{10,11}$/);
      }
    }
    expect(customers.some((customer) => customer.taxNumber !== null && customer.vatId === null)).toBe(true);
  });

  it('uses only the never-assigned drama phone numbers', () => {
    const phones = [...demo.organisations.map((o) => o.phone), ...demo.people.map((p) => p.phone)];
    const assigned = phones.filter((phone): phone is string => phone !== null);
    expect(new Set(assigned).size).toBe(assigned.length);
    for (const phone of assigned) {
      expect(phone).toMatch(/^(030 23125|040 66969|069 90009|0221 4710|089 99998)-\d{3}$/);
    }
  });

  it('is deterministic', () => {
    expect(buildDemoData(postalCodes)).toEqual(demo);
  });

  it('never uses the real names from the source stories', () => {
    const text = JSON.stringify(demo);
    for (const name of FORBIDDEN_NAMES) {
      expect(text, name).not.toMatch(new RegExp(`\\b${name}\\b`, 'i'));
    }
  });
});
