import { z } from 'zod';
import {
  CHARGE_TYPE_CODE_PATTERN,
  INVOICE_NUMBERINGS,
  VAT_CATEGORY_CODES,
  VAT_TREATMENTS,
} from '../../../shared/billing';
import { bicProblem, ibanProblem } from '../../../shared/iban';
import { Payment } from './payments/schemas';

// The billing API's shapes. Money is integer cents (net unless named gross), quantities decimal
// numbers with at most three places, dates YYYY-MM-DD, instants ISO 8601 UTC.

const Text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must have at most ${max} characters`);
const OptionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must have at most ${max} characters`)
    .nullish()
    .transform((value) => value || null);
const IsoDate = z.iso.date('must be a date YYYY-MM-DD');

export const VatTreatment = z.enum(VAT_TREATMENTS);

// ---- seller settings ----

// A form sends an empty field as "": the optional identifiers below treat it as not given.

/** VAT identification number: two letters of the country and 2 to 12 letters or digits (DE: 9 digits). */
const VatId = z
  .string()
  .transform((value) => value.replace(/\s+/g, '').toUpperCase())
  .refine(
    (value) => value === '' || /^[A-Z]{2}[A-Z0-9]{2,12}$/.test(value),
    'must be a VAT ID such as DE123456789',
  )
  .refine(
    (value) => value === '' || !value.startsWith('DE') || /^DE[0-9]{9}$/.test(value),
    'a German VAT ID is DE and 9 digits',
  );

