import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

import type { OrganisationKind } from '../../../shared/roles';

export { ORGANISATION_KINDS, type OrganisationKind } from '../../../shared/roles';

export interface OrganisationTable {
  id: string;
  /** Human number said aloud on the phone: O-1, P-10001, K-100001, D-1. */
  number: string;
  kind: OrganisationKind;
  name: string;
  street: string | null;
  postal_code: string | null;
  city: string | null;
  country: string;
  vat_id: string | null;
  tax_number: string | null;
  email: string | null;
  phone: string | null;
  active: number;
  /** Service tier for SLA policies (standard, premium …). */
  tier: Generated<string>;
  /** Third parties: a regular expression finding their own ticket number in their mails. */
  ticket_reference_pattern: string | null;
  /** Third parties: whether a partner may escalate to it from the portal (else the customer calls). */
  accepts_partner_escalation: Generated<number>;
  /** Third parties: when the customer can call them (shown with `phone` when they want the customer). */
  service_hours: string | null;
  /** Set when the account is flagged for review (e.g. a return held something else); operator only. */
  review_reason: Generated<string | null>;
  review_flagged_at: Generated<string | null>;
  created_at: string;
  updated_at: string;
}
export type OrganisationRow = Selectable<OrganisationTable>;
export type NewOrganisationRow = Insertable<OrganisationTable>;
export type OrganisationUpdate = Updateable<OrganisationTable>;

/**
 * One period of a reseller of record: the current one has `valid_to` null. Read "current" only
 * through cases/access.ts (currentResellerOfRecord), the one definition of it.
 */
export interface ResellerOfRecordTable {
  id: string;
  customer_id: string;
  partner_id: string;
  /** Per-asset record (installed base); null for the customer's own record. */
  asset_id: string | null;
  valid_from: string;
  valid_to: string | null;
  changed_by_person_id: string | null;
  changed_by_label: string;
  reason: string;
}
export type ResellerOfRecordRow = Selectable<ResellerOfRecordTable>;
