import { Button, Group, Stack, Textarea } from '@mantine/core';
import { Fragment, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { useFieldErrors } from './common';

/**
 * A decision that needs a reason (decline, reroute, cancel, a new reseller of record): the reason
 * is required before anything is sent, the server's problem with it stands at the field, any other
 * problem in an alert. `children` are the decision's other fields, above the reason; they start
 * afresh after a decision went through. `fields` names them, so their problems are not repeated.
 */
export function ReasonForm({
  label,
  description,
  submitLabel,
  submitColor,
  submitDisabled = false,
  error,
  pending,
  onSubmit,
  onEdit,
  onCancel,
  fields = [],
  autoFocus = false,
  labelledBy,
  children,
}: {
  label: string;
  description?: string;
  submitLabel: string;
  submitColor?: string;
  submitDisabled?: boolean;
  /** The last attempt's error (the mutation's). */
  error: unknown;
  pending: boolean;
  /** Sends the decision; the reason is cleared once it resolves. */
  onSubmit: (reason: string) => Promise<unknown>;
  /** The user changed the reason: a stale error goes. */
  onEdit?: () => void;
  onCancel?: () => void;
  fields?: readonly string[];
  autoFocus?: boolean;
  /** The id of the heading that names the form (a form role for assistive technology). */
  labelledBy?: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [round, setRound] = useState(0);
  const errorAt = useFieldErrors(error);
  const reasonError = missing ? t('validation.required') : errorAt('reason');
  const placed = isApiError(error) && error.errors.some((e) => ['reason', ...fields].includes(e.field));
  return (
    <form
      aria-labelledby={labelledBy}
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim() === '') {
          setMissing(true);
          return;
        }
        onSubmit(reason.trim()).then(
          () => {
            setReason('');
            setRound((r) => r + 1);
          },
          () => {}, // the error is the mutation's, shown below
        );
      }}
    >
      <Stack gap="sm" maw={560}>
        <Fragment key={round}>{children}</Fragment>
        <Textarea
          label={label}
          description={description}
          required
          autosize
          minRows={2}
          maxLength={1000}
          data-autofocus={autoFocus || undefined}
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setMissing(false);
            onEdit?.();
          }}
          error={reasonError}
        />
        <Group justify={onCancel ? 'flex-end' : 'flex-start'}>
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
          <Button type="submit" color={submitColor} loading={pending} disabled={submitDisabled}>
            {submitLabel}
          </Button>
        </Group>
        {error != null && !placed && <ErrorAlert error={error} />}
      </Stack>
    </form>
  );
}
