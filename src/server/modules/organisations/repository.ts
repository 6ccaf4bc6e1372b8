import type { SelectQueryBuilder } from 'kysely';
import type { Db, Trx } from '../../db/database';
import { containsOperator, type DialectName } from '../../db/dialect';
import { newId } from '../../shared/ids';
import { isOperator, type Scope } from '../../shared/scope';
import {
  currentResellerOfRecordPeriod,
  currentResellerOfRecordRows,
  organisationVisibleTo,
} from '../cases/access';
import type {
  NewOrganisationRow,
  OrganisationKind,
  OrganisationRow,
  OrganisationUpdate,
  ResellerOfRecordRow,
} from './organisation.table';

/**
 * Restricts a query to rows whose organisation (the column `organisationColumn`) the scope may
 * see: an operator all; a partner itself and the customers it is the current reseller of record
 * for; anyone else only their own organisation. Every organisation-bound query goes through here;
 * the rule itself is the one cases use (cases/access.ts).
 */
// biome-ignore lint/suspicious/noExplicitAny: works on any query that selects an organisation id column
export function scopeOrganisations<QB extends SelectQueryBuilder<any, any, any>>(
  query: QB,
  scope: Scope,
  organisationColumn = 'organisation.id',
): QB {
  if (isOperator(scope)) return query;
  return query.where(organisationVisibleTo(scope, organisationColumn)) as QB;
}

export type OrganisationWithReseller = OrganisationRow & {
  reseller_id: string | null;
  reseller_number: string | null;
  reseller_name: string | null;
};

function selectOrganisations(db: Db | Trx, scope: Scope) {
  return scopeOrganisations(
    db
      .selectFrom('organisation')
      .leftJoin(
        currentResellerOfRecordRows('reseller_of_record'),
        'reseller_of_record.customer_id',
        'organisation.id',
      )
      .leftJoin('organisation as reseller', 'reseller.id', 'reseller_of_record.partner_id'),
    scope,
  )
    .selectAll('organisation')
    .select([
      'reseller.id as reseller_id',
      'reseller.number as reseller_number',
      'reseller.name as reseller_name',
    ]);
}

export async function findOrganisation(
  db: Db | Trx,
  scope: Scope,
  id: string,
): Promise<OrganisationWithReseller | undefined> {
  return selectOrganisations(db, scope).where('organisation.id', '=', id).executeTakeFirst();
}

export type OrganisationFilter = {
  kind?: OrganisationKind;
  q?: string;
  resellerId?: string;
  /** Keyset: continue after this (name, id). */
  after?: { name: string; id: string };
  limit: number;
};

export async function findOrganisations(
  db: Db,
  dialect: DialectName,
  scope: Scope,
  filter: OrganisationFilter,
): Promise<OrganisationWithReseller[]> {
  let query = selectOrganisations(db, scope)
    .orderBy('organisation.name')
    .orderBy('organisation.id')
    .limit(filter.limit);
  if (filter.kind) query = query.where('organisation.kind', '=', filter.kind);
  if (filter.resellerId) query = query.where('reseller_of_record.partner_id', '=', filter.resellerId);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const op = containsOperator(dialect);
    query = query.where((eb) =>
      eb.or([
        eb('organisation.name', op, like),
        eb('organisation.number', op, like),
        eb('organisation.city', op, like),
        eb('organisation.postal_code', 'like', `${filter.q}%`),
      ]),
    );
  }
  const after = filter.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('organisation.name', '>', after.name),
        eb.and([eb('organisation.name', '=', after.name), eb('organisation.id', '>', after.id)]),
      ]),
    );
  }
  return query.execute();
}

