import { hashPassword } from '../src/server/modules/auth/password';
import type {
  OrganisationKind,
  OrganisationRow,
} from '../src/server/modules/organisations/organisation.table';
import { insertOrganisation, setResellerOfRecordRow } from '../src/server/modules/organisations/repository';
import type { PersonRow, Role } from '../src/server/modules/users/person.table';
import { insertPerson } from '../src/server/modules/users/repository';
import { isoNow } from '../src/server/shared/clock';
import { nextCounterValue } from '../src/server/shared/counter';
import type { Deps } from '../src/server/shared/deps';
import { newId } from '../src/server/shared/ids';
import type { Session } from './test-server';

export const TEST_PASSWORD = 'correct horse battery';
let passwordHash: Promise<string> | undefined;
let sequence = 0;

const PREFIX: Record<OrganisationKind, string> = {
  operator: 'O',
  partner: 'P',
  customer: 'K',
  third_party: 'D',
};

/** Inserts an organisation; a customer may name its reseller of record. */
export async function buildOrganisation(
  deps: Pick<Deps, 'db' | 'clock'>,
  overrides: Partial<OrganisationRow> & { kind: OrganisationKind; resellerOfRecordId?: string },
): Promise<OrganisationRow> {
  const { resellerOfRecordId, ...row } = overrides;
  const now = isoNow(deps.clock);
  const number = await nextCounterValue(deps.db, `organisation.${row.kind}`);
  sequence += 1;
  const organisation = await insertOrganisation(deps.db, {
    id: newId(),
    number: `${PREFIX[row.kind]}-${number}`,
    name: `${row.kind} ${sequence} GmbH`,
    street: 'Hauptstraße 1',
    postal_code: '26121',
    city: 'Oldenburg',
    country: 'DE',
    vat_id: null,
    tax_number: null,
    email: null,
    phone: null,
    active: 1,
    created_at: now,
    updated_at: now,
    ...row,
  });
  if (resellerOfRecordId) await setResellerOfRecordRow(deps.db, organisation.id, resellerOfRecordId, now);
  return organisation;
}

/** Inserts a person who can log in with TEST_PASSWORD (unless `login: false`). */
export async function buildUser(
  deps: Pick<Deps, 'db' | 'clock'>,
  organisation: OrganisationRow,
  roles: Role[],
  overrides: Partial<PersonRow> & { login?: boolean } = {},
): Promise<PersonRow> {
  const { login = true, ...row } = overrides;
  passwordHash ??= hashPassword(TEST_PASSWORD);
  sequence += 1;
  const now = isoNow(deps.clock);
  return insertPerson(deps.db, {
    id: newId(),
    organisation_id: organisation.id,
    name: `Person ${sequence}`,
    email: `person${sequence}-${newId().slice(-6)}@test.example`,
    phone: null,
    locale: 'de',
    time_zone: 'Europe/Berlin',
    roles: JSON.stringify(roles),
    password_hash: login ? await passwordHash : null,
    active: 1,
    failed_logins: 0,
    locked_until: null,
    created_at: now,
    updated_at: now,
    ...row,
  });
}

export type Channel = Awaited<ReturnType<typeof buildChannel>>;

/**
 * A small channel: the operator with one user per operator role, two partners each with a
 * partner admin and agent and two customers (with a customer user), and one direct customer.
 */
export async function buildChannel(deps: Pick<Deps, 'db' | 'clock'>) {
  const operator = await buildOrganisation(deps, { kind: 'operator', name: 'Printwerk Test AG' });
  const partnerA = await buildOrganisation(deps, { kind: 'partner', name: 'Nordwest IT GmbH' });
  const partnerB = await buildOrganisation(deps, {
    kind: 'partner',
    name: 'Systemhaus Süd GmbH',
    postal_code: '80331',
  });
  const customerA1 = await buildOrganisation(deps, {
    kind: 'customer',
    name: 'Bäckerei Sommer GmbH',
    resellerOfRecordId: partnerA.id,
  });
  const customerA2 = await buildOrganisation(deps, {
    kind: 'customer',
    name: 'Kanzlei Ahrens',
    resellerOfRecordId: partnerA.id,
  });
  const customerB1 = await buildOrganisation(deps, {
    kind: 'customer',
    name: 'Autohaus Brandl',
    resellerOfRecordId: partnerB.id,
  });
  const directCustomer = await buildOrganisation(deps, { kind: 'customer', name: 'Hotel Lindenhof' });
  const users = {
    operator_admin: await buildUser(deps, operator, ['operator_admin']),
    agent: await buildUser(deps, operator, ['agent']),
    channel_manager: await buildUser(deps, operator, ['channel_manager']),
    billing_clerk: await buildUser(deps, operator, ['billing_clerk']),
    partner_admin: await buildUser(deps, partnerA, ['partner_admin']),
    partner_agent: await buildUser(deps, partnerA, ['partner_agent']),
    customer_user: await buildUser(deps, customerA1, ['customer_user']),
    otherPartnerAdmin: await buildUser(deps, partnerB, ['partner_admin']),
  };
  return { operator, partnerA, partnerB, customerA1, customerA2, customerB1, directCustomer, users };
}

/**
 * Sets up, as an operator admin through the API, the usual SLA policy: first response in 60
 * minutes, silence 240, resolution 1440, warned 15 before, Monday to Friday 08:00–17:00 in Berlin
 * with Lower Saxony's holidays.
 */
export async function createStandardSlaPolicy(admin: Session): Promise<void> {
  const weekday = [['08:00', '17:00']];
  const response = await admin.request({
    method: 'POST',
    url: '/api/sla-policies',
    payload: {
      name: 'Standard',
      firstResponseMinutes: 60,
      silenceMinutes: 240,
      resolutionMinutes: 1440,
      warnBeforeMinutes: 15,
      calendar: {
        timeZone: 'Europe/Berlin',
        hours: { 1: weekday, 2: weekday, 3: weekday, 4: weekday, 5: weekday },
        holidayState: 'NI',
      },
    },
  });
  if (response.statusCode !== 201)
    throw new Error(`creating the SLA policy failed: ${response.statusCode} ${response.body}`);
}
