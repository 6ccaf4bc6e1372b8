import { z } from 'zod';
import { PAYMENT_SOURCES, PAYMENT_STATUSES } from '../../../../shared/payments';

const IsoDate = z.iso.date('must be a date YYYY-MM-DD');
const Cents = z
  .number('must be a number of cents')
  .int('must be whole cents')
  .min(-2_147_483_647, 'must be at least -2147483647 cents')
  .max(2_147_483_647, 'must be at most 2147483647 cents')
  .refine((value) => value !== 0, 'must not be 0');
const OptionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must have at most ${max} characters`)
    .nullish()
    .transform((value) => (value ? value : null));

export const Payment = z.object({
  id: z.string(),
  amountCents: z.number(),
  currency: z.literal('EUR'),
  bookingDate: z.string(),
  valueDate: z.string().nullable(),
  payerName: z.string().nullable(),
  payerIban: z.string().nullable(),
  reference: z.string().nullable(),
  endToEndId: z.string().nullable(),
  bankReference: z.string().nullable(),
  source: z.enum(PAYMENT_SOURCES),
  importId: z.string().nullable(),
  customer: z.object({ id: z.string(), number: z.string(), name: z.string() }).nullable(),
  status: z.enum(PAYMENT_STATUSES),
  /** Why it was ignored. */
  note: z.string().nullable(),
  allocations: z.array(
    z.object({ invoiceId: z.string(), invoiceNumber: z.string(), amountCents: z.number() }),
  ),
  /** What is not allocated to an invoice yet. */
  unallocatedCents: z.number(),
  createdAt: z.string(),
});
export type Payment = z.infer<typeof Payment>;

export const PaymentListQuery = z.object({
  /** One status or several, comma separated: `unmatched,partial` is the worklist. */
  status: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value) return undefined;
      const statuses = value.split(',').map((s) => s.trim());
      for (const status of statuses) {
        if (!(PAYMENT_STATUSES as readonly string[]).includes(status)) {
          ctx.addIssue({
            code: 'custom',
            message: `must be ${PAYMENT_STATUSES.join(', ')} (comma separated)`,
          });
          return z.NEVER;
        }
      }
      return statuses as (typeof PAYMENT_STATUSES)[number][];
    }),
  customerId: z.uuid('must be a customer id').optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const PaymentParams = z.object({ id: z.uuid('must be a payment id') });

export const CreatePaymentBody = z.object({
  customerId: z.uuid('must be a customer id'),
  /** Cents received; negative for money given back (a return debit). */
  amountCents: Cents,
  bookingDate: IsoDate,
  reference: OptionalText(500),
  payerName: OptionalText(200),
  /** Invoices of this customer to settle, in this order; without, matched like an imported payment. */
  invoiceIds: z.array(z.uuid('must be an invoice id')).max(100).optional(),
});
export type CreatePaymentBody = z.infer<typeof CreatePaymentBody>;

export const AllocatePaymentBody = z.object({
  customerId: z.uuid('must be a customer id'),
  /** May be empty: the payment then stays on the customer's account as a credit. */
  allocations: z.array(z.object({ invoiceId: z.uuid('must be an invoice id'), amountCents: Cents })).max(100),
});
export type AllocatePaymentBody = z.infer<typeof AllocatePaymentBody>;

export const IgnorePaymentBody = z.object({
  reason: z.string().trim().min(1, 'must not be empty').max(500, 'must have at most 500 characters'),
});

export const ImportResult = z.object({
  importId: z.string(),
  format: z.enum(['camt053', 'csv']),
  imported: z.number(),
  duplicates: z.number(),
  matched: z.number(),
  partial: z.number(),
  unmatched: z.number(),
  payments: z.array(Payment),
});

export const OpenInvoicesQuery = z.object({ customerId: z.uuid('must be a customer id') });
export const OpenInvoice = z.object({
  id: z.string(),
  number: z.string(),
  issueDate: z.string(),
  dueDate: z.string(),
  amountDueCents: z.number(),
  openCents: z.number(),
});
