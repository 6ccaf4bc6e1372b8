import { Badge, Box, Card, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { Page } from '../api-types';
import { PendingRegistrations, RegistrationCard } from '../channel/RegistrationDecision';
import { RegistrationForm } from '../channel/RegistrationForm';
import { RegistrationTable } from '../channel/RegistrationList';
import type { DealRegistration } from '../channel/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageLoader } from '../components/PageLoader';
import { usePageTitle } from '../components/usePageTitle';
import { audienceOf, canManageChannel } from '../roles';
import { useMe } from '../session';

function registrations(status?: 'pending') {
  return {
    queryKey: ['deal-registrations', 'list', status ?? 'all'],
    queryFn: ({ signal }: { signal: AbortSignal }) =>
      api.get<Page<DealRegistration>>('/api/deal-registrations', { status, limit: 200 }, signal),
  };
}

/** A table on wider screens; on a phone the same registrations as cards, without sideways scrolling. */
function ResponsiveList({
  items,
  caption,
  showPartner = false,
}: {
  items: DealRegistration[];
  caption: string;
  showPartner?: boolean;
}) {
  return (
    <>
      <Box visibleFrom="sm">
        <RegistrationTable items={items} caption={caption} showPartner={showPartner} />
      </Box>
      <Stack gap="sm" hiddenFrom="sm">
        {items.map((registration) => (
          <RegistrationCard key={registration.id} registration={registration} />
        ))}
      </Stack>
    </>
  );
}

/** The partner's own registrations and the form to register a deal. */
function PartnerRegistrations() {
  const { t } = useTranslation();
  const list = useQuery(registrations());
  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Title order={1}>{t('registrations.title')}</Title>
        <Text c="dimmed" mt={4}>
          {t('registrations.introPartner')}
        </Text>
      </div>
      <Card withBorder padding="lg" component="section" aria-labelledby="registration-form">
        <Title order={2} size="h3" id="registration-form" mb="md">
          {t('registrations.form.title')}
        </Title>
        <RegistrationForm />
      </Card>
      <Card withBorder padding="lg" component="section" aria-labelledby="registration-list">
        <Title order={2} size="h3" id="registration-list" mb="md">
          {t('registrations.own')}
        </Title>
        {list.isPending ? (
          <PageLoader />
        ) : list.isError ? (
          <ErrorAlert error={list.error} />
        ) : list.data.items.length === 0 ? (
          <Text c="dimmed">{t('registrations.emptyPartner')}</Text>
        ) : (
          <ResponsiveList items={list.data.items} caption={t('registrations.own')} />
        )}
      </Card>
    </Stack>
  );
}

/** The channel manager's view: pending registrations first, conflicts flagged, decided ones below. */
function OperatorRegistrations() {
  const { t } = useTranslation();
  const me = useMe();
  const decide = canManageChannel(me.roles);
  const pending = useQuery(registrations('pending'));
  const all = useQuery(registrations());
  const decided = (all.data?.items ?? []).filter((r) => r.status !== 'pending');
  return (
    <Stack gap="lg" maw={1300}>
      <div>
        <Title order={1}>{t('registrations.title')}</Title>
        <Text c="dimmed" mt={4}>
          {t('registrations.introOperator')}
        </Text>
      </div>
      <Card withBorder padding="lg" component="section" aria-labelledby="registrations-pending">
        <Title order={2} size="h3" id="registrations-pending" mb="md">
          {t('registrations.pending')}{' '}
          {pending.isSuccess && (
            <Badge variant="light" color="yellow" radius="sm" size="lg" data-testid="pending-count">
              {pending.data.items.length}
            </Badge>
          )}
        </Title>
        {pending.isPending ? (
          <PageLoader />
        ) : pending.isError ? (
          <ErrorAlert error={pending.error} />
        ) : pending.data.items.length === 0 ? (
          <Text c="dimmed">{t('registrations.nonePending')}</Text>
        ) : (
          <PendingRegistrations items={pending.data.items} canDecide={decide} />
        )}
      </Card>
      <Card withBorder padding="lg" component="section" aria-labelledby="registrations-decided">
        <Title order={2} size="h3" id="registrations-decided" mb="md">
          {t('registrations.decided')}
        </Title>
        {all.isPending ? (
          <PageLoader />
        ) : all.isError ? (
          <ErrorAlert error={all.error} />
        ) : decided.length === 0 ? (
          <Text c="dimmed">{t('registrations.noneDecided')}</Text>
        ) : (
          <ResponsiveList items={decided} caption={t('registrations.decided')} showPartner />
        )}
      </Card>
    </Stack>
  );
}

export default function DealRegistrationsPage() {
  const { t } = useTranslation();
  const me = useMe();
  usePageTitle(t('registrations.title'));
  return audienceOf(me.roles) === 'partner' ? <PartnerRegistrations /> : <OperatorRegistrations />;
}
