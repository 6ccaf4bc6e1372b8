import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../../shared/roles';
import { requireUser } from '../../http/auth-guard';
import { ProblemResponse } from '../../http/problem-schema';
import type { Deps } from '../../shared/deps';
import { Asset, CreateAssetBody, ListAssetsQuery, UpdateAssetBody } from './asset-schemas';
import { ASSET_WRITE_ROLES, createAsset, getAsset, listAssets, updateAsset } from './assets';

const IdParams = z.object({ id: z.uuid('must be an asset id') });
const errors = { 400: ProblemResponse, 401: ProblemResponse, 403: ProblemResponse, 404: ProblemResponse };

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
        response: { 200: z.object({ items: z.array(Asset), nextCursor: z.string().nullable() }), ...errors },
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
        response: { 201: Asset, ...errors, 409: ProblemResponse },
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
        response: { 200: Asset, ...errors },
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
        response: { 200: Asset, ...errors, 409: ProblemResponse },
      },
    },
    async (request) => updateAsset(deps, requireUser(request), request.params.id, request.body),
  );
};
