import { BILLING_ROLES } from '../../../../shared/roles';
import { AppError } from '../../../shared/app-error';
import { isoNow } from '../../../shared/clock';
import type { Deps } from '../../../shared/deps';
import { newId } from '../../../shared/ids';
import { requireRole, type Scope } from '../../../shared/scope';
import { recordAudit } from '../../audit/service';
import { requireCustomer } from '../accounts';
import { liftBlockIfSettled } from '../block';
import { parseCamt053 } from './camt053';
import { parseStatementCsv } from './csv-statement';
import type { MatchContext } from './matching';
import { candidatesOf, insertAllocations, lockPayments, recordPayments } from './record';
import type { AllocatePaymentBody, CreatePaymentBody, Payment } from './schemas';
import { invoicesById, loadMatchContext, openInvoices, toPayments } from './store';

// Payments: bank statement imports, manual entries and the billing clerk's worklist. Who:
// billing clerks and operator admins read and write; a customer sees its own payments on its
// account; agents see balances only; partners get 403 on every route. Every change is audited.

export const PAYMENT_ROLES = BILLING_ROLES;

/**
 * Called once the payments of these customers are committed: a dunning block lifts at once when
 * the balance is settled. Outside the payment's transaction, so a failure there never undoes a
 * booked payment; the block's own timer lifts it within 30 s in that case.
 */
export async function afterPaymentsRecorded(deps: Deps, customerIds: Iterable<string>): Promise<void> {
  for (const customerId of new Set(customerIds)) {
    await liftBlockIfSettled(deps, customerId).catch((error: unknown) => {
      console.error(`lifting the block of customer ${customerId} after a payment:`, error);
    });
  }
}

async function requirePayment(deps: Deps, id: string) {
  const row = await deps.db.selectFrom('payment').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw AppError.notFound('Payment');
  return row;
}

async function getPayment(deps: Deps, id: string): Promise<Payment> {
  return (await toPayments(deps.db, [await requirePayment(deps, id)]))[0]!;
}

export type ImportFormat = 'camt053' | 'csv';

/** The format from the content type, or from the body when the type is general. */
export function statementFormat(contentType: string | undefined, body: string): ImportFormat {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/xml' || type === 'text/xml') return 'camt053';
  if (type === 'text/csv' || type === 'application/csv') return 'csv';
  return body.trimStart().startsWith('<') ? 'camt053' : 'csv';
}

/** Imports a statement in one transaction: all of it or, on any bad line, nothing (400 naming it). */
export async function importStatement(deps: Deps, scope: Scope, body: string, format: ImportFormat) {
  requireRole(scope, PAYMENT_ROLES);
  if (body.trim() === '')
    throw AppError.field('body', 'send the statement (CAMT.053 XML or CSV) as the request body');
  const lines = format === 'camt053' ? parseCamt053(body) : parseStatementCsv(body);
  if (lines.length === 0) throw AppError.field('body', 'the statement has no booked payments');
  const importId = newId();
  const source = format === 'camt053' ? 'camt053' : 'csv';
  const result = await deps.db.transaction().execute(async (trx) => {
    await lockPayments(trx, deps.dialect);
    const context = await loadMatchContext(
      trx,
      candidatesOf(lines),
      lines.map((line) => line.payerIban).filter((iban): iban is string => !!iban),
    );
    const recorded = await recordPayments(trx, scope, deps.clock, context, lines, source, importId);
    await recordAudit(trx, scope, deps.clock, {
      action: 'payments.imported',
      entityType: 'payment_import',
      entityId: importId,
      after: { format, lines: lines.length, imported: recorded.rows.length, duplicates: recorded.duplicates },
    });
    return { ...recorded, payments: await toPayments(trx, recorded.rows) };
  });
  await afterPaymentsRecorded(deps, customersOf(result.payments));
  const count = (status: string) => result.payments.filter((p) => p.status === status).length;
  return {
    importId,
    format,
    imported: result.rows.length,
    duplicates: result.duplicates,
    matched: count('matched'),
    partial: count('partial'),
    unmatched: count('unmatched'),
    payments: result.payments,
  };
}

function customersOf(payments: Payment[]): string[] {
  return payments.map((p) => p.customer?.id).filter((id): id is string => !!id);
}

/** A customer for a billing write: anything else is a 400 naming the field. */
async function requireCustomerField(deps: Deps, scope: Scope, customerId: string, field = 'customerId') {
  return requireCustomer(deps, scope, customerId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found')
      throw AppError.field(field, 'is not a customer');
    throw error;
  });
}