export async function insertOrganisation(db: Db | Trx, row: NewOrganisationRow): Promise<OrganisationRow> {
  return db.insertInto('organisation').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateOrganisation(
  db: Trx,
  id: string,
  update: OrganisationUpdate,
): Promise<OrganisationRow> {
  return db
    .updateTable('organisation')
    .set(update)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Locks the organisation row for the rest of the transaction (PostgreSQL); SQLite transactions are already exclusive. */
export async function lockOrganisation(trx: Trx, dialect: DialectName, id: string): Promise<void> {
  if (dialect === 'postgres')
    await trx.selectFrom('organisation').select('id').where('id', '=', id).forUpdate().execute();
}

export type ResellerOfRecordChange = {
  changedByPersonId: string | null;
  changedByLabel: string;
  reason: string;
};

/**
 * Makes `partnerId` the customer's current reseller of record from `at` on: closes the current
 * period (if any) and opens a new one (unless `partnerId` is null). The caller has checked that
 * the partner changes.
 */
export async function setResellerOfRecordRow(
  db: Trx | Db,
  customerId: string,
  partnerId: string | null,
  at: string,
  change: ResellerOfRecordChange = { changedByPersonId: null, changedByLabel: 'system', reason: 'initial' },
) {
  const current = await currentResellerOfRecordPeriod(db, customerId);
  if (current) {
    await db
      .updateTable('reseller_of_record')
      .set({ valid_to: at })
      .where('id', '=', current.id)
      .where('valid_to', 'is', null)
      .execute();
  }
  if (partnerId !== null) {
    await db
      .insertInto('reseller_of_record')
      .values({
        id: newId(),
        customer_id: customerId,
        partner_id: partnerId,
        asset_id: null,
        valid_from: at,
        valid_to: null,
        changed_by_person_id: change.changedByPersonId,
        changed_by_label: change.changedByLabel,
        reason: change.reason,
      })
      .execute();
  }
}

/**
 * Makes `partnerId` an asset's own current reseller of record from `at` on (null: the asset
 * follows its customer's again): closes the asset's open period and opens a new one.
 */
export async function setAssetResellerOfRecordRow(
  db: Trx | Db,
  customerId: string,
  assetId: string,
  partnerId: string | null,
  at: string,
  change: ResellerOfRecordChange,
): Promise<string | null> {
  const current = await db
    .selectFrom('reseller_of_record')
    .select(['id', 'partner_id'])
    .where('asset_id', '=', assetId)
    .where('valid_to', 'is', null)
    .executeTakeFirst();
  const before = current?.partner_id ?? null;
  if (before === partnerId) return before;
  if (current) {
    await db.updateTable('reseller_of_record').set({ valid_to: at }).where('id', '=', current.id).execute();
  }
  if (partnerId !== null) {
    await db
      .insertInto('reseller_of_record')
      .values({
        id: newId(),
        customer_id: customerId,
        partner_id: partnerId,
        asset_id: assetId,
        valid_from: at,
        valid_to: null,
        changed_by_person_id: change.changedByPersonId,
        changed_by_label: change.changedByLabel,
        reason: change.reason,
      })
      .execute();
  }
  return before;
}

export type ResellerOfRecordPeriodRow = ResellerOfRecordRow & {
  partner_number: string;
  partner_name: string;
};

/** Every period of a customer's own reseller of record (not per asset), oldest first. */
export async function findResellerOfRecordHistory(
  db: Db | Trx,
  customerId: string,
): Promise<ResellerOfRecordPeriodRow[]> {
  return db
    .selectFrom('reseller_of_record')
    .innerJoin('organisation as partner', 'partner.id', 'reseller_of_record.partner_id')
    .selectAll('reseller_of_record')
    .select(['partner.number as partner_number', 'partner.name as partner_name'])
    .where('reseller_of_record.customer_id', '=', customerId)
    .where('reseller_of_record.asset_id', 'is', null)
    .orderBy('reseller_of_record.valid_from')
    .orderBy('reseller_of_record.id')
    .execute();
}

export async function countOrganisations(db: Db): Promise<number> {
  const row = await db
    .selectFrom('organisation')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
