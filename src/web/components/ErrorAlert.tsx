import { Alert, List, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { problemMessage, useFieldMessage } from './field-errors';

/**
 * Turns any error into a message a user can act on, in the user's language: every problem code
 * has one (errors.codes.*, checked by problem-messages.test.ts); the API's own English detail is
 * never shown. Field problems a form does not place at an input are listed by their message; the
 * support id is shown only for the server's own failures (5xx), where support needs it.
 */
export function ErrorAlert({
  error,
  title,
  children,
}: {
  error: unknown;
  title?: string;
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const fieldMessage = useFieldMessage();
  let message: string = t('errors.generic');
  let requestId: string | undefined;
  let fields: { field: string; message: string }[] = [];
  if (error instanceof ApiError) {
    if (error.status >= 500) requestId = error.requestId;
    fields = error.errors;
    message = problemMessage(t, error, (key) => i18n.exists(key));
  }
  return (
    <Alert color="red" variant="light" title={title ?? t('errors.title')} role="alert">
      <Text size="sm">{message}</Text>
      {fields.length > 1 && (
        <List size="sm" mt="xs">
          {fields.map((f) => (
            <List.Item key={`${f.field}:${f.message}`}>{fieldMessage(f.message)}</List.Item>
          ))}
        </List>
      )}
      {requestId !== undefined && (
        <Text size="xs" mt="xs" c="dimmed">
          {t('errors.requestId', { id: requestId })}
        </Text>
      )}
      {children}
    </Alert>
  );
}
