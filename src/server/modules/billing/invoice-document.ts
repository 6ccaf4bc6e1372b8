import {
  CANCELLATION_NOTE,
  NOT_SUBJECT_NOTE,
  REVERSE_CHARGE_NOTE,
  SMALL_AMOUNT_LIMIT_CENTS,
  VAT_TREATMENT_RULES,
  type VatTreatment,
} from '../../../shared/billing';
import type { InvoiceLineTable } from './billing.table';
import type { InvoiceNote } from './invoice-schemas';
import { type InvoiceTotals, invoiceTotals } from './invoice-totals';

// The content of one document, pure: lines, totals, service period, notes and the § 33 UStDV flag
// from the charges it covers. The issuing service adds number, parties and dates and stores it.

export type Language = 'de' | 'en';

export type DocumentCharge = {
  id: string;
  typeCode: string;
  treatment: VatTreatment;
  exemptionNote: string | null;
  description: string;
  quantityThousandths: number;
  unitPriceCents: number;
  serviceDate: string;
  serviceDateTo: string | null;
};

export type DocumentContent = {
  lines: Omit<InvoiceLineTable, 'invoice_id'>[];
  totals: InvoiceTotals;
  servicePeriod: { start: string; end: string };
  notes: InvoiceNote[];
  smallAmount: boolean;
};

/** Today's date in Germany (YYYY-MM-DD): the issue date a German invoice shows. */
export function berlinDate(now: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(now);
}

export function addDays(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

/**
 * A document's content. `sign` −1 makes the cancellation of the same charges: quantities and
 * amounts negated, the unit price kept (BT-146 is never negative); rounding half away from zero
 * is symmetric, so every figure is exactly the original's negated.
 */
export function documentContent(
  charges: readonly DocumentCharge[],
  language: Language,
  sign: 1 | -1 = 1,
  cancelledNumber?: string,
): DocumentContent {
  const totals = invoiceTotals(
    charges.map((c) => ({
      quantityThousandths: sign * c.quantityThousandths,
      unitPriceCents: c.unitPriceCents,
      treatment: c.treatment,
      exemptionNote: c.exemptionNote,
    })),
  );
  const lines = charges.map((c, index) => {
    const computed = totals.lines[index]!;
    return {
      position: index + 1,
      charge_id: c.id,
      type_code: c.typeCode,
      description: c.description,
      quantity_thousandths: sign * c.quantityThousandths,
      unit_price_cents: c.unitPriceCents,
      line_net_cents: computed.lineNetCents,
      vat_category: computed.category,
      vat_rate_basis_points: computed.rateBasisPoints,
      exemption_note: c.treatment === 'exempt' ? c.exemptionNote : null,
      service_date: c.serviceDate,
      service_date_to: c.serviceDateTo,
    };
  });
  const starts = charges.map((c) => c.serviceDate).sort();
  const ends = charges.map((c) => c.serviceDateTo ?? c.serviceDate).sort();
  const treatments = new Set(charges.map((c) => c.treatment));
  const notes: InvoiceNote[] = [];
  if (cancelledNumber) {
    notes.push({ kind: 'cancellation', text: `${CANCELLATION_NOTE[language]} ${cancelledNumber}` });
  }
  if (treatments.has('reverse_charge')) {
    notes.push({ kind: 'reverse_charge', text: REVERSE_CHARGE_NOTE[language] });
  }
  if (treatments.has('not_subject')) {
    notes.push({ kind: 'not_subject', text: NOT_SUBJECT_NOTE[language] });
  }
  for (const group of totals.breakdown) {
    if (group.category === 'E' && group.exemptionNote) {
      notes.push({ kind: 'exempt', text: group.exemptionNote });
    }
  }
  return {
    lines,
    totals,
    servicePeriod: { start: starts[0]!, end: ends[ends.length - 1]! },
    notes,
    smallAmount: Math.abs(totals.grandTotalCents) <= SMALL_AMOUNT_LIMIT_CENTS,
  };
}

/** The charges' treatments that need the buyer's VAT ID on the document (§ 14a Abs. 1 UStG). */
export function needsBuyerVatId(charges: readonly { treatment: VatTreatment }[]): boolean {
  return charges.some((c) => VAT_TREATMENT_RULES[c.treatment].category === 'AE');
}
