import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../http/auth-guard';
import { AppError } from '../../shared/app-error';
import type { Deps } from '../../shared/deps';
import { CSV_ROW_LIMIT, isCalendarDay, JSON_ROW_LIMIT, REPORT_SECTIONS, resolvePeriod } from './lead-report';
import { reportCsv, reportCsvFilename } from './lead-report-csv';
import { getLeadReport, REPORT_ROLES } from './lead-report-service';
import { listProblemResponses } from './route-schemas';

const Day = z.string().refine(isCalendarDay, 'must be a calendar day YYYY-MM-DD').optional();

export const LeadReportQuery = z
  .object({
    from: Day,
    to: Day,
    format: z.enum(['json', 'csv'], 'must be json or csv').default('json'),
    section: z.enum(REPORT_SECTIONS, `must be one of ${REPORT_SECTIONS.join(', ')}`).optional(),
  })
  .superRefine((query, ctx) => {
    if (query.format === 'csv' && !query.section) {
      ctx.addIssue({ code: 'custom', path: ['section'], message: 'is required with format=csv' });
    }
  });

const Ref = z.object({ id: z.string(), name: z.string() });
const Rate = z.number().min(0).max(1).nullable();

export const LeadReport = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  byRoutingReason: z.object({
    total: z.number().int(),
    rows: z.array(z.object({ rule: z.string(), code: z.string(), count: z.number().int() })),
  }),
  outsideResellerOfRecord: z.object({
    leadsWithRecord: z.number().int(),
    total: z.number().int(),
    toOtherPartner: z.number().int(),
    toNoPartner: z.number().int(),
    share: Rate,
    rows: z.array(
      z.object({
        leadId: z.string(),
        number: z.string(),
        createdAt: z.string(),
        status: z.string(),
        rule: z.string(),
        code: z.string(),
        customer: Ref,
        resellerOfRecord: Ref,
        partner: Ref.nullable(),
      }),
    ),
  }),
  directContacts: z.object({
    total: z.number().int(),
    withoutPartner: z.number().int(),
    byKind: z.array(
      z.object({
        kind: z.string(),
        total: z.number().int(),
        unprotected: z.number().int(),
        cleared: z.number().int(),
        withoutClearance: z.number().int(),
        withoutPartner: z.number().int(),
      }),
    ),
    rows: z.array(
      z.object({
        id: z.string(),
        createdAt: z.string(),
        kind: z.string(),
        customer: Ref,
        resellerOfRecord: Ref.nullable(),
        protectingPartner: Ref.nullable(),
        clearance: z.string().nullable(),
        createdBy: z.string(),
      }),
    ),
  }),
  partners: z.object({
    rows: z.array(
      z.object({
        partner: z.object({ id: z.string(), number: z.string(), name: z.string() }),
        offered: z.number().int(),
        accepted: z.number().int(),
        declined: z.number().int(),
        timedOut: z.number().int(),
        acceptanceRate: Rate,
        medianResponseHours: z.number().nullable(),
        won: z.number().int(),
        lost: z.number().int(),
        conversionRate: Rate,
        wonValueCents: z.number().int(),
        openLeads: z.number().int(),
        pipelineExpectedValueCents: z.number().int(),
        registrations: z.number().int(),
        registrationsApproved: z.number().int(),
        registrationsRejected: z.number().int(),
        approvedRegistrationValueCents: z.number().int(),
      }),
    ),
  }),
  renewalsDue: z.object({
    rows: z.array(
      z.object({
        month: z.string(),
        assets: z.number().int(),
        withLead: z.number().int(),
        withoutLead: z.number().int(),
      }),
    ),
  }),
});

export const reportRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/reports/leads',
    {
      config: { access: [...REPORT_ROLES] },
      schema: {
        tags: ['channel'],
        summary:
          'Leads report: routing reasons, leads outside the reseller of record, direct contacts, partners, renewals due. ' +
          '`from`/`to` (YYYY-MM-DD, default the last 12 months); `format=csv&section=…` returns one section as CSV ' +
          '(UTF-8 with BOM, semicolons, decimal commas) for German Excel',
        querystring: LeadReportQuery,
        response: { 200: LeadReport, ...listProblemResponses },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const period = resolvePeriod(query, deps.clock.now());
      if ('field' in period) throw AppError.field(period.field, period.message);
      const csv = query.format === 'csv' && query.section;
      const report = await getLeadReport(
        deps,
        requireUser(request),
        period,
        csv ? CSV_ROW_LIMIT : JSON_ROW_LIMIT,
      );
      if (!csv) return report;
      return (
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${reportCsvFilename(report, csv)}"`)
          .header('cache-control', 'no-store')
          // The 200 schema describes the JSON; a Buffer is sent as it is, never serialised against it.
          .send(Buffer.from(reportCsv(report, csv), 'utf8') as unknown as typeof report)
      );
    },
  );
};
