import { sql } from 'kysely';
import type { Db, Trx } from '../../db/database';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import type { Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import type { OrganisationKind } from '../organisations/organisation.table';

// Contacts that come from mail: created for a new sender, flagged when their organisation needs a
// person's look (a new sender, someone writing into another customer's case), moved to the right
// organisation from the review list, and marked when mail to them bounces. People with a login are
// managed in user administration (service.ts), never moved from here.

/** Organisations a reviewed sender can belong to; the operator's own people are users, not contacts. */
export const CONTACT_ORGANISATION_KINDS = ['customer', 'partner', 'third_party'] as const;

export type ContactForReview = {
  id: string;
  name: string;
  email: string;
  organisation: { id: string; number: string; name: string; kind: OrganisationKind };
  createdAt: string;
};

/**
 * A contact for a new sender address, flagged for review, in `organisationId`. Two mails from the
 * same new sender at once: the second finds the first one's contact (the address is unique).
 */
export async function createContactFromMail(
  deps: Deps,
  input: { address: string; name: string; organisationId: string },
): Promise<void> {
  const now = isoNow(deps.clock);
  const address = input.address.toLowerCase();
  await deps.db
    .insertInto('person')
    .values({
      id: newId(),
      organisation_id: input.organisationId,
      name: input.name.trim() || address,
      email: address,
      phone: null,
      locale: 'de',
      time_zone: 'Europe/Berlin',
      roles: '[]',
      password_hash: null,
      active: 1,
      failed_logins: 0,
      locked_until: null,
      needs_review: 1,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .execute();
}

/** Puts a person on the review list (their organisation needs a look); a no-op when already there. */
export async function flagContactForReview(trx: Trx | Db, deps: Deps, personId: string): Promise<void> {
  await trx
    .updateTable('person')
    .set({ needs_review: 1, updated_at: isoNow(deps.clock) })
    .where('id', '=', personId)
    .where('needs_review', '=', 0)
    .execute();
}

/**
 * Marks these addresses as undeliverable (a delivery report said so); a public reply then goes
 * out by portal only. Addresses that are nobody's are ignored.
 */
export async function markMailBounced(
  trx: Trx,
  deps: Deps,
  addresses: string[],
  reason: string,
): Promise<void> {
  const lower = [...new Set(addresses.map((address) => address.toLowerCase()))];
  if (lower.length === 0) return;
  await trx
    .updateTable('person')
    .set({ mail_bounced_at: isoNow(deps.clock), mail_bounce_reason: reason.slice(0, 500) })
    .where('email', 'in', lower)
    .execute();
}

/** The review list: flagged people, oldest first, paged by id (UUIDv7, so by creation time). */
export async function listContactsForReview(
  db: Db,
  page: { after?: string; limit: number },
): Promise<{ items: ContactForReview[]; nextCursor: string | null; total: number }> {
  let query = db
    .selectFrom('person')
    .innerJoin('organisation', 'organisation.id', 'person.organisation_id')
    .select([
      'person.id',
      'person.name',
      'person.email',
      'person.created_at',
      'organisation.id as organisation_id',
      'organisation.number as organisation_number',
      'organisation.name as organisation_name',
      'organisation.kind as organisation_kind',
    ])
    .where('person.needs_review', '=', 1)
    .orderBy('person.id')
    .limit(page.limit + 1);
  if (page.after) query = query.where('person.id', '>', page.after);
  const rows = await query.execute();
  const total = await db
    .selectFrom('person')
    .select(sql<number>`count(*)`.as('count'))
    .where('needs_review', '=', 1)
    .executeTakeFirstOrThrow();
  const shown = rows.slice(0, page.limit);
  return {
    items: shown.map((row) => ({
      id: row.id,
      name: row.name,
      email: row.email,
      organisation: {
        id: row.organisation_id,
        number: row.organisation_number,
        name: row.organisation_name,
        kind: row.organisation_kind as OrganisationKind,
      },
      createdAt: row.created_at,
    })),
    nextCursor: rows.length > page.limit ? (shown.at(-1)?.id ?? null) : null,
    total: Number(total.count),
  };
}

async function reviewableContact(trx: Trx, personId: string) {
  const person = await trx.selectFrom('person').selectAll().where('id', '=', personId).executeTakeFirst();
  if (!person) throw AppError.notFound('Person');
  // Moving someone who logs in would hand them another organisation's data: that is user administration.
  if (person.password_hash !== null || person.roles !== '[]') {
    throw new AppError(
      'conflict',
      'This person has a login; change their organisation in user administration.',
    );
  }
  return person;
}

/**
 * Moves a contact on the review list to the organisation they really belong to (a customer, a
 * partner or a third party such as a carrier) and takes them off the list; audited. A contact not
 * on the list is not found (unless already in that organisation: a repeated move changes nothing). Their next mail is
 * filed as that organisation's: a third party's mail is internal and its ticket number is read.
 */
export async function moveContact(
  deps: Deps,
  scope: Scope,
  personId: string,
  organisationId: string,
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const person = await reviewableContact(trx, personId);
    const target = await trx
      .selectFrom('organisation')
      .select(['id', 'kind', 'active', 'name'])
      .where('id', '=', organisationId)
      .executeTakeFirst();
    if (!target || !(CONTACT_ORGANISATION_KINDS as readonly string[]).includes(target.kind)) {
      throw AppError.field('organisationId', 'must be a customer, partner or third party');
    }
    if (target.active !== 1) throw AppError.field('organisationId', 'is not active');
    if (person.needs_review !== 1) {
      // Moved already (a second click): nothing to do. Anyone else is not the review list's to move:
      // a contact someone confirmed belongs to their organisation and is changed there.
      if (person.organisation_id === target.id) return;
      throw AppError.notFound('Sender on the review list');
    }
    await trx
      .updateTable('person')
      .set({ organisation_id: target.id, needs_review: 0, updated_at: isoNow(deps.clock) })
      .where('id', '=', person.id)
      .execute();
    await recordAudit(trx, scope, deps.clock, {
      action: 'person.moved',
      entityType: 'person',
      entityId: person.id,
      before: { organisationId: person.organisation_id, needsReview: person.needs_review },
      after: { organisationId: target.id, organisation: target.name, needsReview: 0 },
    });
  });
}

/** Takes a contact off the review list where they are (their organisation is right); audited. */
export async function confirmContact(deps: Deps, scope: Scope, personId: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const person = await trx
      .selectFrom('person')
      .select(['id', 'needs_review', 'organisation_id'])
      .where('id', '=', personId)
      .executeTakeFirst();
    if (!person) throw AppError.notFound('Person');
    if (person.needs_review === 0) return;
    await trx
      .updateTable('person')
      .set({ needs_review: 0, updated_at: isoNow(deps.clock) })
      .where('id', '=', person.id)
      .execute();
    await recordAudit(trx, scope, deps.clock, {
      action: 'person.reviewed',
      entityType: 'person',
      entityId: person.id,
      before: { needsReview: 1 },
      after: { needsReview: 0, organisationId: person.organisation_id },
    });
  });
}
