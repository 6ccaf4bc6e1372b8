import { z } from 'zod';
import { INVOICE_KINDS, INVOICE_STATUSES, VAT_CATEGORY_CODES } from '../../../shared/billing';

// The invoice API's shapes. Amounts are integer cents; a cancellation's amounts are negative.

const ChargeIds = z
  .array(z.uuid('must be charge ids'), 'must be a list of charge ids')
  .min(1, 'must name at least one charge')
  .max(500, 'must name at most 500 charges');

export const IssueInvoicesBody = z.object({
  customerId: z.uuid('must be a customer id'),
  chargeIds: ChargeIds,
});
export type IssueInvoicesBody = z.infer<typeof IssueInvoicesBody>;

/** A customer asks for its invoices: the given uninvoiced charges, or all of them. */
export const RequestInvoicesBody = z.object({ chargeIds: ChargeIds.optional() }).default({});
export type RequestInvoicesBody = z.infer<typeof RequestInvoicesBody>;

export const InvoiceParams = z.object({ id: z.uuid('must be an invoice id') });
export const InvoiceListQuery = z.object({ customerId: z.uuid('must be a customer id').optional() });

export const CancelInvoiceBody = z.object({
  reason: z.string().trim().min(1, 'must not be empty').max(500, 'must have at most 500 characters'),
});

const Party = z.object({
  name: z.string(),
  street: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  country: z.string(),
  vatId: z.string().nullable(),
});

export const SellerSnapshot = Party.extend({
  taxNumber: z.string().nullable(),
  registerCourt: z.string().nullable(),
  registerNumber: z.string().nullable(),
  managingDirectors: z.array(z.string()),
  bankName: z.string().nullable(),
  iban: z.string(),
  bic: z.string().nullable(),
  invoiceFooter: z.string().nullable(),
  paymentTermsDays: z.number(),
  /** The seller's contact (BT-41/42/43); absent on invoices issued before it was required. */
  contactName: z.string().nullish(),
  contactPhone: z.string().nullish(),
  contactEmail: z.string().nullish(),
});
export type SellerSnapshot = z.infer<typeof SellerSnapshot>;

export const BuyerSnapshot = Party.extend({
  /** The customer's number (BT-46 buyer identifier). */
  number: z.string(),
  taxNumber: z.string().nullable(),
  email: z.string().nullable(),
  /** BT-10 buyer reference (Leitweg-ID or the customer number); absent on older invoices. */
  reference: z.string().nullish(),
});
export type BuyerSnapshot = z.infer<typeof BuyerSnapshot>;

export const InvoiceNote = z.object({
  /** reverse_charge, not_subject, exempt, small_amount or cancellation. */
  kind: z.string(),
  text: z.string(),
});
export type InvoiceNote = z.infer<typeof InvoiceNote>;

export const VatBreakdown = z.object({
  category: z.enum(VAT_CATEGORY_CODES),
  rateBasisPoints: z.number(),
  taxableCents: z.number(),
  vatCents: z.number(),
  exemptionNote: z.string().nullable(),
});

export const InvoiceLine = z.object({
  position: z.number(),
  chargeId: z.string(),
  typeCode: z.string(),
  description: z.string(),
  quantity: z.number(),
  unitPriceCents: z.number(),
  lineNetCents: z.number(),
  vatCategory: z.enum(VAT_CATEGORY_CODES),
  vatRateBasisPoints: z.number(),
  exemptionNote: z.string().nullable(),
  serviceDate: z.string(),
  serviceDateTo: z.string().nullable(),
});

export const Invoice = z.object({
  id: z.string(),
  number: z.string(),
  series: z.string(),
  customerId: z.string(),
  kind: z.enum(INVOICE_KINDS),
  cancelsInvoiceId: z.string().nullable(),
  cancelledByInvoiceId: z.string().nullable(),
  status: z.enum(INVOICE_STATUSES),
  issueDate: z.string(),
  servicePeriod: z.object({ start: z.string(), end: z.string() }),
  dueDate: z.string(),
  currency: z.literal('EUR'),
  language: z.enum(['de', 'en']),
  seller: SellerSnapshot,
  buyer: BuyerSnapshot,
  lineTotalCents: z.number(),
  vatTotalCents: z.number(),
  grandTotalCents: z.number(),
  amountDueCents: z.number(),
  vatBreakdown: z.array(VatBreakdown),
  notes: z.array(InvoiceNote),
  /** Gross ≤ 250 € (§ 33 UStDV). */
  smallAmount: z.boolean(),
  /** Why this document was split off the request (null for the main one). */
  splitReason: z.string().nullable(),
  cancelReason: z.string().nullable(),
  createdAt: z.string(),
  /** Only on GET /api/invoices/:id and on issuing. */
  lines: z.array(InvoiceLine).optional(),
});
export type Invoice = z.infer<typeof Invoice>;

export const IssueInvoicesResult = z.object({
  invoices: z.array(Invoice),
  split: z.object({
    /** True when the charges needed more than one document. */
    split: z.boolean(),
    /** One entry per document after the first, in the order of `invoices`. */
    reasons: z.array(z.object({ invoiceId: z.string(), reason: z.string() })),
  }),
});
export type IssueInvoicesResult = z.infer<typeof IssueInvoicesResult>;
