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
  datevAmount,
  datevPeriodProblem,
  debitorAccount,
  encodeWindows1252,
  invoiceBookings,
} from './datev-format';
import { DATEV_ROLES, requireDatevBatchSettings } from './datev-settings';
import type { BuyerSnapshot, SellerSnapshot } from './invoice-schemas';

// The accountant's export of a period: every invoice and cancellation issued in it (by issue
// date) as DATEV bookings, in the order of their numbers. Reading and the audit entry (who
// exported which period) happen in one transaction; the file is built from what was read.

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
    if (cancelledIds.length > 0) {
      const cancelled = await trx
        .selectFrom('invoice')
        .select(['id', 'number'])
        .where('id', 'in', cancelledIds)
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
      after: { from, to, format: period.format, invoices: invoices.length, bookings: bookings.length },
    });
    return {
      from,
      to,
      fileName: buchungsstapelFileName(from, to),
      content: encodeWindows1252(text),
      invoices,
      bookingCount: bookings.length,
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
