import { Anchor, Button, Card, Collapse, Group, Select, Stack, Tabs, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { Notice } from '../components/Notice';
import { PageLoader } from '../components/PageLoader';
import { ShownAndMore } from '../components/TableParts';
import { usePageTitle } from '../components/usePageTitle';
import { CreateLeadForm } from '../leads/CreateLeadForm';
import { LeadsTable } from '../leads/LeadsTable';
import { LEADS_KEY, leadsQuery } from '../leads/queries';
import { LEAD_KINDS, LEAD_TABS, type LeadTab, type RenewalRun } from '../leads/types';

const TABS = Object.keys(LEAD_TABS) as LeadTab[];

const isTab = (value: string | null): value is LeadTab => value !== null && value in LEAD_TABS;

/** "Verlängerungen jetzt prüfen": runs the renewal job now and says how many leads it made. */
function RenewalsButton() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: () => api.post<RenewalRun>('/api/leads/renewals', {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: LEADS_KEY }),
  });
  return (
    <Stack gap="xs" align="flex-start">
      <Button
        variant="default"
        onClick={() => run.mutate()}
        loading={run.isPending}
        title={t('leads.renewals.hint')}
      >
        {t('leads.renewals.button')}
      </Button>
      {run.isSuccess && (
        <Notice onClose={() => run.reset()}>
          {t('leads.renewals.result', { count: run.data.created, checked: run.data.checked })}
        </Notice>
      )}
      {run.isError && <ErrorAlert error={run.error} />}
    </Stack>
  );
}

/** /channel/leads: every lead with its partner and routing reason; the queue is one tab. */
export default function ChannelLeadsPage() {
  const { t } = useTranslation();
  usePageTitle(t('leads.title'));
  const [params, setParams] = useSearchParams();
  const requested = params.get('status');
  const tab: LeadTab = isTab(requested) ? requested : 'all';
  const requestedKind = params.get('kind');
  const kind = LEAD_KINDS.find((k) => k === requestedKind);
  const [createOpen, { toggle: toggleCreate }] = useDisclosure(false);
  const list = useInfiniteQuery({ ...leadsQuery({ tab, kind }), placeholderData: keepPreviousData });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="lg" maw={1200}>
      <Group justify="space-between" align="flex-start" gap="md">
        <div>
          <Title order={1}>{t('leads.title')}</Title>
          <Text c="dimmed" mt={4} maw={720}>
            {t('leads.intro')}
          </Text>
        </div>
        <Anchor component={Link} to="/channel/settings" size="sm">
          {t('leads.settingsLink')}
        </Anchor>
      </Group>

      <Group align="flex-start" gap="md">
        <Button onClick={toggleCreate} aria-expanded={createOpen} aria-controls="lead-create">
          {t('leads.create.title')}
        </Button>
        <RenewalsButton />
      </Group>
      <Collapse in={createOpen} id="lead-create">
        <Card withBorder padding="lg" component="section" aria-labelledby="lead-create-title">
          <Title order={2} size="h3" id="lead-create-title" mb="xs">
            {t('leads.create.title')}
          </Title>
          <CreateLeadForm />
        </Card>
      </Collapse>

      <Select
        label={t('leads.kindFilter')}
        data={[
          { value: '', label: t('leads.kindAll') },
          ...LEAD_KINDS.map((k) => ({ value: k, label: t(`leads.kinds.${k}`) })),
        ]}
        value={kind ?? ''}
        onChange={(value) =>
          setParams(
            (current) => {
              const next = new URLSearchParams(current);
              if (value) next.set('kind', value);
              else next.delete('kind');
              return next;
            },
            { replace: true },
          )
        }
        allowDeselect={false}
        w={{ base: '100%', sm: 260 }}
      />
      <Tabs
        value={tab}
        onChange={(value) => {
          if (!isTab(value)) return;
          setParams(
            (current) => {
              const next = new URLSearchParams(current);
              if (value === 'all') next.delete('status');
              else next.set('status', value);
              return next;
            },
            { replace: true },
          );
        }}
      >
        <Tabs.List aria-label={t('leads.tabsLabel')}>
          {TABS.map((key) => (
            <Tabs.Tab key={key} value={key}>
              {t(`leads.tabs.${key}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {/* Every tab has its panel (aria-controls must point somewhere); only the shown one has rows. */}
        {TABS.map((key) => (
          <Tabs.Panel key={key} value={key} pt="md">
            {key !== tab ? null : list.isPending ? (
              <PageLoader />
            ) : list.isError ? (
              <ErrorAlert error={list.error} />
            ) : (
              <Stack gap="sm">
                <LeadsTable leads={rows} view="channel" basePath="/channel/leads" />
                <ShownAndMore shown={rows.length} pages={list} />
              </Stack>
            )}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