/** A payment typed in by the clerk (cash, a cheque, a transfer seen elsewhere), matched like an import. */
export async function createPayment(deps: Deps, scope: Scope, input: CreatePaymentBody): Promise<Payment> {
  requireRole(scope, PAYMENT_ROLES);
  await requireCustomerField(deps, scope, input.customerId);
  const id = await deps.db.transaction().execute(async (trx) => {
    await lockPayments(trx, deps.dialect);
    let context: MatchContext;
    let reference = input.reference;
    if (input.invoiceIds && input.invoiceIds.length > 0) {
      const invoices = await invoicesById(trx, input.invoiceIds);
      input.invoiceIds.forEach((invoiceId, index) => {
        const invoice = invoices.find((i) => i.id === invoiceId);
        if (!invoice || invoice.customerId !== input.customerId) {
          throw AppError.field(`invoiceIds.${index}`, 'is not an invoice of this customer');
        }
        if (input.amountCents > 0 && invoice.openCents === 0) {
          throw AppError.field(`invoiceIds.${index}`, `invoice ${invoice.number} is not open`);
        }
      });
      // The invoices named settle in the order given, like numbers in a remittance text.
      const ordered = input.invoiceIds.map((invoiceId) => invoices.find((i) => i.id === invoiceId)!);
      reference = [ordered.map((i) => i.number).join(' '), input.reference].filter(Boolean).join(' ');
      context = { open: [], referenced: ordered, customers: new Map(), knownPayers: new Map() };
    } else {
      context = await loadMatchContext(
        trx,
        candidatesOf([{ reference: input.reference }]),
        [],
        input.customerId,
      );
    }
    const { rows } = await recordPayments(
      trx,
      scope,
      deps.clock,
      context,
      [
        {
          amountCents: input.amountCents,
          bookingDate: input.bookingDate,
          valueDate: input.bookingDate,
          payerName: input.payerName,
          payerIban: null,
          reference,
          endToEndId: null,
          bankReference: null,
          dedupeKey: `manual:${newId()}`,
          customerId: input.customerId,
        },
      ],
      'manual',
      null,
    );
    // The match stays within the customer named, so the payment is that customer's even unmatched.
    return rows[0]!.id;
  });
  await afterPaymentsRecorded(deps, [input.customerId]);
  return getPayment(deps, id);
}

const OPEN_STATUSES = new Set(['unmatched', 'partial']);

/** The clerk assigns a worklist payment to a customer and (part of it) to invoices (audited). */
export async function allocatePayment(
  deps: Deps,
  scope: Scope,
  id: string,
  input: AllocatePaymentBody,
): Promise<Payment> {
  requireRole(scope, PAYMENT_ROLES);
  await requirePayment(deps, id);
  await requireCustomerField(deps, scope, input.customerId);
  const seen = new Set<string>();
  input.allocations.forEach((a, index) => {
    if (seen.has(a.invoiceId)) throw AppError.field(`allocations.${index}.invoiceId`, 'is named twice');
    seen.add(a.invoiceId);
  });
  await deps.db.transaction().execute(async (trx) => {
    await lockPayments(trx, deps.dialect);
    const before = await trx.selectFrom('payment').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    if (!OPEN_STATUSES.has(before.status)) {
      throw new AppError(
        'payment_not_open',
        `The payment is ${before.status}; only unmatched and partial payments are allocated`,
      );
    }
    const existing = await trx
      .selectFrom('payment_allocation')
      .selectAll()
      .where('payment_id', '=', id)
      .execute();
    const allocatedBefore = existing.reduce((sum, a) => sum + Number(a.amount_cents), 0);
    if (existing.length > 0 && before.customer_id && before.customer_id !== input.customerId) {
      throw AppError.field('customerId', 'the payment is already allocated to invoices of another customer');
    }
    const amount = Number(before.amount_cents);
    const invoices = await invoicesById(
      trx,
      input.allocations.map((a) => a.invoiceId),
    );
    input.allocations.forEach((allocation, index) => {
      const invoice = invoices.find((i) => i.id === allocation.invoiceId);
      if (!invoice || invoice.customerId !== input.customerId) {
        throw AppError.field(`allocations.${index}.invoiceId`, 'is not an invoice of this customer');
      }
      if (Math.sign(allocation.amountCents) !== Math.sign(amount)) {
        throw AppError.field(
          `allocations.${index}.amountCents`,
          amount > 0 ? 'must be positive for a payment received' : 'must be negative for a return debit',
        );
      }
      if (amount > 0 && allocation.amountCents > invoice.openCents) {
        throw AppError.field(
          `allocations.${index}.amountCents`,
          `is more than the ${invoice.openCents} cents open on invoice ${invoice.number}`,
        );
      }
      if (amount < 0 && -allocation.amountCents > invoice.allocatedCents) {
        throw AppError.field(
          `allocations.${index}.amountCents`,
          `is more than the ${invoice.allocatedCents} cents paid on invoice ${invoice.number}`,
        );
      }
    });
    const total = allocatedBefore + input.allocations.reduce((sum, a) => sum + a.amountCents, 0);
    if (Math.abs(total) > Math.abs(amount)) {
      throw AppError.field(
        'allocations',
        `together more than the payment: ${Math.abs(amount - allocatedBefore)} cents are left to allocate`,
      );
    }
    const at = isoNow(deps.clock);
    await insertAllocations(trx, null, id, input.allocations, at);
    // What is left without an invoice stays on the customer's account as a credit (or debit)
    // when the clerk allocates nothing more; a part allocated leaves it on the worklist.
    const status = total === amount || input.allocations.length === 0 ? 'matched' : 'partial';
    await trx
      .updateTable('payment')
      .set({ customer_id: input.customerId, status })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, scope, deps.clock, {
      action: 'payment.allocated',
      entityType: 'payment',
      entityId: id,
      before: { customerId: before.customer_id, status: before.status, allocations: existing },
      after: { customerId: input.customerId, status, allocations: input.allocations },
    });
  });
  await afterPaymentsRecorded(deps, [input.customerId]);
  return getPayment(deps, id);
}

