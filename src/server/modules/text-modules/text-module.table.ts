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
  created_at: string;
  updated_at: string;
}
export type TextModuleRow = Selectable<TextModuleTable>;
