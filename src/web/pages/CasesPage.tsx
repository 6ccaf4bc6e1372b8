import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  MultiSelect,
  Pill,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../api';
import { PriorityBadge, StatusBadge, useLooseT } from '../cases/CaseBadges';
import { rememberCaseOrder } from '../cases/order';
import { caseCountsQuery, caseListQuery, groupsQuery, savedViewsQuery } from '../cases/queries';
import {
  ACTIVE_STATUSES,
  CASE_STATUSES,
  CASE_TYPES,
  type CaseCounts,
  type CaseFilters,
  PRIORITIES,
  type SavedView,
  WAITING_STATUSES,
} from '../cases/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageLoader } from '../components/PageLoader';
import { EmptyRow } from '../components/TableParts';
import { usePageTitle } from '../components/usePageTitle';
import { isTyping } from '../components/useShortcut';
import { audienceOf } from '../roles';
import { useFormat, useMe } from '../session';

const ROW_HEIGHT = 56;
export const INBOX_VIEWS = ['mine', 'unassigned', 'myGroups', 'breaching', 'waiting', 'all'] as const;
type InboxView = (typeof INBOX_VIEWS)[number];

function isInboxView(value: string | null): value is InboxView {
  return value !== null && (INBOX_VIEWS as readonly string[]).includes(value);
}

const FILTER_KEYS = [
  'status',
  'type',
  'priority',
  'q',
  'sort',
  'direction',
  'assignee',
  'breaching',
  'groupId',
  'commitmentDue',
] as const;

function savedFilters(filters: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (Array.isArray(value)) out[key] = value.join(',');
    else if (value !== undefined && value !== null && value !== '') out[key] = String(value);
  }
  return out;
}

