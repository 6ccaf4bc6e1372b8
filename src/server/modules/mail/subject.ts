// A case subject has a limit (cases/schemas.ts: 300 characters); a mail subject has none. A subject
// that does not fit is shortened at a word boundary and marked with an ellipsis, never cut in the
// middle of a word without a sign; the whole subject is kept beside it (support_case.full_subject)
// and is searchable.

/** The longest case subject, as the case API accepts it. */
export const CASE_SUBJECT_MAX = 300;
const ELLIPSIS = '…';
// A word boundary this far back or nearer is used; past it (a 300-character token such as a
// pasted URL) the subject is cut where it must be, still with the marker.
const MAX_WORD_BACKTRACK = 60;

export type CaseSubject = {
  /** Fits the case: at least 3 and at most CASE_SUBJECT_MAX characters. */
  subject: string;
  /** The whole subject when `subject` had to be shortened; null when it is complete. */
  full: string | null;
};

/**
 * The case subject for a mail: the mail's subject with its whitespace collapsed, shortened with a
 * marker when it is too long; `fallback` when the mail has (almost) none.
 */
export function caseSubjectOf(mailSubject: string, fallback: string, max = CASE_SUBJECT_MAX): CaseSubject {
  const subject = mailSubject.replace(/\s+/g, ' ').trim();
  if (subject.length < 3) return { subject: shorten(fallback, max), full: null };
  if (subject.length <= max) return { subject, full: null };
  return { subject: shorten(subject, max), full: subject };
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - ELLIPSIS.length);
  const space = cut.lastIndexOf(' ');
  if (space > 0 && cut.length - space <= MAX_WORD_BACKTRACK) cut = cut.slice(0, space);
  // Never leave half of a surrogate pair (an emoji) before the marker.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.replace(/[\s.,;:–-]+$/u, '')}${ELLIPSIS}`;
}
