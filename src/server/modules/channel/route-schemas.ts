import { z } from 'zod';
import { ProblemResponse } from '../../http/problem-schema';

// What every channel route file declares alike: the `:id` parameter naming what it identifies, and
// the problem answers (RFC 9457) a route may give.

/** `:id` of the named thing; garbage is a 400 naming `id` ("must be a lead id"). */
export const idParams = (what: string) =>
  z.object({ id: z.uuid(`must be ${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${what} id`) });

/** A route that reads or writes one thing: bad input, not logged in, not allowed, not found. */
export const problemResponses = {
  400: ProblemResponse,
  401: ProblemResponse,
  403: ProblemResponse,
  404: ProblemResponse,
};

/** A change that can meet a conflict (state, duplicate): also 409. */
export const changeProblemResponses = { ...problemResponses, 409: ProblemResponse };

/** A list or report: no single thing to miss. */
export const listProblemResponses = { 400: ProblemResponse, 401: ProblemResponse, 403: ProblemResponse };
