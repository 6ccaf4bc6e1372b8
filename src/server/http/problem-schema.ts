import { z } from 'zod';

/** RFC 9457 body of every error response, for the OpenAPI document. */
export const ProblemResponse = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string(),
  code: z.string(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  requestId: z.string(),
});

/** A reply the leak guard stopped (422, type …/internal-data): what it found, in the reply's words. */
export const InternalDataProblemResponse = ProblemResponse.extend({
  findings: z.array(
    z.object({
      kind: z.enum(['internal_note', 'billing_state', 'other_customer']),
      text: z.string(),
      /** The note id or customer number; only the operator is told. */
      source: z.string().optional(),
    }),
  ),
});
