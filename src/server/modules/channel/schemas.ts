import { z } from 'zod';
import { PARTNER_STATUSES } from './partner-profile.table';
import { WORKLIST_KINDS } from './worklist';

export const PartnerStatus = z.enum(PARTNER_STATUSES);

export const PartnerGrade = z.object({
  code: z.string(),
  nameDe: z.string(),
  nameEn: z.string(),
  weight: z.number().int(),
});
export type PartnerGrade = z.infer<typeof PartnerGrade>;

export const PartnerProfile = z.object({
  organisationId: z.string(),
  /** active/inactive follow the organisation's `active`; suspended: active, but receives no leads. */
  status: PartnerStatus,
  grade: PartnerGrade.nullable(),
  /** Most open leads at a time; null = unlimited. */
  capacity: z.number().int().nullable(),
  serviceRadiusKm: z.number().int().nullable(),
  productLines: z.array(z.string()),
  /** People of the partner who receive its leads. */
  leadContactIds: z.array(z.string()),
  /** From the organisation's postal code; `approximate` when only the postal-code area is known. */
  location: z.object({ latitude: z.number(), longitude: z.number(), approximate: z.boolean() }).nullable(),
  updatedAt: z.string().nullable(),
});
export type PartnerProfile = z.infer<typeof PartnerProfile>;

const ProductLine = z.string().trim().min(1, 'must not be empty').max(50, 'must have at most 50 characters');

/** Fields left out keep their value. */
export const UpdatePartnerProfileBody = z
  .object({
    status: PartnerStatus,
    gradeCode: z.string().trim().min(1).max(50).nullable(),
    capacity: z.number().int('must be a whole number').min(0, 'must be 0 or more').max(100_000).nullable(),
    serviceRadiusKm: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1 km')
      .max(1000, 'must be at most 1000 km')
      .nullable(),
    productLines: z
      .array(ProductLine)
      .max(50, 'must list at most 50 product lines')
      .refine((lines) => new Set(lines).size === lines.length, 'must not list a product line twice'),
    leadContactIds: z
      .array(z.uuid('must be person ids'))
      .max(20, 'must list at most 20 people')
      .refine((ids) => new Set(ids).size === ids.length, 'must not list a person twice'),
  })
  .partial();
export type UpdatePartnerProfileBody = z.infer<typeof UpdatePartnerProfileBody>;

const WorklistKind = z.enum(WORKLIST_KINDS);
const OrganisationRef = z.object({ id: z.string(), number: z.string(), name: z.string() });

export const WorklistQuery = z.object({
  kind: WorklistKind.optional(),
  limit: z.coerce
    .number('must be a number')
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(500, 'must be at most 500')
    .default(100),
  offset: z.coerce
    .number('must be a number')
    .int('must be a whole number')
    .min(0, 'must be 0 or more')
    .default(0),
});
export type WorklistQuery = z.infer<typeof WorklistQuery>;

export const Worklist = z.object({
  items: z.array(
    z.object({
      kind: WorklistKind,
      severity: z.enum(['high', 'medium', 'low']),
      organisation: OrganisationRef,
      partner: OrganisationRef.extend({ status: z.enum(['inactive', 'suspended']).optional() }).optional(),
      asset: z.object({ id: z.string(), serial: z.string() }).optional(),
      lead: z.object({ id: z.string(), number: z.string() }).optional(),
      detail: z.object({ code: z.string(), params: z.record(z.string(), z.string()) }),
      fixPath: z.string(),
    }),
  ),
  counts: z.record(WorklistKind, z.number().int()),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
export type Worklist = z.infer<typeof Worklist>;
