import { z } from 'zod';
import { LeakOverrideBody } from '../../../shared/leak-guard';
import { idSchema, isId } from '../../shared/ids';
import {
  CASE_STATUSES,
  CASE_TYPES,
  CHANNELS,
  COMMITMENT_OUTCOMES,
  COMMITMENT_STATUSES,
  DECISION_OUTCOMES,
  FACT_SOURCES,
  FACT_STATES,
  LINK_KINDS,
  PRIORITIES,
  VISIBILITIES,
} from './case.table';
import { looksLikeCaseNumber } from './case-number';

export const CaseType = z.enum(CASE_TYPES);
export const CaseStatus = z.enum(CASE_STATUSES);
export const Priority = z.enum(PRIORITIES);
export const Channel = z.enum(CHANNELS);
export const Visibility = z.enum(VISIBILITIES);

const Id = idSchema();

/** A case by id or number (CD-2026-000123), as paths and link targets name it. */
export const CaseRef = z
  .string()
  .trim()
  .max(64)
  .refine(
    (value) => isId(value) || looksLikeCaseNumber(value),
    'must be a case id or a case number such as CD-2026-000123',
  );
const FactKey = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,49}$/, 'must be lower-case letters, digits and _ (e.g. serial_number)');

export const FactInput = z.object({
  key: FactKey,
  label: z.string().trim().min(1, 'is required').max(100),
  value: z.string().trim().min(1, 'is required').max(500),
});

export const CreateCaseBody = z.object({
  type: CaseType,
  subject: z.string().trim().min(3, 'must have at least 3 characters').max(300),
  /** Required for operator and partner users; a customer always opens cases for its own organisation. */
  customerId: Id.optional(),
  contactId: Id.optional(),
  /** Operator only (default normal); customers and partners state their `urgency` instead. */
  priority: Priority.optional(),
  /** How urgent it is for the customer; kept as the case fact `urgency`, never as the priority. */
  urgency: Priority.optional(),
  /** Defaults by who creates: web for customers, partner for partners, phone for agents. */
  channel: Channel.optional(),
  partnerId: Id.optional(),
  /** Operator only, like assigneeId, groupId, causeId and tags. */
  thirdPartyId: Id.optional(),
  assigneeId: Id.optional(),
  groupId: Id.optional(),
  causeId: Id.optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
  /** The first message: what the customer reported. */
  description: z.string().trim().min(1, 'is required').max(50_000),
  /**
   * Who reads the description (default public): a partner may choose `partner` (only itself and the
   * operator), the operator also `internal`; a customer's is always public.
   */
  descriptionVisibility: Visibility.optional(),
  facts: z.array(FactInput).max(30).default([]),
  /** An asset of the customer; its model and serial become facts of the case. */
  assetId: Id.optional(),
  /**
   * The files the creator uploads once the case exists (name and size in bytes): checked against
   * ATTACHMENT_MAX_MB before the case is opened, so a file too large refuses the case (400 on
   * `attachments.N.size`) instead of leaving a case without the file its creator sent.
   */
  attachments: z
    .array(z.object({ fileName: z.string().trim().min(1).max(255), size: z.number().int().min(0) }))
    .max(20)
    .optional(),
});
export type CreateCaseBody = z.infer<typeof CreateCaseBody>;

export const UpdateCaseBody = z
  .object({
    subject: z.string().trim().min(3).max(300),
    type: CaseType,
    status: CaseStatus,
    priority: Priority,
    assigneeId: Id.nullable(),
    groupId: Id.nullable(),
    causeId: Id.nullable(),
    partnerId: Id.nullable(),
    thirdPartyId: Id.nullable(),
    contactId: Id.nullable(),
    /**
     * With status `resolved` or `closed`: what becomes of each commitment still open. Without it,
     * a case with open commitments answers 409 `open_commitments` naming them.
     */
    commitments: z
      .array(
        z.object({
          id: Id,
          outcome: z.enum(COMMITMENT_OUTCOMES),
          /** Required for `dropped`; the customer reads it. */
          reason: z.string().trim().max(500).optional(),
        }),
      )
      .max(50),
  })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'change at least one field');
