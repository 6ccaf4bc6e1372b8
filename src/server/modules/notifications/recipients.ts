// Who hears of a notice source, and what they may see of it. The rule of who sees which case and
// entry is cases/access.ts (caseVisibleTo, entryReadableBy); this file only names the candidates
// (the contact, the partner's people, the assignee, the group lead) and asks the rule for each.

import type { NotificationKind } from '../../../shared/notifications';
import type { Salutation } from '../../../shared/salutation';
import type { Trx } from '../../db/database';
import type { UserScope } from '../../shared/scope';
import { caseVisibleTo, currentResellerOf, entryReadableBy, entryReaderOf } from '../cases/access';
import type { SupportCaseRow, Visibility } from '../cases/case.table';
import type { Role } from '../users/person.table';

/** A person a notice may go to, with what the visibility rule and the mail need. */
export type Recipient = {
  id: string;
  name: string;
  salutation: Salutation | null;
  email: string;
  locale: 'de' | 'en';
  time_zone: string;
  roles: Role[];
  active: number;
  mail_bounced_at: string | null;
  organisation_id: string;
  organisation_kind: UserScope['organisationKind'];
};

/** One notice for one person, before the visibility check. */
export type Candidate = {
  personId: string;
  kind: NotificationKind;
  /** The entry that caused it: the notice is given only to those who may read that entry. */
  entry: { visibility: Visibility; partnerOrganisationId: string | null };
};

export async function loadRecipients(trx: Trx, ids: string[]): Promise<Map<string, Recipient>> {
  if (ids.length === 0) return new Map();
  const rows = await trx
    .selectFrom('person')
    .innerJoin('organisation', 'organisation.id', 'person.organisation_id')
    .select([
      'person.id',
      'person.name',
      'person.salutation',
      'person.email',
      'person.locale',
      'person.time_zone',
      'person.roles',
      'person.active',
      'person.mail_bounced_at',
      'person.organisation_id',
      'organisation.kind as organisation_kind',
    ])
    .where('person.id', 'in', [...new Set(ids)])
    .execute();
  return new Map(
    rows.map((row) => [row.id, { ...row, roles: JSON.parse(row.roles) as Role[] } satisfies Recipient]),
  );
}

/** The scope the person would act in: the visibility rule is asked with it. */
export function scopeOfRecipient(person: Recipient): UserScope {
  return {
    kind: 'user',
    personId: person.id,
    name: person.name,
    email: person.email,
    organisationId: person.organisation_id,
    organisationKind: person.organisation_kind,
    roles: person.roles,
    via: 'session',
  };
}

/**
 * Whether the person may be told: active, may see the case (caseVisibleTo: a partner never an
 * invoice request, another partner never) and may read the entry that caused the notice.
 */
export async function mayBeTold(
  trx: Trx,
  person: Recipient,
  kase: SupportCaseRow,
  entry: Candidate['entry'],
): Promise<boolean> {
  if (person.active !== 1) return false;
  const scope = scopeOfRecipient(person);
  if (!entryReadableBy(entryReaderOf(scope), entry)) return false;
  const visible = await trx
    .selectFrom('support_case')
    .select('support_case.id')
    .where('support_case.id', '=', kase.id)
    .where(caseVisibleTo(scope))
    .executeTakeFirst();
  return visible !== undefined;
}

/** The partner organisation a case concerns: its partner, else the customer's current reseller of record. */
export async function partnerOfCase(trx: Trx, kase: SupportCaseRow): Promise<string | null> {
  return kase.partner_id ?? (await currentResellerOf(trx, kase.customer_id));
}

/** The active people of a partner organisation who work its cases. */
export async function partnerPeople(trx: Trx, partnerId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('person')
    .select(['id', 'roles'])
    .where('organisation_id', '=', partnerId)
    .where('active', '=', 1)
    .execute();
  return rows
    .filter((row) => {
      const roles = JSON.parse(row.roles) as Role[];
      return roles.includes('partner_admin') || roles.includes('partner_agent');
    })
    .map((row) => row.id);
}

/** The lead of the case's group, if it has one. */
export async function groupLeadOf(trx: Trx, kase: SupportCaseRow): Promise<string | null> {
  if (!kase.group_id) return null;
  const group = await trx
    .selectFrom('case_group')
    .select('lead_person_id')
    .where('id', '=', kase.group_id)
    .executeTakeFirst();
  return group?.lead_person_id ?? null;
}
