import type { AccountInvoice } from './types';

// What the customer reads on an invoice in its account. Derived from the server's figures only
// (status, kind, amount due, open amount), so the portal and the Konto card say the same.

export type InvoiceState = 'paid' | 'open' | 'partial' | 'cancelled' | 'cancellation';

/** What the customer reads on an invoice: paid, open, partly paid, cancelled, or the cancellation itself. */
export function invoiceState(
  invoice: Pick<AccountInvoice, 'kind' | 'status' | 'amountDueCents' | 'openCents'>,
): InvoiceState {
  if (invoice.kind === 'cancellation') return 'cancellation';
  if (invoice.status === 'cancelled') return 'cancelled';
  if (invoice.openCents <= 0) return 'paid';
  return invoice.openCents < invoice.amountDueCents ? 'partial' : 'open';
}
