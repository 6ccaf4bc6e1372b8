import { Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { Organisation, Page } from '../api-types';
import { ErrorAlert } from '../components/ErrorAlert';
import { caseUrl, useCaseMutation } from './queries';
import type { CaseDetail } from './types';

/**
 * Hands a case to a third party (a carrier, a manufacturer) by mail. Its reply comes back into
 * the case, and its own ticket number becomes a fact.
 */
export function EscalateButton({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [thirdPartyId, setThirdPartyId] = useState<string | null>(kase.thirdParty?.id ?? null);
  const [note, setNote] = useState('');
  const thirdParties = useQuery({
    queryKey: ['organisations', 'list', { kind: 'third_party', picker: true }],
    queryFn: ({ signal }) =>
      api.get<Page<Organisation>>('/api/organisations', { kind: 'third_party', limit: 100 }, signal),
    enabled: open,
  });
  const escalate = useCaseMutation(kase.id, () =>
    api.post(`${caseUrl(kase.id)}/escalations`, { thirdPartyId, note: note.trim() }),
  );
  const close = () => {
    setOpen(false);
    escalate.reset();
  };
  if (kase.status === 'closed') return null;
  return (
    <>
      <Button size="xs" variant="default" onClick={() => setOpen(true)}>
        {t('cases.escalate.button')}
      </Button>
      <Modal
        closeButtonProps={{ 'aria-label': t('common.close') }}
        opened={open}
        onClose={close}
        title={t('cases.escalate.title')}
        centered
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            escalate.mutate(undefined, { onSuccess: close });
          }}
        >
          <Stack gap="sm">
            <Text size="sm">{t('cases.escalate.intro')}</Text>
            <Select
              label={t('cases.escalate.thirdParty')}
              data={(thirdParties.data?.items ?? []).map((o) => ({
                value: o.id,
                label: o.email ? `${o.name} (${o.email})` : o.name,
                disabled: !o.email,
              }))}
              value={thirdPartyId}
              onChange={setThirdPartyId}
              searchable
              required
              nothingFoundMessage={t('cases.escalate.none')}
            />
            <Textarea
              label={t('cases.escalate.note')}
              description={t('cases.escalate.noteHint')}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              required
              autosize
              minRows={4}
            />
            {escalate.isError && <ErrorAlert error={escalate.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={escalate.isPending} disabled={!thirdPartyId || !note.trim()}>
                {t('cases.escalate.send')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
