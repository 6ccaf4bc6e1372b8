import { ACCOUNT_READ_ROLES } from '../../../shared/roles';
import type { Db, Trx } from '../../db/database';
import { toNumber } from '../../db/dialect';
import { AppError } from '../../shared/app-error';
import type { Deps } from '../../shared/deps';
import { requireRole, type Scope } from '../../shared/scope';
import { requireCustomer } from './accounts';
import type { InvoiceLineRow, InvoiceRow } from './billing.table';
import type { BuyerSnapshot, Invoice, InvoiceNote, SellerSnapshot } from './invoice-schemas';
import type { VatBreakdown } from './invoice-totals';
import { openCentsByInvoice } from './open-items';

// Reading issued invoices. Who: billing clerks and operator admins, agents (read only) and the
// customer's own users; another customer's invoice is a 404 to a customer user, partners get
// 403 on the route. The stored row is the document: nothing here computes an amount again.

// A list shows the newest documents; older ones are reached through the export.
const INVOICE_LIST_LIMIT = 1000;

export function toInvoice(row: InvoiceRow, lines?: InvoiceLineRow[]): Invoice {
  return {
    id: row.id,
    number: row.number,
    series: row.series,
    customerId: row.customer_id,
    kind: row.kind,
    cancelsInvoiceId: row.cancels_invoice_id,
    cancelledByInvoiceId: row.cancelled_by_invoice_id,
    status: row.status,
    issueDate: row.issue_date,
    servicePeriod: { start: row.service_period_start, end: row.service_period_end },
    dueDate: row.due_date,
    currency: row.currency,
    language: row.language,
    seller: JSON.parse(row.seller) as SellerSnapshot,
    buyer: JSON.parse(row.buyer) as BuyerSnapshot,
    lineTotalCents: toNumber(row.line_total_cents),
    vatTotalCents: toNumber(row.vat_total_cents),
    grandTotalCents: toNumber(row.grand_total_cents),
    amountDueCents: toNumber(row.amount_due_cents),
    vatBreakdown: JSON.parse(row.vat_breakdown) as VatBreakdown[],
    notes: JSON.parse(row.notes) as InvoiceNote[],
    smallAmount: row.small_amount === 1,
    splitReason: row.split_reason,
    cancelReason: row.cancel_reason,
    createdAt: row.created_at,
    ...(lines
      ? {
          lines: lines.map((line) => ({
            position: line.position,
            chargeId: line.charge_id,
            typeCode: line.type_code,
            description: line.description,
            quantity: line.quantity_thousandths / 1000,
            unitPriceCents: line.unit_price_cents,
            lineNetCents: toNumber(line.line_net_cents),
            vatCategory: line.vat_category,
            vatRateBasisPoints: line.vat_rate_basis_points,
            exemptionNote: line.exemption_note,
            serviceDate: line.service_date,
            serviceDateTo: line.service_date_to,
          })),
        }
      : {}),
  };
}

export async function findInvoiceLines(db: Db | Trx, invoiceId: string): Promise<InvoiceLineRow[]> {
  return db
    .selectFrom('invoice_line')
    .selectAll()
    .where('invoice_id', '=', invoiceId)
    .orderBy('position')
    .execute();
}

/** The invoice if the caller may see it; anything else (also another customer's) is a 404. */
export async function findVisibleInvoice(deps: Pick<Deps, 'db'>, scope: Scope, id: string) {
  const row = await deps.db.selectFrom('invoice').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw AppError.notFound('Invoice');
  if (
    scope.kind === 'user' &&
    scope.organisationKind !== 'operator' &&
    row.customer_id !== scope.organisationId
  ) {
    throw AppError.notFound('Invoice');
  }
  return row;
}

/** Invoices and cancellations, newest first; a customer user sees only its own organisation's. */
export async function listInvoices(
  deps: Deps,
  scope: Scope,
  filter: { customerId?: string | undefined },
): Promise<{ items: Invoice[] }> {
  requireRole(scope, ACCOUNT_READ_ROLES);
  let customerId = filter.customerId;
  if (scope.kind === 'user' && scope.organisationKind !== 'operator') customerId ??= scope.organisationId;
  if (customerId) await requireCustomer(deps, scope, customerId);
  let query = deps.db.selectFrom('invoice').selectAll();
  if (customerId) query = query.where('customer_id', '=', customerId);
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('number', 'desc')
    .limit(INVOICE_LIST_LIMIT)
    .execute();
  return { items: rows.map((row) => toInvoice(row)) };
}

/** One invoice with its lines. */
export async function getInvoice(deps: Deps, scope: Scope, id: string): Promise<Invoice> {
  requireRole(scope, ACCOUNT_READ_ROLES);
  const row = await findVisibleInvoice(deps, scope, id);
  return toInvoice(row, await findInvoiceLines(deps.db, id));
}

/**
 * What the customer owes on invoices: the amount due of every issued invoice that is not
 * cancelled. A cancelled invoice and its cancellation document cancel out, so neither counts;
 * the cancelled charges are uninvoiced again and count there. Payments are subtracted once they exist.
 */
export async function openInvoiceCents(db: Db, customerId: string): Promise<number> {
  const row = await db
    .selectFrom('invoice')
    .select((eb) => eb.fn.sum<number | string | null>('amount_due_cents').as('due'))
    .where('customer_id', '=', customerId)
    .where('kind', '=', 'invoice')
    .where('status', '=', 'issued')
    .executeTakeFirst();
  return toNumber(row?.due);
}

/**
 * The customer's documents for its account, newest first, each with what is still open of it
 * (0 when paid; 0 for a cancelled invoice and a cancellation document, which settle each other).
 */
export async function accountInvoices(db: Db, customerId: string) {
  const open = await openCentsByInvoice({ db }, customerId);
  const rows = await db
    .selectFrom('invoice')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('created_at', 'desc')
    .orderBy('number', 'desc')
    .limit(INVOICE_LIST_LIMIT)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    kind: row.kind,
    status: row.status,
    issueDate: row.issue_date,
    dueDate: row.due_date,
    grandTotalCents: toNumber(row.grand_total_cents),
    amountDueCents: toNumber(row.amount_due_cents),
    openCents: open.get(row.id) ?? 0,
  }));
}
