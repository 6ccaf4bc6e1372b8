import { sql } from 'kysely';
import type { InvoiceNumbering } from '../../../shared/billing';
import type { Trx } from '../../db/database';

// Invoice numbers must be unique and without gaps per series (GoBD; § 14 Abs. 4 Nr. 4 UStG asks
// for a unique number, and a gap invites the tax auditor's question what became of it). So the
// number is taken inside the transaction that issues the invoice: the counter row stays locked
// (PostgreSQL's row lock from the upsert; SQLite's single writer) until that transaction commits,
// and a rollback gives the number back. Case numbers use a counter of their own transaction,
// where a rolled-back case leaves a gap; that is fine for cases and wrong for invoices.

export type InvoiceSeries = { prefix: string; numbering: InvoiceNumbering };

/** The counter period of a series on an issue date (YYYY-MM-DD): the year, or 'all'. */
export function invoiceNumberPeriod(series: InvoiceSeries, issueDate: string): string {
  return series.numbering === 'per_year' ? issueDate.slice(0, 4) : 'all';
}

/** RE-2026-000042 (per year) or RE-000042 (continuous); six digits, more when needed. */
export function formatInvoiceNumber(series: InvoiceSeries, period: string, sequence: number): string {
  const digits = String(sequence).padStart(6, '0');
  return series.numbering === 'per_year'
    ? `${series.prefix}${period}-${digits}`
    : `${series.prefix}${digits}`;
}

/**
 * Takes the next number of the series in the caller's transaction. The caller must issue the
 * invoice in the same transaction; until it commits, other issuers of the series wait.
 */
export async function takeInvoiceNumber(
  trx: Trx,
  series: InvoiceSeries,
  issueDate: string,
): Promise<{ number: string; sequence: number }> {
  const period = invoiceNumberPeriod(series, issueDate);
  // One statement: on PostgreSQL two first takers of a new period cannot both insert 1, the
  // second waits on the first's row and then increments it.
  const row = await trx
    .insertInto('invoice_number_counter')
    .values({ series: series.prefix, period, last_number: 1 })
    .onConflict((oc) =>
      oc
        .columns(['series', 'period'])
        .doUpdateSet({ last_number: sql<number>`invoice_number_counter.last_number + 1` }),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();
  const sequence = Number(row.last_number);
  return { number: formatInvoiceNumber(series, period, sequence), sequence };
}
