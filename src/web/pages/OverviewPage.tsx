import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useInterval } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert';
import { Facts } from '../components/Facts';
import { OrganisationFacts } from '../components/OrganisationFacts';
import { PageLoader } from '../components/PageLoader';
import { usePageTitle } from '../components/usePageTitle';
import { DEFAULT_TIME_ZONE, formatDateTime } from '../format';
import { PartnerLeadsCard } from '../leads/PartnerLeadsCard';
import { organisationQuery } from '../queries';
import { audienceOf } from '../roles';
import { useMe } from '../session';

function LocalTime({ timeZone }: { timeZone: string }) {
  const { i18n } = useTranslation();
  const [now, setNow] = useState(() => new Date());
  const interval = useInterval(() => setNow(new Date()), 30_000);
  useEffect(() => {
    interval.start();
    return interval.stop;
  }, [interval]);
  return (
    <time dateTime={now.toISOString()}>{formatDateTime(now.toISOString(), i18n.language, timeZone)}</time>
  );
}

export default function OverviewPage() {
  const { t } = useTranslation();
  usePageTitle(t('overview.title'));
  const me = useMe();
  const organisation = useQuery(organisationQuery(me.organisation.id));
  const timeZone = me.timeZone || DEFAULT_TIME_ZONE;

  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Title order={1}>{t('overview.greeting', { name: me.name })}</Title>
        <Text c="dimmed" mt={4}>
          {t('overview.intro')}
        </Text>
      </div>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card withBorder padding="lg" component="section" aria-labelledby="overview-organisation">
          <Group justify="space-between" mb="md">
            <Title order={2} size="h3" id="overview-organisation">
              {t('overview.organisation')}
            </Title>
            <Anchor component={Link} to={`/organisations/${me.organisation.id}`} size="sm">
              {t('overview.openOrganisation')}
            </Anchor>
          </Group>
          {organisation.isPending ? (
            <PageLoader />
          ) : organisation.isError ? (
            <ErrorAlert error={organisation.error} />
          ) : (
            <OrganisationFacts org={organisation.data} />
          )}
        </Card>
        <Card withBorder padding="lg" component="section" aria-labelledby="overview-access">
          <Title order={2} size="h3" id="overview-access" mb="md">
            {t('overview.access')}
          </Title>
          <Facts
            items={[
              { label: t('overview.email'), value: me.email },
              {
                label: t('overview.roles'),
                value: (
                  <Group gap={6} component="span">
                    {me.roles.map((role) => (
                      <Badge key={role} variant="light" radius="sm">
                        {t(`roles.${role}`)}
                      </Badge>
                    ))}
                  </Group>
                ),
              },
              { label: t('overview.timeZone'), value: timeZone },
              { label: t('overview.localTime'), value: <LocalTime timeZone={timeZone} /> },
            ]}
          />
          <Anchor component={Link} to="/settings" size="sm" mt="md" display="inline-block">
            {t('overview.changeInSettings')}
          </Anchor>
        </Card>
        {audienceOf(me.roles) === 'partner' && <PartnerLeadsCard />}
      </SimpleGrid>
    </Stack>
  );
}
