import type { Trx } from '../../db/database';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { requireRole, type Scope, type UserScope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import { ListCasesQuery } from './schemas';

const ADMIN = ['operator_admin'] as const;

export type CauseNode = {
  id: string;
  nameDe: string;
  nameEn: string;
  active: boolean;
  children: CauseNode[];
};

/** The two-level cause list ("Versand › Paket in Filiale"), categories with their causes. */
export async function listCauses(deps: Deps): Promise<CauseNode[]> {
  const rows = await deps.db.selectFrom('cause').selectAll().orderBy('position').orderBy('name_de').execute();
  const node = (r: (typeof rows)[number]): CauseNode => ({
    id: r.id,
    nameDe: r.name_de,
    nameEn: r.name_en,
    active: r.active === 1,
    children: [],
  });
  const categories = rows.filter((r) => r.parent_id === null).map(node);
  const byId = new Map(categories.map((c) => [c.id, c]));
  for (const r of rows) if (r.parent_id) byId.get(r.parent_id)?.children.push(node(r));
  return categories;
}

export async function createCause(
  deps: Deps,
  scope: Scope,
  input: { parentId?: string; nameDe: string; nameEn: string },
): Promise<{ id: string }> {
  requireRole(scope, ADMIN);
  if (input.parentId) {
    const parent = await deps.db
      .selectFrom('cause')
      .select(['id', 'parent_id'])
      .where('id', '=', input.parentId)
      .executeTakeFirst();
    if (!parent) throw AppError.field('parentId', 'is not a known category');
    if (parent.parent_id)
      throw AppError.field('parentId', 'causes have two levels: choose a category, not a cause');
  }
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    const row = {
      id,
      parent_id: input.parentId ?? null,
      name_de: input.nameDe,
      name_en: input.nameEn,
      active: 1,
      position: 0,
    };
    await trx.insertInto('cause').values(row).execute();
    await recordAudit(trx, scope, deps.clock, {
      action: 'cause.created',
      entityType: 'cause',
      entityId: id,
      after: row,
    });
  });
  return { id };
}

export async function updateCause(
  deps: Deps,
  scope: Scope,
  id: string,
  input: { nameDe?: string; nameEn?: string; active?: boolean },
): Promise<void> {
  requireRole(scope, ADMIN);
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('cause').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw AppError.notFound('Cause');
    const after = await trx
      .updateTable('cause')
      .set({
        name_de: input.nameDe,
        name_en: input.nameEn,
        active: input.active === undefined ? undefined : input.active ? 1 : 0,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, scope, deps.clock, {
      action: 'cause.updated',
      entityType: 'cause',
      entityId: id,
      before,
      after,
    });
  });
}

export async function listGroups(deps: Deps) {
  const groups = await deps.db
    .selectFrom('case_group')
    .leftJoin('person', 'person.id', 'case_group.lead_person_id')
    .select(['case_group.id', 'case_group.name', 'person.id as lead_id', 'person.name as lead_name'])
    .orderBy('case_group.name')
    .execute();
  const members = await deps.db
    .selectFrom('case_group_member')
    .innerJoin('person', 'person.id', 'case_group_member.person_id')
    .select(['case_group_member.group_id', 'person.id', 'person.name'])
    .execute();
  return groups.map((g) => ({
    id: g.id,
    name: g.name,
    lead: g.lead_id ? { id: g.lead_id, name: g.lead_name ?? '' } : null,
    members: members.filter((m) => m.group_id === g.id).map((m) => ({ id: m.id, name: m.name })),
  }));
}

async function requireOperatorPeople(deps: Deps, ids: string[], field: string): Promise<void> {
  if (ids.length === 0) return;
  const found = await deps.db
    .selectFrom('person')
    .innerJoin('organisation', 'organisation.id', 'person.organisation_id')
    .select('person.id')
    .where('person.id', 'in', ids)
    .where('organisation.kind', '=', 'operator')
    .execute();
  if (found.length !== new Set(ids).size) throw AppError.field(field, 'must name operator users only');
}

/** A group's name is unique: a second one would be indistinguishable in every picker. */
async function requireFreeGroupName(deps: Deps, name: string): Promise<void> {
  const taken = await deps.db
    .selectFrom('case_group')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirst();
  if (taken)
    throw new AppError('conflict', 'name: a group with this name exists', [
      { field: 'name', message: 'already exists' },
    ]);
}

