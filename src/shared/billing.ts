// The billing vocabulary shared by the server and the web app: VAT treatments and their rates,
// EN 16931 category codes, invoice number series and dunning levels. Rates live here and nowhere
// else; money is integer cents everywhere, rates are basis points (1900 = 19 %).

/**
 * How a charge type is taxed.
 * - standard / reduced: German VAT at the general (19 %) or reduced (7 %) rate (§ 12 UStG).
 * - not_subject: outside the scope of VAT, e.g. a return-debit or dunning fee passed on as damages
 *   (Schadensersatz, no supply); EN 16931 category O, never on one document with other categories.
 * - reverse_charge: the buyer owes the VAT (§ 13b UStG); category AE, needs the buyer's VAT ID.
 * - exempt: a tax exemption (§ 4 UStG); category E, the charge type names its legal basis.
 */
export const VAT_TREATMENTS = ['standard', 'reduced', 'not_subject', 'reverse_charge', 'exempt'] as const;
export type VatTreatment = (typeof VAT_TREATMENTS)[number];

/** EN 16931 VAT category codes (UNCL5305) we issue. "AA" is not EN 16931: reduced is S with its rate. */
export const VAT_CATEGORY_CODES = ['S', 'O', 'AE', 'E'] as const;
export type VatCategoryCode = (typeof VAT_CATEGORY_CODES)[number];

/** One basis point is 0.01 %; 19 % is 1900. */
export type BasisPoints = number;

export const VAT_TREATMENT_RULES: Record<
  VatTreatment,
  { category: VatCategoryCode; rateBasisPoints: BasisPoints }
> = {
  standard: { category: 'S', rateBasisPoints: 1900 },
  reduced: { category: 'S', rateBasisPoints: 700 },
  not_subject: { category: 'O', rateBasisPoints: 0 },
  reverse_charge: { category: 'AE', rateBasisPoints: 0 },
  exempt: { category: 'E', rateBasisPoints: 0 },
};

/** The note a reverse-charge invoice must carry (§ 14a Abs. 5 UStG), in the document's language. */
export const REVERSE_CHARGE_NOTE = {
  de: 'Steuerschuldnerschaft des Leistungsempfängers',
  en: 'Reverse charge: the recipient of the supply is liable for the VAT',
} as const;

/** The note a not-subject document carries, so the buyer sees why there is no VAT. */
export const NOT_SUBJECT_NOTE = {
  de: 'Nicht steuerbarer Schadensersatz; keine Umsatzsteuer',
  en: 'Damages not subject to VAT',
} as const;

/** Invoice number series: one counter per year (RE-2026-000001) or one for ever (RE-000001). */
export const INVOICE_NUMBERINGS = ['per_year', 'continuous'] as const;
export type InvoiceNumbering = (typeof INVOICE_NUMBERINGS)[number];

/** Dunning levels: 0 none, 1 reminder (Zahlungserinnerung), 2 and 3 dunning notices (Mahnung). */
export const DUNNING_LEVELS = [0, 1, 2, 3] as const;
export type DunningLevel = (typeof DUNNING_LEVELS)[number];

/** Charge type codes: lower-case letters, digits and underscores, starting with a letter. */
export const CHARGE_TYPE_CODE_PATTERN = /^[a-z][a-z0-9_]{1,39}$/;

/** A quantity has at most this many decimal places; stored as an integer of thousandths. */
export const QUANTITY_DECIMALS = 3;

/** An invoice document, or the cancellation (Stornorechnung) of one; both have a number of the series. */
export const INVOICE_KINDS = ['invoice', 'cancellation'] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];

/** An issued document stays issued; an invoice becomes cancelled when its cancellation is issued. */
export const INVOICE_STATUSES = ['issued', 'cancelled'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** § 33 UStDV: an invoice up to this gross amount (cents) is a small-amount invoice. */
export const SMALL_AMOUNT_LIMIT_CENTS = 25_000;

/** The note a cancellation document carries, followed by the cancelled invoice's number. */
export const CANCELLATION_NOTE = {
  de: 'Stornorechnung zur Rechnung',
  en: 'Cancellation of invoice',
} as const;
