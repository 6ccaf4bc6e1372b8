// Read-only queries of the leads report. Counting and summing happen in SQL, on both dialects;
// PostgreSQL returns count and sum as strings (bigint, numeric), so every number goes through num().
// Times are ISO-8601 UTC text in both dialects, so period bounds compare as strings.

import { type RawBuilder, sql } from 'kysely';
import type { Db, Trx } from '../../db/database';
import type { DialectName } from '../../db/dialect';
import type {
  DirectContactKindCount,
  PeriodBounds,
  RenewalMonthCount,
  RoutingReasonRow,
} from './lead-report';

type Reader = Db | Trx;

const num = (value: unknown): number => Number(value ?? 0);

/** The `code` of a lead's routing explanation (JSON text). */
function explanationCode(dialect: DialectName, column: string): RawBuilder<string | null> {
  const ref = sql.ref(column);
  return dialect === 'postgres'
    ? sql<string | null>`(${ref}::jsonb ->> 'code')`
    : sql<string | null>`json_extract(${ref}, '$.code')`;
}

/** Leads created in the period, by the rule and explanation code of the decision that placed them where they are. */
export async function countLeadsByRoutingReason(
  db: Reader,
  dialect: DialectName,
  bounds: PeriodBounds,
): Promise<RoutingReasonRow[]> {
  const code = explanationCode(dialect, 'lead.routing_explanation');
  const rows = await db
    .selectFrom('lead')
    .select(['lead.routing_rule as rule', code.as('code'), (eb) => eb.fn.countAll().as('count')])
    .where('lead.created_at', '>=', bounds.start)
    .where('lead.created_at', '<', bounds.end)
    .groupBy(['lead.routing_rule', code])
    .execute();
  return rows.map((row) => ({ rule: row.rule, code: row.code ?? '', count: num(row.count) }));
}

/**
 * Leads created in the period whose reseller of record at creation (the asset's own period if the
 * lead names an asset that had one, else the customer's) is not the partner that holds or held the
 * lead: another partner, or nobody (queue, worklist). The base query; callers count or list it.
 */
function outsideRecordQuery(db: Reader, bounds: PeriodBounds) {
  return db
    .selectFrom('lead')
    .leftJoin('reseller_of_record as cr', (join) =>
      join
        .onRef('cr.customer_id', '=', 'lead.customer_id')
        .on('cr.asset_id', 'is', null)
        .onRef('cr.valid_from', '<=', 'lead.created_at')
        .on((eb) =>
          eb.or([eb('cr.valid_to', 'is', null), eb('cr.valid_to', '>', eb.ref('lead.created_at'))]),
        ),
    )
    .leftJoin('reseller_of_record as ar', (join) =>
      join
        // An asset's periods carry its customer: the customer index finds them (no index on asset_id).
        .onRef('ar.customer_id', '=', 'lead.customer_id')
        .onRef('ar.asset_id', '=', 'lead.asset_id')
        .onRef('ar.valid_from', '<=', 'lead.created_at')
        .on((eb) =>
          eb.or([eb('ar.valid_to', 'is', null), eb('ar.valid_to', '>', eb.ref('lead.created_at'))]),
        ),
    )
    .where('lead.created_at', '>=', bounds.start)
    .where('lead.created_at', '<', bounds.end);
}

const recordPartner = sql<string | null>`coalesce(ar.partner_id, cr.partner_id)`;

export type OutsideCounts = { leadsWithRecord: number; toOtherPartner: number; toNoPartner: number };

export async function countOutsideResellerOfRecord(db: Reader, bounds: PeriodBounds): Promise<OutsideCounts> {
  const row = await outsideRecordQuery(db, bounds)
    .select([
      (eb) => eb.fn.countAll().as('with_record'),
      sql<number>`sum(case when lead.partner_id is not null and lead.partner_id <> ${recordPartner} then 1 else 0 end)`.as(
        'other_partner',
      ),
      sql<number>`sum(case when lead.partner_id is null then 1 else 0 end)`.as('no_partner'),
    ])
    .where(recordPartner, 'is not', null)
    .executeTakeFirst();
  return {
    leadsWithRecord: num(row?.with_record),
    toOtherPartner: num(row?.other_partner),
    toNoPartner: num(row?.no_partner),
  };
}

export type OutsideLeadRow = {
  leadId: string;
  number: string;
  createdAt: string;
  status: string;
  rule: string;
  code: string;
  customer: { id: string; name: string };
  resellerOfRecord: { id: string; name: string };
  partner: { id: string; name: string } | null;
};

/** The outside leads themselves, newest first. */
export async function listOutsideResellerOfRecord(
  db: Reader,
  dialect: DialectName,
  bounds: PeriodBounds,
  limit: number,
): Promise<OutsideLeadRow[]> {
  const rows = await outsideRecordQuery(db, bounds)
    .innerJoin('organisation as customer', 'customer.id', 'lead.customer_id')
    .innerJoin('organisation as record', (join) => join.on('record.id', '=', recordPartner))
    .leftJoin('organisation as holder', 'holder.id', 'lead.partner_id')
    .select([
      'lead.id',
      'lead.number',
      'lead.created_at',
      'lead.status',
      'lead.routing_rule',
      explanationCode(dialect, 'lead.routing_explanation').as('code'),
      'customer.id as customer_id',
      'customer.name as customer_name',
      'record.id as record_id',
      'record.name as record_name',
      'holder.id as holder_id',
      'holder.name as holder_name',
    ])
    .where((eb) =>
      eb.or([eb('lead.partner_id', 'is', null), eb('lead.partner_id', '<>', eb.ref('record.id'))]),
    )
    .orderBy('lead.created_at', 'desc')
    .orderBy('lead.number', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    leadId: row.id,
    number: row.number,
    createdAt: row.created_at,
    status: row.status,
    rule: row.routing_rule,
    code: row.code ?? '',
    customer: { id: row.customer_id, name: row.customer_name },
    resellerOfRecord: { id: row.record_id, name: row.record_name },
    partner: row.holder_id && row.holder_name ? { id: row.holder_id, name: row.holder_name } : null,
  }));
}

