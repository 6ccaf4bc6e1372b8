import { z } from 'zod';
import {
  DEAL_REGISTRATION_STATUSES,
  DIRECT_CONTACT_CLEARANCES,
  DIRECT_CONTACT_KINDS,
} from '../../../shared/channel';
import { ProblemResponse } from '../../http/problem-schema';
import { CONFLICT_KINDS, PROTECTION_SOURCES } from './protection';

const text = (max: number) => z.string('is required').trim().min(1, 'is required').max(max);
const Ref = z.object({ id: z.string(), name: z.string() });
/** The largest amount an integer column holds on PostgreSQL (21,474,836.47 euros). */
export const MAX_CENTS = 2_147_483_647;

// ------------------------------------------------------------------ deal registrations

/** A conflict found when registered or decided; the partner sees only `kind`. */
export const RegistrationConflict = z.object({
  kind: z.enum(CONFLICT_KINDS),
  /** Operator only: the other partner. */
  partnerId: z.string().optional(),
  partnerName: z.string().optional(),
  /** Operator only: the lead or registration that protects the other partner. */
  subjectId: z.string().optional(),
  until: z.string().nullable().optional(),
  /** Operator only, existing_customer: the customer the prospect probably is. */
  customerId: z.string().optional(),
  customerName: z.string().optional(),
});
export type RegistrationConflict = z.infer<typeof RegistrationConflict>;

export const DealRegistration = z.object({
  id: z.string(),
  partner: Ref,
  customer: Ref.nullable(),
  prospectName: z.string(),
  prospectPostalCode: z.string().nullable(),
  productLine: z.string(),
  expectedValueCents: z.number().int(),
  closeDate: z.string(),
  note: z.string().nullable(),
  status: z.enum(DEAL_REGISTRATION_STATUSES),
  conflicts: z.array(RegistrationConflict),
  decision: z.object({ by: Ref.nullable(), at: z.string(), reason: z.string() }).nullable(),
  protectedUntil: z.string().nullable(),
  createdBy: Ref.nullable(),
  createdAt: z.string(),
});
export type DealRegistration = z.infer<typeof DealRegistration>;

export const CreateDealRegistrationBody = z
  .object({
    /** An existing customer the partner may see; without it, a prospect by name and postal code. */
    customerId: z.uuid('must be a customer id').optional(),
    prospectName: text(200).optional(),
    prospectPostalCode: z.string().trim().min(1, 'is required').max(20).optional(),
    productLine: text(100),
    expectedValueCents: z
      .number('must be a whole number of cents')
      .int('must be a whole number of cents')
      .min(0, 'must not be negative')
      // The column is a 32-bit integer on PostgreSQL: anything larger would fail in the database.
      .max(MAX_CENTS, `must be at most ${MAX_CENTS} cents`),
    closeDate: z.iso.date('must be a date YYYY-MM-DD'),
    note: z.string().trim().max(2000).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.customerId) return;
    if (!body.prospectName)
      ctx.addIssue({ code: 'custom', path: ['prospectName'], message: 'is required without customerId' });
    if (!body.prospectPostalCode)
      ctx.addIssue({
        code: 'custom',
        path: ['prospectPostalCode'],
        message: 'is required without customerId',
      });
  });
export type CreateDealRegistrationBody = z.infer<typeof CreateDealRegistrationBody>;

export const DecideDealRegistrationBody = z.object({ reason: text(1000) });
export type DecideDealRegistrationBody = z.infer<typeof DecideDealRegistrationBody>;

export const ListDealRegistrationsQuery = z.object({
  status: z.enum(DEAL_REGISTRATION_STATUSES).optional(),
  /** Operator only; a partner always sees its own. */
  partnerId: z.uuid('must be a partner id').optional(),
  customerId: z.uuid('must be a customer id').optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListDealRegistrationsQuery = z.infer<typeof ListDealRegistrationsQuery>;

// ------------------------------------------------------------------ direct contacts

export const DirectContact = z.object({
  id: z.string(),
  customer: Ref,
  kind: z.enum(DIRECT_CONTACT_KINDS),
  note: z.string(),
  /** The partner that protected the customer when the contact was recorded. */
  protectingPartner: Ref.nullable(),
  clearance: z.enum(DIRECT_CONTACT_CLEARANCES).nullable(),
  clearanceNote: z.string().nullable(),
  createdBy: Ref.nullable(),
  createdAt: z.string(),
});
export type DirectContact = z.infer<typeof DirectContact>;

export const CreateDirectContactBody = z
  .object({
    kind: z.enum(DIRECT_CONTACT_KINDS, 'must be offer, call or mail'),
    note: text(4000),
    clearance: z.enum(DIRECT_CONTACT_CLEARANCES, 'must be partner_declined or partner_consent').optional(),
    clearanceNote: z.string().trim().max(2000).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.clearance === 'partner_consent' && !body.clearanceNote)
      ctx.addIssue({
        code: 'custom',
        path: ['clearanceNote'],
        message: 'is required with partner_consent: who agreed, when and how',
      });
  });
export type CreateDirectContactBody = z.infer<typeof CreateDirectContactBody>;

/** The 409 of a refused direct offer: the problem names the protecting partner and what protects. */
export const DirectOfferProblem = ProblemResponse.extend({
  partner: Ref.optional(),
  protections: z.array(z.enum(PROTECTION_SOURCES)).optional(),
});