/** Names the current filters as a saved view; a dialog, so the name can be checked and corrected. */
function SaveViewModal({
  opened,
  saving,
  error,
  onClose,
  onSave,
}: {
  opened: boolean;
  saving: boolean;
  error: unknown;
  onClose: () => void;
  onSave: (name: string) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  useEffect(() => {
    if (opened) setName('');
  }, [opened]);
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('common.close') }}
      opened={opened}
      onClose={onClose}
      title={t('cases.savedViews.dialogTitle')}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) onSave(name.trim());
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={t('cases.savedViews.name')}
            description={t('cases.savedViews.nameHint')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            maxLength={100}
            data-autofocus
          />
          {error !== null && <ErrorAlert error={error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={saving} disabled={!name.trim()}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export default function CasesPage() {
  const { t } = useTranslation();
  const tt = useLooseT();
  const me = useMe();
  const audience = audienceOf(me.roles);
  const isOperator = audience === 'operator';
  const title = t(`cases.title.${audience}`);
  usePageTitle(title);
  const navigate = useNavigate();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();

  const view: InboxView | null = isOperator
    ? isInboxView(params.get('view'))
      ? (params.get('view') as InboxView)
      : params.size === 0
        ? 'mine'
        : null
    : null;
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(search.trim(), 300);

  const groups = useQuery({ ...groupsQuery, enabled: isOperator });
  const myGroupCount = (groups.data?.items ?? []).filter(
    (g) => g.lead?.id === me.id || g.members.some((m) => m.id === me.id),
  ).length;

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null || value === '') next.delete(key);
    else next.set(key, value);
    if (key !== 'view' && !next.has('view') && view !== null) next.set('view', view);
    setParams(next, { replace: true });
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: only the debounced search writes back
  useEffect(() => {
    if ((params.get('q') ?? '') !== q) setParam('q', q === '' ? null : q);
  }, [q]);

  const filters: CaseFilters = useMemo(() => {
    const f: CaseFilters = {};
    for (const key of FILTER_KEYS) {
      const value = params.get(key);
      if (value) (f as Record<string, string>)[key] = value;
    }
    switch (view) {
      case 'mine':
        f.assignee = 'me';
        f.status ??= ACTIVE_STATUSES.join(',');
        break;
      case 'unassigned':
        f.assignee = 'none';
        f.status ??= ACTIVE_STATUSES.join(',');
        break;
      case 'myGroups':
        f.groupId ??= 'mine';
        f.status ??= ACTIVE_STATUSES.join(',');
        break;
      case 'breaching':
        f.breaching = 'true';
        break;
      case 'waiting':
        f.status ??= WAITING_STATUSES.join(',');
        break;
      default:
        break;
    }
    return f;
  }, [params, view]);

  const noGroup = view === 'myGroups' && groups.isSuccess && myGroupCount === 0;
  const list = useInfiniteQuery({
    ...caseListQuery(filters),
    placeholderData: keepPreviousData,
    enabled: !noGroup,
  });
  const counts = useQuery({ ...caseCountsQuery(), enabled: isOperator });
  const rows = useMemo(
    () => (noGroup ? [] : (list.data?.pages.flatMap((p) => p.items) ?? [])),
    [list.data, noGroup],
  );

  useEffect(() => {
    rememberCaseOrder(rows.map((r) => r.id));
  }, [rows]);

  const savedViews = useQuery(savedViewsQuery);
  const [naming, setNaming] = useState(false);
  const saveView = useMutation({
    mutationFn: (name: string) => {
      const f: Record<string, string> = {};
      for (const [key, value] of Object.entries(filters)) if (value) f[key] = value;
      return api.post<SavedView>('/api/saved-views', { name, filters: f });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['saved-views'] }),
  });
  const deleteView = useMutation({
    mutationFn: (id: string) => api.delete(`/api/saved-views/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['saved-views'] }),
  });

  const applySavedView = (saved: SavedView) => {
    const next = new URLSearchParams(savedFilters(saved.filters as Record<string, unknown>));
    next.set('saved', saved.id);
    setSearch(next.get('q') ?? '');
    setParams(next);
  };

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const lastIndex = virtualRows[virtualRows.length - 1]?.index ?? 0;
  useEffect(() => {
    if (lastIndex >= rows.length - 25 && list.hasNextPage && !list.isFetchingNextPage)
      void list.fetchNextPage();
  }, [lastIndex, rows.length, list.hasNextPage, list.isFetchingNextPage, list.fetchNextPage]);

  const [active, setActive] = useState(-1);
  const focusRow = (index: number) => {
    const clamped = Math.max(0, Math.min(rows.length - 1, index));
    setActive(clamped);
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
    requestAnimationFrame(() => {
      scrollRef.current?.querySelector<HTMLAnchorElement>(`[data-index="${clamped}"] a`)?.focus();
    });
  };
  // j and k work from anywhere on the page, without tabbing into the list first; in a text
  // field they type, and inside the list its own handler below takes them.
  const listKeys = useRef({ active, focusRow, rowCount: rows.length });
  listKeys.current = { active, focusRow, rowCount: rows.length };
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (document.querySelector('[role="dialog"]')) return;
      if (event.target instanceof Node && scrollRef.current?.contains(event.target)) return;
      const { active: current, focusRow: focus, rowCount } = listKeys.current;
      if (rowCount === 0 || (event.key !== 'j' && event.key !== 'k')) return;
      event.preventDefault();
      focus(event.key === 'j' ? current + 1 : Math.max(current - 1, 0));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target instanceof HTMLInputElement) return;
    if (event.key === 'ArrowDown' || event.key === 'j') {
      event.preventDefault();
      focusRow(active + 1);
    } else if (event.key === 'ArrowUp' || event.key === 'k') {
      event.preventDefault();
      focusRow(active - 1);
    } else if (event.key === 'Home') {
      event.preventDefault();
      focusRow(0);
    } else if (event.key === 'End') {
      event.preventDefault();
      focusRow(rows.length - 1);
    }
  };

  const countOf = (key: InboxView): number | undefined => counts.data?.[key as keyof CaseCounts];
  const paddingTop = virtualRows[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (virtualRows[virtualRows.length - 1]?.end ?? 0);
  // A spacer row spanning more columns than the header adds a phantom column that steals width.
  const columnCount = isOperator ? 6 : 4;
  const sort = params.get('sort') ?? 'updated_at';
  const direction = params.get('direction') ?? 'desc';

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{title}</Title>
          <Text c="dimmed" mt={4}>
            {t(`cases.intro.${audience}`)}
          </Text>
        </div>
        <Button component={Link} to="/cases/new">
          {t('cases.new')}
        </Button>
      </Group>

      {isOperator && (
        <Group gap="xs" role="group" aria-label={t('cases.inbox.label')} wrap="wrap">
          {INBOX_VIEWS.map((key) => (
            <Button
              key={key}
              size="sm"
              radius="xl"
              variant={view === key ? 'filled' : 'default'}
              aria-pressed={view === key}
              onClick={() => {
                setSearch('');
                setParams(new URLSearchParams({ view: key }));
              }}
              rightSection={
                countOf(key) !== undefined ? (
                  <Badge
                    size="sm"
                    variant={view === key ? 'white' : 'light'}
                    color={key === 'breaching' && (countOf(key) ?? 0) > 0 ? 'red' : 'dark'}
                    data-testid={`count-${key}`}
                  >
                    {countOf(key)}
                  </Badge>
                ) : null
              }
            >
              {t(`cases.inbox.${key}`)}
            </Button>
          ))}
        </Group>
      )}

      <Group align="flex-end" gap="sm" role="search" wrap="wrap">
        <TextInput
          label={t('cases.search')}
          description={t('cases.searchDescription')}
          type="search"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={{ base: '100%', sm: 260 }}
        />
        <MultiSelect
          label={t('cases.field.status')}
          data={CASE_STATUSES.map((s) => ({
            value: s,
            label: t(`${audience === 'customer' ? 'cases.statusPlain' : 'cases.status'}.${s}`),
          }))}
          value={(params.get('status') ?? '').split(',').filter(Boolean)}
          onChange={(value) => setParam('status', value.join(','))}
          placeholder={t('cases.any')}
          clearable
          w={{ base: '100%', sm: 240 }}
        />
        <Select
          label={t('cases.field.type')}
          data={CASE_TYPES.map((s) => ({ value: s, label: t(`cases.type.${s}`) }))}
          value={params.get('type')}
          onChange={(value) => setParam('type', value)}
          placeholder={t('cases.any')}
          clearable
          w={{ base: '100%', sm: 170 }}
        />
        {isOperator && (
          <Select
            label={t('cases.field.priority')}
            data={PRIORITIES.map((s) => ({ value: s, label: t(`cases.priority.${s}`) }))}
            value={params.get('priority')}
            onChange={(value) => setParam('priority', value)}
            placeholder={t('cases.any')}
            clearable
            w={{ base: '100%', sm: 150 }}
          />
        )}
        <Select
          label={t('cases.sort')}
          data={['updated_at', 'created_at', 'number'].flatMap((s) =>
            ['desc', 'asc'].map((d) => ({ value: `${s}:${d}`, label: tt(`cases.sortBy.${s}_${d}`) })),
          )}
          value={`${sort}:${direction}`}
          allowDeselect={false}
          onChange={(value) => {
            const [s, d] = (value ?? 'updated_at:desc').split(':');
            const next = new URLSearchParams(params);
            next.set('sort', s ?? 'updated_at');
            next.set('direction', d ?? 'desc');
            setParams(next, { replace: true });
          }}
          w={{ base: '100%', sm: 220 }}
        />
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button variant="default">{t('cases.savedViews.label')}</Button>
          </Menu.Target>
          <Menu.Dropdown>
            {(savedViews.data?.items ?? []).map((saved) => (
              <Menu.Item
                key={saved.id}
                onClick={() => applySavedView(saved)}
                rightSection={
                  <ActionIcon
                    component="span"
                    size="xs"
                    variant="subtle"
                    color="red"
                    aria-label={t('cases.savedViews.delete', { name: saved.name })}
                    onClick={(e) => {
                      e.stopPropagation();
                      deleteView.mutate(saved.id);
                    }}
                  >
                    ×
                  </ActionIcon>
                }
              >
                {saved.name}
              </Menu.Item>
            ))}
            {(savedViews.data?.items.length ?? 0) === 0 && (
              <Menu.Label>{t('cases.savedViews.none')}</Menu.Label>
            )}
            <Menu.Divider />
            <Menu.Item onClick={() => setNaming(true)}>{t('cases.savedViews.save')}</Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Group>
      {params.get('commitmentDue') === 'today' && (
        <Group gap="xs">
          <Pill
            size="md"
            withRemoveButton
            onRemove={() => setParam('commitmentDue', null)}
            removeButtonProps={{ 'aria-label': t('home.filter.remove') }}
            data-testid="filter-commitment-due"
          >
            {t('home.filter.commitmentDue')}
          </Pill>
        </Group>
      )}
      <SaveViewModal
        opened={naming}
        saving={saveView.isPending}
        error={saveView.error}
        onClose={() => {
          setNaming(false);
          saveView.reset();
        }}
        onSave={(name) => saveView.mutate(name, { onSuccess: () => setNaming(false) })}
      />

      {list.isError && <ErrorAlert error={list.error} />}
      {noGroup && <Text c="dimmed">{t('cases.inbox.noGroups')}</Text>}
      {list.isPending && !noGroup ? (
        <PageLoader />
      ) : (
        <>
          {/* biome-ignore lint/a11y/noStaticElementInteractions: arrow keys move between the rows' links */}
          <div ref={scrollRef} className="cd-case-scroll" onKeyDown={onKeyDown} data-testid="case-list">
            <Table
              stickyHeader
              highlightOnHover
              verticalSpacing={0}
              aria-busy={list.isFetching}
              aria-rowcount={rows.length + 1}
              // A customer's list on a phone keeps number, subject, status and date on screen
              // instead of a wide table scrolling sideways; the operator's wide table keeps room
              // for the subject there (see app.css).
              className={`cd-case-table cd-case-table--${audience}`}
            >
              <VisuallyHidden component="caption">{`${title}. ${t('cases.keyboardHint')}`}</VisuallyHidden>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col" w={150}>
                    {t('cases.field.number')}
                  </Table.Th>
                  <Table.Th scope="col">
                    {t('cases.field.subject')} · {t('cases.field.customer')}
                  </Table.Th>
                  <Table.Th scope="col" w={190} className="cd-wide-only">
                    {t('cases.field.status')}
                  </Table.Th>
                  {isOperator && (
                    <Table.Th scope="col" w={110}>
                      {t('cases.field.priority')}
                    </Table.Th>
                  )}
                  {isOperator && (
                    <Table.Th scope="col" w={150}>
                      {t('cases.field.assignee')}
                    </Table.Th>
                  )}
                  <Table.Th scope="col" w={150} className="cd-wide-only">
                    {t('cases.field.updatedAt')}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {paddingTop > 0 && (
                  <tr>
                    <td style={{ height: paddingTop, padding: 0 }} colSpan={columnCount} />
                  </tr>
                )}
                {virtualRows.map((item) => {
                  const row = rows[item.index];
                  if (!row) return null;
                  return (
                    <Table.Tr
                      key={row.id}
                      data-index={item.index}
                      aria-rowindex={item.index + 2}
                      className={`cd-clickable-row${item.index === active ? ' cd-row-active' : ''}`}
                      style={{ height: ROW_HEIGHT }}
                      onClick={() => navigate(`/cases/${row.number}`)}
                    >
                      <Table.Td className="cd-nowrap">
                        <Anchor
                          component={Link}
                          to={`/cases/${row.number}`}
                          size="sm"
                          fw={500}
                          onClick={(e) => e.stopPropagation()}
                          onFocus={() => setActive(item.index)}
                        >
                          {row.number}
                        </Anchor>
                      </Table.Td>
                      <Table.Td className="cd-ellipsis">
                        <div className="cd-ellipsis">
                          {row.breaching && (
                            <Badge color="red" variant="filled" size="xs" mr={6}>
                              {t('cases.breaching')}
                            </Badge>
                          )}
                          {row.subject}
                        </div>
                        <Text size="xs" c="dimmed" className="cd-ellipsis cd-wide-only">
                          {t(`cases.type.${row.type}`)} · {row.customer.name}
                        </Text>
                        {audience === 'customer' && (
                          <Text size="xs" className="cd-ellipsis cd-phone-only" data-testid="case-row-status">
                            <Text span inherit fw={600}>
                              {t(`cases.statusPlain.${row.status}`)}
                            </Text>
                            <Text span inherit c="dimmed">
                              {' · '}
                              {fmt.date(row.updatedAt)}
                            </Text>
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td className="cd-wide-only">
                        <StatusBadge status={row.status} plain={audience === 'customer'} />
                      </Table.Td>
                      {isOperator && (
                        <Table.Td>
                          <PriorityBadge priority={row.priority} />
                        </Table.Td>
                      )}
                      {isOperator && (
                        <Table.Td className="cd-ellipsis">
                          {row.assignee?.name ?? t('cases.unassigned')}
                        </Table.Td>
                      )}
                      <Table.Td className="cd-nowrap cd-wide-only">{fmt.dateTime(row.updatedAt)}</Table.Td>
                    </Table.Tr>
                  );
                })}
                {paddingBottom > 0 && (
                  <tr>
                    <td style={{ height: paddingBottom, padding: 0 }} colSpan={columnCount} />
                  </tr>
                )}
                {rows.length === 0 && <EmptyRow colSpan={columnCount}>{t('cases.empty')}</EmptyRow>}
              </Table.Tbody>
            </Table>
          </div>
          <Text size="sm" c="dimmed" aria-live="polite">
            {list.hasNextPage
              ? t('cases.shownMore', { count: rows.length })
              : t('common.shown', { count: rows.length })}
          </Text>
        </>
      )}
    </Stack>
  );
}
