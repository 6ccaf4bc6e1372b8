import {
  Alert,
  Button,
  Card,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_TYPES } from '../../../shared/cases';
import { ChecklistDefinition } from '../../../shared/checklists';
import { api, isApiError } from '../../api';
import type { Organisation, Page } from '../../api-types';
import { useLooseT } from '../../cases/CaseBadges';
import { PRODUCT_LINES, useProductLineLabel } from '../../channel/common';
import { ErrorAlert } from '../../components/ErrorAlert';
import { addStep, type Draft, fromDraft, move, removeAt, renameChoice, renameStep, toDraft } from './draft';
import { checklistMessage, useChecklistErrors } from './problems';
import { RulesEditor } from './RulesEditor';
import { StepCard } from './StepCard';

export type Checklist = {
  id: string;
  name: string;
  caseType: string;
  productLine: string | null;
  active: boolean;
  thirdParty: { id: string; name: string } | null;
  definition: ChecklistDefinition;
};

const EMPTY: ChecklistDefinition = {
  steps: [{ id: 'step_1', question: { de: '', en: '' }, kind: 'yes_no', defaultNext: 'end' }],
  rules: [],
};

const ALL_LINES = '__all';

// Every field the form has an input for; a problem elsewhere is listed above the save button.
const PLACED = [
  /^(name|caseType|productLine|thirdPartyId|active)$/,
  /^definition\.steps\.\d+\.(id|kind|defaultNext|question\.(de|en))$/,
  /^definition\.steps\.\d+\.choices(\.\d+\.(value|label\.(de|en)))?$/,
  /^definition\.steps\.\d+\.next\.[^.]+$/,
  /^definition\.rules\.\d+\.(classification|when)$/,
  /^definition\.rules\.\d+\.when\.\d+\.(step|equals)$/,
];

function useThirdParties() {
  return useQuery({
    queryKey: ['organisations', 'list', 'third_party'],
    queryFn: ({ signal }) =>
      api.get<Page<Organisation>>('/api/organisations', { kind: 'third_party', limit: 100 }, signal),
  });
}

/** The advanced view: the definition as JSON; what does not parse stays here until fixed. */
function JsonView({ json, onChange }: { json: string; onChange: (json: string) => void }) {
  const { t } = useTranslation();
  const looseT = useLooseT();
  let problem: string | undefined;
  try {
    const parsed = ChecklistDefinition.safeParse(JSON.parse(json));
    if (!parsed.success)
      problem = parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.')}: ${checklistMessage(looseT, i.message)}`)
        .join('; ');
  } catch (error) {
    problem = (error as Error).message;
  }
  return (
    <Textarea
      label={t('triage.settings.definition')}
      value={json}
      onChange={(e) => onChange(e.currentTarget.value)}
      autosize
      minRows={10}
      maxRows={30}
      styles={{ input: { fontFamily: 'monospace', fontSize: 13 } }}
      error={problem ? `${t('triage.settings.invalid')} ${problem}` : undefined}
    />
  );
}

