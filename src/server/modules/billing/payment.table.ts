import type { Selectable } from 'kysely';
import type { PaymentSource, PaymentStatus } from '../../../shared/payments';

/** Money received (or returned: a return debit is negative), from a statement or typed in. */
export interface PaymentTable {
  id: string;
  /** Cents, negative for a debit (Rücklastschrift); bigint on PostgreSQL. */
  amount_cents: number;
  currency: 'EUR';
  /** YYYY-MM-DD */
  booking_date: string;
  value_date: string | null;
  payer_name: string | null;
  /** Without spaces, upper case. */
  payer_iban: string | null;
  /** The remittance text (Verwendungszweck). */
  reference: string | null;
  end_to_end_id: string | null;
  /** The bank's own reference (AcctSvcrRef / NtryRef). */
  bank_reference: string | null;
  source: PaymentSource;
  /** All payments of one import share it. */
  import_id: string | null;
  /** Unique: the same statement line imported again is recognised and skipped. */
  dedupe_key: string;
  /** Null until the payment is matched to a customer. */
  customer_id: string | null;
  status: PaymentStatus;
  /** Why it was ignored. */
  note: string | null;
  created_by_person_id: string | null;
  created_at: string;
}
export type PaymentRow = Selectable<PaymentTable>;

/** Part of a payment set against one invoice (negative for a return debit reopening it). */
export interface PaymentAllocationTable {
  payment_id: string;
  invoice_id: string;
  amount_cents: number;
  created_at: string;
}
export type PaymentAllocationRow = Selectable<PaymentAllocationTable>;
