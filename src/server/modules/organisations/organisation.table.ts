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
  created_at: string;
  updated_at: string;
}
export type OrganisationRow = Selectable<OrganisationTable>;
export type NewOrganisationRow = Insertable<OrganisationTable>;
export type OrganisationUpdate = Updateable<OrganisationTable>;

export interface ResellerOfRecordTable {
  customer_id: string;
  partner_id: string;
  since: string;
}
