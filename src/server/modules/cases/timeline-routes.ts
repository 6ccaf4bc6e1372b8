// HTTP routes of a case's conversation: reading the timeline and adding messages.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../../shared/roles';
import { requireUser } from '../../http/auth-guard';
import { InternalDataProblemResponse } from '../../http/problem-schema';
import type { Deps } from '../../shared/deps';
import { addMessage } from './messages';
import { CaseParams, Created, errors } from './route-schemas';
import { AddMessageBody, TimelineEntry } from './schemas';
import { getTimeline } from './timeline';

/** The timeline as the caller may see it, and a new message on it. */
export const caseTimelineRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/cases/:id/timeline',
    {
      config: { access: ROLES },
      schema: {
        tags: ['cases'],
        summary:
          'Messages and events in order; internal entries only for the operator, partner entries for partners. A merged duplicate answers with the history of the case it was merged into',
        params: CaseParams,
        response: { 200: z.object({ items: z.array(TimelineEntry) }), ...errors },
      },
    },
    async (request) => ({ items: await getTimeline(deps, requireUser(request), request.params.id) }),
  );

  app.post(
    '/cases/:id/messages',
    {
      config: { access: ROLES },
      schema: {
        tags: ['cases'],
        summary: 'Add a message: a reply (public), a note to the partner (partner) or an internal note',
        description:
          "A public reply by the operator or a partner passes the leak guard first: text of an internal note, the customer's billing state or another customer's name or number answer 422 (type …/internal-data) with `findings`; an operator admin may send it anyway with `override: { reason }` (audited).",
        params: CaseParams,
        body: AddMessageBody,
        response: { 201: Created, ...errors, 422: InternalDataProblemResponse },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await addMessage(deps, requireUser(request), request.params.id, request.body, {
          leakGuard: { override: request.body.override },
        }),
      ),
  );
};
