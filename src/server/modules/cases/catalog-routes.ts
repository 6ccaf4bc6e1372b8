// HTTP routes of the lists the case workspace is organised by: causes, groups, saved views.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../../shared/roles';
import { requireUser } from '../../http/auth-guard';
import type { Deps } from '../../shared/deps';
import {
  type CauseNode,
  createCause,
  createGroup,
  createSavedView,
  deleteSavedView,
  listCauses,
  listGroups,
  listSavedViews,
  updateCause,
  updateGroup,
} from './catalog';
import { Created, errors, OPERATOR } from './route-schemas';

const CauseNodeSchema: z.ZodType<CauseNode> = z.lazy(() =>
  z.object({
    id: z.string(),
    nameDe: z.string(),
    nameEn: z.string(),
    active: z.boolean(),
    children: z.array(CauseNodeSchema),
  }),
);
const SavedView = z.object({
  id: z.string(),
  name: z.string(),
  filters: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
const Named = z.object({ id: z.string(), name: z.string() });

/** Causes, groups and saved views: the lists the case workspace is organised by. */
export const caseCatalogRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/causes',
    {
      config: { access: OPERATOR },
      schema: {
        tags: ['cases'],
        summary: 'The two-level cause list',
        response: { 200: z.object({ items: z.array(CauseNodeSchema) }), ...errors },
      },
    },
    async () => ({ items: await listCauses(deps) }),
  );

  app.post(
    '/causes',
    {
      config: { access: ['operator_admin'] },
      schema: {
        tags: ['cases'],
        summary: 'Add a category (without parentId) or a cause within a category',
        body: z.object({
          parentId: z.uuid().optional(),
          nameDe: z.string().trim().min(2).max(100),
          nameEn: z.string().trim().min(2).max(100),
        }),
        response: { 201: Created, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCause(deps, requireUser(request), request.body)),
  );

  app.patch(
    '/causes/:id',
    {
      config: { access: ['operator_admin'] },
      schema: {
        tags: ['cases'],
        summary: 'Rename or deactivate a cause',
        params: z.object({ id: z.uuid() }),
        body: z
          .object({
            nameDe: z.string().trim().min(2).max(100),
            nameEn: z.string().trim().min(2).max(100),
            active: z.boolean(),
          })
          .partial()
          .refine(
            (value) => Object.values(value).some((field) => field !== undefined),
            'change at least one of nameDe, nameEn, active',
          ),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await updateCause(deps, requireUser(request), request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/groups',
    {
      config: { access: OPERATOR },
      schema: {
        tags: ['cases'],
        summary: 'Groups with their lead and members',
        response: {
          200: z.object({
            items: z.array(Named.extend({ lead: Named.nullable(), members: z.array(Named) })),
          }),
          ...errors,
        },
      },
    },
    async () => ({ items: await listGroups(deps) }),
  );

  app.post(
    '/groups',
    {
      config: { access: ['operator_admin'] },
      schema: {
        tags: ['cases'],
        summary: 'Create a group with its lead and members',
        body: z.object({
          name: z.string().trim().min(2).max(100),
          leadPersonId: z.uuid().optional(),
          memberIds: z.array(z.uuid()).max(500).default([]),
        }),
        response: { 201: Created, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createGroup(deps, requireUser(request), request.body)),
  );

  app.patch(
    '/groups/:id',
    {
      config: { access: ['operator_admin'] },
      schema: {
        tags: ['cases'],
        summary:
          'Rename a group, set its lead (null: no lead) or set its members (memberIds replaces the list)',
        params: z.object({ id: z.uuid('must be a group id') }),
        body: z
          .object({
            name: z.string().trim().min(2).max(100),
            leadPersonId: z.uuid().nullable(),
            memberIds: z.array(z.uuid()).max(500),
          })
          .partial()
          .refine(
            (value) => Object.values(value).some((field) => field !== undefined),
            'change at least one of name, leadPersonId, memberIds',
          ),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await updateGroup(deps, requireUser(request), request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/saved-views',
    {
      config: { access: ROLES },
      schema: {
        tags: ['cases'],
        summary: 'The caller’s saved case-list views',
        response: { 200: z.object({ items: z.array(SavedView) }), ...errors },
      },
    },
    async (request) => ({ items: await listSavedViews(deps, requireUser(request)) }),
  );

  app.post(
    '/saved-views',
    {
      config: { access: ROLES },
      schema: {
        tags: ['cases'],
        summary: 'Save the case list’s filters under a name (same fields as GET /api/cases)',
        body: z.object({
          name: z.string().trim().min(1).max(100),
          filters: z.record(z.string(), z.unknown()),
        }),
        response: { 201: SavedView, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createSavedView(deps, requireUser(request), request.body)),
  );

  app.delete(
    '/saved-views/:id',
    {
      config: { access: ROLES },
      schema: {
        tags: ['cases'],
        summary: 'Delete one of the caller’s saved views',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await deleteSavedView(deps, requireUser(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