/** Adds the people to the group, each once however often the list names them. */
async function insertMembers(trx: Trx, groupId: string, memberIds: string[]): Promise<void> {
  const members = [...new Set(memberIds)];
  if (members.length === 0) return;
  await trx
    .insertInto('case_group_member')
    .values(members.map((person_id) => ({ group_id: groupId, person_id })))
    .execute();
}

/** Creates a group (e.g. "Reklamationen"); its lead is notified when a commitment of the group is missed. */
export async function createGroup(
  deps: Deps,
  scope: Scope,
  input: { name: string; leadPersonId?: string; memberIds: string[] },
): Promise<{ id: string }> {
  requireRole(scope, ADMIN);
  if (input.leadPersonId) await requireOperatorPeople(deps, [input.leadPersonId], 'leadPersonId');
  await requireOperatorPeople(deps, input.memberIds, 'memberIds');
  await requireFreeGroupName(deps, input.name);
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('case_group')
      .values({
        id,
        name: input.name,
        lead_person_id: input.leadPersonId ?? null,
        created_at: isoNow(deps.clock),
      })
      .execute();
    await insertMembers(trx, id, input.memberIds);
    await recordAudit(trx, scope, deps.clock, {
      action: 'group.created',
      entityType: 'group',
      entityId: id,
      after: input,
    });
  });
  return { id };
}

/**
 * Renames a group, sets its lead (null: none) or replaces its members; the lead hears of missed
 * commitments of the group, the members see its cases in their group views.
 */
export async function updateGroup(
  deps: Deps,
  scope: Scope,
  id: string,
  input: { name?: string; leadPersonId?: string | null; memberIds?: string[] },
): Promise<void> {
  requireRole(scope, ADMIN);
  const before = await deps.db.selectFrom('case_group').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw AppError.notFound('Group');
  if (input.leadPersonId) await requireOperatorPeople(deps, [input.leadPersonId], 'leadPersonId');
  if (input.memberIds) await requireOperatorPeople(deps, input.memberIds, 'memberIds');
  const membersBefore = (
    await deps.db.selectFrom('case_group_member').select('person_id').where('group_id', '=', id).execute()
  ).map((m) => m.person_id);
  if (input.name !== undefined && input.name !== before.name) await requireFreeGroupName(deps, input.name);
  await deps.db.transaction().execute(async (trx) => {
    const set = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.leadPersonId !== undefined ? { lead_person_id: input.leadPersonId } : {}),
    };
    if (Object.keys(set).length > 0)
      await trx.updateTable('case_group').set(set).where('id', '=', id).execute();
    if (input.memberIds) {
      await trx.deleteFrom('case_group_member').where('group_id', '=', id).execute();
      await insertMembers(trx, id, input.memberIds);
    }
    await recordAudit(trx, scope, deps.clock, {
      action: 'group.updated',
      entityType: 'group',
      entityId: id,
      before: { name: before.name, leadPersonId: before.lead_person_id, memberIds: membersBefore },
      after: input,
    });
  });
}

// ------------------------------------------------------------------ saved views

export const SavedViewFilters = ListCasesQuery.omit({ cursor: true, limit: true });

export async function listSavedViews(deps: Deps, scope: UserScope) {
  const rows = await deps.db
    .selectFrom('saved_view')
    .selectAll()
    .where('person_id', '=', scope.personId)
    .orderBy('name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    filters: JSON.parse(r.filters) as Record<string, unknown>,
    createdAt: r.created_at,
  }));
}

/** Saves the list's filters under a name, for the user only. */
export async function createSavedView(
  deps: Deps,
  scope: UserScope,
  input: { name: string; filters: unknown },
) {
  const parsed = SavedViewFilters.safeParse(input.filters);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw AppError.field(`filters.${issue?.path.join('.') ?? ''}`, issue?.message ?? 'invalid');
  }
  const id = newId();
  const createdAt = isoNow(deps.clock);
  await deps.db
    .insertInto('saved_view')
    .values({
      id,
      person_id: scope.personId,
      name: input.name,
      filters: JSON.stringify(input.filters),
      created_at: createdAt,
    })
    .execute();
  return { id, name: input.name, filters: input.filters as Record<string, unknown>, createdAt };
}

export async function deleteSavedView(deps: Deps, scope: UserScope, id: string): Promise<void> {
  const result = await deps.db
    .deleteFrom('saved_view')
    .where('id', '=', id)
    .where('person_id', '=', scope.personId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw AppError.notFound('Saved view');
}
