import { Stack, Tabs, Text, Title } from '@mantine/core';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageLoader } from '../components/PageLoader';
import { ShownAndMore } from '../components/TableParts';
import { usePageTitle } from '../components/usePageTitle';
import { LeadsTable } from '../leads/LeadsTable';
import { leadsQuery } from '../leads/queries';
import type { LeadTab } from '../leads/types';

// A partner never sees the queue: a queued lead belongs to no partner.
const TABS: LeadTab[] = ['all', 'offered', 'accepted', 'closed'];

const isTab = (value: string | null): value is LeadTab => TABS.includes(value as LeadTab);

/** /leads: the partner's inbox, the leads its organisation holds or held (the API scopes it). */
export default function LeadsInboxPage() {
  const { t } = useTranslation();
  usePageTitle(t('leads.title'));
  const [params, setParams] = useSearchParams();
  const requested = params.get('status');
  const tab: LeadTab = isTab(requested) ? requested : 'all';
  const list = useInfiniteQuery({ ...leadsQuery({ tab }), placeholderData: keepPreviousData });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Title order={1}>{t('leads.title')}</Title>
        <Text c="dimmed" mt={4} maw={720}>
          {t('leads.inboxIntro')}
        </Text>
      </div>
      <Tabs
        value={tab}
        onChange={(value) => {
          if (!isTab(value)) return;
          setParams(value === 'all' ? {} : { status: value }, { replace: true });
        }}
      >
        <Tabs.List aria-label={t('leads.tabsLabel')}>
          {TABS.map((key) => (
            <Tabs.Tab key={key} value={key}>
              {t(`leads.tabs.${key}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map((key) => (
          <Tabs.Panel key={key} value={key} pt="md">
            {key !== tab ? null : list.isPending ? (
              <PageLoader />
            ) : list.isError ? (
              <ErrorAlert error={list.error} />
            ) : (
              <Stack gap="sm">
                <LeadsTable leads={rows} view="partner" basePath="/leads" />
                <ShownAndMore shown={rows.length} pages={list} />
              </Stack>
            )}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
