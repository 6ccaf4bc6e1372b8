import {
  Anchor,
  Button,
  Code,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api';
import type { AuditEntry, Page } from '../api-types';
import { auditChanges, showJson } from '../audit-diff';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageLoader } from '../components/PageLoader';
import { EmptyRow, ShownAndMore } from '../components/TableParts';
import { usePageTitle } from '../components/usePageTitle';
import { useFormat } from '../session';

function ChangeTable({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const changes = auditChanges(entry.before, entry.after);
  if (changes.length === 0) return <Text size="sm">{t('audit.noChanges')}</Text>;
  return (
    <Table withTableBorder withColumnBorders fz="sm" bg="var(--mantine-color-body)">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col" w="20%">
            {t('audit.field')}
          </Table.Th>
          <Table.Th scope="col" w="40%">
            {t('audit.before')}
          </Table.Th>
          <Table.Th scope="col" w="40%">
            {t('audit.after')}
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {changes.map((change) => (
          <Table.Tr key={change.field}>
            <Table.Th scope="row">
              <Code>{change.field || '—'}</Code>
            </Table.Th>
            <Table.Td>
              <pre className="cd-json">{showJson(change.before) || t('common.none')}</pre>
            </Table.Td>
            <Table.Td>
              <pre className="cd-json">{showJson(change.after) || t('common.none')}</pre>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function EntityCell({ entry }: { entry: AuditEntry }) {
  const label = (
    <>
      <Text size="sm" component="span" fw={500}>
        {entry.entityType}
      </Text>{' '}
      <Code fz="xs">{entry.entityId}</Code>
    </>
  );
  if (entry.entityType === 'organisation') {
    return (
      <Anchor component={Link} to={`/organisations/${entry.entityId}`} size="sm">
        {label}
      </Anchor>
    );
  }
  return label;
}

export default function AuditPage() {
  const { t } = useTranslation();
  usePageTitle(t('audit.title'));
  const format = useFormat();
  const [entityTypeInput, setEntityTypeInput] = useState('');
  const [entityIdInput, setEntityIdInput] = useState('');
  const [entityType] = useDebouncedValue(entityTypeInput.trim(), 300);
  const [entityId] = useDebouncedValue(entityIdInput.trim(), 300);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());

  const list = useInfiniteQuery({
    queryKey: ['audit', { entityType, entityId }],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<AuditEntry>>('/api/audit', { entityType, entityId, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];

  function toggle(id: string) {
    setExpanded((old) => {
      const next = new Set(old);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  return (
    <Stack gap="md">
      <div>
        <Title order={1}>{t('audit.title')}</Title>
        <Text c="dimmed" mt={4}>
          {t('audit.intro')}
        </Text>
      </div>
      <Group align="flex-end" role="search">
        <TextInput
          label={t('audit.entityType')}
          value={entityTypeInput}
          onChange={(e) => setEntityTypeInput(e.currentTarget.value)}
          w={{ base: '100%', sm: 220 }}
        />
        <TextInput
          label={t('audit.entityId')}
          value={entityIdInput}
          onChange={(e) => setEntityIdInput(e.currentTarget.value)}
          w={{ base: '100%', sm: 360 }}
        />
      </Group>
      {list.isError && <ErrorAlert error={list.error} />}
      {list.isPending ? (
        <PageLoader />
      ) : (
        <>
          <Table.ScrollContainer minWidth={820}>
            <Table verticalSpacing="sm" aria-busy={list.isFetching}>
              <VisuallyHidden component="caption">{t('audit.tableCaption')}</VisuallyHidden>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('audit.at')}</Table.Th>
                  <Table.Th scope="col">{t('audit.actor')}</Table.Th>
                  <Table.Th scope="col">{t('audit.action')}</Table.Th>
                  <Table.Th scope="col">{t('audit.entity')}</Table.Th>
                  <Table.Th scope="col">{t('audit.changes')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((entry) => {
                  const open = expanded.has(entry.id);
                  const detailId = `audit-${entry.id}`;
                  return (
                    <Fragment key={entry.id}>
                      <Table.Tr>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          <time dateTime={entry.at}>{format.dateTime(entry.at)}</time>
                        </Table.Td>
                        <Table.Td>{entry.actor?.label ?? t('audit.system')}</Table.Td>
                        <Table.Td>
                          <Code>{entry.action}</Code>
                        </Table.Td>
                        <Table.Td>
                          <EntityCell entry={entry} />
                        </Table.Td>
                        <Table.Td>
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            aria-expanded={open}
                            aria-controls={open ? detailId : undefined}
                            onClick={() => toggle(entry.id)}
                          >
                            {open ? t('audit.hide') : t('audit.show')}
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                      {open && (
                        <Table.Tr id={detailId} bg="var(--mantine-color-gray-0)">
                          <Table.Td colSpan={5}>
                            <ChangeTable entry={entry} />
                          </Table.Td>
                        </Table.Tr>
                      )}
                    </Fragment>
                  );
                })}
                {rows.length === 0 && <EmptyRow colSpan={5}>{t('audit.empty')}</EmptyRow>}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <ShownAndMore shown={rows.length} pages={list} />
        </>
      )}
    </Stack>
  );
}
