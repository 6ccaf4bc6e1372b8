import type { Selectable } from 'kysely';

export interface CaseSettingsTable {
  /** Always 'default': one row of settings. */
  id: string;
  /** 1: a case is resolved only with a cause. */
  cause_required_to_resolve: number;
  updated_at: string;
}
export type CaseSettingsRow = Selectable<CaseSettingsTable>;
