import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ROLES } from '../../../shared/roles';
import { requireUser } from '../../http/auth-guard';
import type { Deps } from '../../shared/deps';
import { assetRoutes } from './asset-routes';
import { directContactRoutes } from './direct-contact-routes';
import { leadRoutes } from './lead-routes';
import { registrationRoutes } from './registration-routes';
import { reportRoutes } from './report-routes';
import { idParams, problemResponses } from './route-schemas';
import { PartnerProfile, UpdatePartnerProfileBody, Worklist, WorklistQuery } from './schemas';
import { getPartnerProfile, getWorklist, updatePartnerProfile } from './service';

const IdParams = idParams('organisation');

export const channelRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  await app.register(assetRoutes, { deps });
  await app.register(leadRoutes, { deps });
  await app.register(reportRoutes, { deps });
  await app.register(registrationRoutes, { deps });
  await app.register(directContactRoutes, { deps });

  app.get(
    '/organisations/:id/partner-profile',
    {
      config: { access: ROLES },
      schema: {
        tags: ['channel'],
        summary: 'A partner’s profile (operator; the partner itself); 404 for anyone else',
        params: IdParams,
        response: { 200: PartnerProfile, ...problemResponses },
      },
    },
    async (request) => getPartnerProfile(deps, requireUser(request), request.params.id),
  );

  app.put(
    '/organisations/:id/partner-profile',
    {
      config: { access: ['operator_admin', 'channel_manager'] },
      schema: {
        tags: ['channel'],
        summary:
          'Change a partner’s profile (audited; fields left out keep their value); locates it from its postal code',
        params: IdParams,
        body: UpdatePartnerProfileBody,
        response: { 200: PartnerProfile, ...problemResponses },
      },
    },
    async (request) => updatePartnerProfile(deps, requireUser(request), request.params.id, request.body),
  );

  app.get(
    '/channel/worklist',
    {
      config: { access: ['operator_admin', 'channel_manager'] },
      schema: {
        tags: ['channel'],
        summary:
          'The channel manager’s data-quality worklist: each item names its kind, severity and the web page that fixes it',
        querystring: WorklistQuery,
        response: { 200: Worklist, ...problemResponses },
      },
    },
    async (request) => getWorklist(deps, requireUser(request), request.query),
  );
};
