import { Anchor, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { StatusBadge } from '../cases/CaseBadges';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageLoader } from '../components/PageLoader';
import { usePageTitle } from '../components/usePageTitle';
import { countLink, type Home, homeQuery } from '../home/queries';
import { PartnerLeadsCard } from '../leads/PartnerLeadsCard';
import { useFormat, useMe } from '../session';

/** The counts, each a link to the case list it counts. */
function Counts({ home }: { home: Home }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="home-counts">
      <Title order={2} size="h4" id="home-counts" mb="sm">
        {t('home.counts')}
      </Title>
      <SimpleGrid cols={{ base: 2, sm: home.counts.length }} spacing="md">
        {home.counts.map((count) => {
          const label = t(`home.count.${count.key}`);
          const alarming = count.count > 0 && count.key === 'breaching';
          return (
            <Card
              key={count.key}
              withBorder
              padding="md"
              component={Link}
              to={countLink(home, count)}
              className="cd-home-count"
              aria-label={t('home.countLink', { label, count: count.count })}
              data-testid={`home-count-${count.key}`}
            >
              <Text fz={32} fw={700} lh={1.1} c={alarming ? 'red.8' : undefined}>
                {count.count}
              </Text>
              <Text size="sm" c="dimmed" mt={4}>
                {label}
              </Text>
            </Card>
          );
        })}
      </SimpleGrid>
    </section>
  );
}

/** The reader's open cases (the operator's own), most recently changed first. */
function OpenCases({ home }: { home: Home }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="home-cases">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="home-cases">
          {t(`home.casesTitle.${home.audience}`)}
        </Title>
        <Anchor component={Link} to="/cases" size="sm">
          {t('home.allCases')}
        </Anchor>
      </Group>
      {home.cases.length === 0 ? (
        <Text c="dimmed">{t('home.noCases')}</Text>
      ) : (
        <ul className="cd-home-cases">
          {home.cases.map((row) => (
            <li key={row.id}>
              <div className="cd-home-case-text">
                <Anchor component={Link} to={`/cases/${row.number}`} size="sm" fw={500}>
                  {row.number}
                </Anchor>
                <Text size="sm" lineClamp={2}>
                  {row.subject}
                </Text>
                <Text size="xs" c="dimmed">
                  {home.audience === 'customer' ? fmt.dateTime(row.updatedAt) : row.customer.name}
                </Text>
              </div>
              <StatusBadge status={row.status} plain={home.audience === 'customer'} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export default function OverviewPage() {
  const { t } = useTranslation();
  usePageTitle(t('overview.title'));
  const me = useMe();
  const home = useQuery(homeQuery);

  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Title order={1}>{t('overview.greeting', { name: me.name })}</Title>
        <Text c="dimmed" mt={4}>
          {me.organisation.name}
          {home.data ? ` · ${t(`home.intro.${home.data.audience}`)}` : ''}
        </Text>
      </div>
      {home.isPending ? (
        <PageLoader />
      ) : home.isError ? (
        <ErrorAlert error={home.error} />
      ) : (
        <>
          {home.data.audience === 'customer' && (
            <Card withBorder padding="lg" className="cd-home-report">
              <Group justify="space-between" wrap="wrap" gap="md">
                <Text size="md" maw={520}>
                  {t('home.reportProblemHint')}
                </Text>
                <Button component={Link} to="/cases/new" size="lg">
                  {t('home.reportProblem')}
                </Button>
              </Group>
            </Card>
          )}
          <Counts home={home.data} />
          <SimpleGrid cols={{ base: 1, md: home.data.audience === 'partner' ? 2 : 1 }} spacing="lg">
            <OpenCases home={home.data} />
            {home.data.audience === 'partner' && (
              <Stack gap="lg">
                <PartnerLeadsCard />
                {home.data.leads && (
                  <Text size="sm" c="dimmed" data-testid="home-accepted-leads">
                    {t('home.leadsAccepted', { count: home.data.leads.accepted })}
                  </Text>
                )}
              </Stack>
            )}
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
