import type { SelectQueryBuilder } from 'kysely';
import type { Db, Trx } from '../../db/database';
import { containsOperator, type DialectName } from '../../db/dialect';
import { isOperator, type Scope } from '../../shared/scope';
import { currentResellerOfRecordRows, organisationVisibleTo } from '../cases/access';
import type {
  NewOrganisationRow,
  OrganisationKind,
  OrganisationRow,
  OrganisationUpdate,
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

export async function findResellerOfRecord(db: Db | Trx, customerId: string) {
  return db
    .selectFrom('reseller_of_record')
    .selectAll()
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
}

export async function setResellerOfRecordRow(
  db: Trx | Db,
  customerId: string,
  partnerId: string | null,
  since: string,
) {
  await db.deleteFrom('reseller_of_record').where('customer_id', '=', customerId).execute();
  if (partnerId !== null) {
    await db
      .insertInto('reseller_of_record')
      .values({ customer_id: customerId, partner_id: partnerId, since })
      .execute();
  }
}

export async function countOrganisations(db: Db): Promise<number> {
  const row = await db
    .selectFrom('organisation')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
