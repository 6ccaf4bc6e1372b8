import type { Db, Trx } from '../../db/database';
import { currentAssetResellerOfRecordRows, currentResellerOfRecordRows } from '../cases/access';
import type { PartnerGradeRow, PartnerProfileRow, PartnerProfileTable } from './partner-profile.table';
import type { AssetFact, CustomerFact, PartnerFact, QueuedLeadFact } from './worklist';

export async function findPartnerGrades(db: Db | Trx): Promise<PartnerGradeRow[]> {
  return db.selectFrom('partner_grade').selectAll().orderBy('weight', 'desc').orderBy('code').execute();
}

export async function findPartnerProfile(
  db: Db | Trx,
  organisationId: string,
): Promise<PartnerProfileRow | undefined> {
  return db
    .selectFrom('partner_profile')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
}

/** Inserts or replaces a partner's profile. */
export async function upsertPartnerProfile(
  db: Db | Trx,
  row: PartnerProfileTable,
): Promise<PartnerProfileRow> {
  const { organisation_id: _id, ...update } = row;
  return db
    .insertInto('partner_profile')
    .values(row)
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet(update))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Active organisations of `kind`, selected as the worklist names them (id, number, name): the base
 * of its customer and partner facts, which add their joins and columns.
 */
function activeOrganisations(db: Db | Trx, kind: 'customer' | 'partner') {
  return db
    .selectFrom('organisation as org')
    .select(['org.id', 'org.number', 'org.name'])
    .where('org.kind', '=', kind)
    .where('org.active', '=', 1);
}

const refOf = (row: { id: string; number: string; name: string }) => ({
  id: row.id,
  number: row.number,
  name: row.name,
});

/** Active customers with their current reseller of record (if any) and its state; read-only. */
export async function findCustomerResellerFacts(db: Db | Trx): Promise<CustomerFact[]> {
  const rows = await activeOrganisations(db, 'customer')
    .leftJoin(currentResellerOfRecordRows('current'), 'current.customer_id', 'org.id')
    .leftJoin('organisation as partner', 'partner.id', 'current.partner_id')
    .leftJoin('partner_profile', 'partner_profile.organisation_id', 'partner.id')
    .select([
      'partner.id as partner_id',
      'partner.number as partner_number',
      'partner.name as partner_name',
      'partner.active as partner_active',
      'partner_profile.suspended as partner_suspended',
    ])
    .execute();
  return rows.map((row) => ({
    customer: refOf(row),
    reseller:
      row.partner_id && row.partner_number && row.partner_name
        ? {
            id: row.partner_id,
            number: row.partner_number,
            name: row.partner_name,
            active: row.partner_active === 1,
            suspended: row.partner_suspended === 1,
          }
        : null,
  }));
}

/** Active partners with what their profile says about their location; read-only. */
export async function findPartnerLocationFacts(db: Db | Trx): Promise<PartnerFact[]> {
  const rows = await activeOrganisations(db, 'partner')
    .leftJoin('partner_profile', 'partner_profile.organisation_id', 'org.id')
    .select([
      'org.postal_code',
      'partner_profile.organisation_id as profile_id',
      'partner_profile.latitude',
      'partner_profile.longitude',
      'partner_profile.location_postal_code',
    ])
    .execute();
  return rows.map((row) => ({
    partner: refOf(row),
    postalCode: row.postal_code,
    hasProfile: row.profile_id !== null,
    hasCoordinates: row.latitude !== null && row.longitude !== null,
    locatedPostalCode: row.location_postal_code,
  }));
}

/** Assets of active customers that have their own current reseller of record; read-only. */
export async function findAssetResellerFacts(db: Db | Trx): Promise<AssetFact[]> {
  const rows = await db
    .selectFrom('asset')
    .innerJoin('organisation as customer', 'customer.id', 'asset.customer_id')
    .innerJoin(currentAssetResellerOfRecordRows('aror'), 'aror.asset_id', 'asset.id')
    .innerJoin('organisation as reseller', 'reseller.id', 'aror.partner_id')
    .leftJoin(currentResellerOfRecordRows('cror'), 'cror.customer_id', 'customer.id')
    .select([
      'asset.id',
      'asset.serial',
      'asset.product_model',
      'customer.id as customer_id',
      'customer.number as customer_number',
      'customer.name as customer_name',
      'reseller.id as reseller_id',
      'reseller.number as reseller_number',
      'reseller.name as reseller_name',
      'cror.partner_id as customer_reseller_id',
    ])
    .where('customer.active', '=', 1)
    .execute();
  return rows.map((row) => ({
    asset: { id: row.id, serial: row.serial, productModel: row.product_model },
    customer: { id: row.customer_id, number: row.customer_number, name: row.customer_name },
    assetReseller: { id: row.reseller_id, number: row.reseller_number, name: row.reseller_name },
    customerResellerId: row.customer_reseller_id ?? null,
  }));
}

/** Leads waiting in the channel manager's queue, oldest first; read-only. */
export async function findQueuedLeadFacts(db: Db | Trx): Promise<QueuedLeadFact[]> {
  const rows = await db
    .selectFrom('lead')
    .innerJoin('organisation as customer', 'customer.id', 'lead.customer_id')
    .select([
      'lead.id',
      'lead.number',
      'lead.routing_rule',
      'lead.routing_explanation',
      'customer.id as customer_id',
      'customer.number as customer_number',
      'customer.name as customer_name',
    ])
    .where('lead.status', '=', 'queued')
    .orderBy('lead.created_at')
    .execute();
  return rows.map((row) => {
    let code: string | null = null;
    try {
      code = (JSON.parse(row.routing_explanation) as { code?: string }).code ?? null;
    } catch {
      code = null;
    }
    return {
      lead: { id: row.id, number: row.number, rule: row.routing_rule, explanationCode: code },
      customer: { id: row.customer_id, number: row.customer_number, name: row.customer_name },
    };
  });
}
