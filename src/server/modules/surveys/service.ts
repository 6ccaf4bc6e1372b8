// The satisfaction survey behind the link in the resolution mail: what the public page shows and
// the one answer per case. The link is the authorisation, for exactly one survey; no login.
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { systemScope } from '../../shared/scope';
import { changeCase } from '../cases/change-case';
import { readSurveyToken } from './survey-token';

export { onCaseResolved, SURVEY_VALID_DAYS } from './resolution';

export const COMMENT_MAX_LENGTH = 2000;

export type PublicSurvey = {
  caseNumber: string;
  subject: string;
  language: 'de' | 'en';
  answered: boolean;
  score: number | null;
  expiresAt: string;
};

/** Control characters (other than line breaks and tabs) out, line breaks unified, ends trimmed. */
export function cleanComment(comment: string | undefined): string | null {
  if (comment === undefined) return null;
  const cleaned = comment
    .replace(/\r\n?/g, '\n')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e]/g, '')
    .trim()
    .slice(0, COMMENT_MAX_LENGTH);
  return cleaned === '' ? null : cleaned;
}

async function surveyByToken(deps: Deps, token: string) {
  const read = readSurveyToken(deps, token, deps.clock.now());
  if (!read.ok) {
    if (read.reason === 'expired')
      throw new AppError('survey_expired', 'This survey link has expired; answers are no longer taken.');
    throw new AppError('not_found', 'This survey link is not valid. Check that you copied it completely.');
  }
  const row = await deps.db
    .selectFrom('case_survey')
    .innerJoin('support_case', 'support_case.id', 'case_survey.case_id')
    .select([
      'case_survey.id',
      'case_survey.case_id',
      'case_survey.language',
      'case_survey.expires_at',
      'case_survey.answered_at',
      'case_survey.score',
      'support_case.number',
      'support_case.subject',
    ])
    .where('case_survey.id', '=', read.surveyId)
    .executeTakeFirst();
  if (!row)
    throw new AppError('not_found', 'This survey link is not valid. Check that you copied it completely.');
  return row;
}

/** What the survey page needs: case number and subject, language, whether it was answered. */
export async function getPublicSurvey(deps: Deps, token: string): Promise<PublicSurvey> {
  const row = await surveyByToken(deps, token);
  return {
    caseNumber: row.number,
    subject: row.subject,
    language: row.language,
    answered: row.answered_at !== null,
    score: row.score,
    expiresAt: row.expires_at,
  };
}

/**
 * Takes the one answer: a second is refused (409 survey_already_answered), also when two arrive
 * at once (the case row is locked, and the update takes only an unanswered survey). The answer is
 * an event on the case's timeline for the operator.
 */
export async function answerSurvey(
  deps: Deps,
  token: string,
  input: { score: number; comment?: string | undefined },
): Promise<PublicSurvey> {
  const row = await surveyByToken(deps, token);
  if (row.expires_at <= isoNow(deps.clock) && row.answered_at === null)
    throw new AppError('survey_expired', 'This survey link has expired; answers are no longer taken.');
  const comment = cleanComment(input.comment);
  await changeCase(deps, systemScope('survey'), row.case_id, async (ctx) => {
    const updated = await ctx.trx
      .updateTable('case_survey')
      .set({ answered_at: isoNow(deps.clock), score: input.score, comment })
      .where('id', '=', row.id)
      .where('answered_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0)
      throw new AppError('survey_already_answered', 'This survey was already answered. Thank you!');
    await ctx.event('survey_answered', 'internal', { score: input.score, comment });
  });
  return getPublicSurvey(deps, token);
}

/** One answer for the survey report (`reports/`), with the case's number, partner, cause and type. */
export type SurveyAnswerRecord = {
  caseNumber: string;
  score: number;
  comment: string | null;
  answeredAt: string;
  /** The agent and group who resolved the case, recorded with the survey (not the case's current ones). */
  assigneeId: string | null;
  groupId: string | null;
  /** The case's partner, cause and type as they are now. */
  partnerId: string | null;
  causeId: string | null;
  type: string;
};

/**
 * Answers given in [start, end), newest first. No scope: the caller (the operator's survey report)
 * has checked that the reader sees every case.
 */
export async function listSurveyAnswers(
  deps: Pick<Deps, 'db'>,
  range: { start: string; end: string },
): Promise<SurveyAnswerRecord[]> {
  const rows = await deps.db
    .selectFrom('case_survey')
    .innerJoin('support_case', 'support_case.id', 'case_survey.case_id')
    .select([
      'case_survey.score',
      'case_survey.comment',
      'case_survey.answered_at',
      'case_survey.assignee_id',
      'case_survey.group_id',
      'support_case.number',
      'support_case.partner_id',
      'support_case.cause_id',
      'support_case.type',
    ])
    .where('case_survey.answered_at', '>=', range.start)
    .where('case_survey.answered_at', '<', range.end)
    .orderBy('case_survey.answered_at', 'desc')
    .execute();
  return rows.map((r) => ({
    caseNumber: r.number,
    score: Number(r.score),
    comment: r.comment,
    answeredAt: r.answered_at as string,
    assigneeId: r.assignee_id,
    groupId: r.group_id,
    partnerId: r.partner_id,
    causeId: r.cause_id,
    type: r.type,
  }));
}

/** Surveys issued (made on resolution) in [start, end): the base of the answer rate. */
export async function countSurveysIssued(
  deps: Pick<Deps, 'db'>,
  range: { start: string; end: string },
): Promise<number> {
  const row = await deps.db
    .selectFrom('case_survey')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('created_at', '>=', range.start)
    .where('created_at', '<', range.end)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}
