import { Anchor, Group, Select, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../api';
import { ORGANISATION_KINDS, type Organisation, type OrganisationKind, type Page } from '../api-types';
import { ErrorAlert } from '../components/ErrorAlert';
import { ActiveBadge, postalCity } from '../components/OrganisationFacts';
import { PageLoader } from '../components/PageLoader';
import { EmptyRow, ShownAndMore } from '../components/TableParts';
import { usePageTitle } from '../components/usePageTitle';
import { audienceOf } from '../roles';
import { useMe } from '../session';

const PAGE_SIZE = 50;

export default function OrganisationsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const isPartner = audienceOf(me.roles) === 'partner';
  const title = isPartner ? t('organisations.titlePartner') : t('organisations.title');
  usePageTitle(title);

  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [kindFilter, setKindFilter] = useState<OrganisationKind | 'all'>('all');
  // A partner's list is its customers; its own organisation is under "Übersicht".
  const kind = isPartner ? 'customer' : kindFilter === 'all' ? undefined : kindFilter;

  const list = useInfiniteQuery({
    queryKey: ['organisations', 'list', { q, kind }],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Organisation>>(
        '/api/organisations',
        { q, kind, cursor: pageParam, limit: PAGE_SIZE },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="md">
      <div>
        <Title order={1}>{title}</Title>
        {isPartner && (
          <Text c="dimmed" mt={4}>
            {t('organisations.introPartner')}
          </Text>
        )}
      </div>
      <Group align="flex-end" gap="md" role="search">
        <TextInput
          label={t('organisations.search')}
          description={t('organisations.searchDescription')}
          type="search"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={{ base: '100%', sm: 320 }}
        />
        {!isPartner && (
          <Select
            label={t('organisations.kindFilter')}
            value={kindFilter}
            onChange={(value) => setKindFilter((value as OrganisationKind | 'all' | null) ?? 'all')}
            allowDeselect={false}
            data={[
              { value: 'all', label: t('organisations.kindAll') },
              ...ORGANISATION_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) })),
            ]}
            w={{ base: '100%', sm: 220 }}
          />
        )}
      </Group>

      {list.isError && <ErrorAlert error={list.error} />}
      {list.isPending ? (
        <PageLoader />
      ) : (
        <>
          <Table.ScrollContainer minWidth={760}>
            <Table highlightOnHover striped verticalSpacing="sm" aria-busy={list.isFetching}>
              <VisuallyHidden component="caption">{title}</VisuallyHidden>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('organisation.number')}</Table.Th>
                  <Table.Th scope="col">{t('organisation.name')}</Table.Th>
                  <Table.Th scope="col">{t('organisation.kind')}</Table.Th>
                  <Table.Th scope="col">{t('organisation.postalCity')}</Table.Th>
                  <Table.Th scope="col">{t('organisation.resellerOfRecord')}</Table.Th>
                  <Table.Th scope="col">{t('organisation.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((org) => (
                  <Table.Tr
                    key={org.id}
                    className="cd-clickable-row"
                    onClick={() => navigate(`/organisations/${org.id}`)}
                  >
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{org.number}</Table.Td>
                    <Table.Td>
                      {/* The link keeps the row reachable by keyboard and screen readers. */}
                      <Anchor
                        component={Link}
                        to={`/organisations/${org.id}`}
                        size="sm"
                        fw={500}
                        onClick={(e) => e.stopPropagation()}
                      >
                        {org.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{t(`kinds.${org.kind}`)}</Table.Td>
                    <Table.Td>{postalCity(org) || t('common.none')}</Table.Td>
                    <Table.Td>
                      {org.resellerOfRecord
                        ? `${org.resellerOfRecord.name} (${org.resellerOfRecord.number})`
                        : t('common.none')}
                    </Table.Td>
                    <Table.Td>
                      <ActiveBadge active={org.active} />
                    </Table.Td>
                  </Table.Tr>
                ))}
                {rows.length === 0 && <EmptyRow colSpan={6}>{t('organisations.empty')}</EmptyRow>}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <ShownAndMore shown={rows.length} pages={list} />
        </>
      )}
    </Stack>
  );
}
