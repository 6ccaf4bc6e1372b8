import { toNumber } from '../../db/dialect';
import type { Deps } from '../../shared/deps';

// The one place that says what of an invoice is still open: its amount due minus what payments
// were allocated to it (a return debit's negative allocation opens it again). Issued invoices only,
// never cancelled ones (their cancellation document settles them) nor cancellation documents.

export type OpenInvoice = {
  invoiceId: string;
  number: string;
  /** YYYY-MM-DD */
  issueDate: string;
  /** YYYY-MM-DD */
  dueDate: string;
  amountDueCents: number;
  paidCents: number;
  openCents: number;
};

/** The customer's invoices with something open, oldest due date first. */
export async function openInvoiceAmounts(deps: Pick<Deps, 'db'>, customerId: string): Promise<OpenInvoice[]> {
  return (await issuedInvoiceAmounts(deps, customerId)).filter((invoice) => invoice.openCents > 0);
}

/**
 * What is open of each of the customer's issued, not cancelled invoices, paid ones included
 * (open 0), keyed by invoice id: the account's list says paid, partly paid or open from it.
 */
export async function openCentsByInvoice(
  deps: Pick<Deps, 'db'>,
  customerId: string,
): Promise<Map<string, number>> {
  const amounts = await issuedInvoiceAmounts(deps, customerId);
  return new Map(amounts.map((invoice) => [invoice.invoiceId, Math.max(0, invoice.openCents)]));
}

async function issuedInvoiceAmounts(deps: Pick<Deps, 'db'>, customerId: string): Promise<OpenInvoice[]> {
  const rows = await deps.db
    .selectFrom('invoice')
    .leftJoin('payment_allocation', 'payment_allocation.invoice_id', 'invoice.id')
    .select([
      'invoice.id',
      'invoice.number',
      'invoice.issue_date',
      'invoice.due_date',
      'invoice.amount_due_cents',
      (eb) => eb.fn.sum<number | string | null>('payment_allocation.amount_cents').as('paid'),
    ])
    .where('invoice.customer_id', '=', customerId)
    .where('invoice.kind', '=', 'invoice')
    .where('invoice.status', '=', 'issued')
    .groupBy([
      'invoice.id',
      'invoice.number',
      'invoice.issue_date',
      'invoice.due_date',
      'invoice.amount_due_cents',
    ])
    .orderBy('invoice.due_date')
    .orderBy('invoice.number')
    .execute();
  return rows.map((row) => {
    const amountDueCents = toNumber(row.amount_due_cents);
    const paidCents = toNumber(row.paid);
    return {
      invoiceId: row.id,
      number: row.number,
      issueDate: row.issue_date,
      dueDate: row.due_date,
      amountDueCents,
      paidCents,
      openCents: amountDueCents - paidCents,
    };
  });
}
