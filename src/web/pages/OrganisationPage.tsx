import { Alert, Anchor, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, isApiError } from '../api';
import type { Organisation } from '../api-types';
import { AccountCard, canReadAccount } from '../billing/AccountCard';
import { CustomerAssetsCard } from '../channel/CustomerAssetsCard';
import { canRecordDirectContacts, DirectContactsCard } from '../channel/DirectContactsCard';
import { ErrorAlert } from '../components/ErrorAlert';
import { OrganisationFacts } from '../components/OrganisationFacts';
import { PageLoader } from '../components/PageLoader';
import { usePageTitle } from '../components/usePageTitle';
import { organisationQuery } from '../queries';
import { audienceOf } from '../roles';
import { useMe } from '../session';
import { EscalationPolicyCard } from '../triage/EscalationPolicyCard';
import { PartnerProfileCard, ResellerOfRecordCard } from './OrganisationChannel';
import { PeopleCard } from './OrganisationPeople';

function NotVisible() {
  const { t } = useTranslation();
  const me = useMe();
  usePageTitle(t('organisation.notFoundTitle'));
  const isCustomer = audienceOf(me.roles) === 'customer';
  return (
    <Stack maw={640}>
      <Title order={1}>{t('organisation.notFoundTitle')}</Title>
      <Alert color="gray" variant="light" role="status">
        <Text size="sm">{t('organisation.notFound')}</Text>
      </Alert>
      <Anchor component={Link} to={isCustomer ? '/' : '/organisations'}>
        {isCustomer ? t('organisation.backToOverview') : t('organisation.backToList')}
      </Anchor>
    </Stack>
  );
}

/**
 * A third party's mails carry its own ticket number (PB-4711-22); the pattern finds it so it
 * becomes a fact on the case. Only who may change organisations may set it.
 */
function TicketReferenceCard({ org }: { org: Organisation }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const canEdit = me.roles.includes('operator_admin') || me.roles.includes('channel_manager');
  const [pattern, setPattern] = useState(org.ticketReferencePattern ?? '');
  const save = useMutation({
    mutationFn: () =>
      api.patch<Organisation>(`/api/organisations/${org.id}`, {
        ticketReferencePattern: pattern.trim() === '' ? null : pattern.trim(),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['organisations'] }),
  });
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="org-ticket-reference">
      <Title order={2} size="h3" id="org-ticket-reference" mb="xs">
        {t('organisation.ticketReference.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('organisation.ticketReference.intro')}
      </Text>
      {canEdit ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <Group align="flex-end" gap="sm">
            <TextInput
              label={t('organisation.ticketReference.pattern')}
              description={t('organisation.ticketReference.hint')}
              placeholder={'PB-\\d{4}-\\d{2}'}
              value={pattern}
              onChange={(e) => setPattern(e.currentTarget.value)}
              maxLength={200}
              w={{ base: '100%', sm: 360 }}
              ff="monospace"
            />
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
          {save.isSuccess && (
            <Text size="sm" c="teal.8" mt="xs" role="status">
              {t('common.saved')}
            </Text>
          )}
          {save.isError && <ErrorAlert error={save.error} />}
        </form>
      ) : (
        <Text ff="monospace">{org.ticketReferencePattern ?? t('common.none')}</Text>
      )}
    </Card>
  );
}

function OrganisationView({ org }: { org: Organisation }) {
  const { t } = useTranslation();
  const me = useMe();
  const audience = audienceOf(me.roles);
  usePageTitle(org.name);
  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Text size="sm" c="dimmed">
          {t(`kinds.${org.kind}`)} · {org.number}
        </Text>
        <Title order={1}>{org.name}</Title>
      </div>
      {org.reviewFlag && (
        <Alert color="red" title={t('returns.reviewFlag')} data-testid="review-flag">
          {org.reviewFlag.reason}
        </Alert>
      )}
      <Card withBorder padding="lg" component="section" aria-labelledby="org-details">
        <Title order={2} size="h3" id="org-details" mb="md">
          {t('organisation.details')}
        </Title>
        <OrganisationFacts org={org} full />
      </Card>
      {org.kind === 'third_party' && audience === 'operator' && <EscalationPolicyCard org={org} />}
      {org.kind === 'third_party' && <TicketReferenceCard org={org} />}
      {org.kind === 'customer' && audience !== 'customer' && <ResellerOfRecordCard org={org} />}
      {org.kind === 'customer' && canReadAccount(me.roles) && (
        <AccountCard customerId={org.id} roles={me.roles} />
      )}
      {org.kind === 'customer' && <CustomerAssetsCard org={org} />}
      {org.kind === 'customer' && canRecordDirectContacts(me.roles) && <DirectContactsCard org={org} />}
      {org.kind === 'partner' &&
        (audience === 'operator' || (audience === 'partner' && me.organisation.id === org.id)) && (
          <PartnerProfileCard org={org} />
        )}
      <PeopleCard org={org} />
    </Stack>
  );
}

export default function OrganisationPage() {
  const { id = '' } = useParams();
  const organisation = useQuery(organisationQuery(id));
  if (organisation.isPending) return <PageLoader />;
  // Outside the caller's scope the API answers 404, exactly as for a missing record.
  if (isApiError(organisation.error, 404) || isApiError(organisation.error, 400)) return <NotVisible />;
  if (organisation.isError) return <ErrorAlert error={organisation.error} />;
  return <OrganisationView org={organisation.data} />;
}
