// Checks that the people, organisations, groups and causes a case names exist and fit their field.
import type { Trx } from '../../db/database';
import { AppError } from '../../shared/app-error';

export async function requireOrganisation(trx: Trx, id: string, kind: string, field: string) {
  const org = await trx
    .selectFrom('organisation')
    .select(['id', 'kind', 'active', 'name'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!org || org.kind !== kind) throw AppError.field(field, `is not a ${kind.replace('_', ' ')}`);
  return org;
}

export async function requirePersonOf(
  trx: Trx,
  personId: string,
  organisationId: string | null,
  field: string,
) {
  const person = await trx
    .selectFrom('person')
    .innerJoin('organisation', 'organisation.id', 'person.organisation_id')
    .select(['person.id', 'person.organisation_id', 'organisation.kind'])
    .where('person.id', '=', personId)
    .executeTakeFirst();
  if (!person) throw AppError.field(field, 'is not a known person');
  if (organisationId !== null && person.organisation_id !== organisationId) {
    throw AppError.field(field, 'belongs to another organisation');
  }
  return person;
}

export async function requireAssignee(trx: Trx, personId: string): Promise<void> {
  const person = await requirePersonOf(trx, personId, null, 'assigneeId');
  if (person.kind !== 'operator') throw AppError.field('assigneeId', 'must be an operator user');
}

export async function requireGroup(trx: Trx, groupId: string): Promise<void> {
  const group = await trx.selectFrom('case_group').select('id').where('id', '=', groupId).executeTakeFirst();
  if (!group) throw AppError.field('groupId', 'is not a known group');
}

export async function requireCause(trx: Trx, causeId: string): Promise<void> {
  const cause = await trx
    .selectFrom('cause')
    .select(['id', 'parent_id', 'active'])
    .where('id', '=', causeId)
    .executeTakeFirst();
  if (cause?.active !== 1) throw AppError.field('causeId', 'is not an active cause');
  if (cause.parent_id === null) throw AppError.field('causeId', 'choose a specific cause, not a category');
}
