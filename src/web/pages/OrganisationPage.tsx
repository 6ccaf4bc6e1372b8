import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, isApiError } from '../api';
import type { Organisation } from '../api-types';
import { AccountCard, canReadAccount } from '../billing/AccountCard';
import { CustomerAssetsCard } from '../channel/CustomerAssetsCard';
import { canRecordDirectContacts, DirectContactsCard } from '../channel/DirectContactsCard';
import { ErrorAlert } from '../components/ErrorAlert';
import { ActiveBadge, OrganisationFacts } from '../components/OrganisationFacts';
import { PageLoader } from '../components/PageLoader';
import { usePageTitle } from '../components/usePageTitle';
import { organisationQuery, peopleQuery } from '../queries';
import { audienceOf } from '../roles';
import { useMe } from '../session';
import { EscalationPolicyCard } from '../triage/EscalationPolicyCard';
import { PartnerProfileCard, ResellerOfRecordCard } from './OrganisationChannel';

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

function People({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const people = useInfiniteQuery(peopleQuery(organisationId));
  if (people.isPending) return <PageLoader />;
  if (people.isError) return <ErrorAlert error={people.error} />;
  const items = people.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <Text c="dimmed">{t('organisation.peopleEmpty')}</Text>;
  return (
    <>
      <Table.ScrollContainer minWidth={640}>
        <Table striped verticalSpacing="sm">
          <VisuallyHidden component="caption">{t('organisation.people')}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('settings.name')}</Table.Th>
              <Table.Th scope="col">{t('organisation.email')}</Table.Th>
              <Table.Th scope="col">{t('organisation.phone')}</Table.Th>
              <Table.Th scope="col">{t('roles.label')}</Table.Th>
              <Table.Th scope="col">{t('organisation.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((person) => (
              <Table.Tr key={person.id}>
                <Table.Td>{person.name}</Table.Td>
                <Table.Td>
                  <Anchor href={`mailto:${person.email}`} size="sm">
                    {person.email}
                  </Anchor>
                </Table.Td>
                <Table.Td>{person.phone ?? t('common.none')}</Table.Td>
                <Table.Td>
                  {person.canLogIn === false || person.roles.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      {t('organisation.contactOnly')}
                    </Text>
                  ) : (
                    <Group gap={4}>
                      {person.roles.map((role) => (
                        <Badge key={role} variant="light" radius="sm">
                          {t(`roles.${role}`)}
                        </Badge>
                      ))}
                    </Group>
                  )}
                </Table.Td>
                <Table.Td>
                  <ActiveBadge active={person.active} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {people.hasNextPage && (
        <Button
          variant="default"
          mt="sm"
          onClick={() => void people.fetchNextPage()}
          loading={people.isFetchingNextPage}
        >
          {t('common.loadMore')}
        </Button>
      )}
    </>
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
      <Card withBorder padding="lg" component="section" aria-labelledby="org-people">
        <Title order={2} size="h3" id="org-people" mb="md">
          {t('organisation.people')}
        </Title>
        <People organisationId={org.id} />
      </Card>
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
