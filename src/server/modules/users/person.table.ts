import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Locale } from '../../../shared/roles';
import type { Salutation } from '../../../shared/salutation';

export { CUSTOMER_ROLES, OPERATOR_ROLES, PARTNER_ROLES, ROLES, type Role } from '../../../shared/roles';

export interface PersonTable {
  id: string;
  organisation_id: string;
  name: string;
  /** Stored lower-case; unique. */
  email: string;
  phone: string | null;
  /** How mail greets them ('ms' → "Sehr geehrte Frau …"); null: by full name (users/greeting.ts). */
  salutation: Salutation | null;
  locale: Locale;
  time_zone: string;
  /** JSON array of Role. Empty for contacts who never log in. */
  roles: string;
  /** argon2id; null for a contact without login. */
  password_hash: string | null;
  active: number;
  failed_logins: number;
  locked_until: string | null;
  /** Set when mail to this person bounced; cleared when they write again. */
  mail_bounced_at: string | null;
  mail_bounce_reason: string | null;
  /** 1 for a contact created from an unknown sender's mail, until someone checks it. */
  needs_review: Generated<number>;
  created_at: string;
  updated_at: string;
}
export type PersonRow = Selectable<PersonTable>;
export type NewPersonRow = Insertable<PersonTable>;
export type PersonUpdate = Updateable<PersonTable>;
