import type { Selectable } from 'kysely';

export type OutboxStatus = 'pending' | 'done' | 'failed';

export interface OutboxTable {
  id: string;
  topic: string;
  /** JSON */
  payload: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  /** A claimed message is invisible to other workers until this time passes. */
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  done_at: string | null;
}
export type OutboxRow = Selectable<OutboxTable>;
