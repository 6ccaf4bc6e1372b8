import { z } from 'zod';

const OrgRef = z.object({ id: z.string(), number: z.string(), name: z.string() });

const text = (max: number) => z.string('is required').trim().min(1, 'is required').max(max);
const date = z.iso.date('must be a date YYYY-MM-DD');

export const AssetSpecs = z
  .record(z.string().trim().min(1).max(100), z.string().max(1000))
  .refine((specs) => Object.keys(specs).length <= 100, 'at most 100 specs');

export const Asset = z.object({
  id: z.string(),
  serial: z.string(),
  productModel: z.string(),
  productLine: z.string(),
  customer: OrgRef,
  /** The asset's own reseller of record; null: the customer's applies. */
  resellerOfRecord: OrgRef.nullable(),
  purchaseDate: z.string().nullable(),
  warrantyEnd: z.string().nullable(),
  specs: z.record(z.string(), z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Asset = z.infer<typeof Asset>;

/** Sets or removes (partnerId null) the asset's own reseller of record; the reason is kept in its history. */
const AssetResellerChange = z.object({
  partnerId: z.uuid('must be a partner id').nullable(),
  reason: text(500),
});

export const CreateAssetBody = z.object({
  serial: text(100),
  productModel: text(200),
  productLine: text(100),
  customerId: z.uuid('must be a customer id'),
  purchaseDate: date.nullable().optional(),
  warrantyEnd: date.nullable().optional(),
  specs: AssetSpecs.optional(),
  resellerOfRecord: AssetResellerChange.optional(),
});
export type CreateAssetBody = z.infer<typeof CreateAssetBody>;

export const UpdateAssetBody = z.object({
  serial: text(100).optional(),
  productModel: text(200).optional(),
  productLine: text(100).optional(),
  purchaseDate: date.nullable().optional(),
  warrantyEnd: date.nullable().optional(),
  specs: AssetSpecs.optional(),
  resellerOfRecord: AssetResellerChange.optional(),
});
export type UpdateAssetBody = z.infer<typeof UpdateAssetBody>;

export const ListAssetsQuery = z.object({
  customerId: z.uuid('must be a customer id').optional(),
  serial: z.string().trim().max(100).optional(),
  q: z.string().trim().max(100).optional(),
  /** Warranty ends on or after this day (YYYY-MM-DD); with warrantyEndTo e.g. "ends within 90 days". */
  warrantyEndFrom: date.optional(),
  /** Warranty ends on or before this day (YYYY-MM-DD); assets without a warranty end never match. */
  warrantyEndTo: date.optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListAssetsQuery = z.infer<typeof ListAssetsQuery>;