/** Not a customer's payment (a supplier's refund, an own transfer): off the worklist, with the reason (audited). */
export async function ignorePayment(deps: Deps, scope: Scope, id: string, reason: string): Promise<Payment> {
  requireRole(scope, PAYMENT_ROLES);
  await requirePayment(deps, id);
  const customerId = await deps.db.transaction().execute(async (trx) => {
    await lockPayments(trx, deps.dialect);
    const before = await trx.selectFrom('payment').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    if (before.status !== 'unmatched') {
      throw new AppError(
        'payment_not_open',
        `The payment is ${before.status}; only an unmatched payment (nothing allocated) is ignored`,
      );
    }
    await trx.updateTable('payment').set({ status: 'ignored', note: reason }).where('id', '=', id).execute();
    await recordAudit(trx, scope, deps.clock, {
      action: 'payment.ignored',
      entityType: 'payment',
      entityId: id,
      before: { status: before.status, note: before.note },
      after: { status: 'ignored', note: reason },
    });
    return before.customer_id;
  });
  // An ignored payment no longer counts on the account it was credited to.
  if (customerId) await afterPaymentsRecorded(deps, [customerId]);
  return getPayment(deps, id);
}

// The worklist and the list show the newest payments first; older ones by filter.
export async function listPayments(
  deps: Deps,
  scope: Scope,
  filter: { status?: string[] | undefined; customerId?: string | undefined; limit: number },
): Promise<{ items: Payment[] }> {
  requireRole(scope, PAYMENT_ROLES);
  let query = deps.db.selectFrom('payment').selectAll();
  if (filter.status) query = query.where('status', 'in', filter.status as Payment['status'][]);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  const rows = await query
    .orderBy('booking_date', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .execute();
  return { items: await toPayments(deps.db, rows) };
}

/** A customer's open invoices with what is open on each, for allocating by hand. */
export async function listOpenInvoices(deps: Deps, scope: Scope, customerId: string) {
  requireRole(scope, PAYMENT_ROLES);
  await requireCustomer(deps, scope, customerId);
  const open = await openInvoices(deps.db, customerId);
  const rows =
    open.length === 0
      ? []
      : await deps.db
          .selectFrom('invoice')
          .select(['id', 'issue_date', 'due_date', 'amount_due_cents'])
          .where(
            'id',
            'in',
            open.map((i) => i.id),
          )
          .execute();
  return {
    items: open.map((invoice) => {
      const row = rows.find((r) => r.id === invoice.id)!;
      return {
        id: invoice.id,
        number: invoice.number,
        issueDate: row.issue_date,
        dueDate: row.due_date,
        amountDueCents: Number(row.amount_due_cents),
        openCents: invoice.openCents,
      };
    }),
  };
}
