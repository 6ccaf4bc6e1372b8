import type { Selectable } from 'kysely';
import type { DunningLevel, InvoiceNumbering, VatTreatment } from '../../../shared/billing';

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
