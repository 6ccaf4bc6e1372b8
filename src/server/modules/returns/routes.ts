import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RETURN_WORK_ROLES } from '../../../shared/returns';
import { OPERATOR_ROLES, ROLES } from '../../../shared/roles';
import { requireUser } from '../../http/auth-guard';
import { InternalDataProblemResponse, ProblemResponse } from '../../http/problem-schema';
import type { Deps } from '../../shared/deps';
import { CaseParams } from '../cases/route-schemas';
import {
  InspectReturnBody,
  RefundRefusedProblem,
  RejectReturnBody,
  RequestReturnBody,
  Return,
  ReturnState,
} from './schemas';
import { getReturn, listCaseReturns, listReturns, publicCaseReturns, requestReturn } from './service';
import { stepReturn } from './transitions';

const IdParams = z.object({ id: z.string() });
const errors = {
  400: ProblemResponse,
  401: ProblemResponse,
  403: ProblemResponse,
  404: ProblemResponse,
  409: RefundRefusedProblem,
};

/** Returns (RMA): requested on a case by whoever sees it, worked by the operator's agents. */
export const returnRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/cases/:id/returns',
    {
      config: { access: ROLES },
      schema: {
        tags: ['returns'],
        summary: 'The returns of a case (inspection notes and photos only for the operator)',
        params: CaseParams,
        response: { 200: z.object({ items: z.array(Return) }), ...errors },
      },
    },
    async (request) => ({ items: await listCaseReturns(deps, requireUser(request), request.params.id) }),
  );

  app.post(
    '/cases/:id/returns',
    {
      config: { access: ROLES },
      schema: {
        tags: ['returns'],
        summary: 'Request a return on a case you see: the items with product, serial, quantity and reason',
        params: CaseParams,
        body: RequestReturnBody,
        response: { 201: Return, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await requestReturn(deps, requireUser(request), request.params.id, request.body)),
  );

  app.get(
    '/returns',
    {
      config: { access: OPERATOR_ROLES },
      schema: {
        tags: ['returns'],
        summary: 'The returns desk: all returns, optionally in one state, the nearest SLA target first',
        querystring: z.object({
          status: ReturnState.optional(),
          limit: z.coerce.number().int().min(1).max(500).default(200),
        }),
        response: { 200: z.object({ items: z.array(Return) }), ...errors },
      },
    },
    async (request) => ({
      items: await listReturns(deps, requireUser(request), {
        status: request.query.status,
        limit: request.query.limit,
      }),
    }),
  );

  app.get(
    '/public/case-status/:token/returns',
    {
      config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['returns'],
        summary: 'The returns of the case behind a status link: state, instructions and the outcome reason',
        params: z.object({ token: z.string().max(2000) }),
        querystring: z.object({ lang: z.enum(['de', 'en']).default('de') }),
        response: { 200: z.object({ items: z.array(Return) }), ...errors, 410: ProblemResponse },
      },
    },
    async (request) => ({
      items: await publicCaseReturns(deps, request.params.token, request.query.lang),
    }),
  );

  app.get(
    '/returns/:id',
    {
      config: { access: ROLES },
      schema: {
        tags: ['returns'],
        summary: 'One return, for whoever sees its case',
        params: IdParams,
        response: { 200: Return, ...errors },
      },
    },
    async (request) => getReturn(deps, requireUser(request), request.params.id),
  );

  for (const action of ['authorise', 'receive', 'close'] as const) {
    app.post(
      `/returns/:id/${action}`,
      {
        config: { access: RETURN_WORK_ROLES },
        schema: {
          tags: ['returns'],
          summary: {
            authorise: 'Authorise a requested return: the customer gets the instructions by mail',
            receive: 'The parcel of an authorised return arrived',
            close: 'Close an inspected return once its outcome is done',
          }[action],
          params: IdParams,
          response: { 200: Return, ...errors },
        },
      },
      async (request) => stepReturn(deps, requireUser(request), request.params.id, { action }),
    );
  }

  app.post(
    '/returns/:id/inspect',
    {
      config: { access: RETURN_WORK_ROLES },
      schema: {
        tags: ['returns'],
        summary:
          'Record the receiving inspection: a condition per item (notes and photos internal), the outcome and the reason the customer sees (checked by the leak guard: 422 …/internal-data; operator admins may `override: { reason }`). Wrong contents flag the customer for review and are never refunded (409)',
        params: IdParams,
        body: InspectReturnBody,
        response: { 200: Return, ...errors, 422: InternalDataProblemResponse },
      },
    },
    async (request) =>
      stepReturn(deps, requireUser(request), request.params.id, { action: 'inspect', body: request.body }),
  );

  app.post(
    '/returns/:id/reject',
    {
      config: { access: RETURN_WORK_ROLES },
      schema: {
        tags: ['returns'],
        summary:
          'Reject a return with the reason the customer sees (checked by the leak guard: 422 …/internal-data; operator admins may `override: { reason }`)',
        params: IdParams,
        body: RejectReturnBody,
        response: { 200: Return, ...errors, 422: InternalDataProblemResponse },
      },
    },
    async (request) =>
      stepReturn(deps, requireUser(request), request.params.id, {
        action: 'reject',
        reason: request.body.reason,
        override: request.body.override,
      }),
  );
};
