import { z } from 'zod';
import { LEAK_KINDS } from '../../shared/leak-guard';

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

/**
 * A text for the customer the leak guard stopped (422, type …/internal-data): what it found, in the
 * writer's words, and the request field it was found in (also in `errors`).
 */
export const InternalDataProblemResponse = ProblemResponse.extend({
  findings: z.array(
    z.object({
      field: z.string(),
      kind: z.enum(LEAK_KINDS),
      text: z.string(),
      /** The note id or customer number; only the operator is told. */
      source: z.string().optional(),
    }),
  ),
});
