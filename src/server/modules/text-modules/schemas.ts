import { z } from 'zod';
import { CaseType } from '../cases/schemas';

export const TextModule = z.object({
  id: z.string(),
  name: z.string(),
  language: z.enum(['de', 'en']),
  body: z.string(),
  caseType: CaseType.nullable(),
  active: z.boolean(),
  updatedAt: z.string(),
  /** When it was last put into a reply; null: never, so an admin may still delete it. */
  lastUsedAt: z.string().nullable(),
});
export type TextModule = z.infer<typeof TextModule>;

export const CreateTextModuleBody = z.object({
  name: z.string().trim().min(2, 'must have at least 2 characters').max(120),
  language: z.enum(['de', 'en']),
  body: z.string().trim().min(1, 'is required').max(20_000),
  /** Offered first for cases of this type; null for all types. */
  caseType: CaseType.nullable().default(null),
});

export const UpdateTextModuleBody = z
  .object({
    name: z.string().trim().min(2).max(120),
    body: z.string().trim().min(1).max(20_000),
    caseType: CaseType.nullable(),
    active: z.boolean(),
  })
  .partial();

export const ListTextModulesQuery = z.object({
  q: z.string().trim().max(100).optional(),
  /** Deactivated modules too (for the admin page, to reactivate them); admins and agents only. */
  includeInactive: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  language: z.enum(['de', 'en']).optional(),
  caseType: CaseType.optional(),
});
