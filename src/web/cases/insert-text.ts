// Where a text module goes in the reply draft: at the cursor (replacing a selection), else at the
// end, as its own paragraph. The signature is never part of the draft (the server adds it below
// the text when the mail is sent), so whatever is inserted stays above it.

export type Selection = { start: number; end: number };

/**
 * The draft with `text` inserted at `selection` (clamped to the draft), separated from what stands
 * before and after it by a blank line; `cursor` is where the inserted text ends.
 */
export function insertIntoDraft(
  draft: string,
  text: string,
  selection: Selection | null,
): { draft: string; cursor: number } {
  if (draft.trim() === '') return { draft: text, cursor: text.length };
  const end = Math.min(Math.max(selection?.end ?? draft.length, 0), draft.length);
  const start = Math.min(Math.max(selection?.start ?? end, 0), end);
  const before = draft.slice(0, start).replace(/\s+$/, '');
  const after = draft.slice(end).replace(/^\s+/, '');
  const head = before === '' ? '' : `${before}\n\n`;
  const tail = after === '' ? '' : `\n\n${after}`;
  return { draft: `${head}${text}${tail}`, cursor: head.length + text.length };
}
