// Request and response shapes of the triage routes.
import { z } from 'zod';
import { CASE_TYPES } from '../../../shared/cases';
import { ChecklistDefinition, ChecklistStep, FAULT_CLASSIFICATIONS } from '../../../shared/checklists';
import { LeakOverrideBody } from '../../../shared/leak-guard';

const Ref = z.object({ id: z.string(), name: z.string() });

// Each rule says what it wants in the words the web app knows (web/channel/field-messages.ts).
const ProductLine = z.string().trim().min(1, 'must not be empty').max(50, 'must have at most 50 characters');
const ThirdPartyId = z.uuid('must be a third party id');
const Flag = z.boolean('must be true or false');

export const ChecklistBody = z.object({
  name: z
    .string()
    .trim()
    .min(2, 'must have at least 2 characters')
    .max(200, 'must have at most 200 characters'),
  caseType: z.enum(CASE_TYPES, `must be one of ${CASE_TYPES.join(', ')}`),
  /** Null: every product line (printers, multifunction, notebooks, networking …). */
  productLine: ProductLine.nullable().default(null),
  /** Where a line fault goes when the case has no third party yet. */
  thirdPartyId: ThirdPartyId.nullable().default(null),
  active: Flag.default(true),
  definition: ChecklistDefinition,
});
export type ChecklistBody = z.infer<typeof ChecklistBody>;
// Without the defaults of ChecklistBody: a field left out of a PATCH stays as it is.
export const ChecklistPatch = z
  .object({
    name: ChecklistBody.shape.name,
    caseType: ChecklistBody.shape.caseType,
    productLine: ProductLine.nullable(),
    thirdPartyId: ThirdPartyId.nullable(),
    active: Flag,
    definition: ChecklistDefinition,
  })
  .partial();
export type ChecklistPatch = z.infer<typeof ChecklistPatch>;

export const Checklist = z.object({
  id: z.string(),
  name: z.string(),
  caseType: z.string(),
  productLine: z.string().nullable(),
  thirdParty: Ref.nullable(),
  active: z.boolean(),
  definition: ChecklistDefinition,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Checklist = z.infer<typeof Checklist>;

export const ListChecklistsQuery = z.object({
  caseType: z.enum(CASE_TYPES).optional(),
  productLine: z.string().optional(),
});

export const StartRunBody = z.object({ checklistId: z.uuid('must be a checklist id') });
export const AnswerBody = z.object({
  stepId: z.string().min(1, 'must not be empty').max(30, 'must have at most 30 characters'),
  value: z.string('must not be empty').max(500, 'must have at most 500 characters'),
});

export const Run = z.object({
  id: z.string(),
  caseId: z.string(),
  checklist: Ref,
  answers: z.array(
    z.object({
      stepId: z.string(),
      question: z.object({ de: z.string(), en: z.string() }),
      value: z.string(),
      /** The choice's label, or null for yes/no and text. */
      label: z.object({ de: z.string(), en: z.string() }).nullable(),
    }),
  ),
  /** The step to answer now; null once finished. */
  next: ChecklistStep.nullable(),
  classification: z.enum(FAULT_CLASSIFICATIONS).nullable(),
  startedBy: z.string(),
  source: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Run = z.infer<typeof Run>;

export const AppointmentBody = z
  .object({
    date: z.iso.date('must be a date YYYY-MM-DD'),
    from: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM'),
    to: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM'),
    note: z.string().trim().max(1000).optional(),
    override: LeakOverrideBody.optional(),
  })
  .refine((b) => b.from < b.to, { path: ['to'], message: 'must be after from' });

export const Appointment = z.object({
  id: z.string(),
  date: z.string(),
  from: z.string(),
  to: z.string(),
  note: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type Appointment = z.infer<typeof Appointment>;

/** What a device classification offers (replacement-offer.ts); null on the panel when there is no device fault. */
export const ReplacementOffer = z.object({
  runId: z.string(),
  /** `device_unknown`: the case names no device yet (record its serial number or model as a fact). */
  kind: z.enum(['return', 'new_device_lead', 'device_unknown']),
  device: z
    .object({
      product: z.string(),
      serial: z.string().nullable(),
      warrantyEnd: z.string().nullable(),
      /** Found in the customer's installed base by its serial. */
      inInstalledBase: z.boolean(),
    })
    .nullable(),
  /** `unknown`: a return all the same; the agent checks the warranty before authorising it. */
  warranty: z.enum(['valid', 'unknown', 'expired']).nullable(),
  /** Lead: the reseller of record it is meant for; a partner sees only itself here. */
  partner: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** Lead: to the reseller of record, or none exists and lead routing picks the partner or the queue. */
  to: z.enum(['reseller_of_record', 'routing']).nullable(),
});
export type ReplacementOffer = z.infer<typeof ReplacementOffer>;

/** The replacement opened on a case (once per case). */
export const Replacement = z.object({
  runId: z.string(),
  kind: z.enum(['return', 'new_device_lead']),
  return: z.object({ id: z.string(), number: z.string(), state: z.string() }).nullable(),
  lead: z
    .object({
      id: z.string(),
      number: z.string(),
      status: z.string(),
      /** The partner holding it; a partner sees it only when that is itself. */
      partner: z.object({ id: z.string(), name: z.string() }).nullable(),
    })
    .nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type Replacement = z.infer<typeof Replacement>;

/** Everything the case page's Diagnose panel needs in one read. */
export const Triage = z.object({
  checklists: z.array(z.object({ id: z.string(), name: z.string(), productLine: z.string().nullable() })),
  runs: z.array(Run),
  classification: z.enum(FAULT_CLASSIFICATIONS).nullable(),
  thirdParty: z
    .object({
      id: z.string(),
      name: z.string(),
      acceptsPartnerEscalation: z.boolean(),
      phone: z.string().nullable(),
      serviceHours: z.string().nullable(),
    })
    .nullable(),
  appointments: z.array(Appointment),
  /** Device fault: the replacement offered, or the one opened (then `offer` is null). */
  replacement: z.object({ offer: ReplacementOffer.nullable(), opened: Replacement.nullable() }),
});
export type Triage = z.infer<typeof Triage>;

export const TimeToRestoreQuery = z.object({
  from: z.iso.date('must be a calendar day YYYY-MM-DD').optional(),
  to: z.iso.date('must be a calendar day YYYY-MM-DD').optional(),
  format: z.enum(['json', 'csv'], 'must be json or csv').default('json'),
});

const Hours = z.number().nullable();
export const TimeToRestoreReport = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  rows: z.array(
    z.object({
      thirdParty: z.object({ id: z.string(), number: z.string(), name: z.string() }),
      count: z.number().int(),
      medianHours: Hours,
      p90Hours: Hours,
      medianBusinessHours: Hours,
      p90BusinessHours: Hours,
    }),
  ),
});
export type TimeToRestoreReport = z.infer<typeof TimeToRestoreReport>;
