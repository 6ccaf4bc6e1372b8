import { PROBLEM_STATUS, type ProblemCode } from '../../shared/problems';

/** Error codes the API uses; each maps to one HTTP status (the list lives in src/shared/problems.ts). */
export const APP_ERROR_STATUS = PROBLEM_STATUS;
export type AppErrorCode = ProblemCode;

/**
 * Problems a client tells apart by their `type` URI (RFC 9457) rather than only by `code`; the
 * others stay `about:blank`. The last path segment is the code with dashes.
 */
export const PROBLEM_TYPE_BASE = 'https://channeldesk.dev/problems/';
const TYPED_PROBLEMS: readonly AppErrorCode[] = ['internal_data'];

export function problemType(code: string): string {
  return TYPED_PROBLEMS.includes(code as AppErrorCode)
    ? `${PROBLEM_TYPE_BASE}${code.replace(/_/g, '-')}`
    : 'about:blank';
}

export type FieldError = { field: string; message: string };

/** The one error type services throw; the HTTP error handler turns it into problem+json. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fieldErrors: FieldError[];
  /** More members of the problem body (e.g. the `partner` a refused direct offer names). */
  readonly extra: Record<string, unknown> | undefined;

  constructor(
    code: AppErrorCode,
    message: string,
    fieldErrors: FieldError[] = [],
    extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fieldErrors = fieldErrors;
    this.extra = extra;
  }

  get status(): number {
    return APP_ERROR_STATUS[this.code];
  }

  static notFound(what: string): AppError {
    return new AppError('not_found', `${what} not found`);
  }

  static field(field: string, message: string): AppError {
    return new AppError('validation', `${field}: ${message}`, [{ field, message }]);
  }
}
