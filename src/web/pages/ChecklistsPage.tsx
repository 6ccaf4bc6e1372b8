import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseType } from '../../shared/cases';
import { api } from '../api';
import { useProductLineLabel } from '../channel/common';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageLoader } from '../components/PageLoader';
import { usePageTitle } from '../components/usePageTitle';
import { useMe } from '../session';
import { type Checklist, ChecklistForm } from '../triage/checklist-editor/ChecklistForm';
import NotFoundPage from './NotFoundPage';

/** /settings/checklists: the operator admin configures the diagnostic checklists. */
export default function ChecklistsPage() {
  const { t } = useTranslation();
  usePageTitle(t('triage.settings.title'));
  const me = useMe();
  const lineLabel = useProductLineLabel();
  const [editing, setEditing] = useState<Checklist | 'new' | null>(null);
  const isAdmin = me.roles.includes('operator_admin');
  const list = useQuery({
    queryKey: ['checklists'],
    queryFn: ({ signal }) => api.get<Checklist[]>('/api/checklists', undefined, signal),
    enabled: isAdmin,
  });
  if (!isAdmin) return <NotFoundPage />;
  if (list.isPending) return <PageLoader />;
  return (
    <Stack gap="md" maw={960}>
      <Group justify="space-between">
        <div>
          <Title order={1}>{t('triage.settings.title')}</Title>
          <Text c="dimmed" mt={4}>
            {t('triage.editor.intro')}
          </Text>
        </div>
        {editing === null && <Button onClick={() => setEditing('new')}>{t('triage.settings.new')}</Button>}
      </Group>
      {list.isError && <ErrorAlert error={list.error} />}
      {editing !== null && (
        <ChecklistForm
          key={editing === 'new' ? 'new' : editing.id}
          checklist={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}
      {(list.data ?? []).length === 0 && <Alert>{t('triage.settings.none')}</Alert>}
      <Stack gap="sm" component="ul" className="cd-plain-list" aria-label={t('triage.settings.title')}>
        {(list.data ?? []).map((c) => (
          <Card key={c.id} withBorder component="li">
            <Group justify="space-between" wrap="nowrap">
              <div>
                <Text fw={600}>{c.name}</Text>
                <Text size="sm" c="dimmed">
                  {t(`cases.type.${c.caseType as CaseType}`)} ·{' '}
                  {c.productLine ? lineLabel(c.productLine) : t('triage.editor.allLines')} ·{' '}
                  {t('triage.editor.stepCount', { count: c.definition.steps.length })} ·{' '}
                  {c.active ? t('triage.settings.active') : t('triage.editor.inactive')}
                  {c.thirdParty ? ` · ${c.thirdParty.name}` : ''}
                </Text>
              </div>
              <Button
                variant="default"
                size="xs"
                style={{ flexShrink: 0 }}
                onClick={() => setEditing(c)}
                aria-label={`${t('triage.settings.edit')}: ${c.name}`}
              >
                {t('triage.settings.edit')}
              </Button>
            </Group>
          </Card>
        ))}
      </Stack>
    </Stack>
  );
}
