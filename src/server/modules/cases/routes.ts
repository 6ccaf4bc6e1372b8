// HTTP routes of the case record: list, open, read, change fields and tags.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../../shared/roles';
import { requireUser } from '../../http/auth-guard';
import { ProblemResponse } from '../../http/problem-schema';
import type { Deps } from '../../shared/deps';
import { getCase } from './case-detail';
import { createCase } from './create';
import { listCases } from './list';
import { CaseParams, errors, OPERATOR } from './route-schemas';
import {
  CaseDetail,
  CaseSummary,
  CreateCaseBody,
  ListCasesQuery,
  SetTagsBody,
  UpdateCaseBody,
} from './schemas';
import { setTags, updateCase } from './update';

/** A refused resolution: the open commitments it must say something about (409 `open_commitments`). */
const OpenCommitmentsProblemResponse = ProblemResponse.extend({
  commitments: z
    .array(z.object({ id: z.string(), description: z.string(), dueAt: z.string(), owner: z.string() }))
    .optional(),
});

/** The case record: the list, opening a case, reading it, changing its fields and tags. */
export const caseRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/cases',
    {
      config: { access: ROLES },
      schema: {
        tags: ['cases'],
        summary: 'Cases visible to the caller, filtered, sorted and paged by cursor',
        querystring: ListCasesQuery,
        response: {
          200: z.object({ items: z.array(CaseSummary), nextCursor: z.string().nullable() }),
          ...errors,
        },
      },
    },
    async (request) => listCases(deps, requireUser(request), request.query),
  );

  app.post(
    '/cases',
    {
      config: { access: ROLES },
      schema: {
        tags: ['cases'],
        summary: 'Open a case (customers for themselves, partners for their customers, agents for anyone)',
        body: CreateCaseBody,
        response: { 201: CaseDetail, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCase(deps, requireUser(request), request.body)),
  );

  app.get(
    '/cases/:id',
    {
      config: { access: ROLES },
      schema: {
        tags: ['cases'],
        summary:
          'One case as the caller may see it; a merged case redirects (308) to the case it was merged into',
        params: CaseParams,
        response: { 200: CaseDetail, 308: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const result = await getCase(deps, requireUser(request), request.params.id);
      if ('redirectTo' in result) {
        return reply.status(308).header('location', `/api/cases/${result.redirectTo.id}`).send(null);
      }
      return result;
    },
  );

  app.patch(
    '/cases/:id',
    {
      config: { access: OPERATOR },
      schema: {
        tags: ['cases'],
        summary:
          'Change status, priority, assignee, group, cause and other fields (each change is a timeline event)',
        description:
          'Setting status `resolved` or `closed` on a case with open commitments needs `commitments`: what becomes of each (`kept`, `dropped` with a `reason` the customer reads, or `carried_over`: still owed, escalated when missed). Without it the answer is 409 `open_commitments` with the open ones in `commitments`.',
        params: CaseParams,
        body: UpdateCaseBody,
        response: { 200: CaseDetail, ...errors, 409: OpenCommitmentsProblemResponse },
      },
    },
    async (request) => updateCase(deps, requireUser(request), request.params.id, request.body),
  );

  app.put(
    '/cases/:id/tags',
    {
      config: { access: OPERATOR },
      schema: {
        tags: ['cases'],
        summary: 'Replace the case’s tags',
        params: CaseParams,
        body: SetTagsBody,
        response: { 200: SetTagsBody, ...errors },
      },
    },
    async (request) => ({
      tags: await setTags(deps, requireUser(request), request.params.id, request.body.tags),
    }),
  );
};
