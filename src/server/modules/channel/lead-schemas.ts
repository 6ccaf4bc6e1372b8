import { z } from 'zod';
import {
  LEAD_KINDS,
  LEAD_SOURCES,
  LEAD_STAGES,
  LEAD_STATUSES,
  LEAD_STEP_ACTIONS,
} from '../../../shared/channel';
import { EXCLUSION_REASONS } from './lead-routing';

// The lead API's shapes. Money is integer cents; dates YYYY-MM-DD, instants ISO 8601 UTC.

const Id = z.uuid('must be an id');
const Text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must have at most ${max} characters`);
const IsoDate = z.iso.date('must be a date YYYY-MM-DD');
// The columns are 32-bit integers on PostgreSQL: up to 21,474,836.47 in cents.
const Cents = z
  .number('must be a number of cents')
  .int('must be whole cents')
  .min(0, 'must be 0 or more')
  .max(2_147_483_647, 'must be at most 2147483647 cents');

export const LeadKind = z.enum(LEAD_KINDS);
export const LeadStatus = z.enum(LEAD_STATUSES);
export const LeadStage = z.enum(LEAD_STAGES);

/** How the lead got where it is: a rule of `routeLead`, or `manual` (a channel manager chose the partner). */
export const RoutingRuleName = z.enum([
  'reseller_of_record',
  'nearest',
  'reseller_inactive',
  'queue',
  'manual',
]);

/** `code` + `params` for the web app's German and English, `summary` in English. */
export const RoutingExplanation = z.object({
  code: z.string(),
  params: z.record(z.string(), z.unknown()),
  summary: z.string(),
});

export const LeadRouting = z.object({
  rule: RoutingRuleName,
  /** null for a partner that no longer holds the lead: it does not learn where the lead went. */
  explanation: RoutingExplanation.nullable(),
  /** Operator: up to 5 partners considered; a partner sees only its own entry. */
  candidates: z.array(
    z.object({
      partnerId: z.string(),
      partnerName: z.string(),
      distanceKm: z.number().nullable(),
      excluded: z.enum(EXCLUSION_REASONS as [string, ...string[]]).nullable(),
    }),
  ),
});

export const LeadHistoryEntry = z.object({
  at: z.string(),
  action: z.enum(LEAD_STEP_ACTIONS),
  /** The person's name, or the system job (renewal job, protection timeout). */
  actor: z.string(),
  partnerId: z.string().nullable(),
  partnerName: z.string().nullable(),
  reason: z.string().nullable(),
  rule: z.string().nullable(),
  explanation: RoutingExplanation.nullable(),
});

export const Lead = z.object({
  id: z.string(),
  number: z.string(),
  /** Name and address only: a partner that is not reseller of record learns nothing else of the customer. */
  customer: z.object({
    id: z.string(),
    name: z.string(),
    street: z.string().nullable(),
    postalCode: z.string().nullable(),
    city: z.string().nullable(),
  }),
  kind: LeadKind,
  source: z.enum(LEAD_SOURCES),
  productLine: z.string().nullable(),
  assetId: z.string().nullable(),
  asset: z
    .object({
      id: z.string(),
      serial: z.string(),
      productModel: z.string(),
      productLine: z.string(),
      warrantyEnd: z.string().nullable(),
    })
    .nullable(),
  note: z.string().nullable(),
  /** The partner holding the lead (offered, accepted) or that held it (won, lost); null while queued. */
  partnerId: z.string().nullable(),
  partner: z.object({ id: z.string(), name: z.string() }).nullable(),
  status: LeadStatus,
  /** End of the holding partner's window to accept or decline (offered only). */
  protectedUntil: z.string().nullable(),
  routing: LeadRouting,
  stage: LeadStage.nullable(),
  nextActivityAt: z.string().nullable(),
  nextActivityNote: z.string().nullable(),
  expectedValueCents: z.number().int().nullable(),
  outcome: z
    .object({
      outcome: z.enum(['won', 'lost']),
      valueCents: z.number().int().nullable(),
      date: z.string(),
      reason: z.string(),
    })
    .nullable(),
  assignedPerson: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** The routing history, oldest first; only on GET /api/leads/:id and the answers to changes. */
  history: z.array(LeadHistoryEntry).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Lead = z.infer<typeof Lead>;

export const ListLeadsQuery = z.object({
  status: LeadStatus.optional(),
  kind: LeadKind.optional(),
  partnerId: Id.optional(),
  customerId: Id.optional(),
  limit: z.coerce
    .number('must be a number')
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(200, 'must be at most 200')
    .default(50),
  offset: z.coerce
    .number('must be a number')
    .int('must be a whole number')
    .min(0, 'must be 0 or more')
    .default(0),
});
export type ListLeadsQuery = z.infer<typeof ListLeadsQuery>;

export const LeadList = z.object({
  items: z.array(Lead),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
export type LeadList = z.infer<typeof LeadList>;

export const CreateLeadBody = z.object({
  customerId: Id,
  kind: LeadKind,
  /** Defaults to the asset's product line. */
  productLine: Text(50).optional(),
  assetId: Id.optional(),
  note: Text(2000).optional(),
});
export type CreateLeadBody = z.infer<typeof CreateLeadBody>;

export const ReasonBody = z.object({ reason: Text(1000) });
export type ReasonBody = z.infer<typeof ReasonBody>;

export const OutcomeBody = z.object({
  outcome: z.enum(['won', 'lost']),
  valueCents: Cents.optional(),
  date: IsoDate,
  reason: Text(1000),
});
export type OutcomeBody = z.infer<typeof OutcomeBody>;

export const RerouteBody = z.object({
  reason: Text(1000),
  /** An active partner to give the lead to; without it routing runs again without the partners already tried. */
  partnerId: Id.optional(),
});
export type RerouteBody = z.infer<typeof RerouteBody>;

/** The partner's work on the lead; fields left out keep their value, null clears. */
export const UpdateLeadBody = z
  .object({
    /** Only the partner admin, only to its own active people. */
    assignedPersonId: Id.nullable(),
    stage: LeadStage,
    nextActivityAt: z.iso
      .datetime({ offset: true, message: 'must be a date and time (ISO 8601)' })
      .nullable(),
    nextActivityNote: Text(500).nullable(),
    expectedValueCents: Cents.nullable(),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'must change at least one field');
export type UpdateLeadBody = z.infer<typeof UpdateLeadBody>;

export const RenewalsBody = z.object({ today: IsoDate.optional() }).default({});
export const RenewalsResult = z.object({
  /** Leads made by this run. */
  created: z.number().int(),
  /** Assets whose warranty ends within the window (each is made a lead at most once per warranty end). */
  checked: z.number().int(),
});
export type RenewalsResult = z.infer<typeof RenewalsResult>;

export const ChannelSettings = z.object({
  renewalLeadDays: z.number().int(),
  protectionDays: z.number().int(),
  protectionBusinessDays: z.boolean(),
  registrationProtectionDays: z.number().int(),
  updatedAt: z.string(),
});
export type ChannelSettings = z.infer<typeof ChannelSettings>;

const Days = (max: number) =>
  z
    .number('must be a number of days')
    .int('must be a whole number of days')
    .min(1, 'must be at least 1 day')
    .max(max, `must be at most ${max} days`);

/** Fields left out keep their value. */
export const UpdateChannelSettingsBody = z
  .object({
    renewalLeadDays: Days(365),
    protectionDays: Days(90),
    protectionBusinessDays: z.boolean('must be true or false'),
    registrationProtectionDays: Days(730),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'must change at least one field');
export type UpdateChannelSettingsBody = z.infer<typeof UpdateChannelSettingsBody>;
