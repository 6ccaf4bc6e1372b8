import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../http/auth-guard';
import type { Deps } from '../../shared/deps';
import {
  createDealRegistration,
  DECIDE_ROLES,
  decideDealRegistration,
  getDealRegistration,
  listDealRegistrations,
  REGISTER_ROLES,
  REGISTRATION_READ_ROLES,
} from './deal-registrations';
import {
  CreateDealRegistrationBody,
  DealRegistration,
  DecideDealRegistrationBody,
  ListDealRegistrationsQuery,
} from './registration-schemas';
import { changeProblemResponses, idParams, problemResponses } from './route-schemas';

const IdParams = idParams('deal registration');

export const registrationRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/deal-registrations',
    {
      config: { access: REGISTRATION_READ_ROLES },
      schema: {
        tags: ['channel'],
        summary:
          'Deal registrations, newest first: the operator all (filters status, partnerId, customerId), a partner its own',
        querystring: ListDealRegistrationsQuery,
        response: {
          200: z.object({ items: z.array(DealRegistration), nextCursor: z.string().nullable() }),
          ...problemResponses,
        },
      },
    },
    async (request) => listDealRegistrations(deps, requireUser(request), request.query),
  );

  app.get(
    '/deal-registrations/:id',
    {
      config: { access: REGISTRATION_READ_ROLES },
      schema: {
        tags: ['channel'],
        summary:
          'One deal registration: the operator any (conflicts in full), a partner only its own (conflicts by kind); 404 otherwise',
        params: IdParams,
        response: { 200: DealRegistration, ...problemResponses },
      },
    },
    async (request) => getDealRegistration(deps, requireUser(request), request.params.id),
  );

  app.post(
    '/deal-registrations',
    {
      config: { access: REGISTER_ROLES },
      schema: {
        tags: ['channel'],
        summary:
          'A partner registers an opportunity with one of its customers or a prospect; conflicts with other partners’ protection are flagged, it stays pending',
        body: CreateDealRegistrationBody,
        response: { 201: DealRegistration, ...problemResponses },
      },
    },
    async (request, reply) => {
      const registration = await createDealRegistration(deps, requireUser(request), request.body);
      return reply.code(201).send(registration);
    },
  );

  for (const [action, decision] of [
    ['approve', 'approved'],
    ['reject', 'rejected'],
  ] as const) {
    app.post(
      `/deal-registrations/:id/${action}`,
      {
        config: { access: DECIDE_ROLES },
        schema: {
          tags: ['channel'],
          summary:
            action === 'approve'
              ? 'Approve a pending registration with a reason: the partner is protected for the customer and product line (409 when already decided)'
              : 'Reject a pending registration with a reason (409 when already decided)',
          params: IdParams,
          body: DecideDealRegistrationBody,
          response: { 200: DealRegistration, ...changeProblemResponses },
        },
      },
      async (request) =>
        decideDealRegistration(deps, requireUser(request), request.params.id, decision, request.body.reason),
    );
  }
};
