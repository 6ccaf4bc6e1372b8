import { z } from 'zod';
import { CHARGE_TYPE_CODE_PATTERN } from '../../../shared/billing';

// The dunning API's shapes: settings, a run's result, the manual block. Money is integer cents,
// dates YYYY-MM-DD (Europe/Berlin).

const Days = z
  .number()
  .int('must be a whole number of days')
  .min(0, 'must not be negative')
  .max(365, 'must be at most 365 days');
const FeeCents = z
  .number()
  .int('must be whole cents')
  .min(0, 'must not be negative')
  .max(100_000, 'must be at most 1000 €');

export const DunningLevelSetting = z.object({
  level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  /** Level 1: days after the oldest overdue due date; levels 2 and 3: after the previous notice. */
  days: Days,
  /** Net fee in cents, charged on the fee charge type (0: no fee). */
  feeCents: FeeCents,
});

export const DunningSettingsBody = z.object({
  levels: z
    .array(DunningLevelSetting)
    .length(3, 'must list levels 1, 2 and 3')
    .refine(
      (levels) => levels.every((l, index) => l.level === index + 1),
      'must list levels 1, 2 and 3 in order',
    ),
  /** The level whose notice blocks the service; null: never block. */
  blockLevel: z.union([z.literal(1), z.literal(2), z.literal(3)]).nullable(),
  /** The charge type the fees are charged on; its VAT treatment decides whether they are taxed. */
  feeChargeType: z.string().regex(CHARGE_TYPE_CODE_PATTERN, 'must be a charge type code'),
});
export type DunningSettingsBody = z.infer<typeof DunningSettingsBody>;

export const DunningSettings = DunningSettingsBody.extend({
  /** Null while the defaults apply (never saved). */
  updatedAt: z.string().nullable(),
});
export type DunningSettings = z.infer<typeof DunningSettings>;

export const DunningRunBody = z
  .object({
    /** The day to run for (YYYY-MM-DD); default today in Germany. For tests and catching up. */
    today: z.iso.date('must be a date YYYY-MM-DD').optional(),
  })
  .default({});

export const DunningRunResult = z.object({
  today: z.string(),
  /** Customers with overdue open invoices looked at. */
  checked: z.number().int(),
  /**
   * The configured fee charge type when a step was due a fee but the type is missing or
   * deactivated: the step went out without the fee, and the clerk should pick a usable type.
   */
  feeChargeTypeUnusable: z.string().nullable(),
  steps: z.array(
    z.object({
      customerId: z.string(),
      customerName: z.string(),
      level: z.number().int(),
      invoiceNumbers: z.array(z.string()),
      openCents: z.number().int(),
      feeCents: z.number().int(),
      blocked: z.boolean(),
    }),
  ),
});
export type DunningRunResult = z.infer<typeof DunningRunResult>;

export const BlockBody = z.object({
  reason: z.string().trim().min(1, 'must not be empty').max(500, 'must have at most 500 characters'),
});

export const BlockState = z.object({
  customerId: z.string(),
  blocked: z.boolean(),
  blockedAt: z.string().nullable(),
  blockedReason: z.string().nullable(),
  dunningLevel: z.number().int(),
});
export type BlockState = z.infer<typeof BlockState>;
