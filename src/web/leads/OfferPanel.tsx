import { Button, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { ReasonForm } from '../channel/ReasonForm';
import { ErrorAlert } from '../components/ErrorAlert';
import { useFormat } from '../session';
import { useTimeLeft } from './LeadParts';
import { useLeadAction } from './PartnerLeadForms';
import type { LeadDetail } from './types';

// The partner's answer to an offered lead: accept it, or decline it with a reason (the lead then
// goes on to the next partner or the channel manager's queue).

/** Offered: the protection deadline, accept, and decline with a reason in a dialog. */
export function OfferPanel({
  lead,
  onAnswered,
}: {
  lead: LeadDetail;
  /** The confirmation to show once the panel is gone (the lead is no longer offered). */
  onAnswered: (message: string) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const left = useTimeLeft();
  const [opened, { open, close }] = useDisclosure(false);
  const accept = useLeadAction<Record<string, never>>(lead, 'accept', () =>
    onAnswered(t('leads.offer.accepted')),
  );
  const decline = useLeadAction<{ reason: string }>(lead, 'decline', () => {
    close();
    onAnswered(t('leads.offer.declined'));
  });
  return (
    <Stack gap="sm">
      <Title order={2} size="h3" id="lead-offer">
        {t('leads.offer.title')}
      </Title>
      {lead.protectedUntil !== null && (
        <Text size="sm">
          {t('leads.offer.text', {
            date: format.dateTime(lead.protectedUntil),
            left: left(lead.protectedUntil),
          })}
        </Text>
      )}
      <Group>
        <Button onClick={() => accept.mutate({})} loading={accept.isPending}>
          {t('leads.offer.accept')}
        </Button>
        <Button variant="default" onClick={open}>
          {t('leads.offer.decline')}
        </Button>
      </Group>
      {accept.isError && <ErrorAlert error={accept.error} />}
      <Modal
        opened={opened}
        onClose={close}
        title={t('leads.offer.declineTitle')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <ReasonForm
          label={t('leads.offer.declineReason')}
          description={t('leads.offer.declineHint')}
          submitLabel={t('leads.offer.declineSubmit')}
          submitColor="red"
          error={decline.error}
          pending={decline.isPending}
          onSubmit={(reason) => decline.mutateAsync({ reason })}
          onEdit={() => decline.reset()}
          onCancel={close}
          autoFocus
        />
      </Modal>
    </Stack>
  );
}
