import type { Deps } from '../../shared/deps';
import type { UserScope } from '../../shared/scope';
import { currentResellerOfRecordRows } from '../cases/access';
import { createLead } from '../channel/lead-create';
import { acceptLead, declineLead, reportLeadOutcome, updateLead } from '../channel/lead-partner-steps';
import { routeLead } from '../channel/lead-routing';
import { loadRoutingInput } from '../channel/lead-routing-input';
import { locatePostalCode } from '../channel/service';
import { distanceKm } from '../geo/postal-codes';
import type { Role } from '../users/person.table';

// A handful of demo leads in every state, made through the lead service so their routing
// explanations and histories are real. They keep away (over 300 km) from Bäckerei Sommer in
// Oldenburg: scenario S1 routes its renewal lead there, and the partners around it keep their
// capacity and their empty inboxes for that journey.

const FAR_KM = 300;
const DAY_MS = 86_400_000;

type Person = { id: string; name: string; email: string; organisation_id: string; roles: string };

/**
 * The scope a demo person acts in. Most demo partners' people are contacts without a login; as
 * the actors of the demo history they act as their partner's admin would.
 */
function scopeOf(person: Person, kind: 'operator' | 'partner'): UserScope {
  const roles = JSON.parse(person.roles) as Role[];
  return {
    kind: 'user',
    personId: person.id,
    name: person.name,
    email: person.email,
    organisationId: person.organisation_id,
    organisationKind: kind,
    roles: kind === 'partner' ? ['partner_admin'] : roles,
    via: 'session',
  };
}

async function firstWithRole(
  deps: Deps,
  organisationKind: 'operator' | 'partner',
  role: Role,
  organisationId?: string,
) {
  let query = deps.db
    .selectFrom('person')
    .innerJoin('organisation', 'organisation.id', 'person.organisation_id')
    .select(['person.id', 'person.name', 'person.email', 'person.organisation_id', 'person.roles'])
    .where('organisation.kind', '=', organisationKind)
    .where('person.active', '=', 1)
    .where('person.roles', 'like', `%"${role}"%`)
    .orderBy('person.email');
  if (organisationId) query = query.where('person.organisation_id', '=', organisationId);
  return query.executeTakeFirst();
}

async function firstPerson(deps: Deps, organisationId: string): Promise<Person | undefined> {
  return deps.db
    .selectFrom('person')
    .select(['id', 'name', 'email', 'organisation_id', 'roles'])
    .where('organisation_id', '=', organisationId)
    .where('active', '=', 1)
    .orderBy('email')
    .executeTakeFirst();
}

