import { z } from 'zod';
import { LeakOverrideBody } from '../../../shared/leak-guard';
import { ITEM_CONDITIONS, RETURN_OUTCOMES, RETURN_STATES } from '../../../shared/returns';
import { ProblemResponse } from '../../http/problem-schema';

export const ReturnState = z.enum(RETURN_STATES);
export const ItemCondition = z.enum(ITEM_CONDITIONS);
export const ReturnOutcome = z.enum(RETURN_OUTCOMES);

const text = (max: number) => z.string().trim().min(1, 'is required').max(max, `at most ${max} characters`);

export const RequestReturnBody = z.object({
  items: z
    .array(
      z.object({
        product: text(200),
        serial: z.string().trim().max(100).nullish(),
        quantity: z.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000),
        reason: text(2000),
      }),
    )
    .min(1, 'needs at least one item')
    .max(100),
});
export type RequestReturnBody = z.infer<typeof RequestReturnBody>;

export const InspectReturnBody = z.object({
  items: z
    .array(
      z.object({
        condition: ItemCondition,
        notes: z.string().trim().max(4000).nullish(),
        /** Photos: ids of files uploaded to the case (POST /api/cases/:id/attachments). */
        attachmentIds: z.array(z.string()).max(20).optional(),
      }),
    )
    .min(1, 'needs a condition for each item'),
  outcome: ReturnOutcome,
  reason: text(2000),
  override: LeakOverrideBody.optional(),
});
export type InspectReturnBody = z.infer<typeof InspectReturnBody>;

export const RejectReturnBody = z.object({ reason: text(2000), override: LeakOverrideBody.optional() });

export const ReturnItem = z.object({
  id: z.string(),
  position: z.number(),
  product: z.string(),
  serial: z.string().nullable(),
  quantity: z.number(),
  reason: z.string(),
  condition: ItemCondition.nullable(),
  /** Internal: only the operator gets the inspection notes and photos. */
  notes: z.string().nullable().optional(),
  attachmentIds: z.array(z.string()).optional(),
});

export const ReturnInstructions = z.object({
  address: z.array(z.string()),
  packing: z.string(),
});

export const Return = z.object({
  id: z.string(),
  number: z.string(),
  caseId: z.string(),
  caseNumber: z.string(),
  customer: z.object({ id: z.string(), name: z.string() }),
  state: ReturnState,
  /** SLA target of the current state (null for an ended return). */
  dueAt: z.string().nullable(),
  outcome: ReturnOutcome.nullable(),
  /** Shown to the customer: why this outcome (or why the return was rejected). */
  outcomeReason: z.string().nullable(),
  rejectReason: z.string().nullable(),
  /** Where and how to send the goods, once authorised. */
  instructions: ReturnInstructions.nullable(),
  items: z.array(ReturnItem),
  requestedBy: z.string(),
  requestedAt: z.string(),
  authorisedAt: z.string().nullable(),
  receivedAt: z.string().nullable(),
  inspectedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  rejectedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type Return = z.infer<typeof Return>;

/** 409 return_refund_refused: the positions of the items found with wrong contents. */
export const RefundRefusedProblem = ProblemResponse.extend({ items: z.array(z.number()).optional() });
