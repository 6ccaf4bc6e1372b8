import { sql } from 'kysely';
import type { PaymentSource } from '../../../../shared/payments';
import type { Trx } from '../../../db/database';
import type { DialectName } from '../../../db/dialect';
import { type Clock, isoNow } from '../../../shared/clock';
import { newId } from '../../../shared/ids';
import type { Scope } from '../../../shared/scope';
import { recordAudit } from '../../audit/service';
import type { PaymentRow } from '../payment.table';
import { type Allocation, findInvoiceNumberCandidates, type MatchContext, matchPayment } from './matching';
import type { StatementLine } from './statement-line';
import { slices } from './store';

// Writing payments: one writer at a time, so two imports (or an import and a clerk) never set
// the same open amount against two payments. PostgreSQL gets a transaction-scoped advisory lock;
// SQLite has a single writer anyway.
const PAYMENTS_LOCK = 2026120820;

export async function lockPayments(trx: Trx, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${PAYMENTS_LOCK})`.execute(trx);
}

export function candidatesOf(lines: { reference: string | null }[]): string[] {
  return lines.flatMap((line) => findInvoiceNumberCandidates(line.reference));
}

/** Writes the allocations and keeps the context's open amounts and known payers current. */
export async function insertAllocations(
  trx: Trx,
  context: MatchContext | null,
  paymentId: string,
  allocations: Allocation[],
  at: string,
): Promise<void> {
  for (const allocation of allocations) {
    const existing = await trx
      .selectFrom('payment_allocation')
      .select('amount_cents')
      .where('payment_id', '=', paymentId)
      .where('invoice_id', '=', allocation.invoiceId)
      .executeTakeFirst();
    if (existing) {
      await trx
        .updateTable('payment_allocation')
        .set({ amount_cents: Number(existing.amount_cents) + allocation.amountCents })
        .where('payment_id', '=', paymentId)
        .where('invoice_id', '=', allocation.invoiceId)
        .execute();
    } else {
      await trx
        .insertInto('payment_allocation')
        .values({
          payment_id: paymentId,
          invoice_id: allocation.invoiceId,
          amount_cents: allocation.amountCents,
          created_at: at,
        })
        .execute();
    }
    if (!context) continue;
    // The open and referenced lists share objects for the same invoice: change each object once.
    const invoices = new Set(
      [...context.open, ...context.referenced].filter((i) => i.id === allocation.invoiceId),
    );
    for (const invoice of invoices) {
      invoice.allocatedCents += allocation.amountCents;
      invoice.openCents = invoice.cancelled ? 0 : Math.max(0, invoice.openCents - allocation.amountCents);
    }
  }
}

export type NewPayment = Omit<StatementLine, 'position'> & { customerId?: string | null };

/**
 * Inserts the payments that are new (by dedupe key), matches each against the context and
 * records it; returns the new rows. Duplicates are left as they are.
 */
export async function recordPayments(
  trx: Trx,
  scope: Scope,
  clock: Clock,
  context: MatchContext,
  payments: NewPayment[],
  source: PaymentSource,
  importId: string | null,
): Promise<{ rows: PaymentRow[]; duplicates: number }> {
  const existing = new Set<string>();
  for (const slice of slices(payments.map((p) => p.dedupeKey))) {
    const rows = await trx
      .selectFrom('payment')
      .select('dedupe_key')
      .where('dedupe_key', 'in', slice)
      .execute();
    for (const row of rows) existing.add(row.dedupe_key);
  }
  const created: PaymentRow[] = [];
  let duplicates = 0;
  for (const payment of payments) {
    if (existing.has(payment.dedupeKey)) {
      duplicates += 1;
      continue;
    }
    const match = matchPayment(payment, context);
    const at = isoNow(clock);
    const row: PaymentRow = {
      id: newId(),
      amount_cents: payment.amountCents,
      currency: 'EUR',
      booking_date: payment.bookingDate,
      value_date: payment.valueDate,
      payer_name: payment.payerName,
      payer_iban: payment.payerIban,
      reference: payment.reference,
      end_to_end_id: payment.endToEndId,
      bank_reference: payment.bankReference,
      source,
      import_id: importId,
      dedupe_key: payment.dedupeKey,
      customer_id: match.customerId,
      status: match.status,
      note: null,
      created_by_person_id: scope.kind === 'user' ? scope.personId : null,
      created_at: at,
    };
    // The unique key decides in the end: a line that came in twice in one file stays one payment.
    const inserted = await trx
      .insertInto('payment')
      .values(row)
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
      duplicates += 1;
      continue;
    }
    existing.add(payment.dedupeKey);
    await insertAllocations(trx, context, row.id, match.allocations, at);
    if (row.payer_iban && row.customer_id && match.allocations.length > 0) {
      const known = context.knownPayers.get(row.payer_iban) ?? new Set<string>();
      known.add(row.customer_id);
      context.knownPayers.set(row.payer_iban, known);
    }
    await recordAudit(trx, scope, clock, {
      action: 'payment.recorded',
      entityType: 'payment',
      entityId: row.id,
      after: { ...row, allocations: match.allocations, matchedBy: match.rule },
    });
    created.push(row);
  }
  return { rows: created, duplicates };
}
