import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';

/**
 * Places the API's field problems at their fields: `errorAt(field)` gives the server's message
 * for that field (or a nested one), `unplaced` says whether a problem has no field on the form,
 * so the caller shows it in an alert instead.
 */
export function useFieldErrors(error: unknown, fields: readonly string[]) {
  const { t } = useTranslation();
  const problems = isApiError(error) ? error.errors : [];
  const errorAt = (field: string): string | undefined => {
    const found = problems.find((p) => p.field === field || p.field.startsWith(`${field}.`));
    return found === undefined ? undefined : t('billing.fieldError', { message: found.message });
  };
  const unplaced =
    error != null &&
    (problems.length === 0 ||
      problems.some((p) => !fields.some((f) => p.field === f || p.field.startsWith(`${f}.`))));
  return { errorAt, unplaced };
}

/** A billing problem in words: its code's own message (billing.problems.*), else the general alert. */
export function BillingProblem({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  if (isApiError(error) && error.code !== undefined && i18n.exists(`billing.problems.${error.code}`)) {
    return (
      <Alert color="red" variant="light" title={t('errors.title')} role="alert">
        <Text size="sm">{t(`billing.problems.${error.code}`, { defaultValue: error.title })}</Text>
        {error.errors.length > 0 && (
          <Text size="sm" mt="xs">
            {error.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}
          </Text>
        )}
      </Alert>
    );
  }
  return <ErrorAlert error={error} />;
}
