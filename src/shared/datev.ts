// The DATEV export's vocabulary shared by the server and the web app: which revenue account a
// booking goes to, and the SKR03 defaults the settings form starts with.

/**
 * Revenue accounts by VAT treatment. Reverse charge is split by where the buyer sits: a domestic
 * § 13b supply and an EU one go to different accounts (the EU one is reported in the ZM).
 */
export const DATEV_REVENUE_KEYS = [
  'standard',
  'reduced',
  'reverse_charge',
  'reverse_charge_eu',
  'exempt',
  'not_subject',
] as const;
export type DatevRevenueKey = (typeof DATEV_REVENUE_KEYS)[number];

/**
 * SKR03 defaults: 8400 Erlöse 19 % USt and 8300 Erlöse 7 % USt (automatic accounts: DATEV splits
 * the VAT off the gross amount), 8337 Erlöse aus Leistungen nach § 13b UStG, 8336 Erlöse aus im
 * anderen EU-Land steuerpflichtigen sonstigen Leistungen (§ 13b), 8100 steuerfreie Umsätze
 * § 4 Nr. 8 ff. UStG, 2742 Versicherungsentschädigungen und Schadenersatzleistungen (not subject
 * to VAT: return-debit and dunning fees passed on as damages); 1200 Bank.
 */
export const DATEV_SKR03_DEFAULTS = {
  fiscalYearStartMonth: 1,
  accountLength: 4,
  debitorStart: 10000,
  bankAccount: 1200,
  revenueAccounts: {
    standard: 8400,
    reduced: 8300,
    reverse_charge: 8337,
    reverse_charge_eu: 8336,
    exempt: 8100,
    not_subject: 2742,
  } satisfies Record<DatevRevenueKey, number>,
} as const;

/** A batch holds at most one fiscal year; the export refuses longer periods. */
export const DATEV_MAX_PERIOD_DAYS = 366;
