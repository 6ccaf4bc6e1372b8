import type { Db, Trx } from '../../db/database';
import type { Scope } from '../../shared/scope';
import { scopeOrganisations } from '../organisations/repository';
import type { NewPersonRow, PersonRow, PersonUpdate } from './person.table';

export async function insertPerson(db: Db | Trx, row: NewPersonRow): Promise<PersonRow> {
  return db.insertInto('person').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updatePerson(db: Db | Trx, id: string, update: PersonUpdate): Promise<PersonRow> {
  return db.updateTable('person').set(update).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Unscoped: used by login and password reset, before anyone is known. */
export async function findPersonByEmailUnscoped(db: Db | Trx, email: string): Promise<PersonRow | undefined> {
  return db.selectFrom('person').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

/** Unscoped: used by session resolution once the session proves who is asking. */
export async function findPersonByIdUnscoped(db: Db | Trx, id: string): Promise<PersonRow | undefined> {
  return db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A person, if their organisation is visible in the scope. */
export async function findPerson(db: Db | Trx, scope: Scope, id: string): Promise<PersonRow | undefined> {
  return scopeOrganisations(
    db.selectFrom('person').innerJoin('organisation', 'organisation.id', 'person.organisation_id'),
    scope,
  )
    .selectAll('person')
    .where('person.id', '=', id)
    .executeTakeFirst();
}

/** People of organisations visible in the scope, optionally of one organisation or users only. */
export async function findPeople(
  db: Db,
  scope: Scope,
  filter: { organisationId?: string; usersOnly?: boolean; after?: string; limit: number },
): Promise<PersonRow[]> {
  let query = scopeOrganisations(
    db.selectFrom('person').innerJoin('organisation', 'organisation.id', 'person.organisation_id'),
    scope,
  )
    .selectAll('person')
    .orderBy('person.id')
    .limit(filter.limit);
  if (filter.organisationId) query = query.where('person.organisation_id', '=', filter.organisationId);
  if (filter.usersOnly) query = query.where('person.roles', '!=', '[]');
  if (filter.after) query = query.where('person.id', '>', filter.after);
  return query.execute();
}
