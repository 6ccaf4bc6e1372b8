import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './ErrorAlert';

/**
 * The foot of a form that creates a record or edits one: a hint shown only while creating, the
 * error the form could not place at one of its inputs, then the submit button ("Save" when
 * editing, the form's own create label otherwise) and, where the form can be left, "Cancel".
 * Renders as siblings so it sits in the form's Stack with the Stack's spacing.
 */
export function FormActions({
  editing,
  createLabel,
  pending,
  onCancel,
  help,
  error,
}: {
  editing: boolean;
  createLabel: string;
  pending: boolean;
  /** Shows "Cancel"; forms pass it while editing. */
  onCancel?: () => void;
  /** Shown only while creating. */
  help?: string;
  /** Shown in an ErrorAlert unless null or undefined. */
  error?: unknown;
}) {
  const { t } = useTranslation();
  return (
    <>
      {help && !editing && (
        <Text size="sm" c="dimmed">
          {help}
        </Text>
      )}
      {error != null && <ErrorAlert error={error} />}
      <Group>
        <Button type="submit" loading={pending}>
          {editing ? t('common.save') : createLabel}
        </Button>
        {onCancel && (
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        )}
      </Group>
    </>
  );
}
