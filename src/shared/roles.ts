// Roles and organisation kinds: declared once for the server's checks and the web app's navigation.

export const ORGANISATION_KINDS = ['operator', 'partner', 'customer', 'third_party'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

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

/** Every role of the operator's staff: they see all cases and internal entries. */
export const OPERATOR_ROLES: readonly Role[] = [
  'operator_admin',
  'agent',
  'channel_manager',
  'billing_clerk',
];
export const PARTNER_ROLES: readonly Role[] = ['partner_admin', 'partner_agent'];
export const CUSTOMER_ROLES: readonly Role[] = ['customer_user'];
/** Operator roles that may hand a case to a third party by mail. */
export const ESCALATION_ROLES: readonly Role[] = ['operator_admin', 'agent', 'channel_manager'];
/** Roles that keep the books: charge types, charges, later invoices and payments. Partners never see billing. */
export const BILLING_ROLES: readonly Role[] = ['operator_admin', 'billing_clerk'];
/** Roles that read a customer's account: the books, agents (balances on cases) and the customer itself. */
export const ACCOUNT_READ_ROLES: readonly Role[] = [...BILLING_ROLES, 'agent', 'customer_user'];
/** Feed monitoring: the operator admin manages the sources; agents, who work the mention cases, read them. */
export const FEED_SOURCE_MANAGE_ROLES: readonly Role[] = ['operator_admin'];
export const FEED_SOURCE_READ_ROLES: readonly Role[] = ['operator_admin', 'agent'];

export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** What an API token may do: read only, or read and change. */
export const TOKEN_SCOPES = ['read', 'write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