export type UpdateCaseBody = z.infer<typeof UpdateCaseBody>;

const CsvList = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value),
    z.array(item).max(20),
  );

export const ListCasesQuery = z.object({
  status: CsvList(CaseStatus).optional(),
  type: CsvList(CaseType).optional(),
  priority: CsvList(Priority).optional(),
  /** A person id, `me`, or `none` for unassigned cases. */
  assignee: z.union([Id, z.enum(['me', 'none'])]).optional(),
  /** A group id, or `mine` for every group the caller leads or belongs to. */
  groupId: z.union([Id, z.literal('mine')]).optional(),
  partnerId: Id.optional(),
  customerId: Id.optional(),
  causeId: Id.optional(),
  tag: z.string().trim().max(50).optional(),
  breaching: z.enum(['true', 'false']).optional(),
  /** `today`: cases with an open commitment due by the end of the caller's day (overdue ones included). */
  commitmentDue: z.enum(['today']).optional(),
  /** Full-text search over number, subject, messages, facts and contact names: only text the caller may read. */
  q: z.string().trim().max(200).optional(),
  sort: z.enum(['updated_at', 'created_at', 'number']).default('updated_at'),
  direction: z.enum(['asc', 'desc']).default('desc'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListCasesQuery = z.infer<typeof ListCasesQuery>;

const Ref = z.object({ id: z.string(), name: z.string() });

export const ClockState = z.object({
  kind: z.enum(['first_response', 'silence', 'resolution']),
  state: z.enum(['not_started', 'running', 'paused', 'stopped', 'breached']),
  targetMinutes: z.number(),
  dueAt: z.string().nullable(),
  breachedAt: z.string().nullable(),
  remainingBusinessMinutes: z.number(),
  met: z.boolean().nullable(),
});

export const Fact = z.object({
  id: z.string(),
  key: z.string(),
  label: z.string(),
  value: z.string(),
  source: z.enum(FACT_SOURCES),
  state: z.enum(FACT_STATES),
  note: z.string().nullable(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});

export const Commitment = z.object({
  id: z.string(),
  description: z.string(),
  dueAt: z.string(),
  owner: Ref,
  status: z.enum(COMMITMENT_STATUSES),
  overdue: z.boolean(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  /** Why it was dropped (status `dropped`) when the case was resolved; the customer reads it. */
  outcomeReason: z.string().nullable(),
  /** The owner's organisation: a partner marks only its own organisation's commitments as kept. */
  ownerOrganisationId: z.string(),
});

export const Decision = z.object({
  id: z.string(),
  outcome: z.enum(DECISION_OUTCOMES),
  policy: z.string(),
  conditions: z.string().nullable(),
  /** The cited facts with the value the decision was made on (`value`) and the value now. */
  citedFacts: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      /** The value when the decision was made. */
      value: z.string(),
      /** The fact's value now; null when the case no longer has the fact. */
      currentValue: z.string().nullable(),
      /** True when the value now differs from the one decided on. */
      changed: z.boolean(),
    }),
  ),
  /** When a cited fact came to differ from the decision's basis ("basis changed"); null while it holds. */
  basisChangedAt: z.string().nullable(),
  decidedBy: z.string(),
  decidedAt: z.string(),
});

export const CaseSummary = z.object({
  id: z.string(),
  number: z.string(),
  type: CaseType,
  status: CaseStatus,
  priority: Priority,
  subject: z.string(),
  customer: z.object({ id: z.string(), number: z.string(), name: z.string() }),
  partner: Ref.nullable(),
  assignee: Ref.nullable(),
  channel: Channel,
  breaching: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

/** The case as its audience may see it; fields only the operator sees are absent for others. */
export const CaseDetail = CaseSummary.extend({
  contact: Ref.nullable(),
  thirdParty: Ref.nullable(),
  group: Ref.nullable().optional(),
  cause: z.object({ id: z.string(), label: z.string() }).nullable().optional(),
  tags: z.array(z.string()).optional(),
  mergedInto: z.object({ id: z.string(), number: z.string() }).nullable(),
  firstResponseAt: z.string().nullable(),
  lastPublicReplyAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  facts: z.array(Fact),
  commitments: z.array(Commitment),
  decisions: z.array(Decision),
  links: z.array(
    z.object({
      kind: z.enum(LINK_KINDS),
      direction: z.enum(['outgoing', 'incoming']),
      case: z.object({ id: z.string(), number: z.string(), subject: z.string() }),
    }),
  ),
  clocks: z.array(ClockState).optional(),
  /**
   * For those who can write public replies (operator, partner): the signature the mail of a public
   * reply written now will carry, in the contact's language (closing, the caller's name, the
   * mailbox). Null when a public reply would not be mailed (no contact to mail, no mailbox).
   */
  replySignature: z
    .object({ language: z.enum(['de', 'en']), lines: z.array(z.string()) })
    .nullable()
    .optional(),
  /** The customer's balance (gross cents), service block and dunning level: the operator's staff only. */
  billing: z
    .object({
      balanceCents: z.number().int(),
      blocked: z.boolean(),
      blockedAt: z.string().nullable(),
      dunningLevel: z.number().int(),
    })
    .optional(),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

export const AddMessageBody = z.object({
  body: z.string().trim().min(1, 'is required').max(100_000),
  /** Optional HTML version; it is sanitised (no scripts, no remote content). */
  html: z.string().max(500_000).optional(),
  /** Defaults to public for customers and partners, internal for operator users. */
  visibility: Visibility.optional(),
  attachmentIds: z.array(Id).max(20).default([]),
  /** Operator admins: send a public reply the leak guard stopped anyway; audited with the reason. */
  override: LeakOverrideBody.optional(),
});

export const TimelineEntry = z.object({
  id: z.string(),
  kind: z.enum(['message', 'event']),
  at: z.string(),
  visibility: Visibility,
  author: z.string(),
  /** message */
  direction: z.enum(['inbound', 'outbound', 'note']).optional(),
  body: z.string().optional(),
  html: z.string().nullable().optional(),
  channel: Channel.optional(),
  attachments: z
    .array(
      z.object({
        id: z.string(),
        fileName: z.string(),
        mimeType: z.string(),
        size: z.number(),
        /** Shown in place by the message's HTML (an inline cid: image). */
        inline: z.boolean().optional(),
      }),
    )
    .optional(),
  /** Operator only: the mail this message came from and why it joined this case. */
  mail: z
    .object({
      id: z.string(),
      reason: z.looseObject({ kind: z.string() }).nullable(),
      reasonText: z.string().nullable(),
      /** Remote images held back in `html` (as data-remote-src), loaded only on request. */
      remoteImages: z.number().optional(),
    })
    .optional(),
  /** event */
  type: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});

export const SetFactBody = z.object({
  label: z.string().trim().min(1).max(100).optional(),
  value: z.string().trim().min(1, 'is required').max(500),
  note: z.string().trim().max(500).optional(),
});

export const FactStateBody = z.object({
  state: z.enum(['confirmed', 'disputed']),
  note: z.string().trim().max(500).optional(),
});

export const CreateCommitmentBody = z.object({
  description: z.string().trim().min(3, 'must say what was promised').max(500),
  dueAt: z.iso.datetime({
    offset: true,
    message: 'must be an ISO date-time such as 2026-11-30T12:00:00+01:00',
  }),
  ownerId: Id.optional(),
  override: LeakOverrideBody.optional(),
});

export const UpdateCommitmentBody = z.object({ status: z.literal('kept') });

export const CreateDecisionBody = z.object({
  outcome: z.enum(DECISION_OUTCOMES),
  policy: z.string().trim().min(3, 'must name the policy the decision follows').max(300),
  conditions: z.string().trim().max(1000).optional(),
  citedFactIds: z.array(Id).max(20).default([]),
  override: LeakOverrideBody.optional(),
});

export const CreateLinkBody = z.object({
  kind: z.enum(LINK_KINDS),
  /** The other case, by id or number. */
  target: CaseRef,
});

export const MergeBody = z.object({
  /** The case that stays, by id or number; this case's timeline moves there. */
  into: CaseRef,
});

export const SetTagsBody = z.object({ tags: z.array(z.string().trim().min(1).max(50)).max(20) });
