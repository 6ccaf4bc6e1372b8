import type { Db, Trx } from '../../db/database';
import type { OrganisationKind } from '../organisations/organisation.table';
import type { ApiTokenRow, SessionRow } from './auth.table';

export async function insertSession(db: Db | Trx, row: SessionRow): Promise<void> {
  await db.insertInto('session').values(row).execute();
}

export async function touchSession(db: Db, id: string, lastSeenAt: string, expiresAt: string): Promise<void> {
  await db
    .updateTable('session')
    .set({ last_seen_at: lastSeenAt, expires_at: expiresAt })
    .where('id', '=', id)
    .execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('session').where('id', '=', id).execute();
}

export async function deleteSessionsOfPerson(db: Db | Trx, personId: string): Promise<void> {
  await db.deleteFrom('session').where('person_id', '=', personId).execute();
}

export async function insertApiToken(db: Db | Trx, row: ApiTokenRow): Promise<void> {
  await db.insertInto('api_token').values(row).execute();
}

export async function findApiTokensOfPerson(db: Db, personId: string): Promise<ApiTokenRow[]> {
  return db
    .selectFrom('api_token')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('id', 'desc')
    .execute();
}

export async function touchApiToken(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('api_token').set({ last_used_at: at }).where('id', '=', id).execute();
}

/** Revokes one of the person's own tokens; false when there is no such live token. */
export async function revokeApiToken(db: Trx, personId: string, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('api_token')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('person_id', '=', personId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** What authenticating a request needs about the person behind a session or token, in one query. */
export type Principal = {
  person_id: string;
  name: string;
  email: string;
  roles: string;
  active: number;
  has_password: number;
  organisation_id: string;
  organisation_kind: OrganisationKind;
  organisation_active: number;
};

function selectPrincipal(db: Db) {
  return db
    .selectFrom('person')
    .innerJoin('organisation', 'organisation.id', 'person.organisation_id')
    .select((eb) => [
      'person.id as person_id',
      'person.name',
      'person.email',
      'person.roles',
      'person.active',
      eb.case().when('person.password_hash', 'is', null).then(0).else(1).end().as('has_password'),
      'person.organisation_id',
      'organisation.kind as organisation_kind',
      'organisation.active as organisation_active',
    ]);
}

export async function findSessionWithPrincipal(db: Db, id: string) {
  return selectPrincipal(db)
    .innerJoin('session', 'session.person_id', 'person.id')
    .select(['session.csrf_token', 'session.expires_at', 'session.last_seen_at'])
    .where('session.id', '=', id)
    .executeTakeFirst();
}

export async function findApiTokenWithPrincipal(db: Db, tokenHash: string) {
  return selectPrincipal(db)
    .innerJoin('api_token', 'api_token.person_id', 'person.id')
    .select([
      'api_token.id as token_id',
      'api_token.scopes',
      'api_token.expires_at',
      'api_token.revoked_at',
      'api_token.last_used_at',
    ])
    .where('api_token.token_hash', '=', tokenHash)
    .executeTakeFirst();
}
