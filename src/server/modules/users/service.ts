import { enqueueOutbox } from '../../jobs/outbox';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { hasRole, requireRole, type Scope, type UserScope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import { hashPassword } from '../auth/password';
import { enqueuePasswordLink } from '../auth/service';
import { findOrganisation } from '../organisations/repository';
import { addressTakenMail } from './address-taken-mail';
import type { PersonRow } from './person.table';
import {
  findPeople,
  findPerson,
  findPersonByEmailUnscoped,
  findPersonByIdUnscoped,
  insertPerson,
  updatePerson,
} from './repository';
import { invalidRolesFor, parseRoles } from './roles';
import type { CreateUserBody, Me, Person, UpdateMeBody, UpdateUserBody } from './schemas';

const USER_ADMIN_ROLES = ['operator_admin', 'partner_admin'] as const;

function toPerson(row: PersonRow): Person {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    salutation: row.salutation,
    locale: row.locale,
    timeZone: row.time_zone,
    roles: parseRoles(row.roles),
    canLogIn: row.password_hash !== null,
    active: row.active === 1,
    createdAt: row.created_at,
  };
}

// Audit snapshots never contain the password hash.
function auditable(row: PersonRow): Omit<PersonRow, 'password_hash'> {
  const { password_hash: _hash, ...rest } = row;
  return rest;
}

export async function getMe(deps: Deps, scope: UserScope): Promise<Me> {
  const person = await findPersonByIdUnscoped(deps.db, scope.personId);
  const organisation = await findOrganisation(deps.db, scope, scope.organisationId);
  if (!person || !organisation) throw new AppError('unauthenticated', 'Please log in again');
  return {
    id: person.id,
    name: person.name,
    email: person.email,
    locale: person.locale,
    timeZone: person.time_zone,
    roles: parseRoles(person.roles),
    organisation: {
      id: organisation.id,
      number: organisation.number,
      name: organisation.name,
      kind: organisation.kind,
    },
  };
}

export async function updateMe(deps: Deps, scope: UserScope, input: UpdateMeBody): Promise<Me> {
  await deps.db.transaction().execute(async (trx) => {
    const before = await findPersonByIdUnscoped(trx, scope.personId);
    if (!before) throw new AppError('unauthenticated', 'Please log in again');
    const after = await updatePerson(trx, scope.personId, {
      name: input.name,
      locale: input.locale,
      time_zone: input.timeZone,
      updated_at: isoNow(deps.clock),
    });
    await recordAudit(trx, scope, deps.clock, {
      action: 'person.updated',
      entityType: 'person',
      entityId: scope.personId,
      before: auditable(before),
      after: auditable(after),
    });
  });
  return getMe(deps, scope);
}

/** Operator admins manage everyone; partner admins the people of their own organisation. */
function requireUserAdminFor(scope: Scope, organisationId: string): void {
  requireRole(scope, USER_ADMIN_ROLES);
  if (
    scope.kind === 'user' &&
    !hasRole(scope, ['operator_admin']) &&
    scope.organisationId !== organisationId
  ) {
    throw AppError.notFound('Organisation');
  }
}

/**
 * Creates a person. With roles, they become a user: with a password they can log in at once;
 * without one they get an invitation mail with a link to choose it.
 *
 * E-mail addresses are unique across all organisations. An address already taken by a person the
 * caller can see is a 409 naming the field. One taken by a person the caller cannot see (for a
 * partner admin: anyone outside its own organisation and customers) is answered exactly like a
 * creation, so the form cannot be used to find out who else uses channeldesk: nothing is
 * created or changed, the address's owner is told by mail, and the attempt is audited for the
 * operator.
 */
export async function createUser(deps: Deps, scope: Scope, input: CreateUserBody): Promise<Person> {
  requireUserAdminFor(scope, input.organisationId);
  const organisation = await findOrganisation(deps.db, scope, input.organisationId);
  if (!organisation) throw AppError.notFound('Organisation');
  const invalid = invalidRolesFor(organisation.kind, input.roles);
  if (invalid.length > 0) {
    throw AppError.field(
      'roles',
      `${invalid.join(', ')} not allowed for a ${organisation.kind} organisation`,
    );
  }
  const taken = await findPersonByEmailUnscoped(deps.db, input.email);
  // Hashed either way, so both answers take the same time.
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  if (taken) return answerTakenAddress(deps, scope, input, organisation, taken, passwordHash !== null);
  const now = isoNow(deps.clock);
  try {
    const row = await deps.db.transaction().execute(async (trx) => {
      const inserted = await insertPerson(trx, {
        id: newId(),
        organisation_id: organisation.id,
        name: input.name,
        email: input.email,
        phone: input.phone ?? null,
        salutation: input.salutation ?? null,
        locale: input.locale,
        time_zone: input.timeZone,
        roles: JSON.stringify(input.roles),
        password_hash: passwordHash,
        active: 1,
        failed_logins: 0,
        locked_until: null,
        created_at: now,
        updated_at: now,
      });
      if (input.roles.length > 0 && passwordHash === null)
        await enqueuePasswordLink(deps, trx, inserted, 'invite');
      await recordAudit(trx, scope, deps.clock, {
        action: 'person.created',
        entityType: 'person',
        entityId: inserted.id,
        after: auditable(inserted),
      });
      return inserted;
    });
    return toPerson(row);
  } catch (error) {
    // Two requests for the same new address at once: the unique index lets one win.
    const winner = await findPersonByEmailUnscoped(deps.db, input.email);
    if (!winner) throw error;
    return answerTakenAddress(deps, scope, input, organisation, winner, passwordHash !== null);
  }
}

