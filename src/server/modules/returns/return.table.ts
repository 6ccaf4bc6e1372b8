import type { Selectable } from 'kysely';
import type { ItemCondition, ReturnOutcome, ReturnState } from '../../../shared/returns';

/** A return (RMA) of a case; `due_at` is the SLA target of the current state (null when none). */
export interface CaseReturnTable {
  id: string;
  /** RMA-2026-000001: from the counter per year, never reused. */
  number: string;
  case_id: string;
  state: ReturnState;
  due_at: string | null;
  outcome: ReturnOutcome | null;
  /** Shown to the customer with the outcome. */
  outcome_reason: string | null;
  /** Shown to the customer when the return was rejected before inspection. */
  reject_reason: string | null;
  requested_by_label: string;
  requested_at: string;
  authorised_at: string | null;
  received_at: string | null;
  inspected_at: string | null;
  closed_at: string | null;
  rejected_at: string | null;
  updated_at: string;
}
export type CaseReturnRow = Selectable<CaseReturnTable>;

/** One returned item and what the receiving inspection found (notes are internal). */
export interface CaseReturnItemTable {
  id: string;
  return_id: string;
  position: number;
  product: string;
  serial: string | null;
  quantity: number;
  reason: string;
  condition: ItemCondition | null;
  inspection_notes: string | null;
  /** JSON array of case attachment ids (photos of the inspection). */
  attachment_ids: string;
}
export type CaseReturnItemRow = Selectable<CaseReturnItemTable>;
