import {
  Badge,
  Button,
  Card,
  Code,
  Group,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_TYPES, type CaseType } from '../../../shared/cases';
import { TEXT_MODULE_PLACEHOLDERS } from '../../../shared/text-modules';
import { api } from '../../api';
import { textModulesQuery } from '../../cases/queries';
import type { TextModule } from '../../cases/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormActions } from '../../components/FormActions';
import { useFieldErrors } from '../../components/field-errors';
import { PageLoader } from '../../components/PageLoader';
import { usePageTitle } from '../../components/usePageTitle';
import { useFormat, useMe } from '../../session';
import NotFoundPage from '../NotFoundPage';

type Draft = { name: string; language: 'de' | 'en'; body: string; caseType: CaseType | null };

/** Every module, deactivated ones too, so the admin can reactivate them; agents' lists keep only the active. */
const allTextModulesQuery = queryOptions({
  queryKey: [...textModulesQuery.queryKey, 'all'],
  queryFn: ({ signal }) =>
    api.get<{ items: TextModule[] }>('/api/text-modules', { includeInactive: 'true' }, signal),
});
const FIELDS = ['name', 'language', 'body', 'caseType'];

function PlaceholderHelp() {
  const { t } = useTranslation();
  return (
    <Text size="sm" c="dimmed">
      {t('adminCatalogs.textModules.placeholders')}{' '}
      {TEXT_MODULE_PLACEHOLDERS.map((p, i) => (
        <span key={p}>
          {i > 0 && ' '}
          <Code>{`{{${p}}}`}</Code>
        </span>
      ))}
    </Text>
  );
}

/** Create (no `id`) or change a text module; the language is fixed once created, as the API has it. */
function TextModuleForm({
  initial,
  existing,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  initial: Draft;
  existing: boolean;
  pending: boolean;
  error: unknown;
  onSubmit: (draft: Draft) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(initial);
  const { errorAt, unplaced } = useFieldErrors(error, FIELDS);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(draft);
      }}
    >
      <Stack gap="sm">
        <TextInput
          label={t('adminCatalogs.textModules.name')}
          value={draft.name}
          onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
          error={errorAt('name')}
          required
        />
        <Group grow align="flex-start" wrap="wrap">
          <Select
            label={t('adminCatalogs.textModules.language')}
            data={[
              { value: 'de', label: t('adminCatalogs.language.de') },
              { value: 'en', label: t('adminCatalogs.language.en') },
            ]}
            value={draft.language}
            onChange={(value) => value && setDraft({ ...draft, language: value as 'de' | 'en' })}
            allowDeselect={false}
            disabled={existing}
            error={errorAt('language')}
            miw={160}
          />
          <Select
            label={t('adminCatalogs.textModules.caseType')}
            data={[
              { value: '', label: t('adminCatalogs.textModules.allTypes') },
              ...CASE_TYPES.map((type) => ({ value: type, label: t(`cases.type.${type}`) })),
            ]}
            value={draft.caseType ?? ''}
            onChange={(value) => setDraft({ ...draft, caseType: value ? (value as CaseType) : null })}
            allowDeselect={false}
            error={errorAt('caseType')}
            miw={160}
          />
        </Group>
        <Textarea
          label={t('adminCatalogs.textModules.body')}
          description={<PlaceholderHelp />}
          value={draft.body}
          onChange={(e) => setDraft({ ...draft, body: e.currentTarget.value })}
          error={errorAt('body')}
          autosize
          minRows={4}
          required
        />
        <FormActions
          editing={existing}
          createLabel={t('adminCatalogs.textModules.create')}
          pending={pending}
          onCancel={onCancel}
          error={unplaced ? error : null}
        />
      </Stack>
    </form>
  );
}

