import { Alert, List, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';

/** Turns any error into a message a user can act on; field problems are listed by name. */
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
  let message: string = t('errors.generic');
  let requestId: string | undefined;
  let fields: { field: string; message: string }[] = [];
  if (error instanceof ApiError) {
    requestId = error.requestId;
    fields = error.errors;
    if (error.status === 0) message = t('errors.network');
    else if (error.status >= 500) message = t('errors.server');
    // Problem codes with a message of their own (errors.codes.*) are shown in the user's language.
    else if (error.code !== undefined && i18n.exists(`errors.codes.${error.code}`))
      message = t(`errors.codes.${error.code}`, { defaultValue: message });
    else if (error.status === 403) message = error.detail ?? t('errors.forbidden');
    else message = error.detail ?? error.title;
  }
  return (
    <Alert color="red" variant="light" title={title ?? t('errors.title')} role="alert">
      <Text size="sm">{message}</Text>
      {fields.length > 1 && (
        <List size="sm" mt="xs">
          {fields.map((f) => (
            <List.Item key={`${f.field}:${f.message}`}>
              {f.field !== '' ? `${f.field}: ${f.message}` : f.message}
            </List.Item>
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
