// HTTP routes that relate cases to each other: links and merging a duplicate.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../http/auth-guard';
import type { Deps } from '../../shared/deps';
import { LINK_KINDS } from './case.table';
import { linkCases, mergeCase, unlinkCases } from './links';
import { checkMerge, MERGE_REFUSALS } from './merge-rules';
import { CaseParams, errors, OPERATOR } from './route-schemas';
import { CaseRef, CaseStatus, CreateLinkBody, MergeBody } from './schemas';

/** Linking and unlinking cases, and merging a duplicate into another case. */
export const caseLinkRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.post(
    '/cases/:id/links',
    {
      config: { access: OPERATOR },
      schema: {
        tags: ['cases'],
        summary: 'Link this case to another',
        params: CaseParams,
        body: CreateLinkBody,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await linkCases(deps, requireUser(request), request.params.id, request.body.kind, request.body.target);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/cases/:id/links/:kind/:target',
    {
      config: { access: OPERATOR },
      schema: {
        tags: ['cases'],
        summary: 'Remove a link',
        params: CaseParams.extend({ kind: z.enum(LINK_KINDS), target: CaseRef }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await unlinkCases(
        deps,
        requireUser(request),
        request.params.id,
        request.params.kind,
        request.params.target,
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/cases/:id/merge-check',
    {
      config: { access: OPERATOR },
      schema: {
        tags: ['cases'],
        summary:
          'Dry run of POST /cases/:id/merge: would merging into `target` work, and if not why (the merge applies the same rules); with a preview of the target',
        params: CaseParams,
        querystring: z.object({ target: CaseRef }),
        response: {
          200: z.object({
            possible: z.boolean(),
            refusal: z.enum(MERGE_REFUSALS).nullable(),
            target: z
              .object({
                id: z.string(),
                number: z.string(),
                subject: z.string(),
                status: CaseStatus,
                customer: z.object({ id: z.string(), name: z.string() }),
                lastActivityAt: z.string(),
              })
              .nullable(),
          }),
          ...errors,
        },
      },
    },
    async (request) => checkMerge(deps, requireUser(request), request.params.id, request.query.target),
  );

  app.post(
    '/cases/:id/merge',
    {
      config: { access: OPERATOR },
      schema: {
        tags: ['cases'],
        summary: 'Merge this duplicate into another case of the same customer; its number then redirects',
        params: CaseParams,
        body: MergeBody,
        response: { 200: z.object({ id: z.string(), number: z.string() }), ...errors },
      },
    },
    async (request) => mergeCase(deps, requireUser(request), request.params.id, request.body.into),
  );
};
