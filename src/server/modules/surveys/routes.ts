import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemResponse } from '../../http/problem-schema';
import type { Deps } from '../../shared/deps';
import { answerSurvey, COMMENT_MAX_LENGTH, getPublicSurvey } from './service';

const TokenParams = z.object({ token: z.string().min(1).max(2000) });
const PublicSurveySchema = z.object({
  caseNumber: z.string(),
  subject: z.string(),
  language: z.enum(['de', 'en']).describe('the case contact’s language: the page speaks it'),
  answered: z.boolean(),
  score: z.number().int().nullable(),
  expiresAt: z.string(),
});
const problems = {
  404: ProblemResponse.describe('the link is not valid'),
  410: ProblemResponse.describe('the link expired (code survey_expired)'),
  429: ProblemResponse,
};

/** The satisfaction survey behind the link in the resolution mail (no login; the link is the key). */
export const surveyRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/public/surveys/:token',
    {
      config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['surveys'],
        summary: 'The survey behind a signed link: case number and subject, language, answered or not',
        params: TokenParams,
        response: { 200: PublicSurveySchema, ...problems },
      },
    },
    async (request) => getPublicSurvey(deps, request.params.token),
  );
  app.post(
    '/public/surveys/:token',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['surveys'],
        summary: 'Answer the survey once: score 1–5 and an optional comment (a second answer is 409)',
        params: TokenParams,
        body: z.object({
          score: z
            .number('must be a whole number from 1 to 5')
            .int('must be a whole number from 1 to 5')
            .min(1, 'must be from 1 to 5')
            .max(5, 'must be from 1 to 5'),
          comment: z
            .string()
            .max(COMMENT_MAX_LENGTH, `must be at most ${COMMENT_MAX_LENGTH} characters`)
            .optional(),
        }),
        response: {
          200: PublicSurveySchema,
          400: ProblemResponse,
          409: ProblemResponse.describe('already answered (code survey_already_answered)'),
          ...problems,
        },
      },
    },
    async (request) => answerSurvey(deps, request.params.token, request.body),
  );
};
