import { Anchor, Card, Group, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { offeredCountQuery } from './queries';

/** On a partner's overview: how many leads wait for its answer, and the way to its inbox. */
export function PartnerLeadsCard() {
  const { t } = useTranslation();
  const count = useQuery(offeredCountQuery());
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="overview-leads">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h3" id="overview-leads">
          {t('leads.title')}
        </Title>
        <Anchor component={Link} to="/leads?status=offered" size="sm">
          {t('leads.overview.open')}
        </Anchor>
      </Group>
      <Text size="sm" data-testid="overview-offered-leads">
        {count.isSuccess ? t('leads.overview.offered', { count: count.data }) : t('common.loading')}
      </Text>
    </Card>
  );
}
