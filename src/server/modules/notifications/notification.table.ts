import type { Selectable } from 'kysely';
import type { NotificationKind } from '../../../shared/notifications';

/** A notice for one person about one case; shown in the bell, mailed unless the person opted out. */
export interface NotificationTable {
  id: string;
  person_id: string;
  case_id: string;
  kind: NotificationKind;
  /** What caused it (`event:<id>`, `message:<id>`, `created:<case id>`); unique with person_id. */
  source_key: string;
  /** JSON: what the notice shows (e.g. a commitment's description), already cut to the reader's view. */
  data: string;
  /** 1 when a mail went out for it (through the outbox), 0 when in-app only. */
  mailed: number;
  created_at: string;
  read_at: string | null;
}
export type NotificationRow = Selectable<NotificationTable>;

/** A person's choice for an optional kind; no row means the mail is sent. */
export interface NotificationPreferenceTable {
  person_id: string;
  kind: NotificationKind;
  mail: number;
  updated_at: string;
}
