import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../../shared/roles';
import { requireUser } from '../../http/auth-guard';
import type { Deps } from '../../shared/deps';
import { Asset, CreateAssetBody, ListAssetsQuery, UpdateAssetBody } from './asset-schemas';
import { ASSET_WRITE_ROLES, createAsset, getAsset, listAssets, updateAsset } from './assets';
import { changeProblemResponses, idParams, problemResponses } from './route-schemas';

const IdParams = idParams('asset');

export const assetRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/assets',
    {
      config: { access: ROLES },
      schema: {
        tags: ['channel'],
        summary:
          'The installed base the caller may see, by serial (filters customerId, serial, q, warrantyEndFrom, warrantyEndTo; cursor paging)',
        querystring: ListAssetsQuery,
        response: {
          200: z.object({ items: z.array(Asset), nextCursor: z.string().nullable() }),
          ...problemResponses,
        },
      },
    },
    async (request) => listAssets(deps, requireUser(request), request.query),
  );

  app.post(
    '/assets',
    {
      config: { access: ASSET_WRITE_ROLES },
      schema: {
        tags: ['channel'],
        summary: 'Add an asset to a customer’s installed base (409 naming serial when it exists)',
        body: CreateAssetBody,
        response: { 201: Asset, ...changeProblemResponses },
      },
    },
    async (request, reply) => {
      const asset = await createAsset(deps, requireUser(request), request.body);
      return reply.code(201).send(asset);
    },
  );

  app.get(
    '/assets/:id',
    {
      config: { access: ROLES },
      schema: {
        tags: ['channel'],
        summary:
          'One asset (operator; the partner of record of its customer or of the asset; the customer); 404 otherwise',
        params: IdParams,
        response: { 200: Asset, ...problemResponses },
      },
    },
    async (request) => getAsset(deps, requireUser(request), request.params.id),
  );

  app.patch(
    '/assets/:id',
    {
      config: { access: ASSET_WRITE_ROLES },
      schema: {
        tags: ['channel'],
        summary:
          'Change an asset (fields left out keep their value; its own reseller of record with a reason)',
        params: IdParams,
        body: UpdateAssetBody,
        response: { 200: Asset, ...changeProblemResponses },
      },
    },
    async (request) => updateAsset(deps, requireUser(request), request.params.id, request.body),
  );
};