/** Delete, offered while the module never went into a reply; asks once more before it is gone. */
function DeleteTextModule({ module }: { module: TextModule }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const remove = useMutation({
    mutationFn: () => api.delete(`/api/text-modules/${module.id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: textModulesQuery.queryKey }),
  });
  if (!asking)
    return (
      <Button
        size="xs"
        variant="subtle"
        color="red"
        onClick={() => setAsking(true)}
        aria-label={t('adminCatalogs.deleteOf', { name: module.name })}
      >
        {t('adminCatalogs.delete')}
      </Button>
    );
  return (
    <Stack gap={4} w="100%">
      <Group gap="xs" wrap="wrap">
        <Text size="sm">{t('adminCatalogs.textModules.deleteConfirm', { name: module.name })}</Text>
        <Button size="xs" color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
          {t('adminCatalogs.textModules.deleteYes')}
        </Button>
        <Button
          size="xs"
          variant="default"
          onClick={() => {
            setAsking(false);
            remove.reset();
          }}
        >
          {t('common.cancel')}
        </Button>
      </Group>
      {remove.isError && <ErrorAlert error={remove.error} />}
    </Stack>
  );
}

function TextModuleCard({ module }: { module: TextModule }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const update = useMutation({
    mutationFn: (body: Partial<Draft> & { active?: boolean }) =>
      api.patch<TextModule>(`/api/text-modules/${module.id}`, body),
    onSuccess: async () => {
      setEditing(false);
      await queryClient.invalidateQueries({ queryKey: textModulesQuery.queryKey });
    },
  });
  return (
    <Card
      withBorder
      padding="md"
      component="article"
      aria-label={module.name}
      data-testid="text-module"
      // Deactivated: a dashed frame; a grey fill would take the red delete button below AA contrast.
      style={module.active ? undefined : { borderStyle: 'dashed' }}
    >
      {editing ? (
        <TextModuleForm
          initial={{
            name: module.name,
            language: module.language === 'en' ? 'en' : 'de',
            body: module.body,
            caseType: module.caseType,
          }}
          existing
          pending={update.isPending}
          error={update.error}
          onSubmit={({ name, body, caseType }) => update.mutate({ name, body, caseType })}
          onCancel={() => {
            setEditing(false);
            update.reset();
          }}
        />
      ) : (
        <Stack gap="xs">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Group gap="xs">
              <Text fw={600} c={module.active ? undefined : 'dimmed'}>
                {module.name}
              </Text>
              {!module.active && (
                <Badge variant="outline" color="gray">
                  {t('adminCatalogs.inactive')}
                </Badge>
              )}
              <Badge variant="light">{module.language.toUpperCase()}</Badge>
              <Badge variant="light" color="gray">
                {module.caseType
                  ? t(`cases.type.${module.caseType}`)
                  : t('adminCatalogs.textModules.allTypes')}
              </Badge>
            </Group>
            <Group gap="xs">
              <Button
                size="xs"
                variant="subtle"
                onClick={() => setEditing(true)}
                aria-label={t('adminCatalogs.editOf', { name: module.name })}
              >
                {t('adminCatalogs.edit')}
              </Button>
              <Button
                size="xs"
                variant="subtle"
                color={module.active ? 'red' : undefined}
                loading={update.isPending}
                onClick={() => update.mutate({ active: !module.active })}
                aria-label={t(module.active ? 'adminCatalogs.deactivateOf' : 'adminCatalogs.activateOf', {
                  name: module.name,
                })}
              >
                {t(module.active ? 'adminCatalogs.deactivate' : 'adminCatalogs.activate')}
              </Button>
              {module.lastUsedAt === null && <DeleteTextModule module={module} />}
            </Group>
          </Group>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} lineClamp={4}>
            {module.body}
          </Text>
          {module.lastUsedAt !== null && (
            <Text size="xs" c="dimmed">
              {t('adminCatalogs.textModules.usedHint', { date: format.date(module.lastUsedAt) })}
            </Text>
          )}
          {update.isError && <ErrorAlert error={update.error} />}
        </Stack>
      )}
    </Card>
  );
}

function NewTextModule() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [formKey, setFormKey] = useState(0);
  const create = useMutation({
    mutationFn: (draft: Draft) => api.post<TextModule>('/api/text-modules', draft),
    onSuccess: async () => {
      setFormKey((k) => k + 1);
      await queryClient.invalidateQueries({ queryKey: textModulesQuery.queryKey });
    },
  });
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="text-modules-new">
      <Title order={2} size="h4" id="text-modules-new" mb="sm">
        {t('adminCatalogs.textModules.new')}
      </Title>
      <TextModuleForm
        key={formKey}
        initial={{ name: '', language: i18n.language === 'en' ? 'en' : 'de', body: '', caseType: null }}
        existing={false}
        pending={create.isPending}
        error={create.error}
        onSubmit={(draft) => create.mutate(draft)}
      />
    </Card>
  );
}

/** /settings/text-modules: the replies agents insert into cases, kept by an operator admin. */
export default function TextModulesAdminPage() {
  const { t } = useTranslation();
  usePageTitle(t('adminCatalogs.textModules.title'));
  const me = useMe();
  const isAdmin = me.roles.includes('operator_admin');
  const modules = useQuery({ ...allTextModulesQuery, enabled: isAdmin, staleTime: 0 });
  if (!isAdmin) return <NotFoundPage />;
  return (
    <Stack gap="lg" maw={900}>
      <div>
        <Title order={1}>{t('adminCatalogs.textModules.title')}</Title>
        <Text c="dimmed" mt={4}>
          {t('adminCatalogs.textModules.intro')}
        </Text>
      </div>
      <NewTextModule />
      {modules.isPending ? (
        <PageLoader />
      ) : modules.isError ? (
        <ErrorAlert error={modules.error} />
      ) : modules.data.items.length === 0 ? (
        <Text c="dimmed">{t('adminCatalogs.textModules.empty')}</Text>
      ) : (
        modules.data.items.map((module) => <TextModuleCard module={module} key={module.id} />)
      )}
    </Stack>
  );
}
