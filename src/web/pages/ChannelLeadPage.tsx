import { Anchor, Button, Card, Modal, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, isApiError } from '../api';
import { useFieldErrors } from '../channel/common';
import { PartnerSelect } from '../channel/PartnerSelect';
import { ReasonForm } from '../channel/ReasonForm';
import { ErrorAlert } from '../components/ErrorAlert';
import { Notice } from '../components/Notice';
import { PageLoader } from '../components/PageLoader';
import { LeadFacts, LeadHeading, LeadNotVisible } from '../leads/LeadFacts';
import { CandidatesTable, LeadHistory, RoutingExplanationText } from '../leads/LeadParts';
import { LEADS_KEY, leadQuery } from '../leads/queries';
import type { LeadDetail } from '../leads/types';

const CLOSED = ['won', 'lost', 'cancelled'];

/** The channel manager takes the lead from where it is: by the rules again, or to a chosen partner. */
function RerouteForm({ lead }: { lead: LeadDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [partnerId, setPartnerId] = useState<string | null>(null);
  const reroute = useMutation({
    mutationFn: (reason: string) =>
      api.post<LeadDetail>(`/api/leads/${lead.id}/reroute`, {
        reason,
        ...(partnerId === null ? {} : { partnerId }),
      }),
    onSuccess: async () => {
      setPartnerId(null);
      await queryClient.invalidateQueries({ queryKey: LEADS_KEY });
    },
  });
  const errorAt = useFieldErrors(reroute.error);
  return (
    <div>
      <Title order={2} size="h3" id="lead-reroute" mb="xs">
        {t('leads.reroute.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('leads.reroute.intro')}
      </Text>
      <ReasonForm
        label={t('leads.reroute.reason')}
        description={t('leads.reroute.reasonHint')}
        submitLabel={t('leads.reroute.submit')}
        error={reroute.error}
        pending={reroute.isPending}
        onSubmit={(reason) => reroute.mutateAsync(reason)}
        onEdit={() => reroute.reset()}
        fields={['partnerId']}
        labelledBy="lead-reroute"
      >
        <PartnerSelect
          label={t('leads.reroute.partner')}
          placeholder={t('leads.reroute.partnerPlaceholder')}
          clearable
          value={partnerId}
          onChange={(value) => {
            setPartnerId(value);
            reroute.reset();
          }}
          excludeId={lead.partnerId}
          error={errorAt('partnerId')}
        />
      </ReasonForm>
      {reroute.isSuccess && <Notice onClose={() => reroute.reset()}>{t('leads.reroute.done')}</Notice>}
    </div>
  );
}

/** The channel manager closes an open lead for good, with a reason the holding partner is told. */
function CancelLead({ lead }: { lead: LeadDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [opened, { open, close }] = useDisclosure(false);
  const cancel = useMutation({
    mutationFn: (reason: string) => api.post<LeadDetail>(`/api/leads/${lead.id}/cancel`, { reason }),
    onSuccess: async () => {
      close();
      await queryClient.invalidateQueries({ queryKey: LEADS_KEY });
    },
  });
  return (
    <div>
      <Title order={2} size="h3" id="lead-cancel" mb="xs">
        {t('leads.cancel.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {lead.partner ? t('leads.cancel.introHeld', { partner: lead.partner.name }) : t('leads.cancel.intro')}
      </Text>
      <Button variant="default" color="red" onClick={open}>
        {t('leads.cancel.open')}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title={t('leads.cancel.dialogTitle', { number: lead.number })}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <ReasonForm
          label={t('leads.cancel.reason')}
          description={t('leads.cancel.reasonHint')}
          submitLabel={t('leads.cancel.submit')}
          submitColor="red"
          error={cancel.error}
          pending={cancel.isPending}
          onSubmit={(reason) => cancel.mutateAsync(reason)}
          onEdit={() => cancel.reset()}
          onCancel={close}
          autoFocus
          labelledBy="lead-cancel"
        />
      </Modal>
    </div>
  );
}

function ChannelLeadView({ lead }: { lead: LeadDetail }) {
  const { t } = useTranslation();
  const names = new Map(lead.routing.candidates.map((c) => [c.partnerId, c.partnerName]));
  return (
    <Stack gap="lg" maw={1200}>
      <Anchor component={Link} to="/channel/leads" size="sm">
        ← {t('leads.detail.back')}
      </Anchor>
      <LeadHeading lead={lead} />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Card withBorder padding="lg" component="section" aria-labelledby="lead-facts">
          <Title order={2} size="h3" id="lead-facts" mb="md">
            {t('leads.detail.facts')}
          </Title>
          <LeadFacts lead={lead} customerLink />
        </Card>
        <Card withBorder padding="lg" component="section" aria-labelledby="lead-routing">
          <Title order={2} size="h3" id="lead-routing" mb="xs">
            {t('leads.routing.title')}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t('leads.routing.rule')}: {t(`leads.routing.rules.${lead.routing.rule}`)}
          </Text>
          {lead.routing.explanation !== null && (
            <RoutingExplanationText explanation={lead.routing.explanation} />
          )}
          <Title order={3} size="h4" mt="lg" mb="xs">
            {t('leads.routing.candidates')}
          </Title>
          <CandidatesTable
            candidates={lead.routing.candidates}
            chosenPartnerId={lead.partnerId}
            names={names}
          />
        </Card>
      </SimpleGrid>
      <Card withBorder padding="lg" component="section" aria-labelledby="lead-history">
        <Title order={2} size="h3" id="lead-history" mb="md">
          {t('leads.history.title')}
        </Title>
        <LeadHistory steps={lead.history} />
      </Card>
      {!CLOSED.includes(lead.status) && (
        <Card withBorder padding="lg">
          <Stack gap="xl">
            <RerouteForm lead={lead} />
            <CancelLead lead={lead} />
          </Stack>
        </Card>
      )}
    </Stack>
  );
}

/** /channel/leads/:id for operator admins and channel managers. */
export default function ChannelLeadPage() {
  const { id = '' } = useParams();
  const lead = useQuery(leadQuery(id));
  if (lead.isPending) return <PageLoader />;
  if (isApiError(lead.error, 404) || isApiError(lead.error, 400))
    return <LeadNotVisible backTo="/channel/leads" />;
  if (lead.isError) return <ErrorAlert error={lead.error} />;
  return <ChannelLeadView lead={lead.data} />;
}
