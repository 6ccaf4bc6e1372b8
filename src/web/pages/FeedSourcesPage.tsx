import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, isApiError } from '../api';
import { useLooseT } from '../cases/CaseBadges';
import { groupsQuery } from '../cases/queries';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormActions } from '../components/FormActions';
import { PageLoader } from '../components/PageLoader';
import { usePageTitle } from '../components/usePageTitle';
import {
  FEED_ERROR_CODES,
  type FeedError,
  type FeedSource,
  type FeedSourceInput,
  type PollResult,
} from '../monitoring/types';
import { canManageFeedSources, canReadFeedSources } from '../roles';
import { useFormat, useMe } from '../session';
import NotFoundPage from './NotFoundPage';

const EMPTY: FeedSourceInput = {
  name: '',
  url: '',
  terms: [],
  allowPrivateNetwork: false,
  intervalMinutes: 30,
  groupId: null,
  active: true,
};

function formOf(source: FeedSource): FeedSourceInput {
  return {
    name: source.name,
    url: source.url,
    terms: source.terms,
    allowPrivateNetwork: source.allowPrivateNetwork,
    intervalMinutes: source.intervalMinutes,
    groupId: source.groupId,
    active: source.active,
  };
}

/** A poll failure in the reader's language; an unknown code with the server's English text. */
function useErrorText() {
  const tt = useLooseT();
  return (error: FeedError) => {
    if (!(FEED_ERROR_CODES as readonly string[]).includes(error.code)) return error.message;
    // A URL with an IP address: "127.0.0.1 points to 127.0.0.1" would say nothing.
    const literal = error.code === 'address_refused' && error.params.host === error.params.address;
    return tt(`monitoring.errors.${literal ? 'address_refused_literal' : error.code}`, error.params);
  };
}

