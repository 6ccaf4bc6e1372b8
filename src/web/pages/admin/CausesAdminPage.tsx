import { Badge, Button, Card, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { causesQuery } from '../../cases/queries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFieldErrors } from '../../components/field-errors';
import { PageLoader } from '../../components/PageLoader';
import { usePageTitle } from '../../components/usePageTitle';
import { useMe } from '../../session';
import NotFoundPage from '../NotFoundPage';

type CauseNode = { id: string; nameDe: string; nameEn: string; active: boolean; children: CauseNode[] };

// The case forms read the same query, so a change shows there at once.
const causesKey = causesQuery.queryKey;

/** German and English name of a cause, checked by the API (2–100 characters each). */
function NamesForm({
  initial,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
  parentSelect,
}: {
  initial: { nameDe: string; nameEn: string };
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (names: { nameDe: string; nameEn: string }) => void;
  onCancel?: () => void;
  parentSelect?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const [nameDe, setNameDe] = useState(initial.nameDe);
  const [nameEn, setNameEn] = useState(initial.nameEn);
  const { errorAt, unplaced } = useFieldErrors(error, ['nameDe', 'nameEn', 'parentId']);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({ nameDe, nameEn });
      }}
    >
      <Stack gap="sm">
        {parentSelect}
        {/* Side by side on a wide screen, each the full width on a phone. */}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('adminCatalogs.causes.nameDe')}
            value={nameDe}
            onChange={(e) => setNameDe(e.currentTarget.value)}
            error={errorAt('nameDe')}
            required
          />
          <TextInput
            label={t('adminCatalogs.causes.nameEn')}
            value={nameEn}
            onChange={(e) => setNameEn(e.currentTarget.value)}
            error={errorAt('nameEn')}
            required
          />
        </SimpleGrid>
        {unplaced && <ErrorAlert error={error} />}
        <Group>
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}

function CauseRow({ cause, level }: { cause: CauseNode; level: 0 | 1 }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const update = useMutation({
    mutationFn: (body: Partial<Omit<CauseNode, 'id' | 'children'>>) =>
      api.patch<void>(`/api/causes/${cause.id}`, body),
    onSuccess: async () => {
      setEditing(false);
      await queryClient.invalidateQueries({ queryKey: causesKey });
    },
  });
  const label = `${cause.nameDe} / ${cause.nameEn}`;
  return (
    <Stack gap={4} pl={level === 1 ? 'lg' : 0} data-testid="cause-row">
      {editing ? (
        <NamesForm
          initial={cause}
          submitLabel={t('common.save')}
          pending={update.isPending}
          error={update.error}
          onSubmit={(names) => update.mutate(names)}
          onCancel={() => {
            setEditing(false);
            update.reset();
          }}
        />
      ) : (
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs">
            <Text fw={level === 0 ? 600 : 400} c={cause.active ? undefined : 'dimmed'}>
              {cause.nameDe}
            </Text>
            <Text c="dimmed" size="sm">
              {cause.nameEn}
            </Text>
            {!cause.active && (
              <Badge color="gray" variant="light">
                {t('adminCatalogs.inactive')}
              </Badge>
            )}
          </Group>
          <Group gap="xs">
            <Button
              size="xs"
              variant="subtle"
              onClick={() => setEditing(true)}
              aria-label={t('adminCatalogs.causes.renameOf', { name: label })}
            >
              {t('adminCatalogs.causes.rename')}
            </Button>
            <Button
              size="xs"
              variant="subtle"
              color={cause.active ? 'red' : undefined}
              loading={update.isPending}
              onClick={() => update.mutate({ active: !cause.active })}
              aria-label={t(cause.active ? 'adminCatalogs.deactivateOf' : 'adminCatalogs.activateOf', {
                name: label,
              })}
            >
              {t(cause.active ? 'adminCatalogs.deactivate' : 'adminCatalogs.activate')}
            </Button>
          </Group>
        </Group>
      )}
      {!editing && update.isError && <ErrorAlert error={update.error} />}
    </Stack>
  );
}

function AddCause({ categories }: { categories: CauseNode[] }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [parentId, setParentId] = useState<string | null>(categories[0]?.id ?? null);
  const [formKey, setFormKey] = useState(0);
  const add = useMutation({
    mutationFn: (names: { nameDe: string; nameEn: string }) =>
      api.post<{ id: string }>('/api/causes', { ...names, ...(parentId ? { parentId } : {}) }),
    onSuccess: async () => {
      setFormKey((k) => k + 1);
      await queryClient.invalidateQueries({ queryKey: causesKey });
    },
  });
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="causes-add">
      <Title order={2} size="h4" id="causes-add" mb="sm">
        {t('adminCatalogs.causes.add')}
      </Title>
      <NamesForm
        key={formKey}
        initial={{ nameDe: '', nameEn: '' }}
        submitLabel={t('adminCatalogs.causes.addSubmit')}
        pending={add.isPending}
        error={add.error}
        onSubmit={(names) => add.mutate(names)}
        parentSelect={
          <Select
            label={t('adminCatalogs.causes.category')}
            data={[
              { value: '', label: t('adminCatalogs.causes.newCategory') },
              ...categories.map((c) => ({
                value: c.id,
                label: i18n.language === 'en' ? c.nameEn : c.nameDe,
              })),
            ]}
            value={parentId ?? ''}
            onChange={(value) => setParentId(value === '' || value === null ? null : value)}
            allowDeselect={false}
            maw={400}
          />
        }
      />
    </Card>
  );
}

/** /settings/causes: the two-level cause list cases are resolved with, kept by an operator admin. */
export default function CausesAdminPage() {
  const { t } = useTranslation();
  usePageTitle(t('adminCatalogs.causes.title'));
  const me = useMe();
  const isAdmin = me.roles.includes('operator_admin');
  const causes = useQuery({
    ...causesQuery,
    enabled: isAdmin,
    staleTime: 0,
  });
  if (!isAdmin) return <NotFoundPage />;
  return (
    <Stack gap="lg" maw={900}>
      <div>
        <Title order={1}>{t('adminCatalogs.causes.title')}</Title>
        <Text c="dimmed" mt={4}>
          {t('adminCatalogs.causes.intro')}
        </Text>
      </div>
      {causes.isPending ? (
        <PageLoader />
      ) : causes.isError ? (
        <ErrorAlert error={causes.error} />
      ) : (
        <>
          <AddCause categories={causes.data.items} />
          {causes.data.items.length === 0 && <Text c="dimmed">{t('adminCatalogs.causes.empty')}</Text>}
          {causes.data.items.map((category) => (
            <Card withBorder padding="md" key={category.id} component="section">
              <Stack gap="xs">
                <CauseRow cause={category} level={0} />
                {category.children.map((cause) => (
                  <CauseRow cause={cause} level={1} key={cause.id} />
                ))}
              </Stack>
            </Card>
          ))}
        </>
      )}
    </Stack>
  );
}
