// Demo data for the survey report: a resolved demo case's customer answers its survey, through the
// same path as the link in the resolution mail (the demo cases have no contact to mail it to).
import type { Deps } from '../../shared/deps';
import { answerSurvey } from './service';
import { surveyToken } from './survey-token';

/** Answers the survey of a resolved case at the time of `deps.clock`; the case must be resolved. */
export async function answerDemoSurvey(
  deps: Deps,
  caseId: string,
  answer: { score: number; comment?: string },
): Promise<void> {
  const survey = await deps.db
    .selectFrom('case_survey')
    .select(['id', 'expires_at'])
    .where('case_id', '=', caseId)
    .executeTakeFirstOrThrow();
  await answerSurvey(deps, surveyToken(deps, survey), answer);
}
