// The server checks a checklist with the same zod schema the form is built on and names each
// problem by its path (definition.steps.2.next.yes). The form shows each at its input, in the
// user's language; a message not known here is shown as sent, behind "Invalid:".
import { isApiError } from '../../api';
import { type LooseT, useLooseT } from '../../cases/CaseBadges';
import { fieldMessageOf } from '../../channel/field-messages';

type Known = [RegExp, string, ((m: RegExpMatchArray) => Record<string, string>)?];

const KNOWN: Known[] = [
  [/^no step (.+)$/, 'noStep', (m) => ({ step: m[1]! })],
  [/^(.+) is used twice$/, 'usedTwice', (m) => ({ id: m[1]! })],
  [/^needs at least two choices$/, 'twoChoices'],
  [/^points to itself$/, 'pointsToItself'],
  [/^(.+) is not an answer of (.+)$/, 'notAnAnswer', (m) => ({ answer: m[1]!, step: m[2]! })],
  [/^must be lower-case letters, digits and _/, 'stepId'],
  [/^Too small: expected string to have >=1 characters?$/, 'required'],
  [/^Too small: expected string to have >=2 characters$/, 'twoCharacters'],
  [/^Too small: expected array to have >=1 items?$/, 'pickOne'],
  [/^Too big: expected string to have <=(\d+) characters$/, 'tooLong', (m) => ({ max: m[1]! })],
];

/** The user's words for one of the server's field messages. */
export function checklistMessage(t: LooseT, message: string): string {
  for (const [pattern, key, params] of KNOWN) {
    const match = pattern.exec(message);
    if (match) return t(`triage.editor.problem.${key}`, params?.(match));
  }
  const known = fieldMessageOf(message);
  if (known !== null) return t(`fieldMessages.${known.key}`, known.params);
  return t('channel.fieldError', { message });
}

export type ErrorAt = (field: string) => string | undefined;

/**
 * `errorAt(field)` gives the message for exactly that field; `unplaced` lists the problems the
 * form has no input for (shown together above the save button).
 */
export function useChecklistErrors(error: unknown, placed: (field: string) => boolean) {
  const t = useLooseT();
  const problems = isApiError(error, 400) ? error.errors : [];
  const errorAt: ErrorAt = (field) => {
    const found = problems.find((p) => p.field === field);
    return found ? checklistMessage(t, found.message) : undefined;
  };
  const unplaced = problems
    .filter((p) => !placed(p.field))
    .map((p) => `${p.field}: ${checklistMessage(t, p.message)}`);
  return { errorAt, unplaced };
}
