// Wire shapes of the installed base, deal registrations and direct contacts (docs/api.md), as the
// web app sees them. Kept apart from api-types.ts so the channel pages change in one place.

import type {
  DealRegistrationStatus,
  DirectContactClearance,
  DirectContactKind,
  RegistrationConflictKind,
} from '../../shared/channel';
import type { OrganisationRef } from '../api-types';

export type Asset = {
  id: string;
  serial: string;
  productModel: string;
  productLine: string;
  customer: OrganisationRef;
  /** The asset's own reseller of record; null: the customer's applies. */
  resellerOfRecord: OrganisationRef | null;
  /** YYYY-MM-DD */
  purchaseDate: string | null;
  /** YYYY-MM-DD */
  warrantyEnd: string | null;
  specs: Record<string, string>;
  createdAt: string;
  updatedAt: string;
};

export type AssetUpdate = {
  serial?: string;
  productModel?: string;
  productLine?: string;
  purchaseDate?: string | null;
  warrantyEnd?: string | null;
  specs?: Record<string, string>;
  resellerOfRecord?: { partnerId: string | null; reason: string };
};

/** What a registration collides with; a partner is told only the kind, the operator who and until when. */
export type RegistrationConflict = {
  kind: RegistrationConflictKind;
  partnerId?: string;
  partnerName?: string;
  subjectId?: string;
  until?: string | null;
  /** existing_customer: the customer the prospect probably is. */
  customerId?: string;
  customerName?: string;
};

export type DealRegistration = {
  id: string;
  partner: { id: string; name: string };
  customer: { id: string; name: string } | null;
  prospectName: string;
  prospectPostalCode: string | null;
  productLine: string;
  expectedValueCents: number;
  /** YYYY-MM-DD */
  closeDate: string;
  note: string | null;
  status: DealRegistrationStatus;
  conflicts: RegistrationConflict[];
  decision: { by: { id: string; name: string } | null; at: string; reason: string } | null;
  protectedUntil: string | null;
  createdBy: { id: string; name: string } | null;
  createdAt: string;
};

export type NewDealRegistration = {
  customerId?: string;
  /** Without customerId: the prospect by name and postal code. */
  prospectName?: string;
  prospectPostalCode?: string;
  productLine: string;
  expectedValueCents: number;
  closeDate: string;
  note?: string;
};

export type DirectContact = {
  id: string;
  kind: DirectContactKind;
  note: string;
  customer: { id: string; name: string };
  createdBy: { id: string; name: string } | null;
  createdAt: string;
  /** The partner that protected the customer when the contact was recorded. */
  protectingPartner: { id: string; name: string } | null;
  clearance: DirectContactClearance | null;
  clearanceNote: string | null;
};

export type NewDirectContact = {
  kind: DirectContactKind;
  note: string;
  clearance?: DirectContactClearance;
  clearanceNote?: string;
};
