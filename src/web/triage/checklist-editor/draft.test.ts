import { describe, expect, it } from 'vitest';
import type { ChecklistDefinition } from '../../../shared/checklists';
import { addStep, fromDraft, renameChoice, renameStep, toDraft } from './draft';

const definition: ChecklistDefinition = {
  steps: [
    {
      id: 'power',
      question: { de: 'Strom?', en: 'Power?' },
      kind: 'yes_no',
      next: { no: 'router' },
    },
    {
      id: 'router',
      question: { de: 'LED?', en: 'LED?' },
      kind: 'choice',
      choices: [
        { value: 'on', label: { de: 'an', en: 'on' } },
        { value: 'off', label: { de: 'aus', en: 'off' } },
      ],
      next: { off: 'end' },
    },
  ],
  rules: [{ when: [{ step: 'router', equals: ['off'] }], classification: 'line' }],
};

describe('checklist form draft', () => {
  it('gives back the definition it was made from', () => {
    expect(fromDraft(toDraft(definition))).toEqual(definition);
  });

  it('follows a renamed step in branches and rules, so no reference breaks', () => {
    const renamed = fromDraft(renameStep(toDraft(definition), 'router', 'led'));
    expect(renamed.steps[1]?.id).toBe('led');
    expect(renamed.steps[0]?.next).toEqual({ no: 'led' });
    expect(renamed.rules[0]?.when[0]?.step).toBe('led');
  });

  it('follows a renamed choice in its branch and in rule conditions', () => {
    const renamed = fromDraft(renameChoice(toDraft(definition), 'router', 'off', 'dark'));
    expect(renamed.steps[1]?.next).toEqual({ dark: 'end' });
    expect(renamed.rules[0]?.when[0]?.equals).toEqual(['dark']);
  });

  it('appends a step that the last step, which ended the checklist, now leads to', () => {
    const added = fromDraft(addStep(toDraft(definition)));
    expect(added.steps.map((s) => s.id)).toEqual(['power', 'router', 'step_3']);
    expect(added.steps[1]?.defaultNext).toBe('step_3');
  });
});
