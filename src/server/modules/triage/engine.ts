// The checklist engine: pure. Given a definition and the answers so far it says which steps the
// answers walk through, which step comes next, and (once the walk ends) how the fault is
// classified. Runs store only answers; everything else is derived here, so a changed earlier
// answer re-routes the walk and drops answers that are no longer on it.
import {
  answersOf,
  type ChecklistDefinition,
  type ChecklistStep,
  type FaultClassification,
} from '../../../shared/checklists';
import { AppError } from '../../shared/app-error';

export type Answers = Record<string, string>;

export type Walk = {
  /** The answered steps on the path, in order. */
  path: string[];
  /** The step to answer now; null when the checklist is finished. */
  next: ChecklistStep | null;
  /** Set once finished: the first rule that holds, else `unknown`. */
  classification: FaultClassification | null;
  /** Only the answers on the path. */
  answers: Answers;
};

/** The step after `step` for `answer`: its branch, its default, or the end. */
function following(step: ChecklistStep, answer: string): string {
  return step.next?.[answer] ?? step.defaultNext ?? 'end';
}

export function walk(definition: ChecklistDefinition, answers: Answers): Walk {
  const byId = new Map(definition.steps.map((s) => [s.id, s]));
  const path: string[] = [];
  const kept: Answers = {};
  let current: ChecklistStep | undefined = definition.steps[0];
  // A validated definition has no self-loops, but a cycle over several steps is possible; the
  // walk never visits a step twice.
  while (current && current.id in answers && !path.includes(current.id)) {
    const answer = answers[current.id] as string;
    path.push(current.id);
    kept[current.id] = answer;
    const target = following(current, answer);
    current = target === 'end' ? undefined : byId.get(target);
  }
  if (current && path.includes(current.id)) current = undefined;
  const next = current ?? null;
  return { path, next, answers: kept, classification: next ? null : classify(definition, kept) };
}

export function classify(definition: ChecklistDefinition, answers: Answers): FaultClassification {
  for (const rule of definition.rules) {
    if (rule.when.every((c) => answers[c.step] !== undefined && c.equals.includes(answers[c.step] as string)))
      return rule.classification;
  }
  return 'unknown';
}

/**
 * Applies one answer: the step must be the next one or one already on the path (a correction),
 * and the value one the step accepts. Errors are 400s naming the step.
 */
export function answer(
  definition: ChecklistDefinition,
  answers: Answers,
  stepId: string,
  value: string,
): Walk {
  const before = walk(definition, answers);
  const step = definition.steps.find((s) => s.id === stepId);
  if (!step || (before.next?.id !== stepId && !before.path.includes(stepId)))
    throw AppError.field('stepId', `${stepId} is not the step to answer now`);
  const accepted = answersOf(step);
  const trimmed = value.trim();
  if (accepted ? !accepted.includes(trimmed) : trimmed.length === 0 || trimmed.length > 500)
    throw AppError.field(
      'value',
      accepted
        ? `${stepId} takes one of ${accepted.join(', ')}`
        : `${stepId} takes a text of 1 to 500 characters`,
    );
  return walk(definition, { ...before.answers, [stepId]: trimmed });
}