/** Create or change a checklist: its scope, its steps with branches, and its classification rules. */
export function ChecklistForm({ checklist, onDone }: { checklist: Checklist | null; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const lineLabel = useProductLineLabel();
  const thirdParties = useThirdParties();
  const [name, setName] = useState(checklist?.name ?? '');
  const [caseType, setCaseType] = useState<string>(checklist?.caseType ?? 'fault');
  const [productLine, setProductLine] = useState(checklist?.productLine ?? ALL_LINES);
  const [thirdPartyId, setThirdPartyId] = useState<string | null>(checklist?.thirdParty?.id ?? null);
  const [active, setActive] = useState(checklist?.active ?? true);
  const [draft, setDraftState] = useState<Draft>(() => toDraft(checklist?.definition ?? EMPTY));
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [json, setJson] = useState('');
  const save = useMutation({
    mutationFn: (definition: ChecklistDefinition) => {
      const body = {
        name,
        caseType,
        productLine: productLine === ALL_LINES ? null : productLine,
        thirdPartyId,
        active,
        definition,
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
  const setDraft = (next: Draft) => {
    setDraftState(next);
    save.reset();
  };
  // In the JSON view only the fields above it are inputs; the definition's problems are listed.
  const { errorAt, unplaced } = useChecklistErrors(save.error, (field) =>
    mode === 'form' ? PLACED.some((p) => p.test(field)) : PLACED[0]?.test(field) === true,
  );
  const fieldProblems = isApiError(save.error, 400) && save.error.errors.length > 0;
  const lang = i18n.language.startsWith('en') ? 'en' : 'de';
  const targetsFor = (index: number) =>
    draft.steps
      .map((s, i) => ({ value: s.id, label: `${i + 1}. ${s.question[lang] || s.id}` }))
      .filter((_, i) => i !== index);
  const lines = [
    { value: ALL_LINES, label: t('triage.editor.allLines') },
    ...PRODUCT_LINES.map((l) => ({ value: l, label: lineLabel(l) })),
  ];
  if (!lines.some((l) => l.value === productLine)) lines.push({ value: productLine, label: productLine });

  function switchMode(next: string) {
    if (next === 'json') {
      setJson(JSON.stringify(fromDraft(draft), null, 2));
      setMode('json');
      return;
    }
    try {
      const parsed = ChecklistDefinition.safeParse(JSON.parse(json));
      // Only a definition the schema accepts goes back into the form; otherwise stay and fix it.
      if (parsed.success) {
        setDraft(toDraft(parsed.data));
        setMode('form');
      }
    } catch {
      // stays in the JSON view, which names the problem
    }
  }

  function submit() {
    if (mode === 'form') return save.mutate(fromDraft(draft));
    try {
      save.mutate(JSON.parse(json) as ChecklistDefinition);
    } catch {
      // the JSON view names the syntax error already
    }
  }

  return (
    <Card withBorder component="section" aria-label={t('triage.editor.title')}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label={t('triage.settings.name')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errorAt('name')}
              required
            />
            <Select
              label={t('triage.settings.caseType')}
              data={CASE_TYPES.map((c) => ({ value: c, label: t(`cases.type.${c}`) }))}
              value={caseType}
              onChange={(v) => setCaseType(v ?? 'fault')}
              allowDeselect={false}
              error={errorAt('caseType')}
            />
            <Select
              label={t('triage.editor.productLine')}
              data={lines}
              value={productLine}
              onChange={(v) => setProductLine(v ?? ALL_LINES)}
              allowDeselect={false}
              error={errorAt('productLine')}
            />
            <Select
              label={t('triage.editor.thirdParty')}
              description={t('triage.editor.thirdPartyHint')}
              data={(thirdParties.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
              value={thirdPartyId}
              onChange={setThirdPartyId}
              clearable
              placeholder={t('common.none')}
              error={errorAt('thirdPartyId')}
            />
          </SimpleGrid>
          <Group justify="space-between" wrap="wrap">
            <Switch
              label={t('triage.settings.active')}
              checked={active}
              onChange={(e) => setActive(e.currentTarget.checked)}
            />
            <SegmentedControl
              aria-label={t('triage.editor.view')}
              value={mode}
              onChange={switchMode}
              data={[
                { value: 'form', label: t('triage.editor.formView') },
                { value: 'json', label: t('triage.editor.jsonView') },
              ]}
            />
          </Group>
          {mode === 'json' ? (
            <JsonView json={json} onChange={setJson} />
          ) : (
            <>
              <Stack gap="sm" component="section" aria-labelledby="checklist-steps">
                <Text fw={600} id="checklist-steps">
                  {t('triage.editor.steps')}
                </Text>
                <Stack gap="sm" component="ol" className="cd-plain-list">
                  {draft.steps.map((step, index) => (
                    <StepCard
                      key={step.key}
                      step={step}
                      index={index}
                      count={draft.steps.length}
                      targets={targetsFor(index)}
                      errorAt={errorAt}
                      onChange={(next) =>
                        setDraft({ ...draft, steps: draft.steps.map((s, i) => (i === index ? next : s)) })
                      }
                      onRename={(to) => setDraft(renameStep(draft, step.id, to))}
                      onRenameChoice={(from, to) => setDraft(renameChoice(draft, step.id, from, to))}
                      onMove={(by) => setDraft({ ...draft, steps: move(draft.steps, index, by) })}
                      onRemove={() => setDraft({ ...draft, steps: removeAt(draft.steps, index) })}
                    />
                  ))}
                </Stack>
                {errorAt('definition.steps') && (
                  <Text size="sm" c="red.8" role="alert">
                    {errorAt('definition.steps')}
                  </Text>
                )}
                <Group>
                  <Button variant="light" onClick={() => setDraft(addStep(draft))}>
                    {t('triage.editor.addStep')}
                  </Button>
                </Group>
              </Stack>
              <RulesEditor
                draft={draft}
                targets={draft.steps.map((s, i) => ({
                  value: s.id,
                  label: `${i + 1}. ${s.question[lang] || s.id}`,
                }))}
                errorAt={errorAt}
                onChange={setDraft}
              />
            </>
          )}
          {fieldProblems && unplaced.length > 0 && (
            <Alert color="red" variant="light" role="alert" title={t('triage.editor.notSaved')}>
              {unplaced.join('; ')}
            </Alert>
          )}
          {fieldProblems && unplaced.length === 0 && (
            <Text size="sm" c="red.8" role="alert">
              {t('triage.editor.fixFields')}
            </Text>
          )}
          {save.isError && !fieldProblems && <ErrorAlert error={save.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('triage.settings.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
