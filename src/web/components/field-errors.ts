// The one place that turns an API problem into words for the user: the problem's own message
// (errors.codes.*) for an alert, and each field problem in the user's language for its input.
// Forms call useFieldErrors(error, fields) and pass errorAt(field) to each input's `error`; what
// no input on the form names stays for the alert (`unplaced`).
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError, isApiError } from '../api';
import { fieldMessageOf } from '../channel/field-messages';

// A code without a message of its own (a proxy's answer, an older server) falls back by status.
const CODE_OF_STATUS: Record<number, string> = {
  400: 'validation',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation',
  423: 'locked',
  429: 'rate_limited',
};

/** The message for a problem in the user's language; never the API's own detail. */
export function problemMessage(t: TFunction, error: unknown, exists: (key: string) => boolean): string {
  if (!(error instanceof ApiError)) return t('errors.generic');
  if (error.status === 0) return t('errors.network');
  if (error.status >= 500) return t('errors.server');
  for (const code of [error.code, CODE_OF_STATUS[error.status]]) {
    if (code !== undefined && exists(`errors.codes.${code}`))
      return t(`errors.codes.${code}` as 'errors.codes.validation');
  }
  return t('errors.generic');
}

/** Hook form of problemMessage. */
export function useProblemMessage(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  return (error) => problemMessage(t, error, (key) => i18n.exists(key));
}

/**
 * One field problem from the API in the user's language: the app's own words when it knows the
 * rule (channel/field-messages.ts), else the server's message naming the field ("Please check
 * “imapFolder”: …"), so a rule the app does not know yet still says what is wrong and where.
 */
export function fieldProblemText(t: TFunction, message: string, field?: string): string {
  const known = fieldMessageOf(message);
  if (known === null)
    return message.trim() && field
      ? t('errors.fieldServer', { field, message, interpolation: { escapeValue: false } })
      : t('errors.fieldInvalid');
  const unit = known.params.unit;
  return t(`fieldMessages.${known.key}` as 'fieldMessages.required', {
    ...known.params,
    ...(unit ? { unit: t(`fieldMessages.units.${unit}` as 'fieldMessages.units.km') } : {}),
    ...(known.date ? { date: known.date } : {}),
  }).trim();
}

/** A field message from the API ("is required", "must have at most 200 characters") in the user's language. */
export function useFieldMessage(): (message: string, field?: string) => string {
  const { t } = useTranslation();
  return (message, field) => fieldProblemText(t, message, field);
}

/**
 * Places the API's field problems at their inputs: `errorAt(field)` is the message for that field
 * (or a nested one, `facts.0.value` for `facts`), `unplaced` says whether a problem names no field
 * of the form (or none at all), so the form shows the alert too.
 */
export function useFieldErrors(error: unknown, fields: readonly string[] = []) {
  const fieldMessage = useFieldMessage();
  const problems = isApiError(error) ? error.errors : [];
  const matches = (problem: string, field: string) => problem === field || problem.startsWith(`${field}.`);
  const errorAt = (field: string): string | undefined => {
    const found = problems.find((p) => matches(p.field, field));
    return found === undefined ? undefined : fieldMessage(found.message, found.field);
  };
  const unplaced =
    error != null &&
    (problems.length === 0 || problems.some((p) => !fields.some((f) => matches(p.field, f))));
  return { errorAt, unplaced };
}
