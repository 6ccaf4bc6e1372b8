import type { Selectable } from 'kysely';
import type { CaseType } from '../../../shared/cases';
import type { Locale } from '../../../shared/roles';

export interface TextModuleTable {
  id: string;
  name: string;
  language: Locale;
  body: string;
  case_type: CaseType | null;
  active: number;
  /** When the module was last put into a reply (render); null: never, so it may be deleted. */
  last_used_at: string | null;
  created_at: string;
  updated_at: string;
}
export type TextModuleRow = Selectable<TextModuleTable>;