/** Direct contacts recorded in the period, per kind, split by protection and clearance. */
export async function countDirectContacts(
  db: Reader,
  bounds: PeriodBounds,
): Promise<DirectContactKindCount[]> {
  const rows = await db
    .selectFrom('direct_contact')
    .select([
      'kind',
      (eb) => eb.fn.countAll().as('total'),
      sql<number>`sum(case when protecting_partner_id is null then 1 else 0 end)`.as('unprotected'),
      sql<number>`sum(case when protecting_partner_id is not null and clearance is not null then 1 else 0 end)`.as(
        'cleared',
      ),
      sql<number>`sum(case when protecting_partner_id is not null and clearance is null then 1 else 0 end)`.as(
        'without_clearance',
      ),
    ])
    .where('created_at', '>=', bounds.start)
    .where('created_at', '<', bounds.end)
    .groupBy('kind')
    .execute();
  return rows.map((row) => ({
    kind: row.kind,
    total: num(row.total),
    unprotected: num(row.unprotected),
    cleared: num(row.cleared),
    withoutClearance: num(row.without_clearance),
  }));
}

export type DirectContactListRow = {
  id: string;
  createdAt: string;
  kind: string;
  customer: { id: string; name: string };
  /** The customer's reseller of record when the contact was recorded. */
  resellerOfRecord: { id: string; name: string } | null;
  protectingPartner: { id: string; name: string } | null;
  clearance: string | null;
  createdBy: string;
};

/** The contacts without partner involvement (see buildDirectContactRows), newest first. */
export async function listDirectContactsWithoutPartner(
  db: Reader,
  bounds: PeriodBounds,
  limit: number,
): Promise<DirectContactListRow[]> {
  const rows = await db
    .selectFrom('direct_contact as dc')
    .innerJoin('organisation as customer', 'customer.id', 'dc.customer_id')
    .innerJoin('person', 'person.id', 'dc.created_by_person_id')
    .leftJoin('organisation as protector', 'protector.id', 'dc.protecting_partner_id')
    .leftJoin('reseller_of_record as cr', (join) =>
      join
        .onRef('cr.customer_id', '=', 'dc.customer_id')
        .on('cr.asset_id', 'is', null)
        .onRef('cr.valid_from', '<=', 'dc.created_at')
        .on((eb) => eb.or([eb('cr.valid_to', 'is', null), eb('cr.valid_to', '>', eb.ref('dc.created_at'))])),
    )
    .leftJoin('organisation as record', 'record.id', 'cr.partner_id')
    .select([
      'dc.id',
      'dc.created_at',
      'dc.kind',
      'dc.clearance',
      'customer.id as customer_id',
      'customer.name as customer_name',
      'record.id as record_id',
      'record.name as record_name',
      'protector.id as protector_id',
      'protector.name as protector_name',
      'person.name as created_by',
    ])
    .where('dc.created_at', '>=', bounds.start)
    .where('dc.created_at', '<', bounds.end)
    .where((eb) => eb.or([eb('dc.protecting_partner_id', 'is', null), eb('dc.clearance', 'is', null)]))
    .orderBy('dc.created_at', 'desc')
    .orderBy('dc.id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.created_at,
    kind: row.kind,
    customer: { id: row.customer_id, name: row.customer_name },
    resellerOfRecord: row.record_id && row.record_name ? { id: row.record_id, name: row.record_name } : null,
    protectingPartner:
      row.protector_id && row.protector_name ? { id: row.protector_id, name: row.protector_name } : null,
    clearance: row.clearance,
    createdBy: row.created_by,
  }));
}

/**
 * Assets whose warranty ends in [start, end), per month, and how many of them have a renewal lead:
 * the renewal job's lead for that warranty end (`renewal_key`, unique: one index lookup per asset),
 * or any warranty-extension lead naming the asset (one pass over the leads, joined by hash or an
 * automatic index, never a scan of the leads per asset).
 */
export async function countRenewalsDue(
  db: Reader,
  range: { start: string; end: string },
): Promise<RenewalMonthCount[]> {
  const month = sql<string>`substr(asset.warranty_end, 1, 7)`;
  const extensions = db
    .selectFrom('lead')
    .select('lead.asset_id')
    .distinct()
    .where('lead.kind', '=', 'warranty_extension')
    .where('lead.asset_id', 'is not', null)
    .as('extension');
  const rows = await db
    .selectFrom('asset')
    .leftJoin('lead as renewal', (join) =>
      join.on('renewal.renewal_key', '=', sql<string>`asset.id || ':' || asset.warranty_end`),
    )
    .leftJoin(extensions, 'extension.asset_id', 'asset.id')
    .select([
      month.as('month'),
      (eb) => eb.fn.countAll().as('assets'),
      sql<number>`sum(case when renewal.id is not null or extension.asset_id is not null then 1 else 0 end)`.as(
        'with_lead',
      ),
    ])
    .where('asset.warranty_end', '>=', range.start)
    .where('asset.warranty_end', '<', range.end)
    .groupBy(month)
    .execute();
  return rows.map((row) => ({ month: row.month, assets: num(row.assets), withLead: num(row.with_lead) }));
}
