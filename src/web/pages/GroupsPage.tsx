import {
  Button,
  Card,
  Group,
  MultiSelect,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../api';
import { groupsQuery } from '../cases/queries';
import type { CaseGroup } from '../cases/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormActions } from '../components/FormActions';
import { useFieldErrors } from '../components/field-errors';
import { PageLoader } from '../components/PageLoader';
import { EmptyRow } from '../components/TableParts';
import { usePageTitle } from '../components/usePageTitle';
import { useMe } from '../session';
import NotFoundPage from './NotFoundPage';
import { useOperatorUsers } from './UsersPage';

const FIELDS = ['name', 'leadPersonId', 'memberIds'] as const;

/** Creates a group with lead and members, or changes one's name, lead and members. */
function GroupForm({ editing, onDone }: { editing: CaseGroup | null; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const users = useOperatorUsers(me.organisation.id);
  const people = (users.data?.items ?? [])
    .filter((p) => p.active)
    .map((p) => ({ value: p.id, label: p.name }));
  const [name, setName] = useState(editing?.name ?? '');
  const [lead, setLead] = useState<string | null>(editing?.lead?.id ?? null);
  const [members, setMembers] = useState<string[]>(editing?.members.map((m) => m.id) ?? []);
  // A deactivated member stays listed (and removable) while they are in the group.
  const memberOptions = [
    ...people,
    ...(editing?.members ?? [])
      .filter((m) => !people.some((p) => p.value === m.id))
      .map((m) => ({ value: m.id, label: m.name })),
  ];
  const save = useMutation({
    mutationFn: () =>
      editing
        ? api.patch(`/api/groups/${encodeURIComponent(editing.id)}`, {
            name,
            leadPersonId: lead,
            memberIds: members,
          })
        : api.post('/api/groups', { name, memberIds: members, ...(lead ? { leadPersonId: lead } : {}) }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: groupsQuery.queryKey });
      onDone();
    },
  });
  const { errorAt, unplaced } = useFieldErrors(save.error, FIELDS);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form aria-labelledby="group-form-title" onSubmit={submit} noValidate>
      <Title order={2} size="h3" id="group-form-title" mb="md">
        {editing ? t('adminGroups.editTitle', { name: editing.name }) : t('adminGroups.createTitle')}
      </Title>
      <Stack gap="md" maw={640}>
        <TextInput
          label={t('adminGroups.name')}
          required
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            save.reset();
          }}
          error={errorAt('name')}
        />
        <Select
          label={t('adminGroups.lead')}
          description={t('adminGroups.leadHelp')}
          data={people}
          value={lead}
          onChange={(value) => {
            setLead(value);
            save.reset();
          }}
          clearable
          searchable
          error={errorAt('leadPersonId')}
        />
        <MultiSelect
          label={t('adminGroups.members')}
          description={t('adminGroups.membersHelp')}
          data={memberOptions}
          value={members}
          onChange={(value) => {
            setMembers(value);
            save.reset();
          }}
          searchable
          clearable
          error={errorAt('memberIds')}
        />
        <FormActions
          editing={editing !== null}
          createLabel={t('adminGroups.create')}
          pending={save.isPending}
          onCancel={editing ? onDone : undefined}
          error={save.isError && unplaced ? save.error : null}
        />
      </Stack>
    </form>
  );
}

export default function GroupsPage() {
  const { t } = useTranslation();
  usePageTitle(t('adminGroups.title'));
  const me = useMe();
  const list = useQuery(groupsQuery);
  const [editing, setEditing] = useState<CaseGroup | null>(null);
  const [formKey, setFormKey] = useState(0);
  if (!me.roles.includes('operator_admin') || isApiError(list.error, 403)) return <NotFoundPage />;
  const groups = list.data?.items ?? [];
  const membersOf = (group: CaseGroup) => group.members.map((m) => m.name).join(', ') || t('common.none');
  const editButton = (group: CaseGroup) => (
    <Button
      size="compact-sm"
      variant="subtle"
      aria-label={`${t('adminGroups.edit')}: ${group.name}`}
      onClick={() => {
        setEditing(group);
        // The form sits below the list; a long list would hide it.
        document.getElementById('group-form-title')?.scrollIntoView({ block: 'center' });
      }}
    >
      {t('adminGroups.edit')}
    </Button>
  );

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('adminGroups.title')}</Title>
        <Text c="dimmed" mt={4}>
          {t('adminGroups.intro')}
        </Text>
      </div>
      {list.isError && <ErrorAlert error={list.error} />}
      {list.isPending ? (
        <PageLoader />
      ) : (
        <>
          <Table.ScrollContainer minWidth={640} visibleFrom="sm">
            <Table verticalSpacing="sm" data-testid="group-table">
              <VisuallyHidden component="caption">{t('adminGroups.title')}</VisuallyHidden>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('adminGroups.name')}</Table.Th>
                  <Table.Th scope="col">{t('adminGroups.lead')}</Table.Th>
                  <Table.Th scope="col">{t('adminGroups.members')}</Table.Th>
                  <Table.Th scope="col">
                    <VisuallyHidden>{t('adminUsers.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {groups.map((group) => (
                  <Table.Tr key={group.id}>
                    <Table.Td>{group.name}</Table.Td>
                    <Table.Td>{group.lead?.name ?? t('common.none')}</Table.Td>
                    <Table.Td>{membersOf(group)}</Table.Td>
                    <Table.Td>{editButton(group)}</Table.Td>
                  </Table.Tr>
                ))}
                {groups.length === 0 && <EmptyRow colSpan={4}>{t('adminGroups.empty')}</EmptyRow>}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Stack gap="sm" hiddenFrom="sm" data-testid="group-cards">
            {groups.map((group) => (
              <Card key={group.id} withBorder padding="md">
                <Text fw={600}>{group.name}</Text>
                <Text size="sm">
                  {t('adminGroups.lead')}: {group.lead?.name ?? t('common.none')}
                </Text>
                <Text size="sm" c="dimmed">
                  {t('adminGroups.members')}: {membersOf(group)}
                </Text>
                <Group mt="xs">{editButton(group)}</Group>
              </Card>
            ))}
            {groups.length === 0 && <Text c="dimmed">{t('adminGroups.empty')}</Text>}
          </Stack>
        </>
      )}
      <Card withBorder padding="lg" component="section">
        <GroupForm
          key={editing ? editing.id : `new-${formKey}`}
          editing={editing}
          onDone={() => {
            setEditing(null);
            setFormKey((k) => k + 1);
          }}
        />
      </Card>
    </Stack>
  );
}
