import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../http/auth-guard';
import { ProblemResponse } from '../../http/problem-schema';
import type { Deps } from '../../shared/deps';
import { ROLES } from './person.table';
import { CreateUserBody, ListPeopleQuery, Me, Person, UpdateMeBody, UpdateUserBody } from './schemas';
import { createUser, listPeople, listUsers, updateMe, updateUser } from './service';

const errors = { 400: ProblemResponse, 401: ProblemResponse, 403: ProblemResponse, 404: ProblemResponse };
const PersonList = z.object({ items: z.array(Person), nextCursor: z.string().nullable() });
const USER_ADMINS = ['operator_admin', 'partner_admin'] as const;

export const userRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.patch(
    '/me',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['users'],
        summary: 'Change the caller’s own name, language or time zone',
        body: UpdateMeBody,
        response: { 200: Me, ...errors },
      },
    },
    async (request) => updateMe(deps, requireUser(request), request.body),
  );

  app.get(
    '/organisations/:id/people',
    {
      config: { access: ROLES },
      schema: {
        tags: ['users'],
        summary: 'People (contacts and users) of a visible organisation',
        params: z.object({ id: z.uuid('must be an organisation id') }),
        querystring: ListPeopleQuery.omit({ organisationId: true }),
        response: { 200: PersonList, ...errors },
      },
    },
    async (request) =>
      listPeople(deps, requireUser(request), { ...request.query, organisationId: request.params.id }),
  );

  app.get(
    '/users',
    {
      config: { access: USER_ADMINS },
      schema: {
        tags: ['users'],
        summary: 'Users who can log in: all for operator admins, the own organisation’s for partner admins',
        querystring: ListPeopleQuery,
        response: { 200: PersonList, ...errors },
      },
    },
    async (request) => listUsers(deps, requireUser(request), request.query),
  );

  app.post(
    '/users',
    {
      config: { access: USER_ADMINS },
      schema: {
        tags: ['users'],
        summary: 'Create a person; with roles and no password they get an invitation mail',
        body: CreateUserBody,
        response: { 201: Person, 409: ProblemResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createUser(deps, requireUser(request), request.body)),
  );

  app.patch(
    '/users/:id',
    {
      config: { access: USER_ADMINS },
      schema: {
        tags: ['users'],
        summary: 'Change a person’s roles, details or active flag (audited)',
        params: z.object({ id: z.uuid('must be a person id') }),
        body: UpdateUserBody,
        response: { 200: Person, ...errors },
      },
    },
    async (request) => updateUser(deps, requireUser(request), request.params.id, request.body),
  );
};
