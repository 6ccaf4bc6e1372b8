import type { Selectable } from 'kysely';

/** A keyword rule: an inbound mail is an invoice request when every word group has a word in it. */
export interface InvoiceRequestRuleTable {
  id: string;
  name: string;
  /** JSON: string[][], each inner list the alternatives of one group (["Rechnung","Invoice"]). */
  word_groups: string;
  active: number;
  /** Rules are shown and tried in this order. */
  position: number;
  created_at: string;
  updated_at: string;
}
export type InvoiceRequestRuleRow = Selectable<InvoiceRequestRuleTable>;

/**
 * How far the automatic fulfilment of an invoice-request case came (one row per case):
 * `matched` once its invoices are issued or found (their ids kept), `replied` once the reply with
 * the documents is on the case, `done` when the case is resolved or was handed to the billing clerks.
 */
export interface InvoiceRequestTable {
  case_id: string;
  customer_id: string;
  state: 'matched' | 'replied' | 'done';
  outcome: 'fulfilled' | 'handed_over' | null;
  /** JSON list of invoice ids the reply carries. */
  invoice_ids: string;
  /** What was missing when it went to the billing clerks (the note's text). */
  missing: string | null;
  created_at: string;
  updated_at: string;
}
export type InvoiceRequestRow = Selectable<InvoiceRequestTable>;
