import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { useFieldMessage } from '../components/field-errors';

/** Billing forms place field problems like every form (components/field-errors.ts). */
export { useFieldErrors } from '../components/field-errors';

/** A billing problem in words: its code's own message (billing.problems.*), else the general alert. */
export function BillingProblem({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  const fieldMessage = useFieldMessage();
  if (isApiError(error) && error.code !== undefined && i18n.exists(`billing.problems.${error.code}`)) {
    return (
      <Alert color="red" variant="light" title={t('errors.title')} role="alert">
        <Text size="sm">{t(`billing.problems.${error.code}`, { defaultValue: error.title })}</Text>
        {error.errors.length > 0 && (
          <Text size="sm" mt="xs">
            {error.errors.map((e) => fieldMessage(e.message)).join('; ')}
          </Text>
        )}
      </Alert>
    );
  }
  return <ErrorAlert error={error} />;
}
