import type { Deps } from '../../shared/deps';
import { matchInvoiceRequestRule } from '../billing/service';
import { bodyOf } from './mail-content';
import type { ParsedMail } from './parse';
import type { SenderMatch } from './senders';

/**
 * Whether a mail that opens a case is an invoice request: the sender is a known person of a
 * customer (recognised by address, not guessed from the domain; the answer carries invoices)
 * and the billing module's keyword rules match the subject and what the sender wrote now
 * (the quoted history is left out by bodyOf).
 */
export async function isInvoiceRequestMail(
  deps: Deps,
  sender: SenderMatch | null,
  parsed: ParsedMail,
): Promise<boolean> {
  if (sender?.organisationKind !== 'customer' || sender.matchedBy !== 'address' || sender.needsReview)
    return false;
  return (await matchInvoiceRequestRule(deps, `${parsed.subject ?? ''}\n${bodyOf(parsed)}`)) !== null;
}
