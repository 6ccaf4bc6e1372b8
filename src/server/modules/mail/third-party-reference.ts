import type { Deps } from '../../shared/deps';
import type { Scope } from '../../shared/scope';
import type { FiledFact } from '../cases/filing';
import { getOrganisation } from '../organisations/service';
import type { ParsedMail } from './parse';
import type { SenderMatch } from './senders';

// A third party (a carrier, a manufacturer) names its own ticket in its mails; with a pattern
// configured for it (organisation.ticket_reference_pattern), the reference becomes a fact on the
// case, set through the case's filing like every other fact.

/** How much of the text the pattern runs on: the reference stands in the subject or near the top. */
const SEARCHED_TEXT = 20_000;

/** The reference `pattern` finds in the subject or text (its first group if it has one), or null. */
export function findTicketReference(pattern: string, subject: string, text: string): string | null {
  let compiled: RegExp;
  try {
    compiled = new RegExp(pattern, 'i');
  } catch {
    return null; // validated when saved; an old invalid pattern must not stop the mail
  }
  const match = compiled.exec(`${subject}\n${text.slice(0, SEARCHED_TEXT)}`);
  if (!match) return null;
  const reference = (match[1] ?? match[0]).trim().slice(0, 500);
  return reference === '' ? null : reference;
}

/** The fact a third party's mail states about its own ticket, if its pattern finds one. */
export async function thirdPartyReferenceFact(
  deps: Deps,
  scope: Scope,
  sender: Pick<SenderMatch, 'organisationId' | 'organisationKind'> | null,
  parsed: ParsedMail,
): Promise<FiledFact | null> {
  if (sender?.organisationKind !== 'third_party') return null;
  const organisation = await getOrganisation(deps, scope, sender.organisationId);
  if (!organisation.ticketReferencePattern) return null;
  const reference = findTicketReference(organisation.ticketReferencePattern, parsed.subject, parsed.text);
  if (!reference) return null;
  return {
    key: 'third_party_reference',
    label: `Vorgangsnummer ${organisation.name}`,
    value: reference,
    source: 'third_party',
    state: 'confirmed',
    updatedBy: organisation.name,
  };
}
