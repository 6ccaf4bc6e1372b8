import type { Selectable } from 'kysely';

export interface CaseSurveyTable {
  id: string;
  case_id: string;
  /** The customer contact's language when the survey was made: the page speaks it. */
  language: 'de' | 'en';
  created_at: string;
  expires_at: string;
  answered_at: string | null;
  /** 1 (poor) … 5 (very good), set with `answered_at`. */
  score: number | null;
  comment: string | null;
  /**
   * The agent and group the case was with when it was resolved (when this survey was issued with
   * the resolution mail): the answer counts for them, even when the case moves on later.
   */
  assignee_id: string | null;
  group_id: string | null;
}
export type CaseSurveyRow = Selectable<CaseSurveyTable>;
