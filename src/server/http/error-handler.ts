import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { ProblemCode } from '../../shared/problems';
import { AppError, type FieldError, problemType } from '../shared/app-error';

// Fastify's own 4xx (and the rate limiter's) carry codes like FST_ERR_CTP_BODY_TOO_LARGE: each
// becomes one of ours, so the web app has a message in the user's language for every answer.
const CODE_OF_STATUS: Record<number, ProblemCode> = {
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** RFC 9457 problem details. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
  requestId: string;
};

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Not logged in',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  410: 'Gone',
  422: 'Unprocessable content',
  413: 'Request too large',
  415: 'Unsupported media type',
  423: 'Account locked',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

// A rule on a whole part (e.g. "change at least one field") has no path: it names the part.
const PART_NAMES: Record<string, string> = { body: 'body', querystring: 'query', params: 'params' };

function fieldName(path: string | undefined, key: unknown, context: string | undefined): string {
  const cleaned = (path ?? '').replace(/^\//, '').replace(/\//g, '.');
  return cleaned || (typeof key === 'string' ? key : '') || PART_NAMES[context ?? ''] || 'body';
}

/** Turns every error into problem+json: the message for 4xx, nothing but the request id for 5xx. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    let status = 500;
    let detail = 'Something went wrong on our side. Quote the request id when you contact support.';
    let code: ProblemCode = 'internal';
    let errors: FieldError[] | undefined;
    let extra: Record<string, unknown> | undefined;

    if (error instanceof AppError) {
      extra = error.extra;
      status = error.status;
      detail = error.message;
      code = error.code;
      errors = error.fieldErrors.length > 0 ? error.fieldErrors : undefined;
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      status = 400;
      code = 'validation';
      const context = (error as { validationContext?: string }).validationContext;
      errors = error.validation.map((issue) => ({
        field: fieldName(
          issue.instancePath,
          (issue.params as { missingProperty?: string })?.missingProperty,
          context,
        ),
        message: issue.message ?? 'invalid',
      }));
      detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    } else if (isResponseSerializationError(error)) {
      status = 500;
    } else if ('statusCode' in error && typeof error.statusCode === 'number' && error.statusCode < 500) {
      status = error.statusCode;
      code = CODE_OF_STATUS[status] ?? 'validation';
      detail = error.message;
      // Fastify's own 400s (a body that is not JSON, an empty JSON body) are about the body.
      if (status === 400) errors = [{ field: 'body', message: error.message }];
    }

    if (status >= 500) {
      request.log.error({ err: error, requestId: request.id }, 'request failed');
    } else {
      request.log.info({ status, code, requestId: request.id }, 'request rejected');
    }
    const problem: Problem = {
      ...extra,
      type: problemType(code),
      title: TITLES[status] ?? 'Error',
      status,
      detail,
      code,
      errors,
      requestId: String(request.id),
    };
    return reply.status(status).type('application/problem+json').send(problem);
  });
}
