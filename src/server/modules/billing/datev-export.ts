import type { Trx } from '../../db/database';
import { toNumber } from '../../db/dialect';
import { AppError } from '../../shared/app-error';
import type { Deps } from '../../shared/deps';
import { actorLabel, requireRole, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import type { InvoiceRow } from './billing.table';
import {
  buchungsstapelFileName,
  buchungsstapelText,
  type DatevBooking,
  type DatevInvoice,
  DatevMappingError,
  type DatevPayment,
  datevAmount,
  datevPeriodProblem,
  debitorAccount,
  encodeWindows1252,
  invoiceBookings,
  paymentBooking,
} from './datev-format';
import { DATEV_ROLES, requireDatevBatchSettings } from './datev-settings';
import type { BuyerSnapshot, SellerSnapshot } from './invoice-schemas';
import { slices } from './payments/store';

// The accountant's export of a period: every invoice and cancellation issued in it (by issue
// date) as DATEV bookings, in the order of their numbers, then the payments booked in it (by
// booking date) as they are allocated at the time of the export. Reading and the audit entry
// (who exported which period) happen in one transaction; the file is built from what was read.

/** An invoice of the period as the ZIP's index lists it. */
export type ExportedInvoice = {
  id: string;
  number: string;
  kind: InvoiceRow['kind'];
  issueDate: string;
  customerNumber: string;
  customerName: string;
  debitor: number;
  grandTotalCents: number;
  status: InvoiceRow['status'];
};

export type DatevExport = {
  from: string;
  to: string;
  fileName: string;
  /** The Buchungsstapel in Windows-1252. */
  content: Buffer;
  invoices: ExportedInvoice[];
  bookingCount: number;
  paymentCount: number;
  /** Payments of the period not yet assigned to a customer: not in the batch. */
  unassignedPaymentCount: number;
};

function toDatevInvoice(row: InvoiceRow, numbers: Map<string, string>): DatevInvoice {
  const buyer = JSON.parse(row.buyer) as BuyerSnapshot;
  const seller = JSON.parse(row.seller) as SellerSnapshot;
  return {
    number: row.number,
    kind: row.kind,
    issueDate: row.issue_date,
    dueDate: row.due_date,
    servicePeriodEnd: row.service_period_end,
    cancelsNumber: row.cancels_invoice_id ? (numbers.get(row.cancels_invoice_id) ?? null) : null,
    sellerCountry: seller.country,
    buyer: { number: buyer.number, name: buyer.name, country: buyer.country, vatId: buyer.vatId },
    vatBreakdown: JSON.parse(row.vat_breakdown) as DatevInvoice['vatBreakdown'],
  };
}

/**
 * The payments booked in the period that belong to a customer, as DATEV sees them: one part per
 * invoice the payment is allocated to (matched by the invoice number in Belegfeld 1), and what is
 * not allocated against the customer's debitor alone. Ignored payments (not a customer's money)
 * and payments not yet assigned to a customer stay out; the accountant books those from the
 * bank statement.
 */
async function periodPayments(
  trx: Trx,
  from: string,
  to: string,
): Promise<{ parts: DatevPayment[]; payments: number; unassigned: number }> {
  const rows = await trx
    .selectFrom('payment')
    .leftJoin('organisation', 'organisation.id', 'payment.customer_id')
    .select([
      'payment.id',
      'payment.amount_cents',
      'payment.booking_date',
      'payment.payer_name',
      'payment.customer_id',
      'organisation.number as customer_number',
    ])
    .where('payment.booking_date', '>=', from)
    .where('payment.booking_date', '<=', to)
    .where('payment.status', '!=', 'ignored')
    .orderBy('payment.booking_date')
    .orderBy('payment.created_at')
    .orderBy('payment.id')
    .execute();
  const assigned = rows.filter((row) => row.customer_id !== null && row.customer_number !== null);
  const allocations: {
    payment_id: string;
    amount_cents: number | string;
    number: string;
    customer_number: string;
  }[] = [];
  for (const slice of slices(assigned.map((row) => row.id))) {
    allocations.push(
      ...(await trx
        .selectFrom('payment_allocation')
        .innerJoin('invoice', 'invoice.id', 'payment_allocation.invoice_id')
        .innerJoin('organisation', 'organisation.id', 'invoice.customer_id')
        .select([
          'payment_allocation.payment_id',
          'payment_allocation.amount_cents',
          'invoice.number',
          'organisation.number as customer_number',
        ])
        .where('payment_allocation.payment_id', 'in', slice)
        .orderBy('invoice.number')
        .execute()),
    );
  }
  const parts: DatevPayment[] = [];
  for (const row of assigned) {
    const own = allocations.filter((allocation) => allocation.payment_id === row.id);
    for (const allocation of own) {
      parts.push({
        bookingDate: row.booking_date,
        amountCents: toNumber(allocation.amount_cents),
        customerNumber: allocation.customer_number,
        invoiceNumber: allocation.number,
        payerName: row.payer_name,
      });
    }
    const rest = toNumber(row.amount_cents) - own.reduce((sum, a) => sum + toNumber(a.amount_cents), 0);
    if (rest !== 0) {
      parts.push({
        bookingDate: row.booking_date,
        amountCents: rest,
        customerNumber: row.customer_number!,
        invoiceNumber: null,
        payerName: row.payer_name,
      });
    }
  }
  return { parts, payments: assigned.length, unassigned: rows.length - assigned.length };
}

/** A mapping problem of the data (not of the request) is a 409 naming what to fix. */
function mapped<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof DatevMappingError) throw new AppError(error.code, error.message);
    throw error;
  }
}

