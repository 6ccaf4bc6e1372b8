import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CUSTOMER_ROLES, OPERATOR_ROLES } from '../../../shared/roles';
import { requireUser } from '../../http/auth-guard';
import { ProblemResponse } from '../../http/problem-schema';
import type { Deps } from '../../shared/deps';
import { createStatusLink, listStatusLinks, publicCaseStatus, revokeStatusLink } from './status-link';

// Status links belong to the customer: the operator's staff and the customer's users manage them.
const LINK_MANAGERS = [...OPERATOR_ROLES, ...CUSTOMER_ROLES];

const errors = {
  400: ProblemResponse,
  401: ProblemResponse,
  403: ProblemResponse,
  404: ProblemResponse,
};
const CaseParams = z.object({ id: z.string().min(1).max(64).describe('case id or number (CD-2026-000123)') });

export const StatusLinkSchema = z.object({
  id: z.string(),
  url: z.string().nullable().describe('the link while it works; null once expired or revoked'),
  origin: z.enum(['manual', 'reply_mail', 'auto_reply']),
  createdAt: z.string(),
  createdBy: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
  state: z.enum(['active', 'expired', 'revoked']),
});

/** Signed links to a case's public status page: create, list, revoke; and the page itself (no login). */
export const statusLinkRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const create = {
    config: { access: LINK_MANAGERS },
    schema: {
      tags: ['cases'],
      summary: 'A signed link (30 days) to the case’s public status page, to send or pass on',
      params: CaseParams,
      response: { 201: StatusLinkSchema, ...errors },
    },
  };
  app.post('/cases/:id/status-links', create, async (request, reply) =>
    reply.status(201).send(await createStatusLink(deps, requireUser(request), request.params.id)),
  );
  // The first name of the route; kept for clients that use it.
  app.post('/cases/:id/status-link', create, async (request, reply) =>
    reply.status(201).send(await createStatusLink(deps, requireUser(request), request.params.id)),
  );

  app.get(
    '/cases/:id/status-links',
    {
      config: { access: LINK_MANAGERS },
      schema: {
        tags: ['cases'],
        summary: 'The case’s status links, newest first, with whether each still works',
        params: CaseParams,
        response: { 200: z.object({ items: z.array(StatusLinkSchema) }), ...errors },
      },
    },
    async (request) => ({ items: await listStatusLinks(deps, requireUser(request), request.params.id) }),
  );

  app.delete(
    '/cases/:id/status-links/:linkId',
    {
      config: { access: LINK_MANAGERS },
      schema: {
        tags: ['cases'],
        summary: 'Revoke a status link: it then answers 410 with code status_link_revoked',
        params: CaseParams.extend({ linkId: z.uuid() }),
        response: { 200: StatusLinkSchema, ...errors },
      },
    },
    async (request) => revokeStatusLink(deps, requireUser(request), request.params.id, request.params.linkId),
  );

  app.get(
    '/public/case-status/:token',
    {
      config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['cases'],
        summary: 'The public view of one case behind a signed status link (no login)',
        params: z.object({ token: z.string().min(1).max(2000) }),
        response: {
          200: z.object({
            number: z.string(),
            subject: z.string(),
            type: z.string(),
            status: z.string(),
            createdAt: z.string(),
            updatedAt: z.string(),
            facts: z.array(z.object({ label: z.string(), value: z.string(), state: z.string() })),
            commitments: z.array(
              z.object({ description: z.string(), dueAt: z.string(), status: z.string() }),
            ),
            decisions: z.array(
              z.object({
                outcome: z.string(),
                policy: z.string(),
                conditions: z.string().nullable(),
                decidedAt: z.string(),
              }),
            ),
            timeline: z.array(
              z.object({
                at: z.string(),
                kind: z.string(),
                author: z.string(),
                body: z.string().optional(),
                type: z.string().optional(),
                data: z.record(z.string(), z.unknown()).optional(),
              }),
            ),
          }),
          404: ProblemResponse,
          410: ProblemResponse.describe('the link was revoked (code status_link_revoked)'),
          429: ProblemResponse,
        },
      },
    },
    async (request) => publicCaseStatus(deps, request.params.token),
  );
};
