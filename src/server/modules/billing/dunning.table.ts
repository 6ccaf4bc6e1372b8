import type { Selectable } from 'kysely';

/** How dunning steps (one row, id 'default'; the defaults apply until first saved). */
export interface DunningSettingsTable {
  id: string;
  /** Days after the oldest overdue due date until the reminder (level 1). */
  level1_days: number;
  /** Days after the previous level's notice until levels 2 and 3. */
  level2_days: number;
  level3_days: number;
  level1_fee_cents: number;
  level2_fee_cents: number;
  level3_fee_cents: number;
  /** The level whose notice blocks the service; null: never. */
  block_level: number | null;
  /** The charge type of the fee: its VAT treatment decides whether the fee is taxed. */
  fee_charge_type_code: string;
  updated_at: string;
}
export type DunningSettingsRow = Selectable<DunningSettingsTable>;

/** One dunning step of a customer: unique per customer, cycle and level, so it is taken once. */
export interface DunningNoticeTable {
  id: string;
  customer_id: string;
  /** The account's dunning cycle: a lifted block starts the next one. */
  cycle: number;
  level: number;
  /** YYYY-MM-DD (Europe/Berlin): the run's day; the next level counts its days from it. */
  notice_date: string;
  /** JSON list of the overdue invoice ids the notice names. */
  invoice_ids: string;
  /** What was open on them, in cents (bigint on PostgreSQL). */
  open_cents: number;
  fee_charge_id: string | null;
  created_at: string;
}
export type DunningNoticeRow = Selectable<DunningNoticeTable>;
