import type { Db, Trx } from '../../db/database';
import { currentAssetResellerOfRecordRows, currentResellerOf } from '../cases/access';
import type { LeadRow } from './lead.table';
import { countOpenLeadsByPartner, findTriedPartnerIds } from './lead-repository';
import type { RoutingInput, RoutingPartner } from './lead-routing';
import { buildPartnerIndex, type PartnerIndex } from './partner-index';
import { locatePostalCode, partnerStatus } from './service';

// Feeds the pure router (`routeLead`) from the database: the customer's location, the resellers of
// record of the asset and the customer (current as cases/access.ts defines it), every partner with
// its profile and open-lead count, and the partners that already tried this lead.

/** Every partner organisation as routing sees it, by id; with `onlyId`, just that one (if a partner). */
export async function loadRoutingPartners(
  db: Db | Trx,
  onlyId?: string,
): Promise<Map<string, RoutingPartner>> {
  const [rows, open] = await Promise.all([
    db
      .selectFrom('organisation')
      .leftJoin('partner_profile', 'partner_profile.organisation_id', 'organisation.id')
      .leftJoin('partner_grade', 'partner_grade.code', 'partner_profile.grade_code')
      .select([
        'organisation.id',
        'organisation.name',
        'organisation.active',
        'partner_profile.organisation_id as profile_id',
        'partner_profile.suspended',
        'partner_profile.capacity',
        'partner_profile.service_radius_km',
        'partner_profile.product_lines',
        'partner_profile.latitude',
        'partner_profile.longitude',
        'partner_grade.weight',
      ])
      .where('organisation.kind', '=', 'partner')
      .$if(onlyId !== undefined, (query) => query.where('organisation.id', '=', onlyId!))
      .execute(),
    countOpenLeadsByPartner(db, onlyId),
  ]);
  const partners = new Map<string, RoutingPartner>();
  for (const row of rows) {
    partners.set(row.id, {
      id: row.id,
      name: row.name,
      status: partnerStatus(
        row.active === 1,
        row.profile_id === null ? undefined : { suspended: row.suspended ?? 0 },
      ),
      gradeWeight: row.weight ?? 0,
      capacity: row.capacity ?? null,
      openLeads: open.get(row.id) ?? 0,
      // Without a profile a partner has no radius and no location: never routed to by distance.
      serviceRadiusKm: row.service_radius_km ?? 0,
      productLines: row.product_lines ? (JSON.parse(row.product_lines) as string[]) : [],
      location:
        row.latitude !== null &&
        row.longitude !== null &&
        row.latitude !== undefined &&
        row.longitude !== undefined
          ? { latitude: row.latitude, longitude: row.longitude }
          : null,
    });
  }
  return partners;
}

/**
 * Every partner read once for a batch of leads (the renewal job), with the partner index built once.
 * The partners' `openLeads` are the batch's to keep current: `countPlacement` raises the holder's
 * load after each placed lead, so capacity holds across the batch. Changes others make meanwhile
 * (a partner closing a lead, a profile edit) are seen by the next batch, not this one.
 */
export type RoutingPartnerSet = {
  byId: Map<string, RoutingPartner>;
  list: RoutingPartner[];
  index: PartnerIndex;
};

export async function loadRoutingPartnerSet(db: Db | Trx): Promise<RoutingPartnerSet> {
  const byId = await loadRoutingPartners(db);
  const list = [...byId.values()];
  return { byId, list, index: buildPartnerIndex(list) };
}

/** A lead now held (offered) by `partnerId` counts towards its open leads for the rest of the batch. */
export function countPlacement(set: RoutingPartnerSet, partnerId: string | null): void {
  const partner = partnerId === null ? undefined : set.byId.get(partnerId);
  if (partner) partner.openLeads += 1;
}

/** A lead `partnerId` held has left it (timed out, taken away): one open lead fewer for the rest of the batch. */
export function countRelease(set: RoutingPartnerSet, partnerId: string | null): void {
  const partner = partnerId === null ? undefined : set.byId.get(partnerId);
  if (partner && partner.openLeads > 0) partner.openLeads -= 1;
}

/**
 * The input `routeLead` needs for `lead`, read in the caller's transaction. With `partnerSet`, the
 * partners (and their index) come from it instead of being read again; the decision is the same.
 */
export async function loadRoutingInput(
  db: Db | Trx,
  lead: Pick<LeadRow, 'id' | 'customer_id' | 'kind' | 'product_line' | 'asset_id'>,
  extraTried: readonly string[] = [],
  partnerSet?: RoutingPartnerSet,
): Promise<RoutingInput> {
  const customer = await db
    .selectFrom('organisation')
    .select(['country', 'postal_code'])
    .where('id', '=', lead.customer_id)
    .executeTakeFirstOrThrow();
  const [partners, customerRecord, assetRecord, tried] = await Promise.all([
    partnerSet ? partnerSet.byId : loadRoutingPartners(db),
    currentResellerOf(db, lead.customer_id),
    lead.asset_id
      ? db
          .selectFrom(currentAssetResellerOfRecordRows('aror'))
          .select('aror.partner_id')
          .where('aror.asset_id', '=', lead.asset_id)
          .executeTakeFirst()
      : Promise.resolve(undefined),
    findTriedPartnerIds(db, lead.id),
  ]);
  const location = locatePostalCode(customer.country, customer.postal_code);
  return {
    customer: {
      id: lead.customer_id,
      location: location ? { latitude: location.latitude, longitude: location.longitude } : null,
      approximate: location?.approximate ?? false,
    },
    lead: { kind: lead.kind, productLine: lead.product_line, assetId: lead.asset_id },
    assetResellerOfRecord: assetRecord ? (partners.get(assetRecord.partner_id) ?? null) : null,
    customerResellerOfRecord: customerRecord ? (partners.get(customerRecord) ?? null) : null,
    partners: partnerSet ? partnerSet.list : [...partners.values()],
    triedPartnerIds: [...new Set([...tried, ...extraTried])],
    ...(partnerSet ? { partnerIndex: partnerSet.index } : {}),
  };
}
