import { sql } from 'kysely';
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

/**
 * Takes one login attempt for the person, atomically: counts it as a failure in advance and
 * locks the account when this attempt is the last one allowed (a right password clears both
 * afterwards). Undefined when the account is locked or its allowed attempts are all in flight,
 * so however many requests arrive at once, no more than `maxFailures` passwords are checked
 * per lock period. An expired lock starts the count afresh.
 */
export async function claimLoginAttempt(
  db: Db,
  id: string,
  attempt: { now: string; maxFailures: number; lockUntil: string },
): Promise<{ failed_logins: number; locked_until: string | null } | undefined> {
  const expired = sql<boolean>`(locked_until is not null and locked_until <= ${attempt.now})`;
  const count = sql<number>`(case when ${expired} then 1 else failed_logins + 1 end)`;
  return db
    .updateTable('person')
    .set({
      failed_logins: count,
      locked_until: sql<
        string | null
      >`(case when ${count} >= ${attempt.maxFailures} then ${attempt.lockUntil} else null end)`,
    })
    .where('id', '=', id)
    .where(sql<boolean>`((locked_until is null and failed_logins < ${attempt.maxFailures}) or ${expired})`)
    .returning(['failed_logins', 'locked_until'])
    .executeTakeFirst();
}

/** After a right password: the failures counted so far and any lock are forgotten. */
export async function clearLoginFailures(db: Db, id: string): Promise<void> {
  await db.updateTable('person').set({ failed_logins: 0, locked_until: null }).where('id', '=', id).execute();
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
