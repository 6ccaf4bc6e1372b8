import {
  Alert,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_TYPES, type CaseType } from '../../shared/cases';
import { ChecklistDefinition } from '../../shared/checklists';
import { api } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageLoader } from '../components/PageLoader';
import { usePageTitle } from '../components/usePageTitle';
import { useMe } from '../session';
import NotFoundPage from './NotFoundPage';

type Checklist = {
  id: string;
  name: string;
  caseType: string;
  productLine: string | null;
  active: boolean;
  thirdParty: { id: string; name: string } | null;
  definition: ChecklistDefinition;
};

const EMPTY: ChecklistDefinition = {
  steps: [
    {
      id: 'first',
      question: { de: 'Frage?', en: 'Question?' },
      kind: 'yes_no',
      next: { yes: 'end', no: 'end' },
    },
  ],
  rules: [{ when: [{ step: 'first', equals: ['no'] }], classification: 'device' }],
};

/** Problems of the JSON as the server would name them (the same zod schema), or null when valid. */
function problemsOf(text: string): string[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return [(error as Error).message];
  }
  const result = ChecklistDefinition.safeParse(parsed);
  return result.success ? null : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

function Editor({ checklist, onDone }: { checklist: Checklist | null; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState(checklist?.name ?? '');
  const [caseType, setCaseType] = useState<string>(checklist?.caseType ?? 'fault');
  const [productLine, setProductLine] = useState(checklist?.productLine ?? '');
  const [active, setActive] = useState(checklist?.active ?? true);
  const [json, setJson] = useState(JSON.stringify(checklist?.definition ?? EMPTY, null, 2));
  const problems = problemsOf(json);
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name,
        caseType,
        productLine: productLine.trim() || null,
        active,
        definition: JSON.parse(json) as ChecklistDefinition,
      };
      return checklist
        ? api.patch(`/api/checklists/${checklist.id}`, body)
        : api.post('/api/checklists', body);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['checklists'] });
      onDone();
    },
  });
  return (
    <Card withBorder component="section">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!problems) save.mutate();
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={t('triage.settings.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
          />
          <Group grow>
            <Select
              label={t('triage.settings.caseType')}
              data={CASE_TYPES.map((c) => ({ value: c, label: t(`cases.type.${c}`) }))}
              value={caseType}
              onChange={(v) => setCaseType(v ?? 'fault')}
            />
            <TextInput
              label={t('triage.settings.productLine')}
              value={productLine}
              onChange={(e) => setProductLine(e.currentTarget.value)}
            />
          </Group>
          <Switch
            label={t('triage.settings.active')}
            checked={active}
            onChange={(e) => setActive(e.currentTarget.checked)}
          />
          <Textarea
            label={t('triage.settings.definition')}
            value={json}
            onChange={(e) => setJson(e.currentTarget.value)}
            autosize
            minRows={10}
            maxRows={30}
            styles={{ input: { fontFamily: 'monospace', fontSize: 13 } }}
            error={
              problems ? `${t('triage.settings.invalid')} ${problems.slice(0, 5).join('; ')}` : undefined
            }
          />
          {save.isError && <ErrorAlert error={save.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" disabled={!!problems} loading={save.isPending}>
              {t('triage.settings.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** /settings/checklists: the operator admin configures the diagnostic checklists. */
export default function ChecklistsPage() {
  const { t } = useTranslation();
  usePageTitle(t('triage.settings.title'));
  const me = useMe();
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
    <Stack gap="md" maw={900}>
      <Group justify="space-between">
        <Title order={1}>{t('triage.settings.title')}</Title>
        {editing === null && <Button onClick={() => setEditing('new')}>{t('triage.settings.new')}</Button>}
      </Group>
      {list.isError && <ErrorAlert error={list.error} />}
      {editing !== null && (
        <Editor
          key={editing === 'new' ? 'new' : editing.id}
          checklist={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}
      {(list.data ?? []).length === 0 && <Alert>{t('triage.settings.none')}</Alert>}
      {(list.data ?? []).map((c) => (
        <Card key={c.id} withBorder>
          <Group justify="space-between" wrap="nowrap">
            <div>
              <Text fw={600}>{c.name}</Text>
              <Text size="sm" c="dimmed">
                {t(`cases.type.${c.caseType as CaseType}`)} · {c.productLine ?? '–'} ·{' '}
                {c.definition.steps.length} · {c.active ? t('triage.settings.active') : '–'}
                {c.thirdParty ? ` · ${c.thirdParty.name}` : ''}
              </Text>
            </div>
            <Button variant="default" size="xs" onClick={() => setEditing(c)}>
              {t('triage.settings.edit')}
            </Button>
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
