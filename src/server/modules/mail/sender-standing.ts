import type { OrganisationKind } from '../organisations/organisation.table';

// Whose side a mail's sender is on decides who sees the mail on the case (cases/service.ts:
// customer → public, partner → partner, anyone else → internal). Belonging to *some* customer is
// not enough: only the case's own customer writes publicly into its case, only the case's partner
// writes for the channel. Anyone else (a carrier that is not set up yet, a contact of another
// customer, an address we have never seen, a contact whose organisation was only guessed) is
// internal, and the person goes on the review list.

export type SenderOrganisation = {
  organisationId: string;
  organisationKind: OrganisationKind;
  /** Their organisation is a guess (a new address, a known domain) nobody has checked yet. */
  needsReview?: boolean;
};
export type CaseParties = { customerId: string; partnerId: string | null };

export type SenderStanding = {
  side: 'customer' | 'partner' | 'third_party';
  /** The sender's organisation needs a person's look (review list). */
  review: boolean;
};

/** The sender's side on an existing case, or (case null) on the case their mail opens. */
export function senderStanding(sender: SenderOrganisation | null, kase: CaseParties | null): SenderStanding {
  if (!sender) return kase ? { side: 'third_party', review: false } : { side: 'customer', review: false };
  // A guessed contact is not yet the customer's contact: nothing of theirs goes public in a case.
  if (kase && sender.needsReview && sender.organisationKind !== 'operator')
    return { side: 'third_party', review: true };
  switch (sender.organisationKind) {
    case 'operator':
    case 'third_party':
      return { side: 'third_party', review: false };
    case 'partner':
      if (!kase || kase.partnerId === sender.organisationId) return { side: 'partner', review: false };
      return { side: 'third_party', review: true };
    case 'customer':
      if (!kase || kase.customerId === sender.organisationId) return { side: 'customer', review: false };
      return { side: 'third_party', review: true };
  }
}