/**
 * The DATEV Buchungsstapel of a period (audited as `datev.exported`). 400 naming `to` when the
 * period is reversed, longer than a year or crosses a fiscal year; 409 datev_settings_missing.
 */
export async function exportDatev(
  deps: Pick<Deps, 'db' | 'clock'>,
  scope: Scope,
  period: { from: string; to: string; format: 'csv' | 'zip' },
): Promise<DatevExport> {
  requireRole(scope, DATEV_ROLES);
  const { from, to } = period;
  if (to < from) throw AppError.field('to', 'must not be before from');
  return deps.db.transaction().execute(async (trx) => {
    const settings = await requireDatevBatchSettings(trx);
    const problem = datevPeriodProblem(from, to, settings.fiscalYearStartMonth);
    if (problem) throw AppError.field(problem.field, problem.message);

    const rows = await trx
      .selectFrom('invoice')
      .selectAll()
      .where('issue_date', '>=', from)
      .where('issue_date', '<=', to)
      .orderBy('issue_date')
      .orderBy('number')
      .execute();
    // A cancellation names the invoice it reverses, which may lie in an earlier period.
    const cancelledIds = rows.flatMap((row) => (row.cancels_invoice_id ? [row.cancels_invoice_id] : []));
    const numbers = new Map(rows.map((row) => [row.id, row.number]));
    for (const slice of slices(cancelledIds)) {
      const cancelled = await trx
        .selectFrom('invoice')
        .select(['id', 'number'])
        .where('id', 'in', slice)
        .execute();
      for (const row of cancelled) numbers.set(row.id, row.number);
    }

    const bookings: DatevBooking[] = [];
    const invoices: ExportedInvoice[] = [];
    for (const row of rows) {
      const invoice = toDatevInvoice(row, numbers);
      bookings.push(...mapped(() => invoiceBookings(invoice, settings)));
      invoices.push({
        id: row.id,
        number: row.number,
        kind: row.kind,
        issueDate: row.issue_date,
        customerNumber: invoice.buyer.number,
        customerName: invoice.buyer.name,
        debitor: mapped(() => debitorAccount(invoice.buyer.number, settings)),
        grandTotalCents: toNumber(row.grand_total_cents),
        status: row.status,
      });
    }

    const payments = await periodPayments(trx, from, to);
    for (const part of payments.parts) bookings.push(mapped(() => paymentBooking(part, settings)));

    const text = buchungsstapelText(
      {
        createdAt: deps.clock.now(),
        exportedBy: actorLabel(scope).replace(/ <.*>$/, ''),
        from,
        to,
        settings,
      },
      bookings,
    );
    await recordAudit(trx, scope, deps.clock, {
      action: 'datev.exported',
      entityType: 'datev_export',
      entityId: `${from}..${to}`,
      after: {
        from,
        to,
        format: period.format,
        invoices: invoices.length,
        payments: payments.payments,
        unassignedPayments: payments.unassigned,
        bookings: bookings.length,
      },
    });
    return {
      from,
      to,
      fileName: buchungsstapelFileName(from, to),
      content: encodeWindows1252(text),
      invoices,
      bookingCount: bookings.length,
      paymentCount: payments.payments,
      unassignedPaymentCount: payments.unassigned,
    };
  });
}

/** The ZIP's index of the period's invoices (Windows-1252, semicolons, like the batch). */
export function invoiceIndexCsv(invoices: ExportedInvoice[], files: Map<string, string[]>): Buffer {
  const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
  const lines = [
    'Rechnungsnummer;Art;Rechnungsdatum;Kundennummer;Kunde;Debitor;Brutto;Status;Dateien',
    ...invoices.map((invoice) =>
      [
        quote(invoice.number),
        quote(invoice.kind === 'cancellation' ? 'Stornorechnung' : 'Rechnung'),
        invoice.issueDate,
        quote(invoice.customerNumber),
        quote(invoice.customerName),
        String(invoice.debitor),
        `${invoice.grandTotalCents < 0 ? '-' : ''}${datevAmount(invoice.grandTotalCents)}`,
        quote(invoice.status === 'cancelled' ? 'storniert' : 'gestellt'),
        quote((files.get(invoice.id) ?? []).join(', ')),
      ].join(';'),
    ),
  ];
  return encodeWindows1252(lines.map((line) => `${line}\r\n`).join(''));
}
