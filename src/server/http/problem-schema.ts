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
