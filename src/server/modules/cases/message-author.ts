// Who writes a message into a case, and how a message from outside the app (a mail) is filed.
import type { Trx } from '../../db/database';
import type { Scope } from '../../shared/scope';
import { writerPartnerOf } from './access';
import type { Visibility } from './case.table';
import type { FiledExtras } from './filing';

/** Who wrote a message that arrived from outside the app (a mail), as opposed to the scope filing it. */
export type ExternalAuthor = {
  personId: string | null;
  label: string;
  side: 'customer' | 'partner' | 'third_party';
};

/** How a message from outside is filed; the intake uses it to commit its own rows atomically. */
export type FilingOptions = {
  author?: ExternalAuthor;
  /** Already sanitised. */
  html?: string | null;
  inboundMailId?: string;
  /** The mail's whole subject when the case subject had to be shortened (kept and searchable). */
  fullSubject?: string;
  /** The subject of the mail the message came as (e.g. a reply's): searchable with the message. */
  mailSubject?: string;
  /** Attachments and facts the mail brings along, written with the message (filing.ts). */
  extras?: FiledExtras;
  /** Runs inside the case's transaction once the message is written; throwing undoes everything. */
  alsoInTransaction?: (
    trx: Trx,
    written: { caseId: string; number: string; messageId: string },
  ) => Promise<void>;
};

/**
 * The partner organisation that writes a message: the partner user writing it, or for a mail the
 * sender's partner organisation. Null when the operator, a customer or a third party writes.
 */
export async function writerPartnerOfMessage(
  trx: Trx,
  scope: Scope,
  author: ExternalAuthor | undefined,
): Promise<string | null> {
  if (!author) return writerPartnerOf(scope);
  if (author.side !== 'partner' || !author.personId) return null;
  const person = await trx
    .selectFrom('person')
    .innerJoin('organisation', 'organisation.id', 'person.organisation_id')
    .select(['person.organisation_id', 'organisation.kind'])
    .where('person.id', '=', author.personId)
    .executeTakeFirst();
  return person?.kind === 'partner' ? person.organisation_id : null;
}

/** Where a mail's message shows: a third party's mail is for the operator only, a partner's for the channel. */
export function visibilityOfAuthor(author: ExternalAuthor): Visibility {
  return author.side === 'third_party' ? 'internal' : author.side === 'partner' ? 'partner' : 'public';
}
