import { isoNow } from '../../shared/clock';
import { nextCounterValue } from '../../shared/counter';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { hashPassword } from '../auth/password';
import { seedDemoS2 } from '../billing/demo-s2';
import { seedDemoBilling } from '../billing/demo-seed';
import { loadPostalCodes } from '../geo/postal-codes';
import { countOrganisations, insertOrganisation, setResellerOfRecordRow } from '../organisations/repository';
import { seedDemoTriage } from '../triage/demo-seed';
import { insertPerson } from '../users/repository';
import { buildDemoData, type DemoPerson } from './demo-data';
import { seedDemoAssets } from './seed-assets';
import { seedDemoCases } from './seed-cases';
import { seedDemoPartnerProfiles } from './seed-channel';
import { seedDemoLeads } from './seed-leads';
import { seedDemoMailbox } from './seed-mail';

const NUMBER_PREFIX = {
  operator: ['O', 0],
  partner: ['P', 10_000],
  customer: ['K', 100_000],
  third_party: ['D', 0],
} as const;

export type SeedResult = {
  organisations: number;
  people: number;
  cases: number;
  logins: DemoPerson[];
  password: string;
};

/** Loads the fictitious demo data into an empty database; does nothing when organisations exist. */
export async function seedDemoData(deps: Deps): Promise<SeedResult | null> {
  if ((await countOrganisations(deps.db)) > 0) return null;
  const data = buildDemoData(loadPostalCodes());
  // One hash for all demo logins: hashing is deliberately slow, and the password is public anyway.
  const passwordHash = await hashPassword(data.password);
  const now = isoNow(deps.clock);
  const idByKey = new Map<string, string>();
  await deps.db.transaction().execute(async (trx) => {
    for (const org of data.organisations) {
      const id = newId();
      idByKey.set(org.key, id);
      const [prefix, start] = NUMBER_PREFIX[org.kind];
      const sequence = await nextCounterValue(trx, `organisation.${org.kind}`);
      await insertOrganisation(trx, {
        id,
        number: `${prefix}-${start + sequence}`,
        kind: org.kind,
        name: org.name,
        street: org.street,
        postal_code: org.postalCode,
        city: org.city,
        country: org.country,
        vat_id: org.vatId,
        tax_number: org.taxNumber,
        email: org.email,
        phone: org.phone,
        active: org.active ? 1 : 0,
        ticket_reference_pattern: org.ticketReferencePattern ?? null,
        created_at: now,
        updated_at: now,
      });
    }
    for (const org of data.organisations) {
      if (!org.resellerOfRecordKey) continue;
      await setResellerOfRecordRow(trx, idByKey.get(org.key)!, idByKey.get(org.resellerOfRecordKey)!, now);
    }
    for (const person of data.people) {
      await insertPerson(trx, {
        id: newId(),
        organisation_id: idByKey.get(person.organisationKey)!,
        name: person.name,
        salutation: person.salutation,
        email: person.email,
        phone: person.phone,
        locale: person.locale,
        time_zone: 'Europe/Berlin',
        roles: JSON.stringify(person.roles),
        password_hash: person.loginPassword ? passwordHash : null,
        active: 1,
        failed_logins: 0,
        locked_until: null,
        created_at: now,
        updated_at: now,
      });
    }
  });
  await seedDemoPartnerProfiles(deps);
  await seedDemoBilling(deps);
  await seedDemoS2(deps);
  await seedDemoAssets(deps);
  await seedDemoLeads(deps);
  await seedDemoTriage(deps);
  const cases = await seedDemoCases(deps);
  await seedDemoMailbox(deps);
  return {
    cases,
    organisations: data.organisations.length,
    people: data.people.length,
    logins: data.people.filter((p) => p.loginPassword),
    password: data.password,
  };
}
