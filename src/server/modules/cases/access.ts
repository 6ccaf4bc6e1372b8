import { type Expression, expressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database, Db, Trx } from '../../db/database';
import type { Scope } from '../../shared/scope';
import { VISIBILITIES, type Visibility } from './case.table';

// Who sees what on a case, written once. Every read of cases, their entries and the organisations
// a partner may see goes through the conditions below: lists, detail, timeline, counts, search,
// the live stream, status links and the organisation directory.
//
// - The operator sees every case and every entry.
// - A customer sees its own organisation's cases, and only their public entries.
// - A partner sees a case when it is the case's partner or the customer's *current* reseller of
//   record (a former reseller of record loses the customer's cases unless it is still the case's
//   partner). It reads public entries, and partner entries that belong to it: those it wrote or
//   the operator addressed to it (`partner_organisation_id`), never those of another partner that
//   was on the case before or after.

/** Whose view of a case: the operator sees everything, a partner public and its partner entries, a customer public ones. */
export type Audience = 'operator' | 'partner' | 'customer';

export function audienceOf(scope: Scope): Audience {
  if (scope.kind === 'system' || scope.organisationKind === 'operator') return 'operator';
  return scope.organisationKind === 'partner' ? 'partner' : 'customer';
}

const VISIBLE: Record<Audience, readonly Visibility[]> = {
  operator: VISIBILITIES,
  partner: ['public', 'partner'],
  customer: ['public'],
};

/**
 * The visibilities an audience may read at all; internal entries never leave the operator. A
 * partner reads partner entries only of its own organisation: use entryVisibleTo / entryReadableBy.
 */
export function visibleTo(audience: Audience): readonly Visibility[] {
  return VISIBLE[audience];
}

/** Visibilities an audience may write: customers only public; partners public or partner. */
export function writableBy(audience: Audience): readonly Visibility[] {
  return VISIBLE[audience];
}

// ------------------------------------------------------------------ reseller of record

/**
 * The current reseller-of-record pairs (customer_id, partner_id): the one place that says what
 * "current" means. The table keeps every period; the current one of a customer is the open one
 * (valid_to null) of the customer itself (asset_id null). Without `db` it is a subquery for use
 * in other queries.
 */
function currentResellerOfRecord(db?: Db | Trx) {
  return (
    db
      ? db.selectFrom('reseller_of_record')
      : expressionBuilder<Database, never>().selectFrom('reseller_of_record')
  )
    .where('reseller_of_record.valid_to', 'is', null)
    .where('reseller_of_record.asset_id', 'is', null);
}

/** Subquery: the ids of the customers `partnerId` is the current reseller of record for. */
export function customersOfPartner(partnerId: string) {
  return currentResellerOfRecord()
    .select('reseller_of_record.customer_id')
    .where('reseller_of_record.partner_id', '=', partnerId);
}

/** Subquery for joins: the current (customer_id, partner_id) pairs, aliased as `alias`. */
export function currentResellerOfRecordRows<A extends string>(alias: A) {
  return currentResellerOfRecord()
    .select(['reseller_of_record.customer_id', 'reseller_of_record.partner_id'])
    .as(alias);
}

/** The customers a partner is the current reseller of record for, sorted. */
export async function currentCustomersOf(db: Db | Trx, partnerId: string): Promise<string[]> {
  const rows = await currentResellerOfRecord(db)
    .select('customer_id')
    .where('partner_id', '=', partnerId)
    .orderBy('customer_id')
    .execute();
  return rows.map((row) => row.customer_id);
}

/** A customer's current reseller-of-record period (its id, partner and start), if it has one. */
export async function currentResellerOfRecordPeriod(db: Db | Trx, customerId: string) {
  return currentResellerOfRecord(db)
    .select(['id', 'partner_id', 'valid_from'])
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
}

/** A customer's current reseller of record, or null. */
export async function currentResellerOf(db: Db | Trx, customerId: string): Promise<string | null> {
  const row = await currentResellerOfRecord(db)
    .select('partner_id')
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return row?.partner_id ?? null;
}

/** The current per-asset periods: open (valid_to null) and naming an asset. */
function currentAssetResellerOfRecord() {
  return expressionBuilder<Database, never>()
    .selectFrom('reseller_of_record')
    .where('reseller_of_record.valid_to', 'is', null)
    .where('reseller_of_record.asset_id', 'is not', null);
}

/** Subquery: the ids of the assets `partnerId` is the asset's own current reseller of record for. */
export function assetsOfPartner(partnerId: string) {
  return currentAssetResellerOfRecord()
    .select('reseller_of_record.asset_id')
    .where('reseller_of_record.partner_id', '=', partnerId);
}

/** Subquery for joins: the current per-asset (asset_id, partner_id) pairs, aliased as `alias`. */
export function currentAssetResellerOfRecordRows<A extends string>(alias: A) {
  return currentAssetResellerOfRecord()
    .select(['reseller_of_record.asset_id', 'reseller_of_record.partner_id'])
    .as(alias);
}

