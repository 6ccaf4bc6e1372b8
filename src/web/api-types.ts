// Shapes of the HTTP API as documented in docs/api.md. The web app is built separately
// from the server, so it keeps its own view of the wire format here, in one place.

import type { Locale, OrganisationKind, Role, TokenScope } from '../shared/roles';
import type { Salutation } from '../shared/salutation';

export { type Locale, ORGANISATION_KINDS, type OrganisationKind, ROLES, type Role } from '../shared/roles';

export type Me = {
  id: string;
  name: string;
  email: string;
  locale: Locale;
  timeZone: string;
  roles: Role[];
  organisation: { id: string; number: string; name: string; kind: OrganisationKind };
};

export type SessionResponse = {
  user: Me;
  csrfToken: string;
  /** What the server refuses past (bytes): stated next to uploads and checked before sending. */
  limits?: { attachmentMaxBytes: number };
};

export type OrganisationRef = { id: string; number: string; name: string };

export type Organisation = {
  id: string;
  number: string;
  kind: OrganisationKind;
  name: string;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  country: string;
  vatId: string | null;
  taxNumber: string | null;
  email: string | null;
  phone: string | null;
  active: boolean;
  resellerOfRecord: OrganisationRef | null;
  /** Operator only: the account is flagged for review (e.g. a return with wrong contents). */
  reviewFlag?: { reason: string; flaggedAt: string } | null;
  /** Third parties: where their own ticket number stands in their mails. */
  ticketReferencePattern: string | null;
  /** Third parties: whether partners may escalate faults to it from the portal. */
  acceptsPartnerEscalation: boolean;
  /** Third parties: when customers can call (shown with the phone number). */
  serviceHours: string | null;
  createdAt: string;
  updatedAt: string;
};

export type Page<T> = { items: T[]; nextCursor: string | null };

export type Person = {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  /** How mail greets them; null: by full name. */
  salutation?: Salutation | null;
  locale?: 'de' | 'en';
  timeZone?: string;
  roles: Role[];
  /** False for a contact who has no login (roles are then empty too). */
  canLogIn?: boolean;
  active: boolean;
};

export type AuditEntry = {
  id: string;
  at: string;
  actor: { id: string | null; label: string } | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
};

export type { TokenScope };

export type ApiToken = {
  id: string;
  name: string;
  scopes: TokenScope[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
};

export type CreatedApiToken = ApiToken & { token: string };

export type MeUpdate = { name?: string; locale?: Locale; timeZone?: string };

export const WORKLIST_KINDS = [
  'reseller_inactive',
  'partner_without_coordinates',
  'asset_reseller_conflict',
  'customer_without_reseller',
  'lead_queued',
] as const;
export type WorklistKind = (typeof WORKLIST_KINDS)[number];

export type WorklistItem = {
  kind: WorklistKind;
  severity: 'high' | 'medium' | 'low';
  organisation: OrganisationRef;
  partner?: OrganisationRef & { status?: 'inactive' | 'suspended' };
  asset?: { id: string; serial: string };
  lead?: { id: string; number: string };
  detail: { code: string; params: Record<string, string> };
  fixPath: string;
};

export type Worklist = {
  items: WorklistItem[];
  counts: Record<WorklistKind, number>;
  total: number;
  limit: number;
  offset: number;
};
