/** Error codes the API uses; each maps to one HTTP status. */
export const APP_ERROR_STATUS = {
  validation: 400,
  unauthenticated: 401,
  /** The person's organisation was deactivated: no login, no session, no API token. */
  organisation_inactive: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  /** A revoked status link: it existed and was withdrawn. */
  status_link_revoked: 410,
  locked: 423,
  rate_limited: 429,
  internal: 500,
} as const;
export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

export type FieldError = { field: string; message: string };

/** The one error type services throw; the HTTP error handler turns it into problem+json. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fieldErrors: FieldError[];

  constructor(code: AppErrorCode, message: string, fieldErrors: FieldError[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fieldErrors = fieldErrors;
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
