import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export const ROLES = [
  'operator_admin',
  'agent',
  'channel_manager',
  'billing_clerk',
  'partner_admin',
  'partner_agent',
  'customer_user',
] as const;
export type Role = (typeof ROLES)[number];

export const OPERATOR_ROLES: readonly Role[] = [
  'operator_admin',
  'agent',
  'channel_manager',
  'billing_clerk',
];
export const PARTNER_ROLES: readonly Role[] = ['partner_admin', 'partner_agent'];
export const CUSTOMER_ROLES: readonly Role[] = ['customer_user'];

export interface PersonTable {
  id: string;
  organisation_id: string;
  name: string;
  /** Stored lower-case; unique. */
  email: string;
  phone: string | null;
  locale: 'de' | 'en';
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
