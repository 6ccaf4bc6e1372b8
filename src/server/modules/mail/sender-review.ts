import { z } from 'zod';
import type { Deps } from '../../shared/deps';
import type { UserScope } from '../../shared/scope';
import { ORGANISATION_KINDS } from '../organisations/organisation.table';
import { type ContactForReview, confirmContact, listContactsForReview, moveContact } from '../users/contacts';

// The review list of mail senders: people the intake made contacts of a guessed organisation (a
// new address, a known domain) and people who wrote into a case of another customer. Their mail
// stays internal until an agent puts them where they belong, a third party such as a carrier
// included; from then on their mail is filed as that organisation's (a carrier's ticket pattern
// applies to it).

export const SenderReviewQuery = z.object({
  cursor: z.uuid('must be a cursor from the previous page').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const SenderForReview = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  organisation: z.object({
    id: z.string(),
    number: z.string(),
    name: z.string(),
    kind: z.enum(ORGANISATION_KINDS),
  }),
  createdAt: z.string(),
  /** Their newest mail, to judge by: when, what about, and in which case it landed. */
  lastMail: z
    .object({
      id: z.string(),
      receivedAt: z.string(),
      subject: z.string().nullable(),
      caseNumber: z.string().nullable(),
    })
    .nullable(),
});
export type SenderForReview = z.infer<typeof SenderForReview>;

export const MoveSenderBody = z.object({ organisationId: z.uuid('must be an organisation id') }).strict();

export async function listSendersForReview(
  deps: Deps,
  query: z.infer<typeof SenderReviewQuery>,
): Promise<{ items: SenderForReview[]; nextCursor: string | null; total: number }> {
  const page = await listContactsForReview(deps.db, { after: query.cursor, limit: query.limit });
  const items: SenderForReview[] = [];
  for (const contact of page.items) items.push({ ...contact, lastMail: await lastMailOf(deps, contact) });
  return { ...page, items };
}

async function lastMailOf(deps: Deps, contact: ContactForReview): Promise<SenderForReview['lastMail']> {
  const row = await deps.db
    .selectFrom('inbound_mail')
    .leftJoin('support_case', 'support_case.id', 'inbound_mail.case_id')
    .select([
      'inbound_mail.id',
      'inbound_mail.received_at',
      'inbound_mail.subject',
      'support_case.number as case_number',
    ])
    .where('inbound_mail.from_address', '=', contact.email)
    .orderBy('inbound_mail.received_at', 'desc')
    .orderBy('inbound_mail.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row
    ? { id: row.id, receivedAt: row.received_at, subject: row.subject, caseNumber: row.case_number }
    : null;
}

/** Puts a sender into the organisation they belong to (a customer, partner or third party). */
export async function moveSender(deps: Deps, scope: UserScope, personId: string, organisationId: string) {
  await moveContact(deps, scope, personId, organisationId);
}

/** The sender is where they belong: off the review list. */
export async function confirmSender(deps: Deps, scope: UserScope, personId: string) {
  await confirmContact(deps, scope, personId);
}
