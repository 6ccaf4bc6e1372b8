import { Anchor, Card, SimpleGrid, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { Notice } from '../components/Notice';
import { PageLoader } from '../components/PageLoader';
import { LeadFacts, LeadHeading, LeadNotVisible } from '../leads/LeadFacts';
import { LeadHistory, RoutingExplanationText } from '../leads/LeadParts';
import { OfferPanel } from '../leads/OfferPanel';
import { OutcomeForm, WorkForm } from '../leads/PartnerLeadForms';
import { leadQuery } from '../leads/queries';
import type { LeadDetail } from '../leads/types';
import { useMe } from '../session';

function PartnerLeadView({ lead }: { lead: LeadDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  // A partner that declined or lost the lead still sees it (and its own steps), not its new holder.
  const holds = lead.partnerId === me.organisation.id;
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <Stack gap="lg" maw={1100}>
      <Anchor component={Link} to="/leads" size="sm">
        ← {t('leads.detail.back')}
      </Anchor>
      <LeadHeading lead={lead} />
      {notice !== null && <Notice onClose={() => setNotice(null)}>{notice}</Notice>}
      {holds && lead.status === 'offered' && (
        <Card withBorder padding="lg" component="section" aria-labelledby="lead-offer">
          <OfferPanel lead={lead} onAnswered={setNotice} />
        </Card>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card withBorder padding="lg" component="section" aria-labelledby="lead-facts">
          <Title order={2} size="h3" id="lead-facts" mb="md">
            {t('leads.detail.facts')}
          </Title>
          <LeadFacts lead={lead} customerLink={false} />
        </Card>
        {lead.routing.explanation !== null && (
          <Card withBorder padding="lg" component="section" aria-labelledby="lead-routing">
            <Title order={2} size="h3" id="lead-routing" mb="sm">
              {t('leads.routing.titlePartner')}
            </Title>
            <RoutingExplanationText explanation={lead.routing.explanation} />
          </Card>
        )}
      </SimpleGrid>
      {holds && lead.status === 'accepted' && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <Card withBorder padding="lg" component="section">
            <WorkForm lead={lead} />
          </Card>
          <Card withBorder padding="lg" component="section">
            <OutcomeForm lead={lead} />
          </Card>
        </SimpleGrid>
      )}
      <Card withBorder padding="lg" component="section" aria-labelledby="lead-history">
        <Title order={2} size="h3" id="lead-history" mb="md">
          {t('leads.history.title')}
        </Title>
        <LeadHistory steps={lead.history} />
      </Card>
    </Stack>
  );
}

/** /leads/:id for partner admins and agents: only leads their organisation holds or held. */
export default function PartnerLeadPage() {
  const { id = '' } = useParams();
  const lead = useQuery(leadQuery(id));
  if (lead.isPending) return <PageLoader />;
  if (isApiError(lead.error, 404) || isApiError(lead.error, 400)) return <LeadNotVisible backTo="/leads" />;
  if (lead.isError) return <ErrorAlert error={lead.error} />;
  return <PartnerLeadView lead={lead.data} />;
}
