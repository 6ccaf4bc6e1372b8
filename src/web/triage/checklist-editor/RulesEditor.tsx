import { Badge, Button, Card, Group, MultiSelect, Select, Stack, TagsInput, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { FAULT_CLASSIFICATIONS, type FaultClassification } from '../../../shared/checklists';
import { addRule, answerOptions, type Draft, type DraftRule, move, removeAt } from './draft';
import type { ErrorAt } from './problems';
import type { StepTarget } from './StepCard';

type Condition = DraftRule['when'][number];

function ConditionRow({
  condition,
  path,
  draft,
  targets,
  errorAt,
  onChange,
  onRemove,
  removable,
}: {
  condition: Condition;
  path: string;
  draft: Draft;
  targets: StepTarget[];
  errorAt: ErrorAt;
  onChange: (c: Condition) => void;
  onRemove: () => void;
  removable: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith('en') ? 'en' : 'de';
  const step = draft.steps.find((s) => s.id === condition.step);
  const answers = step ? answerOptions(step, lang, { yes: t('triage.yes'), no: t('triage.no') }) : [];
  const stepData =
    condition.step && !targets.some((x) => x.value === condition.step)
      ? [
          ...targets,
          { value: condition.step, label: `${condition.step} (${t('triage.editor.missingStep')})` },
        ]
      : targets;
  const answerProps = {
    label: t('triage.editor.answerIs'),
    value: condition.equals,
    onChange: (equals: string[]) => onChange({ ...condition, equals }),
    error: errorAt(`${path}.equals`),
    style: { flex: 1, minWidth: 180 },
  };
  return (
    <Group gap="xs" align="flex-start" wrap="wrap">
      <Select
        label={t('triage.editor.whenStep')}
        data={stepData}
        value={condition.step || null}
        onChange={(v) => onChange({ step: v ?? '', equals: [] })}
        allowDeselect={false}
        error={errorAt(`${path}.step`)}
        style={{ flex: 1, minWidth: 180 }}
      />
      {step?.kind === 'text' ? (
        <TagsInput {...answerProps} />
      ) : (
        <MultiSelect {...answerProps} data={answers} />
      )}
      {removable && (
        <Button size="compact-xs" variant="subtle" color="red" mt={28} onClick={onRemove}>
          {t('triage.editor.remove')}
        </Button>
      )}
    </Group>
  );
}

/** The classification rules, in order: the first whose conditions all hold classifies the fault. */
export function RulesEditor({
  draft,
  targets,
  errorAt,
  onChange,
}: {
  draft: Draft;
  targets: StepTarget[];
  errorAt: ErrorAt;
  onChange: (draft: Draft) => void;
}) {
  const { t } = useTranslation();
  const setRule = (r: number, rule: DraftRule) =>
    onChange({ ...draft, rules: draft.rules.map((x, i) => (i === r ? rule : x)) });
  return (
    <Stack gap="sm" component="section" aria-labelledby="checklist-rules">
      <div>
        <Text fw={600} id="checklist-rules">
          {t('triage.editor.rules')}
        </Text>
        <Text size="sm" c="dimmed">
          {t('triage.editor.rulesHint')}
        </Text>
      </div>
      <Stack gap="sm" component="ol" className="cd-plain-list">
        {draft.rules.map((rule, r) => {
          const path = `definition.rules.${r}`;
          return (
            <Card
              key={rule.key}
              withBorder
              padding="sm"
              component="li"
              aria-label={t('triage.editor.ruleN', { n: r + 1 })}
            >
              <Stack gap="xs">
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Badge variant="light" color="grape" radius="sm" style={{ flexShrink: 0 }}>
                    {t('triage.editor.ruleN', { n: r + 1 })}
                  </Badge>
                  <Group gap={4} wrap="nowrap">
                    <Button
                      size="compact-xs"
                      variant="default"
                      disabled={r === 0}
                      onClick={() => onChange({ ...draft, rules: move(draft.rules, r, -1) })}
                    >
                      {t('triage.editor.up')}
                    </Button>
                    <Button
                      size="compact-xs"
                      variant="default"
                      disabled={r === draft.rules.length - 1}
                      onClick={() => onChange({ ...draft, rules: move(draft.rules, r, 1) })}
                    >
                      {t('triage.editor.down')}
                    </Button>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      onClick={() => onChange({ ...draft, rules: removeAt(draft.rules, r) })}
                    >
                      {t('triage.editor.remove')}
                    </Button>
                  </Group>
                </Group>
                {rule.when.map((condition, c) => (
                  <ConditionRow
                    // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity of their own
                    key={c}
                    condition={condition}
                    path={`${path}.when.${c}`}
                    draft={draft}
                    targets={targets}
                    errorAt={errorAt}
                    removable={rule.when.length > 1}
                    onChange={(next) =>
                      setRule(r, { ...rule, when: rule.when.map((x, i) => (i === c ? next : x)) })
                    }
                    onRemove={() => setRule(r, { ...rule, when: removeAt(rule.when, c) })}
                  />
                ))}
                <Group justify="space-between" align="flex-end" wrap="wrap">
                  <Button
                    size="compact-sm"
                    variant="light"
                    onClick={() =>
                      setRule(r, {
                        ...rule,
                        when: [...rule.when, { step: draft.steps[0]?.id ?? '', equals: [] }],
                      })
                    }
                  >
                    {t('triage.editor.addCondition')}
                  </Button>
                  <Select
                    label={t('triage.editor.classifyAs')}
                    data={FAULT_CLASSIFICATIONS.map((c) => ({
                      value: c,
                      label: t(`triage.classification.${c}`),
                    }))}
                    value={rule.classification}
                    onChange={(v) => v && setRule(r, { ...rule, classification: v as FaultClassification })}
                    allowDeselect={false}
                    error={errorAt(`${path}.classification`) ?? errorAt(`${path}.when`)}
                    w={220}
                  />
                </Group>
              </Stack>
            </Card>
          );
        })}
      </Stack>
      <Group>
        <Button variant="light" onClick={() => onChange(addRule(draft))}>
          {t('triage.editor.addRule')}
        </Button>
      </Group>
    </Stack>
  );
}