export const SellerSettingsBody = z
  .object({
    legalName: Text(200),
    street: Text(200),
    postalCode: Text(20),
    city: Text(100),
    country: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter country code (ISO 3166-1), e.g. DE'),
    vatId: VatId.nullish().transform((value) => value || null),
    /** Steuernummer of the tax office, e.g. 39/123/45678. */
    taxNumber: z
      .string()
      .trim()
      .regex(
        /^(?:[0-9][0-9 /-]{7,18}[0-9])?$/,
        'must be a tax number of digits, slashes and spaces, e.g. 39/123/45678',
      )
      .nullish()
      .transform((value) => value || null),
    registerCourt: OptionalText(100),
    registerNumber: OptionalText(50),
    managingDirectors: z.array(Text(100)).max(10, 'must name at most 10 people').default([]),
    bankName: OptionalText(100),
    iban: z.string().superRefine((value, ctx) => {
      const problem = ibanProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    bic: z
      .string()
      .superRefine((value, ctx) => {
        if (value.trim() === '') return;
        const problem = bicProblem(value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .nullish()
      .transform((value) => value?.replace(/\s+/g, '').toUpperCase() || null),
    invoiceFooter: OptionalText(1000),
    /** The seller's contact on e-invoices (XRechnung BR-DE-2/5/6/7); optional here, required to issue. */
    contactName: OptionalText(100),
    contactPhone: z
      .string()
      .trim()
      .regex(
        /^(?:\+?[0-9][0-9 ()/-]{4,30})?$/,
        'must be a phone number of digits, spaces, + ( ) / -, e.g. +49 40 123456',
      )
      .nullish()
      .transform((value) => value || null),
    contactEmail: z
      .string()
      .trim()
      .refine((value) => value === '' || z.email().safeParse(value).success, 'must be an e-mail address')
      .nullish()
      .transform((value) => value || null),
    paymentTermsDays: z
      .number('must be a number of days')
      .int('must be whole days')
      .min(0, 'must be 0 or more')
      .max(365, 'must be at most 365'),
    invoiceNumberSeries: z.object({
      /** Letters, digits and - _ / . ; the number follows it (RE-2026-000001). */
      prefix: z
        .string()
        .regex(
          /^[A-Za-z0-9][A-Za-z0-9\-_/.]{0,15}$/,
          'must be 1 to 16 letters, digits or - _ / . starting with a letter or digit',
        ),
      numbering: z.enum(INVOICE_NUMBERINGS),
    }),
  })
  .superRefine((value, ctx) => {
    if (!value.vatId && !value.taxNumber) {
      ctx.addIssue({ code: 'custom', path: ['vatId'], message: 'give a VAT ID or a tax number (or both)' });
    }
  });
export type SellerSettingsBody = z.infer<typeof SellerSettingsBody>;

export const SellerSettings = z.object({
  /** False until an operator admin saved the settings once; invoices cannot be issued before. */
  configured: z.boolean(),
  legalName: z.string(),
  street: z.string(),
  postalCode: z.string(),
  city: z.string(),
  country: z.string(),
  vatId: z.string().nullable(),
  taxNumber: z.string().nullable(),
  registerCourt: z.string().nullable(),
  registerNumber: z.string().nullable(),
  managingDirectors: z.array(z.string()),
  bankName: z.string().nullable(),
  iban: z.string(),
  bic: z.string().nullable(),
  invoiceFooter: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  contactEmail: z.string().nullable(),
  paymentTermsDays: z.number(),
  invoiceNumberSeries: z.object({ prefix: z.string(), numbering: z.enum(INVOICE_NUMBERINGS) }),
  updatedAt: z.string().nullable(),
});
export type SellerSettings = z.infer<typeof SellerSettings>;

// ---- charge types ----

export const ChargeTypeParams = z.object({
  code: z
    .string()
    .regex(
      CHARGE_TYPE_CODE_PATTERN,
      'must be 2 to 40 lower-case letters, digits or _ starting with a letter',
    ),
});

const ChargeTypeFields = {
  nameDe: Text(100),
  nameEn: Text(100),
  vatTreatment: VatTreatment,
  /** The legal basis of an exemption, printed on the invoice (e.g. "Steuerfrei nach § 4 Nr. 8 UStG"); only for `exempt`. */
  exemptionNote: OptionalText(300),
  active: z.boolean(),
};

function exemptionNoteRule(
  value: { vatTreatment?: string; exemptionNote?: string | null },
  ctx: z.RefinementCtx,
) {
  if (value.vatTreatment === 'exempt' && !value.exemptionNote) {
    ctx.addIssue({
      code: 'custom',
      path: ['exemptionNote'],
      message: 'is required for an exempt charge type: name the legal basis',
    });
  }
  if (value.vatTreatment !== undefined && value.vatTreatment !== 'exempt' && value.exemptionNote) {
    ctx.addIssue({ code: 'custom', path: ['exemptionNote'], message: 'is only for exempt charge types' });
  }
}

export const CreateChargeTypeBody = z
  .object({ ...ChargeTypeFields, active: ChargeTypeFields.active.default(true) })
  .superRefine(exemptionNoteRule);
export type CreateChargeTypeBody = z.infer<typeof CreateChargeTypeBody>;

/** Fields left out keep their value; the exemption note rule is checked on the result. */
export const UpdateChargeTypeBody = z
  .object({
    nameDe: ChargeTypeFields.nameDe.optional(),
    nameEn: ChargeTypeFields.nameEn.optional(),
    vatTreatment: VatTreatment.optional(),
    exemptionNote: z.string().trim().max(300, 'must have at most 300 characters').nullish(),
    active: z.boolean().optional(),
  })
  .refine((value) => Object.values(value).some((v) => v !== undefined), 'change at least one field');
export type UpdateChargeTypeBody = z.infer<typeof UpdateChargeTypeBody>;

export const ChargeType = z.object({
  code: z.string(),
  nameDe: z.string(),
  nameEn: z.string(),
  vatTreatment: VatTreatment,
  /** EN 16931 category and rate the treatment stands for. */
  vatCategory: z.enum(VAT_CATEGORY_CODES),
  vatRateBasisPoints: z.number(),
  exemptionNote: z.string().nullable(),
  active: z.boolean(),
  updatedAt: z.string(),
});
export type ChargeType = z.infer<typeof ChargeType>;

// ---- accounts and charges ----

export const CustomerParams = z.object({ customerId: z.uuid('must be a customer id') });

export const CreateChargeBody = z
  .object({
    /** The code of an active charge type. */
    type: z.string().min(1, 'must name a charge type'),
    /** Net price of one unit in cents; the line net is quantity × amountCents, rounded half up. */
    amountCents: z
      .number('must be a number of cents')
      .int('must be whole cents')
      .min(1, 'must be at least 1 cent')
      .max(2_147_483_647, 'must be at most 2147483647 cents'),
    /** Positive, at most three decimal places (1, 2.5, 0.125) as a number or a string; default 1. */
    quantity: z.union([z.number(), z.string()], 'must be a number such as 1 or 2.5').optional(),
    description: Text(500),
    /** The day of the supply, or the first day of a period. */
    serviceDate: IsoDate,
    /** The last day of a period of supply. */
    serviceDateTo: IsoDate.nullish(),
    /** A case of this customer the charge belongs to. */
    caseId: z.uuid('must be a case id').nullish(),
  })
  .superRefine((value, ctx) => {
    if (value.serviceDateTo && value.serviceDateTo < value.serviceDate) {
      ctx.addIssue({ code: 'custom', path: ['serviceDateTo'], message: 'must not be before serviceDate' });
    }
  });
export type CreateChargeBody = z.infer<typeof CreateChargeBody>;

export const ChargeListQuery = z.object({
  /** Only charges not yet on an invoice. */
  uninvoiced: z
    .enum(['true', 'false'], 'must be true or false')
    .optional()
    .transform((value) => value === 'true'),
});

export const Charge = z.object({
  id: z.string(),
  customerId: z.string(),
  type: z.object({ code: z.string(), nameDe: z.string(), nameEn: z.string() }),
  vatTreatment: VatTreatment,
  vatCategory: z.enum(VAT_CATEGORY_CODES),
  vatRateBasisPoints: z.number(),
  description: z.string(),
  quantity: z.number(),
  amountCents: z.number(),
  lineNetCents: z.number(),
  serviceDate: z.string(),
  serviceDateTo: z.string().nullable(),
  caseId: z.string().nullable(),
  invoiceId: z.string().nullable(),
  createdAt: z.string(),
});
export type Charge = z.infer<typeof Charge>;

export const Account = z.object({
  customer: z.object({ id: z.string(), number: z.string(), name: z.string() }),
  charges: z.array(Charge),
  /** Issued invoices and cancellations, newest first. */
  invoices: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      kind: z.enum(['invoice', 'cancellation']),
      status: z.enum(['issued', 'cancelled']),
      issueDate: z.string(),
      dueDate: z.string(),
      grandTotalCents: z.number(),
      amountDueCents: z.number(),
      /** Still to pay: amount due minus payments allocated; 0 when paid, cancelled or a cancellation. */
      openCents: z.number(),
    }),
  ),
  /** The customer's payments (and return debits), newest booking first, with their allocations. */
  payments: z.array(Payment),
  /** Net sum of the charges not yet invoiced. */
  uninvoicedNetCents: z.number(),
  /** Amount due of the issued invoices that are not cancelled (a cancelled one and its cancellation cancel out). */
  openInvoicesCents: z.number(),
  /** What the customer owes, gross: open invoices, plus uninvoiced charges with the VAT their documents will carry, less payments. */
  balanceCents: z.number(),
  dunningLevel: z.number(),
  blocked: z.boolean(),
  blockedAt: z.string().nullable(),
});
export type Account = z.infer<typeof Account>;
