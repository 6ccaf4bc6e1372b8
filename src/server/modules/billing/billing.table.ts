import type { Selectable } from 'kysely';
import type {
  DunningLevel,
  InvoiceKind,
  InvoiceNumbering,
  InvoiceStatus,
  VatCategoryCode,
  VatTreatment,
} from '../../../shared/billing';

/** The seller's data printed on every invoice (one row, id 'default'; none until first saved). */
export interface SellerSettingsTable {
  id: string;
  legal_name: string;
  street: string;
  postal_code: string;
  city: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
  vat_id: string | null;
  tax_number: string | null;
  register_court: string | null;
  register_number: string | null;
  /** JSON list of names. */
  managing_directors: string;
  bank_name: string | null;
  /** Without spaces, upper case. */
  iban: string;
  bic: string | null;
  invoice_footer: string | null;
  /** The seller's contact on e-invoices (XRechnung BR-DE-2/5/6/7); required for issuing. */
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  payment_terms_days: number;
  invoice_number_prefix: string;
  invoice_numbering: InvoiceNumbering;
  updated_at: string;
}
export type SellerSettingsRow = Selectable<SellerSettingsTable>;

/** A configurable kind of charge with its VAT treatment. */
export interface ChargeTypeTable {
  code: string;
  name_de: string;
  name_en: string;
  vat_treatment: VatTreatment;
  /** The legal basis of an exemption (required for `exempt`, null otherwise). */
  exemption_note: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}
export type ChargeTypeRow = Selectable<ChargeTypeTable>;

/** What billing keeps per customer beyond its rows: dunning level and service block. */
export interface BillingAccountTable {
  customer_id: string;
  dunning_level: DunningLevel;
  blocked_at: string | null;
  blocked_reason: string | null;
  /** Counts lifted blocks: each dunning cycle steps through the levels once. */
  dunning_cycle: number;
  /** What set the block: 'dunning' lifts itself when the balance is settled, 'manual' waits for a clerk. */
  block_source: 'dunning' | 'manual' | null;
  updated_at: string;
}
export type BillingAccountRow = Selectable<BillingAccountTable>;

/**
 * Something a customer is charged for, net. The VAT treatment is taken from the charge type when
 * the charge is made and kept, so a later change of the type does not change a charge's tax.
 */
export interface ChargeTable {
  id: string;
  customer_id: string;
  type_code: string;
  vat_treatment: VatTreatment;
  exemption_note: string | null;
  description: string;
  /** Integer thousandths (1.5 → 1500). */
  quantity_thousandths: number;
  /** Net price of one unit in cents. */
  unit_price_cents: number;
  /** quantity × unit price rounded half up (BT-131); bigint on PostgreSQL. */
  line_net_cents: number;
  /** YYYY-MM-DD: the day of the supply, or the first day of a period. */
  service_date: string;
  /** YYYY-MM-DD: the last day of a period, or null. */
  service_date_to: string | null;
  case_id: string | null;
  /** The invoice that covers the charge; null while uninvoiced. */
  invoice_id: string | null;
  created_by_person_id: string | null;
  created_at: string;
}
export type ChargeRow = Selectable<ChargeTable>;

/** The last number taken of an invoice series in a period ('2026', or 'all' when continuous). */
export interface InvoiceNumberCounterTable {
  series: string;
  period: string;
  last_number: number;
}

/**
 * An issued document. Written once; only `status` and `cancelled_by_invoice_id` change, when a
 * cancellation document is issued for it. JSON columns hold what the renderer prints, as it was
 * at issue (see invoice-snapshot.ts for their shapes).
 */
export interface InvoiceTable {
  id: string;
  /** Unique and gapless per series, e.g. RE-2026-000042. */
  number: string;
  /** The series prefix the number was taken from. */
  series: string;
  numbering: InvoiceNumbering;
  customer_id: string;
  kind: InvoiceKind;
  /** For a cancellation: the invoice it cancels (unique: an invoice is cancelled once). */
  cancels_invoice_id: string | null;
  /** YYYY-MM-DD in Europe/Berlin (BT-2). */
  issue_date: string;
  /** First and last day of supply over the lines (BT-72 when equal, BG-14 otherwise). */
  service_period_start: string;
  service_period_end: string;
  /** Issue date + the seller's payment terms (BT-9). */
  due_date: string;
  currency: 'EUR';
  /** The customer's language: the document is rendered in it. */
  language: 'de' | 'en';
  /** JSON SellerSnapshot */
  seller: string;
  /** JSON BuyerSnapshot */
  buyer: string;
  line_total_cents: number;
  vat_total_cents: number;
  grand_total_cents: number;
  amount_due_cents: number;
  /** JSON VatBreakdown[] (BG-23). */
  vat_breakdown: string;
  /** JSON InvoiceNote[] (BT-22 / BT-120 texts, in the document's language). */
  notes: string;
  /** 1 when gross ≤ 250 € (§ 33 UStDV); full data is kept anyway. */
  small_amount: number;
  /** Why this document was split off the request, or null for the main one. */
  split_reason: string | null;
  cancel_reason: string | null;
  status: InvoiceStatus;
  cancelled_by_invoice_id: string | null;
  created_by_person_id: string | null;
  created_at: string;
}
export type InvoiceRow = Selectable<InvoiceTable>;

/** One line of an invoice, copied from its charge (negated on a cancellation). */
export interface InvoiceLineTable {
  invoice_id: string;
  /** 1, 2, … (BT-126). */
  position: number;
  charge_id: string;
  type_code: string;
  description: string;
  /** Negative on a cancellation. */
  quantity_thousandths: number;
  /** Net unit price (BT-146), never negative. */
  unit_price_cents: number;
  line_net_cents: number;
  vat_category: VatCategoryCode;
  vat_rate_basis_points: number;
  exemption_note: string | null;
  service_date: string;
  service_date_to: string | null;
}
export type InvoiceLineRow = Selectable<InvoiceLineTable>;

/** The rendered documents of an invoice: one per format, rendered once; the bytes are in the file store. */
export const INVOICE_DOCUMENT_FORMATS = ['pdf', 'xrechnung_cii', 'xrechnung_ubl', 'zugferd'] as const;
export type InvoiceDocumentFormat = (typeof INVOICE_DOCUMENT_FORMATS)[number];

export interface InvoiceDocumentTable {
  invoice_id: string;
  format: InvoiceDocumentFormat;
  /** The content address in the file store (cases/attachments.ts). */
  sha256: string;
  size: number;
  created_at: string;
}
export type InvoiceDocumentRow = Selectable<InvoiceDocumentTable>;
