import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SALUTATIONS, type Salutation } from '../../shared/salutation';
import { api } from '../api';
import type { Organisation, Person } from '../api-types';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormActions } from '../components/FormActions';
import { useFieldErrors } from '../components/field-errors';
import { ActiveBadge } from '../components/OrganisationFacts';
import { PageLoader } from '../components/PageLoader';
import { peopleQuery } from '../queries';
import { useMe } from '../session';

// The people of an organisation and, for who administers them (the operator's admins, a
// partner's admin for its own organisation: the same rule as PATCH /api/users/:id), a form to
// add a contact or change one's name, phone and salutation.

function usePeopleAdmin(org: Organisation): boolean {
  const me = useMe();
  return (
    me.roles.includes('operator_admin') ||
    (me.roles.includes('partner_admin') && me.organisation.id === org.id)
  );
}

function SalutationText({ salutation }: { salutation: Salutation | null | undefined }) {
  const { t } = useTranslation();
  if (!salutation) return <Text c="dimmed">{t('common.none')}</Text>;
  return <>{t(`organisation.salutations.${salutation}`)}</>;
}

const FIELDS = ['name', 'email', 'phone', 'salutation'] as const;

function PersonForm({
  org,
  editing,
  onDone,
}: {
  org: Organisation;
  editing: Person | null;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState(editing?.name ?? '');
  const [email, setEmail] = useState(editing?.email ?? '');
  const [phone, setPhone] = useState(editing?.phone ?? '');
  const [salutation, setSalutation] = useState<string>(editing?.salutation ?? 'none');
  const save = useMutation({
    mutationFn: () => {
      const details = {
        name,
        phone: phone.trim() === '' ? null : phone.trim(),
        salutation: salutation === 'none' ? null : salutation,
      };
      return editing
        ? api.patch<Person>(`/api/users/${encodeURIComponent(editing.id)}`, details)
        : api.post<Person>('/api/users', { ...details, organisationId: org.id, email, roles: [] });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['organisations', 'detail', org.id, 'people'] });
      onDone();
    },
  });
  const { errorAt, unplaced } = useFieldErrors(save.error, FIELDS);
  const change = (set: (value: string) => void) => (value: string) => {
    set(value);
    save.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const titleId = 'person-form-title';
  return (
    <form aria-labelledby={titleId} onSubmit={submit} noValidate>
      <Title order={3} size="h4" id={titleId} mb="sm">
        {editing
          ? t('organisation.personForm.editTitle', { name: editing.name })
          : t('organisation.personForm.createTitle')}
      </Title>
      <Stack gap="sm" maw={560}>
        <NativeSelect
          label={t('organisation.salutation')}
          description={t('organisation.salutationHelp')}
          value={salutation}
          onChange={(e) => change(setSalutation)(e.currentTarget.value)}
          error={errorAt('salutation')}
          data={[
            { value: 'none', label: t('organisation.salutations.none') },
            ...SALUTATIONS.map((s) => ({ value: s, label: t(`organisation.salutations.${s}`) })),
          ]}
        />
        <TextInput
          label={t('organisation.personForm.name')}
          required
          value={name}
          onChange={(e) => change(setName)(e.currentTarget.value)}
          error={errorAt('name')}
        />
        <TextInput
          label={t('organisation.personForm.email')}
          type="email"
          required
          disabled={editing !== null}
          value={email}
          onChange={(e) => change(setEmail)(e.currentTarget.value)}
          error={errorAt('email')}
        />
        <TextInput
          label={t('organisation.personForm.phone')}
          type="tel"
          value={phone}
          onChange={(e) => change(setPhone)(e.currentTarget.value)}
          error={errorAt('phone')}
        />
        <FormActions
          editing={editing !== null}
          createLabel={t('organisation.personForm.create')}
          pending={save.isPending}
          onCancel={editing ? onDone : undefined}
          help={t('organisation.personForm.help')}
          error={save.isError && unplaced ? save.error : null}
        />
      </Stack>
    </form>
  );
}

function PeopleTable({
  organisationId,
  onEdit,
}: {
  organisationId: string;
  onEdit: ((person: Person) => void) | null;
}) {
  const { t } = useTranslation();
  const people = useInfiniteQuery(peopleQuery(organisationId));
  if (people.isPending) return <PageLoader />;
  if (people.isError) return <ErrorAlert error={people.error} />;
  const items = people.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <Text c="dimmed">{t('organisation.peopleEmpty')}</Text>;
  return (
    <>
      <Table.ScrollContainer minWidth={640}>
        <Table striped verticalSpacing="sm">
          <VisuallyHidden component="caption">{t('organisation.people')}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('settings.name')}</Table.Th>
              <Table.Th scope="col">{t('organisation.salutation')}</Table.Th>
              <Table.Th scope="col">{t('organisation.email')}</Table.Th>
              <Table.Th scope="col">{t('organisation.phone')}</Table.Th>
              <Table.Th scope="col">{t('roles.label')}</Table.Th>
              <Table.Th scope="col">{t('organisation.status')}</Table.Th>
              {onEdit && (
                <Table.Th scope="col">
                  <VisuallyHidden>{t('organisation.actions')}</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((person) => (
              <Table.Tr key={person.id}>
                <Table.Td>{person.name}</Table.Td>
                <Table.Td>
                  <SalutationText salutation={person.salutation} />
                </Table.Td>
                <Table.Td>
                  <Anchor href={`mailto:${person.email}`} size="sm">
                    {person.email}
                  </Anchor>
                </Table.Td>
                <Table.Td>{person.phone ?? t('common.none')}</Table.Td>
                <Table.Td>
                  {person.canLogIn === false || person.roles.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      {t('organisation.contactOnly')}
                    </Text>
                  ) : (
                    <Group gap={4}>
                      {person.roles.map((role) => (
                        <Badge key={role} variant="light" radius="sm">
                          {t(`roles.${role}`)}
                        </Badge>
                      ))}
                    </Group>
                  )}
                </Table.Td>
                <Table.Td>
                  <ActiveBadge active={person.active} />
                </Table.Td>
                {onEdit && (
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      aria-label={`${t('organisation.editPerson')}: ${person.name}`}
                      onClick={() => onEdit(person)}
                    >
                      {t('organisation.editPerson')}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {people.hasNextPage && (
        <Button
          variant="default"
          mt="sm"
          onClick={() => void people.fetchNextPage()}
          loading={people.isFetchingNextPage}
        >
          {t('common.loadMore')}
        </Button>
      )}
    </>
  );
}

export function PeopleCard({ org }: { org: Organisation }) {
  const { t } = useTranslation();
  const canManage = usePeopleAdmin(org);
  const [editing, setEditing] = useState<Person | null>(null);
  const [formKey, setFormKey] = useState(0);
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="org-people">
      <Title order={2} size="h3" id="org-people" mb="md">
        {t('organisation.people')}
      </Title>
      <PeopleTable
        organisationId={org.id}
        onEdit={
          canManage
            ? (person) => {
                setEditing(person);
                // The form sits below the list; a long list would hide it.
                requestAnimationFrame(() =>
                  document.getElementById('person-form-title')?.scrollIntoView({ block: 'center' }),
                );
              }
            : null
        }
      />
      {canManage && (
        <Card withBorder padding="md" mt="lg" bg="gray.0">
          <PersonForm
            key={editing ? editing.id : `new-${formKey}`}
            org={org}
            editing={editing}
            onDone={() => {
              setEditing(null);
              setFormKey((k) => k + 1);
            }}
          />
        </Card>
      )}
    </Card>
  );
}