// ------------------------------------------------------------------ cases

/** The case type no partner sees, not even the customer's reseller of record or a partner named on it. */
export const PARTNER_HIDDEN_CASE_TYPE = 'invoice_request';

/**
 * SQL condition on `support_case` for the cases a scope may see: the operator all; a partner the
 * cases it is the partner of and those of the customers it is the current reseller of record
 * for, except invoice requests; a customer its own organisation's. Every case query goes through here.
 */
export function caseVisibleTo(scope: Scope) {
  if (audienceOf(scope) === 'operator' || scope.kind === 'system') return sql<boolean>`1 = 1`;
  const own = scope.organisationId;
  if (scope.organisationKind === 'partner') {
    // An invoice request is between the operator and the customer: its reply carries invoices,
    // and partners see no billing data at all.
    return sql<boolean>`(support_case.type <> ${PARTNER_HIDDEN_CASE_TYPE} and (support_case.partner_id = ${own} or support_case.customer_id in ${customersOfPartner(own)}))`;
  }
  return sql<boolean>`support_case.customer_id = ${own}`;
}

/** A case as far as the rule needs it. */
export type CaseParties = { customer_id: string; partner_id: string | null };

// ------------------------------------------------------------------ organisations

/**
 * SQL condition on an organisation id column (`column`, e.g. `organisation.id`) for the
 * organisations a scope may see: the operator all; a partner itself and the customers it is the
 * current reseller of record for; anyone else only their own organisation.
 */
export function organisationVisibleTo(scope: Scope, column: string): Expression<SqlBool> {
  if (audienceOf(scope) === 'operator' || scope.kind === 'system') return sql<SqlBool>`1 = 1`;
  const own = scope.organisationId;
  const ref = sql.ref(column);
  if (scope.organisationKind === 'partner') {
    return sql<SqlBool>`(${ref} = ${own} or ${ref} in ${customersOfPartner(own)})`;
  }
  return sql<SqlBool>`${ref} = ${own}`;
}

// ------------------------------------------------------------------ entries

/** A timeline entry as far as the rule needs it. */
export type EntryVisibility = { visibility: Visibility; partnerOrganisationId: string | null };

/** Who reads entries: the audience, and for a partner its organisation. */
export type EntryReader = { audience: Audience; organisationId: string };

export function entryReaderOf(scope: Scope): EntryReader {
  return { audience: audienceOf(scope), organisationId: scope.kind === 'user' ? scope.organisationId : '' };
}

/** Whether a reader may read an entry (the rule of entryVisibleTo, for entries already in memory). */
export function entryReadableBy(reader: EntryReader, entry: EntryVisibility): boolean {
  switch (reader.audience) {
    case 'operator':
      return true;
    case 'customer':
      return entry.visibility === 'public';
    case 'partner':
      return (
        entry.visibility === 'public' ||
        (entry.visibility === 'partner' && entry.partnerOrganisationId === reader.organisationId)
      );
  }
}

/**
 * SQL condition on an entry table (anything with `visibility` and `partner_organisation_id`:
 * case_message, case_event, case_attachment, or an alias of one) for the entries a scope may
 * read: the operator all, a customer public ones, a partner public ones and its own partner ones.
 * Combine it with caseVisibleTo for the entry's case.
 */
export function entryVisibleTo(scope: Scope, table: string): Expression<SqlBool> {
  const reader = entryReaderOf(scope);
  const visibility = sql.ref(`${table}.visibility`);
  switch (reader.audience) {
    case 'operator':
      return sql<SqlBool>`1 = 1`;
    case 'customer':
      return sql<SqlBool>`${visibility} = 'public'`;
    case 'partner':
      return sql<SqlBool>`(${visibility} = 'public' or (${visibility} = 'partner' and ${sql.ref(`${table}.partner_organisation_id`)} = ${reader.organisationId}))`;
  }
}

/**
 * The partner organisation a new entry belongs to. Only `partner` entries have one: the writer's
 * own organisation when a partner writes (`writerPartnerId`); otherwise the operator (or the
 * system) addresses it to the case's partner, else to the customer's current reseller of record.
 * Null when there is neither: then only the operator reads it.
 */
export async function partnerOrganisationOfEntry(
  db: Db | Trx,
  kase: CaseParties,
  visibility: Visibility,
  writerPartnerId: string | null,
): Promise<string | null> {
  if (visibility !== 'partner') return null;
  if (writerPartnerId) return writerPartnerId;
  return kase.partner_id ?? (await currentResellerOf(db, kase.customer_id));
}

/** The partner organisation of a writing scope, if it is a partner user. */
export function writerPartnerOf(scope: Scope): string | null {
  return scope.kind === 'user' && scope.organisationKind === 'partner' ? scope.organisationId : null;
}
