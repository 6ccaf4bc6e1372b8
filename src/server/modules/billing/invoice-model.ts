import { toNumber } from '../../db/dialect';
import type { InvoiceLineRow, InvoiceRow } from './billing.table';
import type { Language } from './invoice-document';
import type { BuyerSnapshot, InvoiceNote, SellerSnapshot } from './invoice-schemas';
import type { VatBreakdown } from './invoice-totals';

// What a renderer reads: the stored invoice row with its JSON columns parsed and bigints as
// numbers. Nothing is computed here; a renderer prints these figures as they were issued.

export type InvoiceModel = {
  id: string;
  number: string;
  kind: InvoiceRow['kind'];
  /** The cancelled invoice's number and issue date, for a cancellation. */
  cancels: { number: string; issueDate: string } | null;
  issueDate: string;
  dueDate: string;
  servicePeriod: { start: string; end: string };
  currency: 'EUR';
  language: Language;
  seller: SellerSnapshot;
  buyer: BuyerSnapshot;
  lineTotalCents: number;
  vatTotalCents: number;
  grandTotalCents: number;
  amountDueCents: number;
  vatBreakdown: VatBreakdown[];
  notes: InvoiceNote[];
  /** ISO timestamp of issue: the PDF's creation date, so a re-render gives the same bytes. */
  createdAt: string;
  lines: {
    position: number;
    description: string;
    quantityThousandths: number;
    unitPriceCents: number;
    lineNetCents: number;
    vatCategory: InvoiceLineRow['vat_category'];
    vatRateBasisPoints: number;
    exemptionNote: string | null;
    serviceDate: string;
    serviceDateTo: string | null;
  }[];
};

export function toInvoiceModel(
  row: InvoiceRow,
  lines: readonly InvoiceLineRow[],
  cancels: { number: string; issueDate: string } | null,
): InvoiceModel {
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    cancels,
    issueDate: row.issue_date,
    dueDate: row.due_date,
    servicePeriod: { start: row.service_period_start, end: row.service_period_end },
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
    createdAt: row.created_at,
    lines: [...lines]
      .sort((a, b) => a.position - b.position)
      .map((line) => ({
        position: line.position,
        description: line.description,
        quantityThousandths: line.quantity_thousandths,
        unitPriceCents: line.unit_price_cents,
        lineNetCents: toNumber(line.line_net_cents),
        vatCategory: line.vat_category,
        vatRateBasisPoints: line.vat_rate_basis_points,
        exemptionNote: line.exemption_note,
        serviceDate: line.service_date,
        serviceDateTo: line.service_date_to,
      })),
  };
}

/** BT-10: the stored buyer reference, or the customer number on invoices issued before it was stored. */
export function buyerReference(model: InvoiceModel): string {
  return model.buyer.reference || model.buyer.number;
}
