// The checklist form's working copy: the definition an admin edits, with a stable key per step
// and rule so React keeps inputs in place while items move. Renaming a step or a choice carries
// the new name into every branch and rule that names it, so a rename never breaks a reference;
// removing a step leaves the references, which the server then names at their fields.
import type {
  AnswerKind,
  ChecklistDefinition,
  ChecklistRule,
  ChecklistStep,
} from '../../../shared/checklists';

export type DraftStep = ChecklistStep & { key: string };
export type DraftRule = ChecklistRule & { key: string };
export type Draft = { steps: DraftStep[]; rules: DraftRule[] };

let counter = 0;
const nextKey = () => `k${++counter}`;

export function toDraft(definition: ChecklistDefinition): Draft {
  return {
    steps: definition.steps.map((step) => ({ ...step, key: nextKey() })),
    rules: definition.rules.map((rule) => ({ ...rule, key: nextKey() })),
  };
}

export function fromDraft(draft: Draft): ChecklistDefinition {
  return {
    steps: draft.steps.map(({ key: _key, ...step }) => step),
    rules: draft.rules.map(({ key: _key, ...rule }) => rule),
  };
}

/** A step id not yet used: step_1, step_2 … */
function freeStepId(draft: Draft): string {
  const used = new Set(draft.steps.map((s) => s.id));
  let n = draft.steps.length + 1;
  while (used.has(`step_${n}`)) n += 1;
  return `step_${n}`;
}

/** Appends a yes/no step; a last step that ended the checklist now continues to it. */
export function addStep(draft: Draft): Draft {
  const id = freeStepId(draft);
  const steps = draft.steps.map((step, index) =>
    index === draft.steps.length - 1 && (step.defaultNext ?? 'end') === 'end'
      ? { ...step, defaultNext: id }
      : step,
  );
  const step: DraftStep = {
    key: nextKey(),
    id,
    question: { de: '', en: '' },
    kind: 'yes_no',
    defaultNext: 'end',
  };
  return { ...draft, steps: [...steps, step] };
}

export function addRule(draft: Draft): Draft {
  const first = draft.steps[0]?.id ?? '';
  const rule: DraftRule = { key: nextKey(), when: [{ step: first, equals: [] }], classification: 'line' };
  return { ...draft, rules: [...draft.rules, rule] };
}

export function move<T>(items: T[], index: number, by: -1 | 1): T[] {
  const target = index + by;
  if (target < 0 || target >= items.length) return items;
  const copy = [...items];
  [copy[index], copy[target]] = [copy[target] as T, copy[index] as T];
  return copy;
}

export function removeAt<T>(items: T[], index: number): T[] {
  return items.filter((_, i) => i !== index);
}

const renamed = (value: string | undefined, from: string, to: string) => (value === from ? to : value);

/** Gives a step a new id and follows it in every branch and rule condition. */
export function renameStep(draft: Draft, from: string, to: string): Draft {
  return {
    steps: draft.steps.map((step) => ({
      ...step,
      id: step.id === from ? to : step.id,
      ...(step.next
        ? {
            next: Object.fromEntries(
              Object.entries(step.next).map(([a, t]) => [a, renamed(t, from, to) ?? t]),
            ),
          }
        : {}),
      ...(step.defaultNext !== undefined ? { defaultNext: renamed(step.defaultNext, from, to) } : {}),
    })),
    rules: draft.rules.map((rule) => ({
      ...rule,
      when: rule.when.map((c) => ({ ...c, step: c.step === from ? to : c.step })),
    })),
  };
}

/** Gives a choice a new value and follows it in its step's branches and in rule conditions. */
export function renameChoice(draft: Draft, stepId: string, from: string, to: string): Draft {
  return {
    steps: draft.steps.map((step) => {
      if (step.id !== stepId) return step;
      const choices = (step.choices ?? []).map((c) => (c.value === from ? { ...c, value: to } : c));
      const next = step.next
        ? Object.fromEntries(Object.entries(step.next).map(([a, t]) => [a === from ? to : a, t]))
        : undefined;
      return { ...step, choices, ...(next ? { next } : {}) };
    }),
    rules: draft.rules.map((rule) => ({
      ...rule,
      when: rule.when.map((c) =>
        c.step === stepId ? { ...c, equals: c.equals.map((v) => (v === from ? to : v)) } : c,
      ),
    })),
  };
}

/** Changing the answer kind drops branches of answers the step no longer has. */
export function withKind(step: DraftStep, kind: AnswerKind): DraftStep {
  const { next: _next, choices: _choices, ...rest } = step;
  if (kind === 'choice')
    return {
      ...rest,
      kind,
      choices: step.choices?.length
        ? step.choices
        : [
            { value: 'a', label: { de: '', en: '' } },
            { value: 'b', label: { de: '', en: '' } },
          ],
    };
  return { ...rest, kind };
}

/** The answers of a step with their labels, for branches and rule conditions (none for text). */
export function answerOptions(
  step: ChecklistStep,
  lang: 'de' | 'en',
  yesNo: { yes: string; no: string },
): { value: string; label: string }[] {
  if (step.kind === 'yes_no')
    return [
      { value: 'yes', label: yesNo.yes },
      { value: 'no', label: yesNo.no },
    ];
  if (step.kind === 'choice')
    return (step.choices ?? []).map((c) => ({ value: c.value, label: c.label[lang] || c.value }));
  return [];
}
