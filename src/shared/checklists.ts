// Diagnostic checklists: the shape an operator admin configures (validated here, for the server and
// the web app's editor alike). A checklist is a list of steps; each answer may branch to another
// step; rules on the answers classify the fault.
import { z } from 'zod';

export const FAULT_CLASSIFICATIONS = ['device', 'line', 'configuration', 'unknown'] as const;
export type FaultClassification = (typeof FAULT_CLASSIFICATIONS)[number];

export const ANSWER_KINDS = ['yes_no', 'choice', 'text'] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number];

/** Step ids become fact keys (`triage_<id>`), so they follow the fact key's alphabet. */
export const STEP_ID_PATTERN = /^[a-z][a-z0-9_]{0,29}$/;

const Text = z.object({ de: z.string().trim().min(1).max(300), en: z.string().trim().min(1).max(300) });
const StepId = z.string().regex(STEP_ID_PATTERN, 'must be lower-case letters, digits and _ (max. 30)');

export const ChecklistStep = z.object({
  id: StepId,
  question: Text,
  kind: z.enum(ANSWER_KINDS),
  /** For `choice`: the values a user picks from, with their labels. */
  choices: z
    .array(z.object({ value: StepId, label: Text }))
    .max(20)
    .optional(),
  /** Answer → next step id, or 'end'. Answers not named go to `defaultNext`. */
  next: z.record(z.string(), z.string()).optional(),
  /** Next step for answers `next` does not name; 'end' or absent ends the checklist. */
  defaultNext: z.string().optional(),
});
export type ChecklistStep = z.infer<typeof ChecklistStep>;

export const ChecklistRule = z.object({
  /** Every condition must hold: the step was answered with one of `equals`. */
  when: z.array(z.object({ step: StepId, equals: z.array(z.string()).min(1) })).min(1),
  classification: z.enum(FAULT_CLASSIFICATIONS),
});
export type ChecklistRule = z.infer<typeof ChecklistRule>;

export const ChecklistDefinition = z
  .object({
    steps: z.array(ChecklistStep).min(1).max(50),
    /** In order; the first rule that holds classifies. None holds at the end: `unknown`. */
    rules: z.array(ChecklistRule).max(50),
  })
  .superRefine((definition, ctx) => {
    const ids = new Set<string>();
    definition.steps.forEach((step, index) => {
      if (ids.has(step.id))
        ctx.addIssue({ code: 'custom', path: ['steps', index, 'id'], message: `${step.id} is used twice` });
      ids.add(step.id);
    });
    definition.steps.forEach((step, index) => {
      if (step.kind === 'choice' && (step.choices?.length ?? 0) < 2)
        ctx.addIssue({
          code: 'custom',
          path: ['steps', index, 'choices'],
          message: 'needs at least two choices',
        });
      const answers = answersOf(step);
      for (const [answer, target] of Object.entries(step.next ?? {})) {
        if (answers && !answers.includes(answer))
          ctx.addIssue({
            code: 'custom',
            path: ['steps', index, 'next', answer],
            message: `${answer} is not an answer of ${step.id}`,
          });
        if (target !== 'end' && !ids.has(target))
          ctx.addIssue({
            code: 'custom',
            path: ['steps', index, 'next', answer],
            message: `no step ${target}`,
          });
        if (target === step.id)
          ctx.addIssue({
            code: 'custom',
            path: ['steps', index, 'next', answer],
            message: 'points to itself',
          });
      }
      if (step.defaultNext && step.defaultNext !== 'end' && !ids.has(step.defaultNext))
        ctx.addIssue({
          code: 'custom',
          path: ['steps', index, 'defaultNext'],
          message: `no step ${step.defaultNext}`,
        });
    });
    definition.rules.forEach((rule, index) => {
      rule.when.forEach((condition, c) => {
        if (!ids.has(condition.step))
          ctx.addIssue({
            code: 'custom',
            path: ['rules', index, 'when', c, 'step'],
            message: `no step ${condition.step}`,
          });
      });
    });
  });
export type ChecklistDefinition = z.infer<typeof ChecklistDefinition>;

/** The answers a step accepts, or null for free text. */
export function answersOf(step: ChecklistStep): string[] | null {
  if (step.kind === 'yes_no') return ['yes', 'no'];
  if (step.kind === 'choice') return (step.choices ?? []).map((c) => c.value);
  return null;
}
