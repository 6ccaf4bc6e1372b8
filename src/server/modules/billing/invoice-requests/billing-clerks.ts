import type { Deps } from '../../../shared/deps';

// Who takes an invoice request the system could not answer: the group the billing clerks work in
// (in the demo "Buchhaltung"), found by its members' role rather than by a name an operator may
// change; without such a group, the first active billing clerk.

export async function billingClerksOf(
  deps: Pick<Deps, 'db'>,
): Promise<{ groupId: string | null; personId: string | null }> {
  const clerks = await deps.db
    .selectFrom('person')
    .innerJoin('organisation', 'organisation.id', 'person.organisation_id')
    .select(['person.id', 'person.roles'])
    .where('organisation.kind', '=', 'operator')
    .where('person.active', '=', 1)
    .orderBy('person.created_at')
    .orderBy('person.id')
    .execute();
  const clerkIds = clerks
    .filter((p) => (JSON.parse(p.roles) as string[]).includes('billing_clerk'))
    .map((p) => p.id);
  if (clerkIds.length === 0) return { groupId: null, personId: null };
  const group = await deps.db
    .selectFrom('case_group')
    .leftJoin('case_group_member', 'case_group_member.group_id', 'case_group.id')
    .select('case_group.id')
    .where((eb) =>
      eb.or([
        eb('case_group_member.person_id', 'in', clerkIds),
        eb('case_group.lead_person_id', 'in', clerkIds),
      ]),
    )
    .orderBy('case_group.name')
    .limit(1)
    .executeTakeFirst();
  return { groupId: group?.id ?? null, personId: clerkIds[0] ?? null };
}