async function answerTakenAddress(
  deps: Deps,
  scope: Scope,
  input: CreateUserBody,
  organisation: { id: string; name: string },
  taken: PersonRow,
  withPassword: boolean,
): Promise<Person> {
  if (await findPerson(deps.db, scope, taken.id)) {
    throw new AppError('conflict', 'email: a person with this e-mail already exists', [
      { field: 'email', message: 'already exists' },
    ]);
  }
  const now = isoNow(deps.clock);
  await deps.db.transaction().execute(async (trx) => {
    await enqueueOutbox(trx, deps.clock, {
      topic: 'mail.send',
      payload: addressTakenMail({
        to: taken.email,
        person: taken,
        locale: taken.locale,
        requestedBy: organisation.name,
      }),
    });
    await recordAudit(trx, scope, deps.clock, {
      action: 'person.create_refused',
      entityType: 'person',
      entityId: taken.id,
      after: { reason: 'email_taken', requestedForOrganisationId: organisation.id },
    });
  });
  return {
    id: newId(),
    organisationId: organisation.id,
    name: input.name,
    email: input.email,
    phone: input.phone ?? null,
    salutation: input.salutation ?? null,
    locale: input.locale,
    timeZone: input.timeZone,
    roles: input.roles,
    canLogIn: withPassword,
    active: true,
    createdAt: now,
  };
}

export async function updateUser(
  deps: Deps,
  scope: Scope,
  id: string,
  input: UpdateUserBody,
): Promise<Person> {
  requireRole(scope, USER_ADMIN_ROLES);
  const row = await deps.db.transaction().execute(async (trx) => {
    const before = await findPerson(trx, scope, id);
    if (!before) throw AppError.notFound('Person');
    requireUserAdminFor(scope, before.organisation_id);
    if (input.roles) {
      const organisation = await findOrganisation(trx, scope, before.organisation_id);
      const invalid = organisation ? invalidRolesFor(organisation.kind, input.roles) : input.roles;
      if (invalid.length > 0)
        throw AppError.field('roles', `${invalid.join(', ')} not allowed for this organisation`);
    }
    if (scope.kind === 'user' && id === scope.personId && input.active === false) {
      throw AppError.field('active', 'you cannot deactivate yourself');
    }
    const after = await updatePerson(trx, id, {
      name: input.name,
      phone: input.phone,
      salutation: input.salutation,
      locale: input.locale,
      time_zone: input.timeZone,
      roles: input.roles ? JSON.stringify(input.roles) : undefined,
      active: input.active === undefined ? undefined : input.active ? 1 : 0,
      updated_at: isoNow(deps.clock),
    });
    await recordAudit(trx, scope, deps.clock, {
      action: 'person.updated',
      entityType: 'person',
      entityId: id,
      before: auditable(before),
      after: auditable(after),
    });
    return after;
  });
  return toPerson(row);
}

/** People of one organisation (or all visible ones), limited to the caller's scope. */
export async function listPeople(
  deps: Deps,
  scope: Scope,
  filter: { organisationId?: string; usersOnly?: boolean; cursor?: string; limit: number },
): Promise<{ items: Person[]; nextCursor: string | null }> {
  if (filter.organisationId && !(await findOrganisation(deps.db, scope, filter.organisationId))) {
    throw AppError.notFound('Organisation');
  }
  const rows = await findPeople(deps.db, scope, {
    organisationId: filter.organisationId,
    usersOnly: filter.usersOnly,
    after: filter.cursor,
    limit: filter.limit + 1,
  });
  const page = rows.slice(0, filter.limit);
  return {
    items: page.map(toPerson),
    nextCursor: rows.length > filter.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** User administration list: operator admins see all users, partner admins their organisation's. */
export async function listUsers(
  deps: Deps,
  scope: Scope,
  filter: { organisationId?: string; cursor?: string; limit: number },
): Promise<{ items: Person[]; nextCursor: string | null }> {
  requireRole(scope, USER_ADMIN_ROLES);
  const organisationId =
    scope.kind === 'user' && !hasRole(scope, ['operator_admin'])
      ? scope.organisationId
      : filter.organisationId;
  return listPeople(deps, scope, { ...filter, organisationId, usersOnly: true });
}
