// HTTP routes of fault triage: checklist definitions, runs on cases, appointments, time to restore.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ESCALATION_ROLES, OPERATOR_ROLES, PARTNER_ROLES, ROLES } from '../../../shared/roles';
import { requireUser } from '../../http/auth-guard';
import { InternalDataProblemResponse, ProblemResponse } from '../../http/problem-schema';
import { AppError } from '../../shared/app-error';
import type { Deps } from '../../shared/deps';
import { CaseParams, errors } from '../cases/route-schemas';
import { resolvePeriod } from '../channel/lead-report';
import { addAppointment, listAppointments } from './appointments';
import {
  CHECKLIST_ADMIN_ROLES,
  createChecklist,
  getChecklist,
  listChecklists,
  updateChecklist,
} from './checklists';
import { openReplacement } from './replacement';
import { answerStep, listRuns, startRun } from './runs';
import {
  AnswerBody,
  Appointment,
  AppointmentBody,
  Checklist,
  ChecklistBody,
  ChecklistPatch,
  ListChecklistsQuery,
  Replacement,
  Run,
  StartRunBody,
  TimeToRestoreQuery,
  TimeToRestoreReport,
  Triage,
} from './schemas';
import { getTimeToRestore, timeToRestoreCsv } from './time-to-restore';
import { getTriage } from './triage-state';

/** Who runs checklists: the operator's case workers and partners. Customers see the outcome only. */
const RUN_ROLES = [...ESCALATION_ROLES, ...PARTNER_ROLES];
const ADMIN = [...CHECKLIST_ADMIN_ROLES];
const ChecklistParams = z.object({ id: z.uuid('must be a checklist id') });
const RunParams = CaseParams.extend({ runId: z.string().describe('checklist run id') });

export const triageRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/checklists',
    {
      config: { access: RUN_ROLES },
      schema: {
        tags: ['triage'],
        summary: 'Diagnostic checklists, optionally of one case type and product line',
        querystring: ListChecklistsQuery,
        response: { 200: z.array(Checklist), 401: ProblemResponse, 403: ProblemResponse },
      },
    },
    async (request) => listChecklists(deps, request.query),
  );

  app.post(
    '/checklists',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['triage'],
        summary: 'Configure a checklist: steps, branching and classification rules',
        body: ChecklistBody,
        response: { 201: Checklist, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createChecklist(deps, requireUser(request), request.body)),
  );

  app.get(
    '/checklists/:id',
    {
      config: { access: RUN_ROLES },
      schema: {
        tags: ['triage'],
        summary: 'One checklist',
        params: ChecklistParams,
        response: { 200: Checklist, ...errors },
      },
    },
    async (request) => getChecklist(deps.db, request.params.id),
  );

  app.patch(
    '/checklists/:id',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['triage'],
        summary: 'Change a checklist (or deactivate it); runs re-route on their next answer',
        params: ChecklistParams,
        body: ChecklistPatch,
        response: { 200: Checklist, ...errors },
      },
    },
    async (request) => updateChecklist(deps, requireUser(request), request.params.id, request.body),
  );

  app.get(
    '/cases/:id/triage',
    {
      config: { access: RUN_ROLES },
      schema: {
        tags: ['triage'],
        summary:
          'The Diagnose panel: checklists for the case, runs, classification, third party and its policy, appointments',
        params: CaseParams,
        response: { 200: Triage, ...errors },
      },
    },
    async (request) => getTriage(deps, requireUser(request), request.params.id),
  );

  app.get(
    '/cases/:id/checklist-runs',
    {
      config: { access: RUN_ROLES },
      schema: {
        tags: ['triage'],
        summary: 'The checklist runs of a case with their answers, next step and classification',
        params: CaseParams,
        response: { 200: z.array(Run), ...errors },
      },
    },
    async (request) => listRuns(deps, requireUser(request), request.params.id),
  );

  app.post(
    '/cases/:id/checklist-runs',
    {
      config: { access: RUN_ROLES },
      schema: {
        tags: ['triage'],
        summary: 'Start a checklist on a case',
        params: CaseParams,
        body: StartRunBody,
        response: { 201: Run, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await startRun(deps, requireUser(request), request.params.id, request.body.checklistId)),
  );

  app.post(
    '/cases/:id/checklist-runs/:runId/answers',
    {
      config: { access: RUN_ROLES },
      schema: {
        tags: ['triage'],
        summary: 'Answer the next step (or correct an earlier one); the answer becomes a fact of the case',
        params: RunParams,
        body: AnswerBody,
        response: { 200: Run, ...errors },
      },
    },
    async (request) =>
      answerStep(deps, requireUser(request), request.params.id, request.params.runId, request.body),
  );

  app.post(
    '/cases/:id/checklist-runs/:runId/replacement',
    {
      config: { access: RUN_ROLES },
      schema: {
        tags: ['triage'],
        summary:
          'Open the replacement a device fault offers: a return in (or with unknown) warranty, else a new_device lead ' +
          'for the reseller of record. Once per case: 201 when opened, 200 with the one opened before; ' +
          '409 replacement_not_offered when the run found no device fault or the case names no device',
        params: RunParams,
        response: { 200: Replacement, 201: Replacement, ...errors },
      },
    },
    async (request, reply) => {
      const { created, replacement } = await openReplacement(
        deps,
        requireUser(request),
        request.params.id,
        request.params.runId,
      );
      return reply.status(created ? 201 : 200).send(replacement);
    },
  );

  app.get(
    '/cases/:id/appointments',
    {
      config: { access: ROLES },
      schema: {
        tags: ['triage'],
        summary: 'The technician appointments of a case',
        params: CaseParams,
        response: { 200: z.array(Appointment), ...errors },
      },
    },
    async (request) => listAppointments(deps, requireUser(request), request.params.id),
  );

  app.post(
    '/cases/:id/appointments',
    {
      config: { access: ESCALATION_ROLES },
      schema: {
        tags: ['triage'],
        summary:
          'Record a technician appointment (date, time window, note); customer and partner see it, so the note passes the leak guard (422 …/internal-data; operator admins may `override: { reason }`)',
        params: CaseParams,
        body: AppointmentBody,
        response: { 201: Appointment, ...errors, 422: InternalDataProblemResponse },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addAppointment(deps, requireUser(request), request.params.id, request.body)),
  );

  app.get(
    '/reports/time-to-restore',
    {
      config: { access: OPERATOR_ROLES },
      schema: {
        tags: ['reports'],
        summary:
          'Time to restore per third party: fault cases resolved in the period (from/to, default the last 12 months), ' +
          'median and p90 in wall-clock and business hours; `format=csv` for Excel',
        querystring: TimeToRestoreQuery,
        response: {
          200: TimeToRestoreReport,
          400: ProblemResponse,
          401: ProblemResponse,
          403: ProblemResponse,
        },
      },
    },
    async (request, reply) => {
      requireUser(request);
      const period = resolvePeriod(request.query, deps.clock.now());
      if ('field' in period) throw AppError.field(period.field, period.message);
      const report = await getTimeToRestore(deps, period);
      if (request.query.format !== 'csv') return report;
      return (
        reply
          .type('text/csv; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="time-to-restore_${period.from}_${period.to}.csv"`,
          )
          .header('cache-control', 'no-store')
          // The 200 schema describes the JSON; a Buffer is sent as it is.
          .send(Buffer.from(timeToRestoreCsv(report), 'utf8') as unknown as typeof report)
      );
    },
  );
};