function SourceForm({ editing, onDone }: { editing: FeedSource | null; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const groups = useQuery(groupsQuery);
  const [form, setForm] = useState<FeedSourceInput>(editing ? formOf(editing) : EMPTY);
  const [localErrors, setLocalErrors] = useState<Partial<Record<keyof FeedSourceInput, string>>>({});
  const save = useMutation({
    mutationFn: (body: FeedSourceInput) =>
      editing
        ? api.patch<FeedSource>(`/api/feed-sources/${encodeURIComponent(editing.id)}`, body)
        : api.post<FeedSource>('/api/feed-sources', body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['feed-sources'] });
      onDone();
    },
  });
  const set = <K extends keyof FeedSourceInput>(key: K, value: FeedSourceInput[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setLocalErrors((e) => ({ ...e, [key]: undefined }));
    save.reset();
  };
  const serverErrors = isApiError(save.error, 400) ? save.error.errors : [];
  const errorOf = (key: keyof FeedSourceInput): string | undefined => {
    if (localErrors[key]) return localErrors[key];
    const message = serverErrors.find((e) => e.field === key || e.field.startsWith(`${key}.`))?.message;
    if (message === undefined) return undefined;
    if (key === 'url') return t('monitoring.form.urlInvalid');
    return t('monitoring.form.fieldError', { message });
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors: Partial<Record<keyof FeedSourceInput, string>> = {};
    if (form.name.trim().length < 2) errors.name = t('validation.required');
    if (!/^https?:\/\/\S+$/i.test(form.url.trim())) errors.url = t('monitoring.form.urlInvalid');
    if (form.terms.length === 0) errors.terms = t('monitoring.form.termsRequired');
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) return;
    save.mutate({ ...form, name: form.name.trim(), url: form.url.trim() });
  }

  const known = ['name', 'url', 'terms', 'intervalMinutes', 'groupId'];
  const otherErrors = serverErrors.filter(
    (e) => !known.some((k) => e.field === k || e.field.startsWith(`${k}.`)),
  );
  return (
    <form onSubmit={submit} noValidate aria-labelledby="feed-form-heading">
      <Stack>
        <Title order={2} size="h3" id="feed-form-heading">
          {editing ? t('monitoring.form.editTitle', { name: editing.name }) : t('monitoring.form.newTitle')}
        </Title>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <TextInput
            label={t('monitoring.form.name')}
            required
            value={form.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            error={errorOf('name')}
          />
          <TextInput
            label={t('monitoring.form.url')}
            description={t('monitoring.form.urlHint')}
            placeholder="https://blog.example/feed.xml"
            type="url"
            required
            value={form.url}
            onChange={(e) => set('url', e.currentTarget.value)}
            error={errorOf('url')}
          />
        </SimpleGrid>
        <TagsInput
          label={t('monitoring.form.terms')}
          description={t('monitoring.form.termsHint')}
          required
          value={form.terms}
          onChange={(value) => set('terms', value)}
          splitChars={[',', ';']}
          clearable
          error={errorOf('terms')}
        />
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <NumberInput
            label={t('monitoring.form.interval')}
            description={t('monitoring.form.intervalHint')}
            min={5}
            max={1440}
            step={5}
            allowDecimal={false}
            value={form.intervalMinutes}
            onChange={(value) => typeof value === 'number' && set('intervalMinutes', value)}
            error={errorOf('intervalMinutes')}
          />
          <Select
            label={t('monitoring.form.group')}
            description={t('monitoring.form.groupHint')}
            clearable
            value={form.groupId}
            onChange={(value) => set('groupId', value)}
            data={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))}
            error={errorOf('groupId')}
          />
        </SimpleGrid>
        <Switch
          label={t('monitoring.form.allowPrivate')}
          description={t('monitoring.form.allowPrivateHint')}
          checked={form.allowPrivateNetwork}
          onChange={(e) => set('allowPrivateNetwork', e.currentTarget.checked)}
        />
        {form.allowPrivateNetwork && (
          <Alert color="orange" variant="light" title={t('monitoring.form.allowPrivateWarningTitle')}>
            {t('monitoring.form.allowPrivateWarning')}
          </Alert>
        )}
        <Switch
          label={t('monitoring.form.active')}
          checked={form.active}
          onChange={(e) => set('active', e.currentTarget.checked)}
        />
        <FormActions
          editing={editing !== null}
          createLabel={t('monitoring.form.create')}
          pending={save.isPending}
          onCancel={editing ? onDone : undefined}
          error={save.isError && (serverErrors.length === 0 || otherErrors.length > 0) ? save.error : null}
        />
      </Stack>
    </form>
  );
}

function PollNotice({ result }: { result: PollResult }) {
  const { t } = useTranslation();
  if (result.outcome === 'error') return null;
  return (
    <Text size="sm" role="status" data-testid="poll-result">
      {result.outcome === 'not_modified'
        ? t('monitoring.poll.notModified')
        : t('monitoring.poll.ok', { count: result.entries, mentions: result.newCases.length })}{' '}
      {result.newCases.map((number, i) => (
        <span key={number}>
          {i > 0 && ', '}
          <Anchor component={Link} to={`/cases/${number}`}>
            {number}
          </Anchor>
        </span>
      ))}
    </Text>
  );
}

