import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FEED_SOURCE_MANAGE_ROLES, FEED_SOURCE_READ_ROLES, OPERATOR_ROLES } from '../../../shared/roles';
import { requireUser } from '../../http/auth-guard';
import { ProblemResponse } from '../../http/problem-schema';
import type { Deps } from '../../shared/deps';
import { CaseParams } from '../cases/route-schemas';
import { pollFeedSourceNow } from './poll';
import {
  CreateFeedSourceBody,
  FeedSource,
  MentionSuggestion,
  PollResult,
  UpdateFeedSourceBody,
} from './schemas';
import { createFeedSource, listFeedSources, updateFeedSource } from './sources';
import { listMentionSuggestions } from './suggestions';

const IdParams = z.object({ id: z.uuid('must be a feed source id') });
const errors = { 400: ProblemResponse, 401: ProblemResponse, 403: ProblemResponse, 404: ProblemResponse };

/** Feed sources (operator admin manages, agents read) and the link suggestions of mention cases. */
export const monitoringRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/feed-sources',
    {
      config: { access: FEED_SOURCE_READ_ROLES },
      schema: {
        tags: ['monitoring'],
        summary: 'The watched feeds with their state: last and next poll, error, mentions found',
        response: { 200: z.object({ items: z.array(FeedSource) }), ...errors },
      },
    },
    async (request) => ({ items: await listFeedSources(deps, requireUser(request)) }),
  );

  app.post(
    '/feed-sources',
    {
      config: { access: FEED_SOURCE_MANAGE_ROLES },
      schema: {
        tags: ['monitoring'],
        summary:
          'Watch a feed (RSS, Atom, JSON Feed) for the terms; polled at once, then every intervalMinutes. Private and loopback addresses are refused unless allowPrivateNetwork',
        body: CreateFeedSourceBody,
        response: { 201: FeedSource, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createFeedSource(deps, requireUser(request), request.body)),
  );

  app.patch(
    '/feed-sources/:id',
    {
      config: { access: FEED_SOURCE_MANAGE_ROLES },
      schema: {
        tags: ['monitoring'],
        summary: 'Change a feed source; a new URL or allowance clears the error state and polls at once',
        params: IdParams,
        body: UpdateFeedSourceBody,
        response: { 200: FeedSource, ...errors },
      },
    },
    async (request) => updateFeedSource(deps, requireUser(request), request.params.id, request.body),
  );

  app.post(
    '/feed-sources/:id/poll',
    {
      config: { access: FEED_SOURCE_MANAGE_ROLES },
      schema: {
        tags: ['monitoring'],
        summary:
          'Poll the feed now; answers with the outcome (ok, not_modified, error — the error is the source’s lastError) and the mention cases opened',
        params: IdParams,
        response: { 200: PollResult, ...errors },
      },
    },
    async (request) => pollFeedSourceNow(deps, requireUser(request), request.params.id),
  );

  app.get(
    '/cases/:id/mention-suggestions',
    {
      config: { access: OPERATOR_ROLES },
      schema: {
        tags: ['monitoring'],
        summary:
          'Existing cases a mention case may be about (by case number, e-mail domain or customer name)',
        params: CaseParams,
        response: { 200: z.object({ items: z.array(MentionSuggestion) }), ...errors },
      },
    },
    async (request) => ({
      items: await listMentionSuggestions(deps, requireUser(request), request.params.id),
    }),
  );
};
