import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../http/auth-guard';
import { ProblemResponse } from '../../http/problem-schema';
import type { Deps } from '../../shared/deps';
import { ROLES } from '../users/person.table';
import {
  CreateOrganisationBody,
  ListOrganisationsQuery,
  Organisation,
  ResellerOfRecordPeriod,
  SetResellerOfRecordBody,
  UpdateOrganisationBody,
} from './schemas';
import {
  createOrganisation,
  getOrganisation,
  getResellerOfRecordHistory,
  listOrganisations,
  setResellerOfRecord,
  updateOrganisation,
} from './service';

const IdParams = z.object({ id: z.uuid('must be an organisation id') });
const errors = { 400: ProblemResponse, 401: ProblemResponse, 403: ProblemResponse, 404: ProblemResponse };

export const organisationRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/organisations',
    {
      config: { access: ROLES },
      schema: {
        tags: ['organisations'],
        summary:
          'Organisations visible to the caller (operator: all; partner: itself and its customers; customer: itself)',
        querystring: ListOrganisationsQuery,
        response: {
          200: z.object({ items: z.array(Organisation), nextCursor: z.string().nullable() }),
          ...errors,
        },
      },
    },
    async (request) => listOrganisations(deps, requireUser(request), request.query),
  );

  app.get(
    '/organisations/:id',
    {
      config: { access: ROLES },
      schema: {
        tags: ['organisations'],
        summary: 'One organisation; 404 when it is outside the caller’s scope',
        params: IdParams,
        response: { 200: Organisation, ...errors },
      },
    },
    async (request) => getOrganisation(deps, requireUser(request), request.params.id),
  );

  app.post(
    '/organisations',
    {
      config: { access: ['operator_admin', 'channel_manager', 'agent'] },
      schema: {
        tags: ['organisations'],
        summary: 'Create an organisation; it gets the next number of its kind (P-…, K-…)',
        body: CreateOrganisationBody,
        response: { 201: Organisation, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createOrganisation(deps, requireUser(request), request.body)),
  );

  app.patch(
    '/organisations/:id',
    {
      config: { access: ['operator_admin', 'channel_manager'] },
      schema: {
        tags: ['organisations'],
        summary:
          'Change an organisation (audited); setting it inactive shuts its people out until it is active again',
        params: IdParams,
        body: UpdateOrganisationBody,
        response: { 200: Organisation, ...errors },
      },
    },
    async (request) => updateOrganisation(deps, requireUser(request), request.params.id, request.body),
  );

  app.get(
    '/organisations/:id/reseller-of-record/history',
    {
      config: { access: ROLES },
      schema: {
        tags: ['organisations'],
        summary:
          'A customer’s reseller-of-record periods (operator: all; a partner: only its own, never its successor)',
        params: IdParams,
        response: { 200: z.object({ items: z.array(ResellerOfRecordPeriod) }), ...errors },
      },
    },
    async (request) => ({
      items: await getResellerOfRecordHistory(deps, requireUser(request), request.params.id),
    }),
  );

  app.put(
    '/organisations/:id/reseller-of-record',
    {
      config: { access: ['operator_admin', 'channel_manager'] },
      schema: {
        tags: ['organisations'],
        summary: 'Set or clear a customer’s reseller of record (audited with the reason)',
        params: IdParams,
        body: SetResellerOfRecordBody,
        response: { 200: Organisation, ...errors },
      },
    },
    async (request) =>
      setResellerOfRecord(
        deps,
        requireUser(request),
        request.params.id,
        request.body.partnerId,
        request.body.reason,
      ),
  );
};
