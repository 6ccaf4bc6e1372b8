import type { Insertable, Selectable, Updateable } from 'kysely';
import type {
  DealRegistrationStatus,
  DirectContactClearance,
  DirectContactKind,
  LeadKind,
  LeadSource,
  LeadStage,
  LeadStatus,
  LeadStepAction,
} from '../../../shared/channel';

/** A sales opportunity for a customer, routed to a partner. Money in integer cents. */
export interface LeadTable {
  id: string;
  /** Human number, e.g. L-2026-000012. */
  number: string;
  customer_id: string;
  kind: LeadKind;
  source: LeadSource;
  product_line: string | null;
  asset_id: string | null;
  note: string | null;
  status: LeadStatus;
  /** The partner that holds (offered, accepted) or held (won, lost) the lead; null while queued. */
  partner_id: string | null;
  /** Person of the partner the partner admin gave the lead to. */
  assigned_person_id: string | null;
  /** End of the partner's window to accept or decline (offered); null otherwise. */
  protected_until: string | null;
  /** The routing decision that placed the lead where it is: rule, explanation JSON, candidates JSON. */
  routing_rule: string;
  routing_explanation: string;
  routing_candidates: string;
  stage: LeadStage | null;
  next_activity_at: string | null;
  next_activity_note: string | null;
  expected_value_cents: number | null;
  outcome_value_cents: number | null;
  /** YYYY-MM-DD */
  outcome_date: string | null;
  outcome_reason: string | null;
  /** `asset_id:warranty_end` for renewal-job leads: once per asset and warranty period. */
  renewal_key: string | null;
  offered_at: string | null;
  accepted_at: string | null;
  closed_at: string | null;
  created_by_person_id: string | null;
  created_at: string;
  updated_at: string;
}
export type LeadRow = Selectable<LeadTable>;
export type NewLeadRow = Insertable<LeadTable>;
export type LeadUpdate = Updateable<LeadTable>;

/** The routing history of a lead: every step with time, actor and reason. */
export interface LeadStepTable {
  id: string;
  lead_id: string;
  at: string;
  action: LeadStepAction;
  /** null: the system (renewal job, timeout). */
  actor_person_id: string | null;
  actor_label: string;
  /** The partner the step concerns (offered to, declined by, …). */
  partner_id: string | null;
  reason: string | null;
  /** For routed/queued/rerouted: the routing rule and explanation JSON at that moment. */
  rule: string | null;
  explanation: string | null;
}
export type LeadStepRow = Selectable<LeadStepTable>;

/** A partner's registration of an opportunity with a customer or a prospect. */
export interface DealRegistrationTable {
  id: string;
  partner_id: string;
  /** An existing customer, or null for a prospect named below. */
  customer_id: string | null;
  prospect_name: string;
  prospect_postal_code: string | null;
  product_line: string;
  expected_value_cents: number;
  /** YYYY-MM-DD */
  close_date: string;
  note: string | null;
  status: DealRegistrationStatus;
  /** JSON list of conflicts found when registered or decided (other partner's protection, reseller of record). */
  conflicts: string;
  decided_by_person_id: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  /** Approval protects the partner for this customer and product line until then. */
  protected_until: string | null;
  created_by_person_id: string;
  created_at: string;
  updated_at: string;
}
export type DealRegistrationRow = Selectable<DealRegistrationTable>;

/** The operator's own sales contact with a customer (offer, call, mail). */
export interface DirectContactTable {
  id: string;
  customer_id: string;
  kind: DirectContactKind;
  note: string;
  /** The partner that protected the customer when the contact was recorded, if any. */
  protecting_partner_id: string | null;
  /** Why a direct offer went ahead despite that protection. */
  clearance: DirectContactClearance | null;
  clearance_note: string | null;
  created_by_person_id: string;
  created_at: string;
}
export type DirectContactRow = Selectable<DirectContactTable>;

/** Channel settings edited by the channel manager (one row, id 'default'). */
export interface ChannelSettingsTable {
  id: string;
  /** Renewal leads are made this many days before warranty end. */
  renewal_lead_days: number;
  /** How long a partner holds an offered lead. */
  protection_days: number;
  /** 1: protection_days count business days of the business calendar. */
  protection_business_days: number;
  /** How long an approved deal registration protects the partner. */
  registration_protection_days: number;
  updated_at: string;
}
export type ChannelSettingsRow = Selectable<ChannelSettingsTable>;
