import type { Selectable } from 'kysely';

export const PARTNER_STATUSES = ['active', 'inactive', 'suspended'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

/** The configurable list of partner grades; the weight breaks ties between equally near partners. */
export interface PartnerGradeTable {
  code: string;
  name_de: string;
  name_en: string;
  weight: number;
}
export type PartnerGradeRow = Selectable<PartnerGradeTable>;

/**
 * A partner's channel profile, beside its organisation. Active or inactive is the organisation's
 * `active` flag (one truth, so the two cannot drift); `suspended` marks an active partner that
 * receives no leads.
 */
export interface PartnerProfileTable {
  organisation_id: string;
  suspended: number;
  grade_code: string | null;
  /** Most open leads at a time; null = unlimited. */
  capacity: number | null;
  service_radius_km: number | null;
  /** JSON array of product-line codes. */
  product_lines: string;
  /** JSON array of person ids of the partner who receive its leads. */
  lead_contact_ids: string;
  latitude: number | null;
  longitude: number | null;
  /** 1 when the point is the mean of the postal-code area, not the postal code itself. */
  location_approximate: number | null;
  location_postal_code: string | null;
  updated_at: string;
}
export type PartnerProfileRow = Selectable<PartnerProfileTable>;
