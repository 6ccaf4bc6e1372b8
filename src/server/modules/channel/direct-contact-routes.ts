import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../http/auth-guard';
import type { Deps } from '../../shared/deps';
import { createDirectContact, DIRECT_CONTACT_ROLES, listDirectContacts } from './direct-contacts';
import { CreateDirectContactBody, DirectContact, DirectOfferProblem } from './registration-schemas';
import { idParams, problemResponses } from './route-schemas';

const IdParams = idParams('organisation');

export const directContactRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/organisations/:id/direct-contacts',
    {
      config: { access: DIRECT_CONTACT_ROLES },
      schema: {
        tags: ['channel'],
        summary:
          'The operator’s own sales contacts with a customer, newest first, each with the partner that protected the customer then and the clearance',
        params: IdParams,
        response: { 200: z.object({ items: z.array(DirectContact) }), ...problemResponses },
      },
    },
    async (request) => listDirectContacts(deps, requireUser(request), request.params.id),
  );

  app.post(
    '/organisations/:id/direct-contacts',
    {
      config: { access: DIRECT_CONTACT_ROLES },
      schema: {
        tags: ['channel'],
        summary:
          'Record an offer, call or mail to a customer. An offer while a partner protects the customer is refused (409 direct_offer_blocked naming the partner) unless the partner declined a lead of it or consented (clearance)',
        params: IdParams,
        body: CreateDirectContactBody,
        response: { 201: DirectContact, ...problemResponses, 409: DirectOfferProblem },
      },
    },
    async (request, reply) => {
      const contact = await createDirectContact(deps, requireUser(request), request.params.id, request.body);
      return reply.code(201).send(contact);
    },
  );
};
