import type { Selectable } from 'kysely';

/** The DATEV export's settings (one row, id 'default'; none until first saved). */
export interface DatevSettingsTable {
  id: string;
  /** Beraternummer (1001 – 9999999). */
  consultant_number: number;
  /** Mandantennummer (1 – 99999). */
  client_number: number;
  /** 1 – 12: the fiscal year starts on the first of this month. */
  fiscal_year_start_month: number;
  /** Sachkontenlänge (4 – 8); debitors have one digit more. */
  account_length: number;
  /** The debitor of customer K-100001 is this + 1. */
  debitor_start: number;
  bank_account: number;
  /** JSON Record<DatevRevenueKey, number>. */
  revenue_accounts: string;
  updated_at: string;
}
export type DatevSettingsRow = Selectable<DatevSettingsTable>;
