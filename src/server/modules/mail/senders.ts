import type { Db } from '../../db/database';
import type { Deps } from '../../shared/deps';
import type { Scope } from '../../shared/scope';
import type { OrganisationKind } from '../organisations/organisation.table';
import { insertNumberedOrganisation } from '../organisations/service';
import { createContactFromMail } from '../users/contacts';

/** Where unknown senders' contacts go until someone assigns them to their organisation. */
export const UNASSIGNED_CUSTOMER_NAME = 'Unzugeordnete E-Mail-Absender';

// Addresses at these domains belong to private people, not to one organisation: a sender there
// is never matched to an organisation by domain.
const SHARED_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'gmx.de',
  'gmx.net',
  'gmx.at',
  'web.de',
  't-online.de',
  'freenet.de',
  'posteo.de',
  'mailbox.org',
  'arcor.de',
  'online.de',
  '1und1.de',
  'outlook.com',
  'outlook.de',
  'hotmail.com',
  'hotmail.de',
  'live.com',
  'live.de',
  'msn.com',
  'yahoo.com',
  'yahoo.de',
  'icloud.com',
  'me.com',
  'aol.com',
  'protonmail.com',
  'proton.me',
]);

export type SenderMatch = {
  personId: string;
  name: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  /** How the sender was recognised, for the review flag and the mail's explanation. */
  matchedBy: 'address' | 'domain' | 'unknown';
  /** The person is on the review list: their organisation is a guess nobody has checked yet. */
  needsReview: boolean;
};

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

export function isSharedMailDomain(domain: string): boolean {
  return SHARED_MAIL_DOMAINS.has(domain.toLowerCase());
}

/** The one organisation whose address or people share this domain; null when none or several. */
async function organisationByDomain(db: Db, domain: string): Promise<string | null> {
  if (isSharedMailDomain(domain)) return null;
  const pattern = `%@${domain}`;
  const byOrganisation = await db
    .selectFrom('organisation')
    .select('id')
    .where('email', 'like', pattern)
    .where('active', '=', 1)
    .execute();
  const byPeople = await db
    .selectFrom('person')
    .select('organisation_id as id')
    .where('email', 'like', pattern)
    .where('active', '=', 1)
    .distinct()
    .execute();
  const ids = new Set([...byOrganisation, ...byPeople].map((row) => row.id));
  return ids.size === 1 ? [...ids][0]! : null;
}

/** The customer that holds unknown senders' contacts, created on first use. */
export async function unassignedCustomer(deps: Deps, scope: Scope): Promise<string> {
  const existing = await deps.db
    .selectFrom('organisation')
    .select('id')
    .where('kind', '=', 'customer')
    .where('name', '=', UNASSIGNED_CUSTOMER_NAME)
    .executeTakeFirst();
  if (existing) return existing.id;
  return deps.db.transaction().execute(async (trx) => {
    const again = await trx
      .selectFrom('organisation')
      .select('id')
      .where('kind', '=', 'customer')
      .where('name', '=', UNASSIGNED_CUSTOMER_NAME)
      .executeTakeFirst();
    if (again) return again.id;
    return insertNumberedOrganisation(trx, deps, scope, {
      kind: 'customer',
      name: UNASSIGNED_CUSTOMER_NAME,
      country: 'DE',
      active: true,
    });
  });
}

/**
 * The person behind a sender address: by the address itself, else a new contact of the one
 * organisation with that domain, else a new contact of the unassigned customer. New contacts
 * are flagged for review.
 */
export async function matchSender(
  deps: Deps,
  scope: Scope,
  sender: { address: string; name: string },
): Promise<SenderMatch> {
  const address = sender.address.toLowerCase();
  const known = await findByAddress(deps.db, address);
  if (known) return { ...known, matchedBy: 'address' };
  const byDomain = await organisationByDomain(deps.db, domainOf(address));
  const organisationId = byDomain ?? (await unassignedCustomer(deps, scope));
  await createContactFromMail(deps, { address, name: sender.name, organisationId });
  const created = await findByAddress(deps.db, address);
  if (!created) throw new Error(`contact for ${address} was neither found nor created`);
  return { ...created, matchedBy: byDomain ? 'domain' : 'unknown' };
}

/**
 * The organisation a sender belongs to, by address or else by domain, without creating a contact:
 * for machine mail, whose senders do not become people to review.
 */
export async function senderOrganisation(
  db: Db,
  address: string,
): Promise<Pick<SenderMatch, 'organisationId' | 'organisationKind'> | null> {
  const known = await findByAddress(db, address.toLowerCase());
  if (known) return { organisationId: known.organisationId, organisationKind: known.organisationKind };
  const byDomain = await organisationByDomain(db, domainOf(address));
  if (!byDomain) return null;
  const organisation = await db
    .selectFrom('organisation')
    .select(['id', 'kind'])
    .where('id', '=', byDomain)
    .executeTakeFirstOrThrow();
  return { organisationId: organisation.id, organisationKind: organisation.kind as OrganisationKind };
}

async function findByAddress(db: Db, address: string) {
  const row = await db
    .selectFrom('person')
    .innerJoin('organisation', 'organisation.id', 'person.organisation_id')
    .select([
      'person.id as personId',
      'person.name as name',
      'organisation.id as organisationId',
      'organisation.kind as organisationKind',
      'person.needs_review as needsReview',
    ])
    .where('person.email', '=', address)
    .executeTakeFirst();
  return row
    ? {
        ...row,
        organisationKind: row.organisationKind as OrganisationKind,
        needsReview: row.needsReview === 1,
      }
    : undefined;
}
