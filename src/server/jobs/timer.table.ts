import type { Selectable } from 'kysely';

/** A due time the scheduler claims and acts on: an SLA clock's warning or breach, a commitment's due time. */
export interface TimerTable {
  id: string;
  kind:
    | 'case_clock'
    | 'commitment'
    | 'lead_protection'
    | 'lead_renewals'
    | 'billing_dunning'
    | 'billing_block_lift'
    | 'invoice_request'
    | 'notification';
  subject_id: string;
  due_at: string;
  locked_until: string | null;
}
export type TimerRow = Selectable<TimerTable>;
