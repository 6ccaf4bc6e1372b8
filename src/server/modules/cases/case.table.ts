import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
  CaseStatus,
  CaseType,
  Channel,
  CommitmentStatus,
  DecisionOutcome,
  FactSource,
  FactState,
  LinkKind,
  Priority,
  Visibility,
} from '../../../shared/cases';

export {
  CASE_STATUSES,
  CASE_TYPES,
  type CaseStatus,
  type CaseType,
  CHANNELS,
  type Channel,
  COMMITMENT_OUTCOMES,
  COMMITMENT_STATUSES,
  type CommitmentOutcome,
  type CommitmentStatus,
  DECISION_OUTCOMES,
  type DecisionOutcome,
  FACT_SOURCES,
  FACT_STATES,
  type FactSource,
  type FactState,
  LINK_KINDS,
  type LinkKind,
  PRIORITIES,
  type Priority,
  VISIBILITIES,
  type Visibility,
} from '../../../shared/cases';

export interface SupportCaseTable {
  id: string;
  /** CD-2026-000123: said aloud on the phone, never reused. */
  number: string;
  type: CaseType;
  status: CaseStatus;
  priority: Priority;
  subject: string;
  /** The mail's whole subject when `subject` had to be shortened to fit; null otherwise. Searchable. */
  full_subject: string | null;
  customer_id: string;
  contact_id: string | null;
  /** The reseller involved in this case (usually the customer's reseller of record). */
  partner_id: string | null;
  third_party_id: string | null;
  assignee_id: string | null;
  group_id: string | null;
  channel: Channel;
  cause_id: string | null;
  /** Set on a merged duplicate: its number redirects to this case. */
  merged_into_id: string | null;
  created_by_id: string | null;
  /** 1 while an SLA clock is breached or a commitment overdue: the "breaching" inbox filter. */
  breaching: Generated<number>;
  created_at: string;
  updated_at: string;
  first_response_at: string | null;
  last_public_reply_at: string | null;
  last_customer_message_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
}
export type SupportCaseRow = Selectable<SupportCaseTable>;
export type NewSupportCaseRow = Insertable<SupportCaseTable>;
export type SupportCaseUpdate = Updateable<SupportCaseTable>;

export interface CaseGroupTable {
  id: string;
  name: string;
  lead_person_id: string | null;
  created_at: string;
}
export interface CaseGroupMemberTable {
  group_id: string;
  person_id: string;
}

export interface CauseTable {
  id: string;
  parent_id: string | null;
  name_de: string;
  name_en: string;
  active: number;
  position: number;
}

export interface CaseTagTable {
  case_id: string;
  tag: string;
}

export interface CaseMessageTable {
  id: string;
  case_id: string;
  visibility: Visibility;
  direction: 'inbound' | 'outbound' | 'note';
  author_person_id: string | null;
  author_label: string;
  body_text: string;
  /** Sanitised on the way in; never raw HTML from outside. */
  body_html: string | null;
  channel: Channel;
  /** The mail this message came from, when it came by e-mail. */
  inbound_mail_id: string | null;
  /**
   * For a `partner` entry: the partner organisation it belongs to (its writer, or the one the
   * operator addressed). Only that partner reads it; null for public and internal entries.
   */
  partner_organisation_id: string | null;
  created_at: string;
}
export type CaseMessageRow = Selectable<CaseMessageTable>;

export interface CaseAttachmentTable {
  id: string;
  case_id: string;
  /** Null until a message takes the attachment along. */
  message_id: string | null;
  /** The message's visibility once attached; until then the uploader's choice. */
  visibility: Visibility;
  uploaded_by_person_id: string | null;
  file_name: string;
  /** Sniffed from the content, not taken from the upload. */
  mime_type: string;
  size: number;
  /** Content address: the file lives at DATA_DIR/attachments/ab/cd/<sha256>. */
  sha256: string;
  /**
   * For a `partner` entry: the partner organisation it belongs to (its writer, or the one the
   * operator addressed). Only that partner reads it; null for public and internal entries.
   */
  partner_organisation_id: string | null;
  /** The mail part's Content-ID (without <>), so the message's HTML can show it inline (cid:). */
  content_id: string | null;
  created_at: string;
}
export type CaseAttachmentRow = Selectable<CaseAttachmentTable>;

export interface CaseEventTable {
  id: string;
  case_id: string;
  type: string;
  visibility: Visibility;
  actor_person_id: string | null;
  actor_label: string;
  /** JSON */
  data: string;
  /**
   * For a `partner` entry: the partner organisation it belongs to (its writer, or the one the
   * operator addressed). Only that partner reads it; null for public and internal entries.
   */
  partner_organisation_id: string | null;
  created_at: string;
}
export type CaseEventRow = Selectable<CaseEventTable>;

/** A signed link to a case's public status page; revoked links stop working. */
export interface CaseStatusLinkTable {
  id: string;
  case_id: string;
  /** manual (case page or API), reply_mail, auto_reply */
  origin: 'manual' | 'reply_mail' | 'auto_reply';
  created_by_person_id: string | null;
  created_by_label: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  revoked_by_label: string | null;
}
export type CaseStatusLinkRow = Selectable<CaseStatusLinkTable>;

export interface CaseFactTable {
  id: string;
  case_id: string;
  key: string;
  label: string;
  value: string;
  source: FactSource;
  state: FactState;
  note: string | null;
  updated_by_label: string;
  created_at: string;
  updated_at: string;
}
export type CaseFactRow = Selectable<CaseFactTable>;

export interface CaseCommitmentTable {
  id: string;
  case_id: string;
  description: string;
  due_at: string;
  owner_person_id: string;
  status: CommitmentStatus;
  created_by_label: string;
  created_at: string;
  resolved_at: string | null;
  escalated_at: string | null;
  /** Why a commitment was dropped (status `dropped`) when its case was resolved. */
  outcome_reason: string | null;
}
export type CaseCommitmentRow = Selectable<CaseCommitmentTable>;

export interface CaseDecisionTable {
  id: string;
  case_id: string;
  outcome: DecisionOutcome;
  /** The policy the decision follows, in plain words ("Kulanzrichtlinie Austausch 2026"). */
  policy: string;
  /** Conditions in plain words ("Austausch nach Zahlungseingang zu Rechnung 2026-0042"). */
  conditions: string | null;
  /** JSON array of case_fact ids the decision rests on. */
  cited_fact_ids: string;
  /**
   * JSON array of the cited facts as they were when decided ({ factId, key, label, value }): what the
   * decision rests on, whatever the facts say later.
   */
  basis: Generated<string>;
  /** When a cited fact came to differ from the basis; null while the basis holds. */
  basis_changed_at: string | null;
  /** Who decided: told when the basis changes. Null for decisions made before this was kept. */
  decided_by_person_id: string | null;
  decided_by_label: string;
  decided_at: string;
}
export type CaseDecisionRow = Selectable<CaseDecisionTable>;

export interface CaseLinkTable {
  from_case_id: string;
  to_case_id: string;
  kind: LinkKind;
  created_at: string;
}

export interface SavedViewTable {
  id: string;
  person_id: string;
  name: string;
  /** JSON of the list filters. */
  filters: string;
  created_at: string;
}

export type { Insertable, Updateable };
