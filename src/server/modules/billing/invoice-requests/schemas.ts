import { z } from 'zod';

const Word = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(60, 'must have at most 60 characters')
  .refine((w) => /[\p{L}\p{N}]/u.test(w), 'must contain a letter or digit');

/** The groups that must all occur, each a list of alternatives: [["Rechnung","Invoice"],["fehlt","need"]]. */
const WordGroups = z
  .array(z.array(Word).min(1, 'a group needs at least one word').max(30, 'at most 30 words per group'))
  .min(1, 'needs at least one word group')
  .max(10, 'at most 10 word groups');

export const InvoiceRequestRule = z.object({
  id: z.string(),
  name: z.string(),
  wordGroups: z.array(z.array(z.string())),
  active: z.boolean(),
  position: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type InvoiceRequestRule = z.infer<typeof InvoiceRequestRule>;

export const CreateInvoiceRequestRuleBody = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must have at most 100 characters'),
  wordGroups: WordGroups,
  active: z.boolean().default(true),
  /** Order in which rules are shown and tried; default: after the last rule. */
  position: z.number().int().min(0).max(100_000).optional(),
});
export type CreateInvoiceRequestRuleBody = z.infer<typeof CreateInvoiceRequestRuleBody>;

export const UpdateInvoiceRequestRuleBody = z
  .object({
    name: CreateInvoiceRequestRuleBody.shape.name.optional(),
    wordGroups: WordGroups.optional(),
    active: z.boolean().optional(),
    position: z.number().int().min(0).max(100_000).optional(),
  })
  .refine((value) => Object.values(value).some((v) => v !== undefined), 'change at least one field');
export type UpdateInvoiceRequestRuleBody = z.infer<typeof UpdateInvoiceRequestRuleBody>;

export const InvoiceRequestRuleParams = z.object({ id: z.uuid('must be a rule id') });