/** Makes the demo leads; returns how many. Does nothing without a channel manager. */
export async function seedDemoLeads(deps: Deps): Promise<number> {
  const manager = await firstWithRole(deps, 'operator', 'channel_manager');
  if (!manager) return 0;
  const operator = scopeOf(manager, 'operator');
  const sommer = await deps.db
    .selectFrom('organisation')
    .select(['country', 'postal_code'])
    .where('name', '=', 'Bäckerei Sommer GmbH')
    .executeTakeFirst();
  const home = sommer ? locatePostalCode(sommer.country, sommer.postal_code) : null;
  const customers = await deps.db
    .selectFrom('organisation as customer')
    .leftJoin(currentResellerOfRecordRows('ror'), 'ror.customer_id', 'customer.id')
    .leftJoin('organisation as partner', 'partner.id', 'ror.partner_id')
    .leftJoin('partner_profile', 'partner_profile.organisation_id', 'partner.id')
    .select([
      'customer.id',
      'customer.country',
      'customer.postal_code',
      'ror.partner_id',
      'partner.active as partner_active',
      'partner_profile.suspended',
    ])
    .where('customer.kind', '=', 'customer')
    .where('customer.active', '=', 1)
    .orderBy('customer.number', 'desc')
    .execute();
  const far = customers.filter((customer) => {
    const at = locatePostalCode(customer.country, customer.postal_code);
    return at !== null && (home === null || distanceKm(home, at) > FAR_KM);
  });
  // A partner's admin if it has one, else its first person (see scopeOf).
  const partnerAdmin = async (partnerId: string | null) =>
    partnerId
      ? ((await firstWithRole(deps, 'partner', 'partner_admin', partnerId)) ??
        (await firstPerson(deps, partnerId)))
      : undefined;

  // Customers whose active reseller of record has a partner admin, each with a different reseller.
  const withRecord: { customerId: string; admin: Person }[] = [];
  for (const customer of far) {
    if (withRecord.length === 4) break;
    if (!customer.partner_id || customer.partner_active !== 1 || customer.suspended === 1) continue;
    if (withRecord.some((entry) => entry.admin.organisation_id === customer.partner_id)) continue;
    const admin = await partnerAdmin(customer.partner_id);
    if (admin) withRecord.push({ customerId: customer.id, admin });
  }
  let count = 0;
  const now = deps.clock.now();
  const [offered, working, won, lost] = withRecord;
  if (offered) {
    await createLead(deps, operator, {
      customerId: offered.customerId,
      kind: 'new_device',
      productLine: 'notebooks',
      note: 'Zehn neue Notebooks für die Verwaltung angefragt.',
    });
    count += 1;
  }
  if (working) {
    const scope = scopeOf(working.admin, 'partner');
    const lead = await createLead(deps, operator, {
      customerId: working.customerId,
      kind: 'service_contract',
      note: 'Wartungsvertrag für die Druckerflotte.',
    });
    await acceptLead(deps, scope, lead.id);
    await updateLead(deps, scope, lead.id, {
      assignedPersonId: working.admin.id,
      stage: 'offer_sent',
      nextActivityAt: new Date(now.getTime() + 3 * DAY_MS).toISOString(),
      nextActivityNote: 'Angebot telefonisch besprechen',
      expectedValueCents: 480_000,
    });
    count += 1;
  }
  if (won) {
    const scope = scopeOf(won.admin, 'partner');
    const lead = await createLead(deps, operator, {
      customerId: won.customerId,
      kind: 'new_device',
      productLine: 'multifunction',
    });
    await acceptLead(deps, scope, lead.id);
    await reportLeadOutcome(deps, scope, lead.id, {
      outcome: 'won',
      valueCents: 312_000,
      date: now.toISOString().slice(0, 10),
      reason: 'Zwei Multifunktionsgeräte mit Servicevertrag bestellt.',
    });
    count += 1;
  }
  if (lost) {
    const scope = scopeOf(lost.admin, 'partner');
    const lead = await createLead(deps, operator, { customerId: lost.customerId, kind: 'other' });
    await acceptLead(deps, scope, lead.id);
    await reportLeadOutcome(deps, scope, lead.id, {
      outcome: 'lost',
      date: now.toISOString().slice(0, 10),
      reason: 'Kunde hat sich für ein günstigeres Angebot entschieden.',
    });
    count += 1;
  }

  // The queue: a customer whose reseller of record is inactive or suspended.
  const orphaned = customers.find(
    (customer) => customer.partner_id && (customer.partner_active !== 1 || customer.suspended === 1),
  );
  if (orphaned) {
    await createLead(deps, operator, {
      customerId: orphaned.id,
      kind: 'new_device',
      note: 'Anfrage über die Website.',
    });
    count += 1;
  }

  // Declined and re-routed: a customer without a record, with at least two eligible partners nearby.
  for (const customer of far) {
    if (customer.partner_id) continue;
    const decision = routeLead(
      await loadRoutingInput(deps.db, {
        id: '00000000-0000-7000-8000-000000000000',
        customer_id: customer.id,
        kind: 'new_device',
        product_line: null,
        asset_id: null,
      }),
    );
    const eligible = decision.candidates.filter((candidate) => candidate.excluded === null);
    if (decision.rule !== 'nearest' || eligible.length < 2) continue;
    const first = await partnerAdmin(decision.partnerId);
    if (!first) continue;
    const lead = await createLead(deps, operator, {
      customerId: customer.id,
      kind: 'new_device',
      note: 'Neue Arbeitsplätze für eine Zweigstelle.',
    });
    await declineLead(deps, scopeOf(first, 'partner'), lead.id, {
      reason: 'Keine Kapazität in diesem Monat.',
    });
    count += 1;
    break;
  }
  return count;
}
