import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../http/auth-guard';
import { ProblemResponse } from '../../http/problem-schema';
import { AppError } from '../../shared/app-error';
import type { Deps } from '../../shared/deps';
import type { Scope } from '../../shared/scope';
import {
  CSV_ROW_LIMIT,
  isCalendarDay,
  JSON_ROW_LIMIT,
  type ReportPeriod,
  resolvePeriod,
} from '../channel/lead-report';
import {
  CAUSE_SECTIONS,
  causeReportCsv,
  reportCsvFilename,
  SURVEY_SECTIONS,
  surveyReportCsv,
} from './report-csv';
import { CAUSE_REPORT_ROLES, getCauseReport, getSurveyReport } from './service';

const Day = z.string().refine(isCalendarDay, 'must be a calendar day YYYY-MM-DD').optional();

function reportQuery<S extends readonly [string, ...string[]]>(sections: S) {
  return z
    .object({
      from: Day,
      to: Day,
      format: z.enum(['json', 'csv'], 'must be json or csv').default('json'),
      section: z.enum(sections, `must be one of ${sections.join(', ')}`).optional(),
    })
    .superRefine((query, ctx) => {
      if (query.format === 'csv' && !query.section) {
        ctx.addIssue({ code: 'custom', path: ['section'], message: 'is required with format=csv' });
      }
    });
}

const errors = { 400: ProblemResponse, 401: ProblemResponse, 403: ProblemResponse };
const Period = z.object({ from: z.string(), to: z.string() });
const CauseId = z.string().nullable().describe('null: cases without a cause');
const Hours = z.number().nullable();

const CauseReportSchema = z.object({
  period: Period,
  previousPeriod: Period.describe('the period of equal length just before, for the top causes'),
  granularity: z.enum(['week', 'month']),
  buckets: z
    .array(z.string())
    .describe('every week (its Monday, YYYY-MM-DD) or month (YYYY-MM) of the period'),
  causes: z.array(z.object({ id: z.string(), nameDe: z.string(), nameEn: z.string() })),
  overTime: z.object({
    rows: z.array(z.object({ bucket: z.string(), causeId: CauseId, count: z.number().int() })),
  }),
  topCauses: z.object({
    rows: z.array(
      z.object({
        causeId: CauseId,
        count: z.number().int(),
        previousCount: z.number().int(),
        change: z.number().int(),
      }),
    ),
  }),
  timeToResolve: z.object({
    rows: z.array(
      z.object({ causeId: CauseId, resolved: z.number().int(), medianHours: Hours, p90Hours: Hours }),
    ),
  }),
  repeatContacts: z.object({
    windowDays: z.number().int(),
    total: z.number().int(),
    rows: z.array(z.object({ causeId: z.string(), repeats: z.number().int(), customers: z.number().int() })),
    cases: z.array(
      z.object({
        caseNumber: z.string(),
        previousCaseNumber: z.string(),
        customer: z.string(),
        causeId: z.string(),
        createdAt: z.string(),
      }),
    ),
  }),
  returns: z.object({
    available: z.boolean().describe('false while the returns (RMA) module is not installed'),
    byOutcome: z.array(z.object({ outcome: z.string(), count: z.number().int() })),
    byCondition: z.array(z.object({ condition: z.string(), count: z.number().int() })),
  }),
});

const Summary = {
  answers: z.number().int(),
  average: z.number().nullable(),
  distribution: z.array(z.number().int()).length(5).describe('answers with score 1, 2, 3, 4, 5'),
};
const Group = z.object({
  key: z
    .string()
    .nullable()
    .describe('id of the agent, group, partner or cause, or the case type; null for none'),
  name: z.string().nullable(),
  nameEn: z.string().nullable(),
  ...Summary,
});
const SurveyReportSchema = z.object({
  period: Period,
  sent: z.number().int().describe('surveys sent (cases resolved with a survey) in the period'),
  summary: z.object(Summary),
  byAgent: z.array(Group),
  byGroup: z.array(Group),
  byPartner: z.array(Group),
  byCause: z.array(Group),
  byType: z.array(Group),
  comments: z.array(
    z.object({
      caseNumber: z.string(),
      score: z.number().int(),
      comment: z.string(),
      answeredAt: z.string(),
    }),
  ),
});

/** The cause report and the survey report, as JSON or one section as CSV (like the leads report). */
export const reportRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  /** Both reports answer alike: the period checked, then the JSON, or one section as CSV. */
  const answer = async <R extends { period: { from: string; to: string } }, S extends string>(
    request: FastifyRequest,
    reply: FastifyReply,
    query: { from?: string; to?: string; format: 'json' | 'csv'; section?: S },
    load: (deps: Deps, scope: Scope, period: ReportPeriod, rowLimit: number) => Promise<R>,
    toCsv: (report: R, section: S) => string,
    name: string,
  ): Promise<R> => {
    const period = resolvePeriod(query, deps.clock.now());
    if ('field' in period) throw AppError.field(period.field, period.message);
    const section = query.format === 'csv' ? query.section : undefined;
    const report = await load(deps, requireUser(request), period, section ? CSV_ROW_LIMIT : JSON_ROW_LIMIT);
    if (!section) return report;
    return (
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${reportCsvFilename(report, name, section)}"`)
        .header('cache-control', 'no-store')
        // The 200 schema describes the JSON; a Buffer is sent as it is, never serialised against it.
        .send(Buffer.from(toCsv(report, section), 'utf8')) as unknown as R
    );
  };

  app.get(
    '/reports/causes',
    {
      config: { access: CAUSE_REPORT_ROLES },
      schema: {
        tags: ['reports'],
        summary:
          'Cause report: cases by cause per week or month, top causes against the previous period, hours to resolve ' +
          'per cause (median, p90), repeat contacts (same customer and cause within 30 days), returns by outcome and ' +
          'inspection result. `from`/`to` (YYYY-MM-DD, default the last 12 months); `format=csv&section=…` returns ' +
          'one section as CSV (UTF-8 with BOM, semicolons, decimal commas)',
        querystring: reportQuery(CAUSE_SECTIONS),
        response: { 200: CauseReportSchema, ...errors },
      },
    },
    async (request, reply) => answer(request, reply, request.query, getCauseReport, causeReportCsv, 'causes'),
  );

  app.get(
    '/reports/surveys',
    {
      config: { access: CAUSE_REPORT_ROLES },
      schema: {
        tags: ['reports'],
        summary:
          'Survey report: answers in the period, average and distribution, per agent, group, partner, cause and type, ' +
          'newest comments. `from`/`to` as the cause report; `format=csv&section=…` returns one section as CSV',
        querystring: reportQuery(SURVEY_SECTIONS),
        response: { 200: SurveyReportSchema, ...errors },
      },
    },
    async (request, reply) =>
      answer(request, reply, request.query, getSurveyReport, surveyReportCsv, 'surveys'),
  );
};
