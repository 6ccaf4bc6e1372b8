import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';

type CaseSettings = { causeRequiredToResolve: boolean };

export const caseSettingsQuery = {
  queryKey: ['settings', 'cases'],
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api.get<CaseSettings>('/api/settings/cases', undefined, signal),
  staleTime: 60_000,
};

/**
 * Resolving a case without a cause while the operator requires one: instead of the server's
 * refusal, the agent is asked for the cause and the case is resolved with it in one change.
 */
export function useResolveWithCause(hasCause: boolean) {
  const settings = useQuery(caseSettingsQuery);
  const [asking, setAsking] = useState(false);
  return {
    /** True when choosing `resolved` must first ask for the cause (the dialog then opens). */
    intercept(status: string): boolean {
      if (status !== 'resolved' || hasCause || !settings.data?.causeRequiredToResolve) return false;
      setAsking(true);
      return true;
    },
    asking,
    close: () => setAsking(false),
  };
}

export function ResolveWithCauseDialog({
  opened,
  onClose,
  causeOptions,
  onResolve,
  loading,
  refused = false,
}: {
  opened: boolean;
  onClose: () => void;
  causeOptions: { group: string; items: { value: string; label: string }[] }[];
  onResolve: (causeId: string) => void;
  loading: boolean;
  /** The server refused the resolution for want of a cause (the setting changed meanwhile). */
  refused?: boolean;
}) {
  const { t } = useTranslation();
  const [causeId, setCauseId] = useState<string | null>(null);
  // The button stays enabled, so resolving without a cause says why at the field instead of
  // leaving a greyed-out button to puzzle over.
  const [missing, setMissing] = useState(false);
  return (
    <Modal opened={opened} onClose={onClose} title={t('caseSettings.chooseCauseTitle')}>
      <Stack gap="md">
        <Text size="sm">{t('caseSettings.chooseCause')}</Text>
        <Select
          label={t('cases.field.cause')}
          searchable
          data={causeOptions}
          value={causeId}
          onChange={(value) => {
            setCauseId(value);
            setMissing(false);
          }}
          error={missing || refused ? t('caseSettings.causeMissing') : undefined}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button loading={loading} onClick={() => (causeId ? onResolve(causeId) : setMissing(true))}>
            {t('caseSettings.resolve')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
