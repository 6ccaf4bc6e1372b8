import { describe, expect, it } from 'vitest';
import { ChecklistDefinition } from '../../../shared/checklists';
import { AppError } from '../../shared/app-error';
import { answer, walk } from './engine';
import { INTERNET_FAULT_CHECKLIST as LIST } from './internet-fault-checklist';

function play(steps: [string, string][]) {
  let answers = {};
  let state = walk(LIST, answers);
  for (const [step, value] of steps) {
    state = answer(LIST, answers, step, value);
    answers = state.answers;
  }
  return state;
}

function problem(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('checklist engine', () => {
  it('starts with the first step and classifies nothing yet', () => {
    const state = walk(LIST, {});
    expect(state.next?.id).toBe('power');
    expect(state.classification).toBeNull();
  });

  it('branches on answers: a dark DSL LED goes to the replacement router, a steady one to the login', () => {
    expect(
      play([
        ['power', 'yes'],
        ['dsl_led', 'off'],
      ]).next?.id,
    ).toBe('replacement_router');
    expect(
      play([
        ['power', 'yes'],
        ['dsl_led', 'steady'],
      ]).next?.id,
    ).toBe('login');
    expect(play([['power', 'no']]).next?.id).toBe('other_socket');
  });

  it('classifies line, device and configuration faults by the rules', () => {
    const line = play([
      ['power', 'yes'],
      ['dsl_led', 'blinking'],
      ['replacement_router', 'no'],
    ]);
    expect(line).toMatchObject({
      next: null,
      classification: 'line',
      path: ['power', 'dsl_led', 'replacement_router'],
    });
    expect(
      play([
        ['power', 'no'],
        ['other_socket', 'no'],
      ]).classification,
    ).toBe('device');
    expect(
      play([
        ['power', 'yes'],
        ['dsl_led', 'off'],
        ['replacement_router', 'yes'],
      ]).classification,
    ).toBe('device');
    expect(
      play([
        ['power', 'yes'],
        ['dsl_led', 'steady'],
        ['login', 'no'],
      ]).classification,
    ).toBe('configuration');
  });

  it('ends as unknown when no rule holds', () => {
    const state = play([
      ['power', 'yes'],
      ['dsl_led', 'steady'],
      ['login', 'yes'],
      ['remarks', 'Nur VoIP fällt aus'],
    ]);
    expect(state).toMatchObject({ next: null, classification: 'unknown' });
    expect(state.answers.remarks).toBe('Nur VoIP fällt aus');
  });

  it('a corrected earlier answer re-routes the walk and drops answers off the new path', () => {
    const first = play([
      ['power', 'yes'],
      ['dsl_led', 'off'],
      ['replacement_router', 'no'],
    ]);
    const corrected = answer(LIST, first.answers, 'dsl_led', 'steady');
    expect(corrected.answers).toEqual({ power: 'yes', dsl_led: 'steady' });
    expect(corrected.next?.id).toBe('login');
    expect(corrected.classification).toBeNull();
  });

  it('refuses an answer the step does not take, naming the step', () => {
    const wrong = problem(() => answer(LIST, {}, 'power', 'maybe'));
    expect(wrong.status).toBe(400);
    expect(wrong.fieldErrors[0]).toEqual({ field: 'value', message: 'power takes one of yes, no' });
    const choice = problem(() => answer(LIST, { power: 'yes' }, 'dsl_led', 'purple'));
    expect(choice.message).toContain('dsl_led takes one of steady, blinking, off');
    const empty = problem(() =>
      answer(LIST, { power: 'yes', dsl_led: 'steady', login: 'yes' }, 'remarks', '   '),
    );
    expect(empty.message).toContain('remarks takes a text');
  });

  it('refuses a step that is not due yet, naming it', () => {
    const early = problem(() => answer(LIST, {}, 'login', 'yes'));
    expect(early.fieldErrors[0]).toEqual({ field: 'stepId', message: 'login is not the step to answer now' });
    expect(problem(() => answer(LIST, {}, 'nope', 'yes')).status).toBe(400);
  });

  it('validates definitions: branches to missing steps, answers a step does not have, duplicate ids', () => {
    expect(ChecklistDefinition.safeParse(LIST).success).toBe(true);
    const broken = ChecklistDefinition.safeParse({
      steps: [
        { id: 'a', question: { de: 'A?', en: 'A?' }, kind: 'yes_no', next: { yes: 'b', maybe: 'a' } },
        { id: 'a', question: { de: 'B?', en: 'B?' }, kind: 'choice', choices: [] },
      ],
      rules: [{ when: [{ step: 'zz', equals: ['yes'] }], classification: 'line' }],
    });
    expect(broken.success).toBe(false);
    const messages = broken.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(messages).toEqual(
      expect.arrayContaining([
        'steps.1.id: a is used twice',
        'steps.0.next.yes: no step b',
        'steps.0.next.maybe: maybe is not an answer of a',
        'steps.1.choices: needs at least two choices',
        'rules.0.when.0.step: no step zz',
      ]),
    );
  });
});
