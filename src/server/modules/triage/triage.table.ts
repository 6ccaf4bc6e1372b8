import type { Selectable } from 'kysely';

export interface ChecklistTable {
  id: string;
  name: string;
  case_type: string;
  /** Null: every product line. */
  product_line: string | null;
  /** The third party a line fault goes to when the case names none yet. */
  third_party_id: string | null;
  /** JSON of ChecklistDefinition (src/shared/checklists.ts). */
  definition: string;
  active: number;
  created_at: string;
  updated_at: string;
}
export type ChecklistRow = Selectable<ChecklistTable>;

export interface ChecklistRunTable {
  id: string;
  case_id: string;
  checklist_id: string;
  /** JSON object stepId → answer, only the steps on the path the answers take. */
  answers: string;
  classification: string | null;
  started_by_label: string;
  started_by_source: string;
  created_at: string;
  updated_at: string;
}
export type ChecklistRunRow = Selectable<ChecklistRunTable>;

export interface CaseAppointmentTable {
  id: string;
  case_id: string;
  /** YYYY-MM-DD, Europe/Berlin. */
  date: string;
  /** HH:MM local. */
  window_from: string;
  window_to: string;
  note: string | null;
  created_by_label: string;
  created_at: string;
}
export type CaseAppointmentRow = Selectable<CaseAppointmentTable>;

/** The replacement a device fault led to: one per case, a return or a new-device lead. */
export interface CaseReplacementTable {
  id: string;
  case_id: string;
  /** The checklist run whose device classification offered it. */
  run_id: string;
  kind: 'return' | 'new_device_lead';
  return_id: string | null;
  lead_id: string | null;
  created_by_label: string;
  created_at: string;
}
export type CaseReplacementRow = Selectable<CaseReplacementTable>;
