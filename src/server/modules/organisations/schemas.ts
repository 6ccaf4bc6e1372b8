import { z } from 'zod';
import { ORGANISATION_KINDS } from './organisation.table';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

/** German VAT ID (USt-IdNr.): DE followed by nine digits; other EU IDs: two letters and 2–13 characters. */
const VatId = z
  .string()
  .trim()
  .toUpperCase()
  .transform((v) => v.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^(DE\d{9}|[A-Z]{2}[0-9A-Z+*.]{2,13})$/, 'must look like DE123456789'))
  .nullable()
  .optional();

export const OrganisationKind = z.enum(ORGANISATION_KINDS);

export const CreateOrganisationBody = z
  .object({
    kind: OrganisationKind,
    name: z.string().trim().min(2, 'must have at least 2 characters').max(200),
    street: optionalText(200),
    /** Kept as text: German postal codes have leading zeros (01067 Dresden). */
    postalCode: z.string().trim().max(10).nullable().optional(),
    city: optionalText(100),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'must be a two-letter ISO country code such as DE')
      .default('DE'),
    vatId: VatId,
    taxNumber: optionalText(30),
    email: z.email('must be an e-mail address').nullable().optional(),
    phone: optionalText(40),
    active: z.boolean().default(true),
    /** Customer only: the partner (reseller) who sold to this customer. */
    resellerOfRecordId: z.uuid().nullable().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.country === 'DE' && value.postalCode && !/^\d{5}$/.test(value.postalCode)) {
      ctx.addIssue({ code: 'custom', path: ['postalCode'], message: 'must be 5 digits for Germany' });
    }
    if (value.resellerOfRecordId && value.kind !== 'customer') {
      ctx.addIssue({
        code: 'custom',
        path: ['resellerOfRecordId'],
        message: 'only customers have a reseller of record',
      });
    }
  });
export type CreateOrganisationBody = z.infer<typeof CreateOrganisationBody>;

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'i');
    return true;
  } catch {
    return false;
  }
}

/**
 * Third parties: a regular expression that finds their own ticket number in the subject or text of
 * their mails (the first group if it has one, else the whole match), e.g. PB-\d{4}-\d{2}.
 */
// A group that itself repeats and is repeated again ((a+)+, (\d*)*, (x|y+){2,}) can backtrack
// for minutes on a crafted mail; the intake runs the pattern on every mail of the third party.
const NESTED_QUANTIFIER = /\([^()]*[+*}][^()]*\)\s*[+*{]/;

const TicketReferencePattern = z
  .string()
  .trim()
  .max(200)
  .refine(compiles, 'must be a valid regular expression')
  .refine(
    (v) => !NESTED_QUANTIFIER.test(v),
    'must not repeat a repeated group such as (a+)+: that can take very long on some mails',
  )
  .transform((v) => (v === '' ? null : v))
  .nullable();

export const UpdateOrganisationBody = z
  .object({
    name: z.string().trim().min(2, 'must have at least 2 characters').max(200),
    street: optionalText(200),
    postalCode: z.string().trim().max(10).nullable(),
    city: optionalText(100),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'must be a two-letter ISO country code such as DE'),
    vatId: VatId,
    taxNumber: optionalText(30),
    email: z.email('must be an e-mail address').nullable(),
    phone: optionalText(40),
    active: z.boolean(),
    ticketReferencePattern: TicketReferencePattern,
    /** Third parties: whether partners may escalate faults to it from the portal. */
    acceptsPartnerEscalation: z.boolean(),
    /** Third parties: when customers can call (e.g. "Mo–Fr 8–18 Uhr"), shown with the phone number. */
    serviceHours: optionalText(100),
  })
  .partial();
export type UpdateOrganisationBody = z.infer<typeof UpdateOrganisationBody>;

export const OrganisationRef = z.object({ id: z.string(), number: z.string(), name: z.string() });

export const Organisation = z.object({
  id: z.string(),
  number: z.string(),
  kind: OrganisationKind,
  name: z.string(),
  street: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  country: z.string(),
  vatId: z.string().nullable(),
  taxNumber: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  active: z.boolean(),
  /** Third parties: finds their ticket reference in their mails. */
  ticketReferencePattern: z.string().nullable(),
  acceptsPartnerEscalation: z.boolean(),
  serviceHours: z.string().nullable(),
  resellerOfRecord: OrganisationRef.nullable(),
  /** Operator only: the account is flagged for review (e.g. a return with wrong contents). */
  reviewFlag: z.object({ reason: z.string(), flaggedAt: z.string() }).nullable().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Organisation = z.infer<typeof Organisation>;

export const ListOrganisationsQuery = z.object({
  kind: OrganisationKind.optional(),
  q: z.string().trim().max(100).optional(),
  resellerId: z.uuid().optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListOrganisationsQuery = z.infer<typeof ListOrganisationsQuery>;

export const SetResellerOfRecordBody = z.object({
  partnerId: z.uuid().nullable(),
  /** Why the reseller of record changes; kept in its history and the audit log. */
  reason: z
    .string('is required: say why the reseller of record changes')
    .trim()
    .min(1, 'is required: say why the reseller of record changes')
    .max(500),
});

/** One period of a customer's reseller of record; `validTo` null means current. */
export const ResellerOfRecordPeriod = z.object({
  id: z.string(),
  partner: OrganisationRef,
  validFrom: z.string(),
  validTo: z.string().nullable(),
  current: z.boolean(),
  /** Who made this partner the reseller of record; shown to the operator only. */
  changedBy: z.string().nullable(),
  /** Why this period began ('initial' for records that predate the history). */
  reason: z.string(),
});
export type ResellerOfRecordPeriod = z.infer<typeof ResellerOfRecordPeriod>;