function SourceCard({
  source,
  canManage,
  onEdit,
}: {
  source: FeedSource;
  canManage: boolean;
  onEdit: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const poll = useMutation({
    mutationFn: () => api.post<PollResult>(`/api/feed-sources/${encodeURIComponent(source.id)}/poll`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['feed-sources'] });
    },
  });
  const headingId = `feed-${source.id}`;
  return (
    <Card withBorder padding="md" component="article" aria-labelledby={headingId} data-testid="feed-source">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={2} size="h4" id={headingId} style={{ overflowWrap: 'anywhere' }}>
            {source.name}
          </Title>
          <Group gap={4} wrap="nowrap">
            {source.lastError ? (
              <Badge color="red" variant="filled" radius="sm">
                {t('monitoring.state.error')}
              </Badge>
            ) : source.active ? (
              <Badge color="teal" variant="light" radius="sm">
                {t('monitoring.state.active')}
              </Badge>
            ) : null}
            {!source.active && (
              <Badge color="gray" variant="light" radius="sm">
                {t('monitoring.state.paused')}
              </Badge>
            )}
          </Group>
        </Group>
        <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {source.url}
        </Text>
        <Group gap={4}>
          {source.terms.map((term) => (
            <Badge key={term} variant="outline" radius="sm" tt="none">
              {term}
            </Badge>
          ))}
          {source.allowPrivateNetwork && (
            <Badge color="orange" variant="light" radius="sm" tt="none">
              {t('monitoring.state.privateAllowed')}
            </Badge>
          )}
        </Group>
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="xs" component="dl" className="cd-feed-facts">
          <div>
            <Text component="dt" size="xs" c="dimmed">
              {t('monitoring.state.lastPoll')}
            </Text>
            <Text component="dd" size="sm">
              {source.lastPolledAt ? format.dateTime(source.lastPolledAt) : t('monitoring.state.never')}
            </Text>
          </div>
          <div>
            <Text component="dt" size="xs" c="dimmed">
              {t('monitoring.state.nextPoll')}
            </Text>
            <Text component="dd" size="sm">
              {source.active ? format.dateTime(source.nextPollAt) : t('monitoring.state.paused')}
            </Text>
          </div>
          <div>
            <Text component="dt" size="xs" c="dimmed">
              {t('monitoring.state.mentions')}
            </Text>
            <Text component="dd" size="sm" data-testid="mentions-found">
              {source.mentionsFound}
            </Text>
          </div>
        </SimpleGrid>
        {source.lastError && (
          <Alert
            color="red"
            variant="light"
            title={t('monitoring.state.errorTitle', { count: source.errorCount })}
            data-testid="feed-error"
          >
            <Text size="sm">{errorText(source.lastError)}</Text>
            <Text size="xs" c="dimmed" mt={4}>
              {format.dateTime(source.lastError.at)}
            </Text>
          </Alert>
        )}
        {poll.data && <PollNotice result={poll.data} />}
        {poll.isError && <ErrorAlert error={poll.error} />}
        {canManage && (
          <Group gap="xs">
            <Button size="sm" onClick={() => poll.mutate()} loading={poll.isPending}>
              {t('monitoring.poll.now')}
            </Button>
            <Button
              size="sm"
              variant="default"
              onClick={onEdit}
              aria-label={`${t('monitoring.edit')}: ${source.name}`}
            >
              {t('monitoring.edit')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

export default function FeedSourcesPage() {
  const { t } = useTranslation();
  usePageTitle(t('monitoring.title'));
  const me = useMe();
  const list = useQuery({
    queryKey: ['feed-sources'],
    queryFn: ({ signal }) => api.get<{ items: FeedSource[] }>('/api/feed-sources', undefined, signal),
    enabled: canReadFeedSources(me.roles),
  });
  const [editing, setEditing] = useState<FeedSource | null>(null);
  const [formKey, setFormKey] = useState(0);
  if (!canReadFeedSources(me.roles) || isApiError(list.error, 403)) return <NotFoundPage />;
  const canManage = canManageFeedSources(me.roles);
  const items = list.data?.items ?? [];

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('monitoring.title')}</Title>
        <Text c="dimmed" mt={4}>
          {t('monitoring.intro')}
        </Text>
      </div>
      {list.isError && <ErrorAlert error={list.error} />}
      {list.isPending ? (
        <PageLoader />
      ) : items.length === 0 ? (
        <Text c="dimmed">{t('monitoring.empty')}</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          {items.map((source) => (
            <SourceCard
              key={source.id}
              source={source}
              canManage={canManage}
              onEdit={() => {
                setEditing(source);
                document.getElementById('feed-form-heading')?.scrollIntoView({ behavior: 'smooth' });
              }}
            />
          ))}
        </SimpleGrid>
      )}
      {canManage && (
        <Card withBorder padding="lg" component="section">
          <SourceForm
            key={editing ? editing.id : `new-${formKey}`}
            editing={editing}
            onDone={() => {
              setEditing(null);
              setFormKey((k) => k + 1);
            }}
          />
        </Card>
      )}
    </Stack>
  );
}
