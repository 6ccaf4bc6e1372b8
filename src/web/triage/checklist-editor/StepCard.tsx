import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ANSWER_KINDS, type AnswerKind } from '../../../shared/checklists';
import { answerOptions, type DraftStep, removeAt, withKind } from './draft';
import type { ErrorAt } from './problems';

export type StepTarget = { value: string; label: string };

type Props = {
  step: DraftStep;
  index: number;
  count: number;
  /** The other steps a branch may go to, labelled "2. Question?". */
  targets: StepTarget[];
  errorAt: ErrorAt;
  onChange: (step: DraftStep) => void;
  onRename: (to: string) => void;
  onRenameChoice: (from: string, to: string) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
};

const SAME_AS_DEFAULT = '__default';

/** Targets for a branch, with a target the server does not know kept visible (it names the problem). */
function withDangling(targets: StepTarget[], value: string | undefined, missing: string): StepTarget[] {
  if (!value || value === 'end' || targets.some((t) => t.value === value)) return targets;
  return [...targets, { value, label: `${value} (${missing})` }];
}

function ChoicesEditor({ step, index, errorAt, onChange, onRenameChoice }: Props) {
  const { t } = useTranslation();
  const choices = step.choices ?? [];
  const path = `definition.steps.${index}.choices`;
  const setLabel = (c: number, lang: 'de' | 'en', text: string) =>
    onChange({
      ...step,
      choices: choices.map((choice, i) =>
        i === c ? { ...choice, label: { ...choice.label, [lang]: text } } : choice,
      ),
    });
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        {t('triage.editor.choices')}
      </Text>
      {choices.map((choice, c) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a choice's value is what is edited here
        <Group key={c} gap="xs" align="flex-start" wrap="wrap">
          <TextInput
            aria-label={t('triage.editor.choiceValue', { n: c + 1 })}
            placeholder={t('triage.editor.value')}
            value={choice.value}
            onChange={(e) => onRenameChoice(choice.value, e.currentTarget.value)}
            error={errorAt(`${path}.${c}.value`)}
            w={130}
            ff="monospace"
          />
          <TextInput
            aria-label={t('triage.editor.choiceLabelDe', { n: c + 1 })}
            placeholder="DE"
            value={choice.label.de}
            onChange={(e) => setLabel(c, 'de', e.currentTarget.value)}
            error={errorAt(`${path}.${c}.label.de`)}
            style={{ flex: 1, minWidth: 140 }}
          />
          <TextInput
            aria-label={t('triage.editor.choiceLabelEn', { n: c + 1 })}
            placeholder="EN"
            value={choice.label.en}
            onChange={(e) => setLabel(c, 'en', e.currentTarget.value)}
            error={errorAt(`${path}.${c}.label.en`)}
            style={{ flex: 1, minWidth: 140 }}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            mt={4}
            aria-label={t('triage.editor.removeChoice', { n: c + 1 })}
            onClick={() => onChange({ ...step, choices: removeAt(choices, c) })}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      {errorAt(path) && (
        <Text size="xs" c="red.8" role="alert">
          {errorAt(path)}
        </Text>
      )}
      <Group>
        <Button
          size="compact-sm"
          variant="light"
          onClick={() =>
            onChange({
              ...step,
              choices: [...choices, { value: `option_${choices.length + 1}`, label: { de: '', en: '' } }],
            })
          }
        >
          {t('triage.editor.addChoice')}
        </Button>
      </Group>
    </Stack>
  );
}

function Branches(props: Props) {
  const { t, i18n } = useTranslation();
  const { step, index, targets, errorAt, onChange } = props;
  const lang = i18n.language.startsWith('en') ? 'en' : 'de';
  const answers = answerOptions(step, lang, { yes: t('triage.yes'), no: t('triage.no') });
  const missing = t('triage.editor.missingStep');
  const end = { value: 'end', label: t('triage.editor.end') };
  const path = `definition.steps.${index}`;
  const setBranch = (answer: string, target: string | null) => {
    const next = { ...(step.next ?? {}) };
    if (!target || target === SAME_AS_DEFAULT) delete next[answer];
    else next[answer] = target;
    onChange({ ...step, next });
  };
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        {t('triage.editor.branching')}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        {answers.map((answer) => (
          <Select
            key={answer.value}
            label={t('triage.editor.ifAnswer', { answer: answer.label })}
            data={[
              { value: SAME_AS_DEFAULT, label: t('triage.editor.asDefault') },
              ...withDangling(targets, step.next?.[answer.value], missing),
              end,
            ]}
            value={step.next?.[answer.value] ?? SAME_AS_DEFAULT}
            onChange={(v) => setBranch(answer.value, v)}
            allowDeselect={false}
            error={errorAt(`${path}.next.${answer.value}`)}
          />
        ))}
        <Select
          label={answers.length > 0 ? t('triage.editor.otherwise') : t('triage.editor.then')}
          data={[...withDangling(targets, step.defaultNext, missing), end]}
          value={step.defaultNext ?? 'end'}
          onChange={(v) => onChange({ ...step, defaultNext: v ?? 'end' })}
          allowDeselect={false}
          error={errorAt(`${path}.defaultNext`)}
        />
      </SimpleGrid>
    </Stack>
  );
}

/** One step of the checklist: its question in both languages, the answer kind, choices and branches. */
export function StepCard(props: Props) {
  const { t } = useTranslation();
  const { step, index, count, errorAt, onChange, onRename, onMove, onRemove } = props;
  const path = `definition.steps.${index}`;
  return (
    <Card withBorder padding="md" component="li" aria-label={t('triage.editor.stepN', { n: index + 1 })}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Badge variant="light" radius="sm" style={{ flexShrink: 0 }}>
            {t('triage.editor.stepN', { n: index + 1 })}
          </Badge>
          <Group gap={4} wrap="nowrap">
            <Button size="compact-xs" variant="default" disabled={index === 0} onClick={() => onMove(-1)}>
              {t('triage.editor.up')}
            </Button>
            <Button
              size="compact-xs"
              variant="default"
              disabled={index === count - 1}
              onClick={() => onMove(1)}
            >
              {t('triage.editor.down')}
            </Button>
            <Button size="compact-xs" variant="subtle" color="red" onClick={onRemove}>
              {t('triage.editor.remove')}
            </Button>
          </Group>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <TextInput
            label={t('triage.editor.questionDe')}
            value={step.question.de}
            onChange={(e) => onChange({ ...step, question: { ...step.question, de: e.currentTarget.value } })}
            error={errorAt(`${path}.question.de`)}
            required
          />
          <TextInput
            label={t('triage.editor.questionEn')}
            value={step.question.en}
            onChange={(e) => onChange({ ...step, question: { ...step.question, en: e.currentTarget.value } })}
            error={errorAt(`${path}.question.en`)}
            required
          />
          <Select
            label={t('triage.editor.kind')}
            data={ANSWER_KINDS.map((k) => ({ value: k, label: t(`triage.editor.kinds.${k}`) }))}
            value={step.kind}
            onChange={(v) => v && onChange(withKind(step, v as AnswerKind))}
            allowDeselect={false}
            error={errorAt(`${path}.kind`)}
          />
          <TextInput
            label={t('triage.editor.stepId')}
            description={t('triage.editor.stepIdHint')}
            value={step.id}
            onChange={(e) => onRename(e.currentTarget.value)}
            error={errorAt(`${path}.id`)}
            ff="monospace"
          />
        </SimpleGrid>
        {step.kind === 'choice' && <ChoicesEditor {...props} />}
        <Branches {...props} />
      </Stack>
    </Card>
  );
}
