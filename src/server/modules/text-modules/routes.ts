import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OPERATOR_ROLES } from '../../../shared/roles';
import { requireUser } from '../../http/auth-guard';
import { ProblemResponse } from '../../http/problem-schema';
import type { Deps } from '../../shared/deps';
import { CreateTextModuleBody, ListTextModulesQuery, TextModule, UpdateTextModuleBody } from './schemas';
import {
  createTextModule,
  deleteTextModule,
  listTextModules,
  renderForCase,
  updateTextModule,
} from './service';

const USE = OPERATOR_ROLES;
const MANAGE = ['operator_admin', 'agent'] as const;
const errors = { 400: ProblemResponse, 401: ProblemResponse, 403: ProblemResponse, 404: ProblemResponse };
const conflict = { 409: ProblemResponse };

export const textModuleRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/text-modules',
    {
      config: { access: USE },
      schema: {
        tags: ['text modules'],
        summary:
          'Reusable replies, searchable by name and text; includeInactive=true (admins, agents) lists deactivated ones too',
        querystring: ListTextModulesQuery,
        response: { 200: z.object({ items: z.array(TextModule) }), ...errors },
      },
    },
    async (request) => ({ items: await listTextModules(deps, requireUser(request), request.query) }),
  );

  app.post(
    '/text-modules',
    {
      config: { access: MANAGE },
      schema: {
        tags: ['text modules'],
        summary:
          'Create a text module; placeholders such as {{customer.name}} and {{case.number}} are checked',
        body: CreateTextModuleBody,
        response: { 201: TextModule, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createTextModule(deps, requireUser(request), request.body)),
  );

  app.patch(
    '/text-modules/:id',
    {
      config: { access: MANAGE },
      schema: {
        tags: ['text modules'],
        summary: 'Change or deactivate a text module',
        params: z.object({ id: z.uuid() }),
        body: UpdateTextModuleBody,
        response: { 200: TextModule, ...errors },
      },
    },
    async (request) => updateTextModule(deps, requireUser(request), request.params.id, request.body),
  );

  app.delete(
    '/text-modules/:id',
    {
      config: { access: MANAGE },
      schema: {
        tags: ['text modules'],
        summary:
          'Delete a text module that never went into a reply; a used one answers 409 text_module_used (deactivate it instead)',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null(), ...errors, ...conflict },
      },
    },
    async (request, reply) => {
      await deleteTextModule(deps, requireUser(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/text-modules/:id/render',
    {
      config: { access: USE },
      schema: {
        tags: ['text modules'],
        summary: 'The text with a case’s values filled in, to insert into a reply',
        params: z.object({ id: z.uuid() }),
        body: z.object({ caseId: z.string().min(1).max(64) }),
        response: { 200: z.object({ text: z.string(), missing: z.array(z.string()) }), ...errors },
      },
    },
    async (request) => renderForCase(deps, requireUser(request), request.params.id, request.body.caseId),
  );
};
