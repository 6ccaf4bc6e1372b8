import { sql } from 'kysely';
import { LEAD_HELD_STATUSES } from '../../../shared/channel';
import type { Db, Trx } from '../../db/database';
import { newId } from '../../shared/ids';
import type { LeadRow, LeadStepRow, LeadUpdate, NewLeadRow } from './lead.table';

// Reads and writes of leads and their routing history. Who may see which lead is decided in
// leads.ts (leadVisibleTo); the routing input is loaded in lead-routing-input.ts.

/** A lead with the names the API shows beside its ids. */
export type LeadWithNames = LeadRow & {
  customer_name: string;
  customer_street: string | null;
  customer_postal_code: string | null;
  customer_city: string | null;
  partner_name: string | null;
  asset_serial: string | null;
  asset_product_model: string | null;
  asset_product_line: string | null;
  asset_warranty_end: string | null;
  assigned_person_name: string | null;
};

export function selectLeads(db: Db | Trx) {
  return db
    .selectFrom('lead')
    .innerJoin('organisation as customer', 'customer.id', 'lead.customer_id')
    .leftJoin('organisation as partner', 'partner.id', 'lead.partner_id')
    .leftJoin('asset', 'asset.id', 'lead.asset_id')
    .leftJoin('person as assigned', 'assigned.id', 'lead.assigned_person_id')
    .selectAll('lead')
    .select([
      'customer.name as customer_name',
      'customer.street as customer_street',
      'customer.postal_code as customer_postal_code',
      'customer.city as customer_city',
      'partner.name as partner_name',
      'asset.serial as asset_serial',
      'asset.product_model as asset_product_model',
      'asset.product_line as asset_product_line',
      'asset.warranty_end as asset_warranty_end',
      'assigned.name as assigned_person_name',
    ]);
}

export async function insertLead(trx: Trx, row: NewLeadRow): Promise<void> {
  await trx.insertInto('lead').values(row).execute();
}

export async function findLeadRow(db: Db | Trx, id: string): Promise<LeadRow | undefined> {
  return db.selectFrom('lead').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Changes a lead only if it is still in the state the caller saw (`expect`): the row-level
 * condition makes a concurrent second change (another worker, a double click) change nothing.
 * Returns the changed row, or undefined when the lead had moved on.
 */
export async function updateLeadIf(
  trx: Trx,
  id: string,
  expect: Partial<Pick<LeadRow, 'status' | 'partner_id' | 'protected_until' | 'updated_at'>>,
  update: LeadUpdate,
): Promise<LeadRow | undefined> {
  let query = trx.updateTable('lead').set(update).where('id', '=', id);
  for (const [column, value] of Object.entries(expect) as [keyof typeof expect, string | null][]) {
    query = value === null ? query.where(column, 'is', null) : query.where(column, '=', value);
  }
  return query.returningAll().executeTakeFirst();
}

export type NewLeadStep = Omit<LeadStepRow, 'id'>;

export async function insertLeadStep(trx: Trx, step: NewLeadStep): Promise<void> {
  await trx
    .insertInto('lead_step')
    .values({ id: newId(), ...step })
    .execute();
}

export type LeadStepWithName = LeadStepRow & { partner_name: string | null };

export async function findLeadSteps(db: Db | Trx, leadId: string): Promise<LeadStepWithName[]> {
  return db
    .selectFrom('lead_step')
    .leftJoin('organisation', 'organisation.id', 'lead_step.partner_id')
    .selectAll('lead_step')
    .select('organisation.name as partner_name')
    .where('lead_step.lead_id', '=', leadId)
    .orderBy('lead_step.at')
    .orderBy('lead_step.id')
    .execute();
}

/** Partners that declined the lead, let it time out or had it taken away by a channel manager. */
export async function findTriedPartnerIds(db: Db | Trx, leadId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('lead_step')
    .select('partner_id')
    .distinct()
    .where('lead_id', '=', leadId)
    .where('action', 'in', ['declined', 'timed_out', 'rerouted'])
    .where('partner_id', 'is not', null)
    .execute();
  return rows.map((row) => row.partner_id!);
}

/** Subquery: the ids of the leads `partnerId` was ever offered (it holds or held them). */
export function leadsOfferedTo(partnerId: string) {
  return sql`(select lead_step.lead_id from lead_step where lead_step.action = 'routed' and lead_step.partner_id = ${partnerId})`;
}

/** Open leads per partner (offered or accepted): the load routing compares with the capacity. */
export async function countOpenLeadsByPartner(
  db: Db | Trx,
  onlyPartnerId?: string,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('lead')
    .select(['partner_id', (eb) => eb.fn.countAll<number | string>().as('open')])
    .where('status', 'in', [...LEAD_HELD_STATUSES])
    .where('partner_id', 'is not', null)
    .$if(onlyPartnerId !== undefined, (query) => query.where('partner_id', '=', onlyPartnerId!))
    .groupBy('partner_id')
    .execute();
  return new Map(rows.map((row) => [row.partner_id!, Number(row.open)]));
}

/** Names of organisations by id (for candidates). */
export async function findOrganisationNames(db: Db | Trx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('organisation').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

export type LeadRecipient = { email: string; name: string; locale: 'de' | 'en' };

/**
 * Who at a partner hears of its leads: its profile's lead contacts that are active, else its
 * active partner admins.
 */
export async function findLeadRecipients(db: Db | Trx, partnerId: string): Promise<LeadRecipient[]> {
  const profile = await db
    .selectFrom('partner_profile')
    .select('lead_contact_ids')
    .where('organisation_id', '=', partnerId)
    .executeTakeFirst();
  const contactIds = profile ? (JSON.parse(profile.lead_contact_ids) as string[]) : [];
  const people = db
    .selectFrom('person')
    .select(['email', 'name', 'locale'])
    .where('organisation_id', '=', partnerId)
    .where('active', '=', 1)
    .orderBy('name');
  if (contactIds.length > 0) {
    const contacts = await people.where('id', 'in', contactIds).execute();
    if (contacts.length > 0) return contacts;
  }
  return people.where('roles', 'like', '%"partner_admin"%').execute();
}

export type RenewalCandidate = {
  id: string;
  customer_id: string;
  product_line: string;
  warranty_end: string;
};

/** Assets of active customers whose warranty ends within [from, to] (dates YYYY-MM-DD). */
export async function findAssetsDueForRenewal(
  db: Db | Trx,
  from: string,
  to: string,
): Promise<RenewalCandidate[]> {
  const rows = await db
    .selectFrom('asset')
    .innerJoin('organisation as customer', 'customer.id', 'asset.customer_id')
    .select(['asset.id', 'asset.customer_id', 'asset.product_line', 'asset.warranty_end'])
    .where('asset.warranty_end', '>=', from)
    .where('asset.warranty_end', '<=', to)
    .where('customer.active', '=', 1)
    .orderBy('asset.warranty_end')
    .orderBy('asset.id')
    .execute();
  return rows.map((row) => ({ ...row, warranty_end: row.warranty_end! }));
}
