import { sql } from 'kysely';
import type { Db, Trx } from '../../../db/database';
import { toNumber } from '../../../db/dialect';
import type { PaymentRow } from '../payment.table';
import type { MatchContext, MatchCustomer, MatchInvoice } from './matching';
import type { Payment } from './schemas';

// Reading payments and what matching needs from the database. Open amount of an invoice =
// amount due − its allocations; cancelled invoices and cancellation documents are never open.

// Lists of ids and keys go into IN (…) in slices, below every driver's parameter limit.
const SLICE = 500;
export function slices<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += SLICE) out.push(items.slice(i, i + SLICE));
  return out;
}

export async function toPayments(db: Db | Trx, rows: PaymentRow[]): Promise<Payment[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const allocations: { payment_id: string; invoice_id: string; amount_cents: number; number: string }[] = [];
  for (const slice of slices(ids)) {
    allocations.push(
      ...(await db
        .selectFrom('payment_allocation')
        .innerJoin('invoice', 'invoice.id', 'payment_allocation.invoice_id')
        .select([
          'payment_allocation.payment_id',
          'payment_allocation.invoice_id',
          'payment_allocation.amount_cents',
          'invoice.number',
        ])
        .where('payment_allocation.payment_id', 'in', slice)
        .orderBy('invoice.number')
        .execute()),
    );
  }
  const customerIds = [...new Set(rows.map((row) => row.customer_id).filter((id): id is string => !!id))];
  const customers = new Map<string, { id: string; number: string; name: string }>();
  for (const slice of slices(customerIds)) {
    for (const c of await db
      .selectFrom('organisation')
      .select(['id', 'number', 'name'])
      .where('id', 'in', slice)
      .execute()) {
      customers.set(c.id, c);
    }
  }
  return rows.map((row) => {
    const own = allocations
      .filter((a) => a.payment_id === row.id)
      .map((a) => ({
        invoiceId: a.invoice_id,
        invoiceNumber: a.number,
        amountCents: toNumber(a.amount_cents),
      }));
    const amountCents = toNumber(row.amount_cents);
    return {
      id: row.id,
      amountCents,
      currency: 'EUR' as const,
      bookingDate: row.booking_date,
      valueDate: row.value_date,
      payerName: row.payer_name,
      payerIban: row.payer_iban,
      reference: row.reference,
      endToEndId: row.end_to_end_id,
      bankReference: row.bank_reference,
      source: row.source,
      importId: row.import_id,
      customer: row.customer_id ? (customers.get(row.customer_id) ?? null) : null,
      status: row.status,
      note: row.note,
      allocations: own,
      unallocatedCents: amountCents - own.reduce((sum, a) => sum + a.amountCents, 0),
      createdAt: row.created_at,
    };
  });
}

// What is allocated to the invoice of the row, 0 when nothing (both dialects).
const allocatedSql = sql<
  number | string
>`coalesce((select sum(payment_allocation.amount_cents) from payment_allocation where payment_allocation.invoice_id = invoice.id), 0)`;

type InvoiceWithAllocated = {
  id: string;
  number: string;
  customer_id: string;
  status: string;
  amount_due_cents: number | string;
  allocated: number | string | null;
};

function toMatchInvoice(row: InvoiceWithAllocated): MatchInvoice {
  const cancelled = row.status !== 'issued';
  const allocatedCents = toNumber(row.allocated);
  return {
    id: row.id,
    number: row.number,
    customerId: row.customer_id,
    openCents: cancelled ? 0 : Math.max(0, toNumber(row.amount_due_cents) - allocatedCents),
    allocatedCents,
    cancelled,
  };
}

function invoicesWithAllocated(db: Db | Trx) {
  return db
    .selectFrom('invoice')
    .select([
      'invoice.id',
      'invoice.number',
      'invoice.customer_id',
      'invoice.status',
      'invoice.amount_due_cents',
    ])
    .select(allocatedSql.as('allocated'))
    .where('invoice.kind', '=', 'invoice');
}

/** Every open invoice (of one customer, or of all). */
export async function openInvoices(db: Db | Trx, customerId?: string): Promise<MatchInvoice[]> {
  let query = invoicesWithAllocated(db).where('invoice.status', '=', 'issued');
  if (customerId) query = query.where('invoice.customer_id', '=', customerId);
  const rows = await query
    .where(sql<boolean>`invoice.amount_due_cents > ${allocatedSql}`)
    .orderBy('invoice.due_date')
    .orderBy('invoice.number')
    .execute();
  return rows.map(toMatchInvoice);
}

