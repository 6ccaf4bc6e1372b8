import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../api';
import type { Person, Role } from '../api-types';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormActions } from '../components/FormActions';
import { useFieldErrors } from '../components/field-errors';
import { PageLoader } from '../components/PageLoader';
import { EmptyRow } from '../components/TableParts';
import { usePageTitle } from '../components/usePageTitle';
import { DEFAULT_TIME_ZONE, timeZoneOptions } from '../format';
import { OPERATOR_ROLES } from '../roles';
import { useMe } from '../session';
import NotFoundPage from './NotFoundPage';

/** The operator's users: everyone who works the helpdesk for the operator. */
export function useOperatorUsers(organisationId: string) {
  return useQuery({
    queryKey: ['users', organisationId],
    queryFn: ({ signal }) =>
      api.get<{ items: Person[] }>('/api/users', { organisationId, limit: 200 }, signal),
  });
}

function RoleBadges({ roles }: { roles: readonly Role[] }) {
  const { t } = useTranslation();
  if (roles.length === 0) return <Text c="dimmed">{t('common.none')}</Text>;
  return (
    <Group gap={4}>
      {roles.map((role) => (
        <Badge key={role} variant="light" radius="sm">
          {t(`roles.${role}`)}
        </Badge>
      ))}
    </Group>
  );
}

function StateBadge({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge color={active ? 'teal' : 'gray'} variant="light" radius="sm" style={{ flexShrink: 0 }}>
      {active ? t('adminUsers.active') : t('adminUsers.inactive')}
    </Badge>
  );
}

const FIELDS = ['name', 'email', 'locale', 'timeZone', 'roles'] as const;

/**
 * Invites a new user (no password: the invitation mail lets them choose one) or changes one's
 * name, language, time zone and roles.
 */
function UserForm({ editing, onDone }: { editing: Person | null; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [name, setName] = useState(editing?.name ?? '');
  const [email, setEmail] = useState(editing?.email ?? '');
  const [roles, setRoles] = useState<string[]>(editing?.roles ?? ['agent']);
  // A new colleague starts in the admin's own language and zone, the likeliest right choice.
  const [locale, setLocale] = useState<'de' | 'en'>(editing?.locale ?? me.locale);
  const [timeZone, setTimeZone] = useState(editing?.timeZone ?? (me.timeZone || DEFAULT_TIME_ZONE));
  const zones = useMemo(() => timeZoneOptions(timeZone), [timeZone]);
  const save = useMutation({
    mutationFn: () =>
      editing
        ? api.patch<Person>(`/api/users/${encodeURIComponent(editing.id)}`, {
            name,
            locale,
            timeZone,
            roles,
          })
        : api.post<Person>('/api/users', {
            organisationId: me.organisation.id,
            name,
            email,
            locale,
            timeZone,
            roles,
          }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      onDone();
    },
  });
  const { errorAt, unplaced } = useFieldErrors(save.error, FIELDS);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const titleId = 'user-form-title';
  return (
    <form aria-labelledby={titleId} onSubmit={submit} noValidate>
      <Title order={2} size="h3" id={titleId} mb="md">
        {editing ? t('adminUsers.editTitle', { name: editing.name }) : t('adminUsers.createTitle')}
      </Title>
      <Stack gap="md" maw={640}>
        <TextInput
          label={t('adminUsers.name')}
          required
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            save.reset();
          }}
          error={errorAt('name')}
        />
        <TextInput
          label={t('adminUsers.email')}
          type="email"
          required
          disabled={editing !== null}
          value={email}
          onChange={(e) => {
            setEmail(e.currentTarget.value);
            save.reset();
          }}
          error={errorAt('email')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('adminUsers.language')}
            description={t('adminUsers.languageHelp')}
            value={locale}
            onChange={(value) => {
              if (value === 'de' || value === 'en') setLocale(value);
              save.reset();
            }}
            allowDeselect={false}
            data={[
              { value: 'de', label: t('language.de') },
              { value: 'en', label: t('language.en') },
            ]}
            error={errorAt('locale')}
          />
          <Select
            label={t('adminUsers.timeZone')}
            description={t('adminUsers.timeZoneHelp')}
            value={timeZone}
            onChange={(value) => {
              if (value) setTimeZone(value);
              save.reset();
            }}
            allowDeselect={false}
            searchable
            limit={50}
            nothingFoundMessage={t('settings.timeZoneNothingFound')}
            data={zones}
            error={errorAt('timeZone')}
          />
        </SimpleGrid>
        <Checkbox.Group
          label={t('roles.label')}
          value={roles}
          onChange={(value) => {
            setRoles(value);
            save.reset();
          }}
          error={errorAt('roles')}
        >
          <Group gap="md" mt={6}>
            {OPERATOR_ROLES.map((role) => (
              <Checkbox key={role} value={role} label={t(`roles.${role}`)} />
            ))}
          </Group>
        </Checkbox.Group>
        <FormActions
          editing={editing !== null}
          createLabel={t('adminUsers.create')}
          pending={save.isPending}
          onCancel={editing ? onDone : undefined}
          help={t('adminUsers.inviteHelp')}
          error={save.isError && unplaced ? save.error : null}
        />
      </Stack>
    </form>
  );
}

