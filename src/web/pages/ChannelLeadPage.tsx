import { Anchor, Button, Card, Group, Select, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, isApiError } from '../api';
import type { Organisation, Page } from '../api-types';
import { useFieldErrors } from '../channel/common';
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
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [partnerId, setPartnerId] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const partners = useQuery({
    queryKey: ['organisations', 'list', 'partner-search', q],
    queryFn: ({ signal }) =>
      api.get<Page<Organisation>>('/api/organisations', { kind: 'partner', q, limit: 20 }, signal),
    placeholderData: keepPreviousData,
  });
  const reroute = useMutation({
    mutationFn: () =>
      api.post<LeadDetail>(`/api/leads/${lead.id}/reroute`, {
        reason: reason.trim(),
        ...(partnerId === null ? {} : { partnerId }),
      }),
    onSuccess: async () => {
      setReason('');
      setPartnerId(null);
      setSearch('');
      await queryClient.invalidateQueries({ queryKey: LEADS_KEY });
    },
  });
  const serverError = useFieldErrors(reroute.error);
  const options = (partners.data?.items ?? [])
    .filter((p) => p.id !== lead.partnerId)
    .map((p) => ({ value: p.id, label: `${p.name} (${p.number})` }));
  return (
    <form
      aria-labelledby="lead-reroute"
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim() === '') {
          setMissing(true);
          return;
        }
        reroute.mutate();
      }}
    >
      <Title order={2} size="h3" id="lead-reroute" mb="xs">
        {t('leads.reroute.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('leads.reroute.intro')}
      </Text>
      <Stack gap="sm" maw={560}>
        <Select
          label={t('leads.reroute.partner')}
          placeholder={t('leads.reroute.partnerPlaceholder')}
          searchable
          clearable
          data={options}
          value={partnerId}
          onChange={(value) => {
            setPartnerId(value);
            reroute.reset();
          }}
          searchValue={search}
          onSearchChange={setSearch}
          filter={({ options: all }) => all}
          nothingFoundMessage={t('channel.reseller.noPartnerFound')}
          error={serverError('partnerId')}
        />
        <Textarea
          label={t('leads.reroute.reason')}
          description={t('leads.reroute.reasonHint')}
          required
          autosize
          minRows={2}
          maxLength={1000}
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setMissing(false);
            reroute.reset();
          }}
          error={missing ? t('validation.required') : serverError('reason')}
        />
        <Group>
          <Button type="submit" loading={reroute.isPending}>
            {t('leads.reroute.submit')}
          </Button>
        </Group>
        {reroute.isSuccess && <Notice onClose={() => reroute.reset()}>{t('leads.reroute.done')}</Notice>}
        {reroute.isError && !serverError('reason') && !serverError('partnerId') && (
          <ErrorAlert error={reroute.error} />
        )}
      </Stack>
    </form>
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
        <Card withBorder padding="lg" component="section">
          <RerouteForm lead={lead} />
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
