import type { Selectable } from 'kysely';
import type { CaseType, Priority } from '../../../shared/cases';

export interface SlaPolicyTable {
  id: string;
  name: string;
  /** Lower positions are tried first; the first policy whose criteria match a case applies. */
  position: number;
  case_type: CaseType | null;
  priority: Priority | null;
  customer_tier: string | null;
  first_response_minutes: number | null;
  silence_minutes: number | null;
  resolution_minutes: number | null;
  warn_before_minutes: number;
  /** JSON BusinessCalendar */
  calendar: string;
  active: number;
  created_at: string;
}
export type SlaPolicyRow = Selectable<SlaPolicyTable>;

export interface CaseClockTable {
  case_id: string;
  kind: 'first_response' | 'silence' | 'resolution';
  policy_id: string;
  target_minutes: number;
  /** JSON ClockEvent[] */
  events: string;
  state: 'not_started' | 'running' | 'paused' | 'stopped' | 'breached';
  due_at: string | null;
  warn_at: string | null;
  breached_at: string | null;
  warned_at: string | null;
  met: number | null;
}
export type CaseClockRow = Selectable<CaseClockTable>;