export default function UsersPage() {
  const { t } = useTranslation();
  usePageTitle(t('adminUsers.title'));
  const me = useMe();
  const queryClient = useQueryClient();
  const list = useOperatorUsers(me.organisation.id);
  const [editing, setEditing] = useState<Person | null>(null);
  const [formKey, setFormKey] = useState(0);
  const toggle = useMutation({
    mutationFn: (person: Person) =>
      api.patch<Person>(`/api/users/${encodeURIComponent(person.id)}`, { active: !person.active }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
  if (!me.roles.includes('operator_admin') || isApiError(list.error, 403)) return <NotFoundPage />;
  const users = list.data?.items ?? [];

  const actions = (person: Person) => (
    <Group gap="xs" wrap="nowrap">
      <Button
        size="compact-sm"
        variant="subtle"
        aria-label={`${t('adminUsers.edit')}: ${person.name}`}
        onClick={() => {
          setEditing(person);
          // The form sits below the list; a long list would hide it.
          document.getElementById('user-form-title')?.scrollIntoView({ block: 'center' });
        }}
      >
        {t('adminUsers.edit')}
      </Button>
      {person.id !== me.id && (
        <Button
          size="compact-sm"
          variant="subtle"
          color={person.active ? 'red' : undefined}
          aria-label={`${person.active ? t('adminUsers.deactivate') : t('adminUsers.reactivate')}: ${person.name}`}
          loading={toggle.isPending && toggle.variables?.id === person.id}
          onClick={() => toggle.mutate(person)}
        >
          {person.active ? t('adminUsers.deactivate') : t('adminUsers.reactivate')}
        </Button>
      )}
    </Group>
  );

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('adminUsers.title')}</Title>
        <Text c="dimmed" mt={4}>
          {t('adminUsers.intro')}
        </Text>
      </div>
      {list.isError && <ErrorAlert error={list.error} />}
      {toggle.isError && <ErrorAlert error={toggle.error} />}
      {list.isPending ? (
        <PageLoader />
      ) : (
        <>
          <Table.ScrollContainer minWidth={720} visibleFrom="sm">
            <Table verticalSpacing="sm" data-testid="user-table">
              <VisuallyHidden component="caption">{t('adminUsers.title')}</VisuallyHidden>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('adminUsers.name')}</Table.Th>
                  <Table.Th scope="col">{t('adminUsers.email')}</Table.Th>
                  <Table.Th scope="col">{t('roles.label')}</Table.Th>
                  <Table.Th scope="col">{t('adminUsers.state')}</Table.Th>
                  <Table.Th scope="col">
                    <VisuallyHidden>{t('adminUsers.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {users.map((person) => (
                  <Table.Tr key={person.id}>
                    <Table.Td>{person.name}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{person.email}</Table.Td>
                    <Table.Td>
                      <RoleBadges roles={person.roles} />
                    </Table.Td>
                    <Table.Td>
                      <StateBadge active={person.active} />
                    </Table.Td>
                    <Table.Td>{actions(person)}</Table.Td>
                  </Table.Tr>
                ))}
                {users.length === 0 && <EmptyRow colSpan={5}>{t('adminUsers.empty')}</EmptyRow>}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Stack gap="sm" hiddenFrom="sm" data-testid="user-cards">
            {users.map((person) => (
              <Card key={person.id} withBorder padding="md">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <div style={{ minWidth: 0 }}>
                    <Text fw={600}>{person.name}</Text>
                    <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                      {person.email}
                    </Text>
                  </div>
                  <StateBadge active={person.active} />
                </Group>
                <Stack gap="xs" mt="xs">
                  <RoleBadges roles={person.roles} />
                  {actions(person)}
                </Stack>
              </Card>
            ))}
            {users.length === 0 && <Text c="dimmed">{t('adminUsers.empty')}</Text>}
          </Stack>
        </>
      )}
      <Card withBorder padding="lg" component="section">
        <UserForm
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
