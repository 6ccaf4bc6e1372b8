import { Anchor, Card, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { version } from '../../../package.json';
import { Facts } from '../components/Facts';
import { usePageTitle } from '../components/usePageTitle';

/** Product name, version and the attributions the shipped data requires (GeoNames, CC BY 4.0). */
export default function AboutPage() {
  const { t } = useTranslation();
  usePageTitle(t('about.title'));
  return (
    <Stack gap="lg" maw={800}>
      <Title order={1}>{t('about.title')}</Title>
      <Card withBorder padding="lg" component="section" aria-labelledby="about-product">
        <Title order={2} size="h3" id="about-product" mb="md">
          {t('about.product')}
        </Title>
        <Facts
          items={[
            { label: t('about.name'), value: t('common.appName') },
            { label: t('about.version'), value: version },
          ]}
        />
      </Card>
      <Card withBorder padding="lg" component="section" aria-labelledby="about-data" data-testid="geonames">
        <Title order={2} size="h3" id="about-data" mb="md">
          {t('about.dataTitle')}
        </Title>
        <Text size="sm" mb="xs">
          {t('about.geonamesUse')}
        </Text>
        <Text size="sm">
          {t('about.geonamesCredit')} © GeoNames (
          <Anchor href="https://www.geonames.org/" target="_blank" rel="noreferrer">
            https://www.geonames.org/
          </Anchor>
          ), {t('about.licensedUnder')}{' '}
          <Anchor href="https://creativecommons.org/licenses/by/4.0/" target="_blank" rel="noreferrer">
            CC BY 4.0
          </Anchor>
          , {t('about.via')}{' '}
          <Anchor
            href="https://github.com/zauberware/postal-codes-json-xml-csv"
            target="_blank"
            rel="noreferrer"
          >
            zauberware/postal-codes-json-xml-csv
          </Anchor>{' '}
          (CC BY 4.0).
        </Text>
        <Text size="sm" mt="xs">
          {t('about.changes')}
        </Text>
      </Card>
    </Stack>
  );
}