// Invoice numbers compared as letters and digits only, the way findInvoiceNumberCandidates gives them.
const compactNumber = sql<string>`upper(replace(replace(replace(replace(replace(invoice.number, '-', ''), ' ', ''), '/', ''), '.', ''), '_', ''))`;

/** Invoices (not cancellation documents) whose compact number is one of the candidates. */
export async function invoicesByCompactNumber(db: Db | Trx, candidates: string[]): Promise<MatchInvoice[]> {
  const found: MatchInvoice[] = [];
  for (const slice of slices([...new Set(candidates)])) {
    const rows = await invoicesWithAllocated(db).where(compactNumber, 'in', slice).execute();
    found.push(...rows.map(toMatchInvoice));
  }
  return found;
}

/** Invoices by id (for a clerk's allocation or a manual payment's invoiceIds). */
export async function invoicesById(db: Db | Trx, ids: string[]): Promise<MatchInvoice[]> {
  if (ids.length === 0) return [];
  const rows = await invoicesWithAllocated(db).where('invoice.id', 'in', ids).execute();
  return rows.map(toMatchInvoice);
}

/** Customers' names for matching by payer name. */
export async function customerNames(db: Db | Trx, ids: string[]): Promise<Map<string, MatchCustomer>> {
  const map = new Map<string, MatchCustomer>();
  for (const slice of slices([...new Set(ids)])) {
    const rows = await db
      .selectFrom('organisation')
      .select(['id', 'name'])
      .where('id', 'in', slice)
      .where('kind', '=', 'customer')
      .execute();
    for (const row of rows) map.set(row.id, row);
  }
  return map;
}

/** IBAN → customers earlier payments from it were matched to: a known payer. */
export async function knownPayers(db: Db | Trx, ibans: string[]): Promise<Map<string, Set<string>>> {
  const map = new Map<string, Set<string>>();
  for (const slice of slices([...new Set(ibans)])) {
    const rows = await db
      .selectFrom('payment')
      .select(['payer_iban', 'customer_id'])
      .distinct()
      .where('payer_iban', 'in', slice)
      .where('customer_id', 'is not', null)
      .where('status', 'in', ['matched', 'partial'])
      .execute();
    for (const row of rows) {
      if (!row.payer_iban || !row.customer_id) continue;
      const set = map.get(row.payer_iban) ?? new Set<string>();
      set.add(row.customer_id);
      map.set(row.payer_iban, set);
    }
  }
  return map;
}

/** Everything matching needs for these payments, read once per import (in its transaction). */
export async function loadMatchContext(
  db: Db | Trx,
  candidates: string[],
  ibans: string[],
  customerId?: string,
): Promise<MatchContext> {
  const open = await openInvoices(db, customerId);
  const byId = new Map(open.map((invoice) => [invoice.id, invoice]));
  // The same invoice in both lists is one object, so an allocation updates it for what follows.
  const referenced = (await invoicesByCompactNumber(db, candidates)).map((invoice) => {
    const known = byId.get(invoice.id);
    if (known) return known;
    byId.set(invoice.id, invoice);
    return invoice;
  });
  const customers = await customerNames(
    db,
    [...byId.values()].map((invoice) => invoice.customerId),
  );
  return { open, referenced, customers, knownPayers: await knownPayers(db, ibans) };
}

/** Sum of what the customer paid (less what was returned); ignored payments do not count. */
export async function paidCents(db: Db, customerId: string): Promise<number> {
  const row = await db
    .selectFrom('payment')
    .select((eb) => eb.fn.sum<number | string | null>('amount_cents').as('paid'))
    .where('customer_id', '=', customerId)
    .where('status', '!=', 'ignored')
    .executeTakeFirst();
  return toNumber(row?.paid);
}

// An account shows the newest payments; older ones are in the payments list.
const ACCOUNT_PAYMENT_LIMIT = 1000;

/** The customer's payments for its account, newest first. */
export async function accountPayments(db: Db, customerId: string): Promise<Payment[]> {
  const rows = await db
    .selectFrom('payment')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('booking_date', 'desc')
    .orderBy('id', 'desc')
    .limit(ACCOUNT_PAYMENT_LIMIT)
    .execute();
  return toPayments(db, rows);
}
