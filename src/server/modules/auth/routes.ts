import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CSRF_HEADER, requireUser, SESSION_COOKIE } from '../../http/auth-guard';
import { ProblemResponse } from '../../http/problem-schema';
import type { Deps } from '../../shared/deps';
import { OPERATOR_ROLES, PARTNER_ROLES } from '../users/person.table';
import { Me } from '../users/schemas';
import { getMe } from '../users/service';
import { TOKEN_SCOPES } from './auth.table';
import { prepareDummyHash } from './password';
import {
  confirmPasswordReset,
  createApiToken,
  listApiTokens,
  login,
  logout,
  logoutEverywhere,
  requestPasswordReset,
  revokeApiToken,
} from './service';

// Limits the web app states next to its inputs and checks before sending (the server checks again).
const SessionResponse = z.object({
  user: Me,
  csrfToken: z.string(),
  limits: z.object({ attachmentMaxBytes: z.number() }),
});
const ApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(TOKEN_SCOPES)),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
const TOKEN_ROLES = [...OPERATOR_ROLES, ...PARTNER_ROLES];

export const authRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const secureCookie = deps.config.publicUrl.startsWith('https://');
  const limits = () => ({ attachmentMaxBytes: deps.config.cases.attachmentMaxBytes });
  await prepareDummyHash();

  app.post(
    '/auth/login',
    {
      config: {
        access: 'public',
        rateLimit: { max: deps.config.login.rateLimitPerMinute, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary: 'Log in with e-mail and password; sets the session cookie',
        body: z.object({
          email: z.email('must be an e-mail address'),
          password: z.string().min(1, 'is required').max(200),
        }),
        response: {
          200: SessionResponse,
          400: ProblemResponse,
          401: ProblemResponse,
          429: ProblemResponse,
        },
      },
    },
    async (request, reply) => {
      const result = await login(deps, {
        email: request.body.email,
        password: request.body.password,
        userAgent: request.headers['user-agent'],
      });
      reply.setCookie(SESSION_COOKIE, result.sessionToken, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookie,
        expires: result.expiresAt,
      });
      return { user: await getMe(deps, result.scope), csrfToken: result.csrfToken, limits: limits() };
    },
  );

  app.get(
    '/auth/session',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'The logged-in user and the CSRF token for this session',
        response: { 200: SessionResponse, 401: ProblemResponse },
      },
    },
    async (request) => ({
      user: await getMe(deps, requireUser(request)),
      csrfToken: request.session?.csrfToken ?? '',
      limits: limits(),
    }),
  );

  app.post(
    '/auth/logout',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'End this session',
        response: { 204: z.null(), 401: ProblemResponse },
      },
    },
    async (request, reply) => {
      if (request.session) await logout(deps, request.session.id);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/logout-all',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'End every session of the user',
        response: { 204: z.null(), 401: ProblemResponse },
      },
    },
    async (request, reply) => {
      await logoutEverywhere(deps, requireUser(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/password-reset/request',
    {
      config: { access: 'public', rateLimit: { max: 5, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary:
          'Mail a signed link to choose a new password (answers 202 whether or not the e-mail is known)',
        body: z.object({ email: z.email('must be an e-mail address') }),
        response: {
          202: z.object({ status: z.literal('accepted') }),
          400: ProblemResponse,
          429: ProblemResponse,
        },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(deps, request.body.email);
      return reply.status(202).send({ status: 'accepted' as const });
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Set a new password with the token from the mailed link',
        body: z.object({ token: z.string().min(1).max(2000), password: z.string().max(200) }),
        response: { 204: z.null(), 400: ProblemResponse },
      },
    },
    async (request, reply) => {
      await confirmPasswordReset(deps, request.body.token, request.body.password);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api-tokens',
    {
      config: { access: TOKEN_ROLES },
      schema: {
        tags: ['auth'],
        summary: 'The caller’s API tokens (without secrets)',
        response: {
          200: z.object({ items: z.array(ApiTokenSchema) }),
          401: ProblemResponse,
          403: ProblemResponse,
        },
      },
    },
    async (request) => ({ items: await listApiTokens(deps, requireUser(request)) }),
  );

  app.post(
    '/api-tokens',
    {
      config: { access: TOKEN_ROLES },
      schema: {
        tags: ['auth'],
        summary: 'Create an API token; the secret is in the response once and never again',
        body: z.object({
          name: z.string().trim().min(1, 'is required').max(100),
          scopes: z.array(z.enum(TOKEN_SCOPES)).min(1, 'needs at least one scope'),
          expiresInDays: z.number().int().min(1).max(3650).optional(),
        }),
        response: {
          201: ApiTokenSchema.extend({ token: z.string() }),
          400: ProblemResponse,
          401: ProblemResponse,
          403: ProblemResponse,
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createApiToken(deps, requireUser(request), request.body)),
  );

  app.delete(
    '/api-tokens/:id',
    {
      config: { access: TOKEN_ROLES },
      schema: {
        tags: ['auth'],
        summary: 'Revoke one of the caller’s API tokens',
        params: z.object({ id: z.uuid('must be an API token id') }),
        response: {
          204: z.null(),
          400: ProblemResponse,
          401: ProblemResponse,
          403: ProblemResponse,
          404: ProblemResponse,
        },
      },
    },
    async (request, reply) => {
      await revokeApiToken(deps, requireUser(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};

export { CSRF_HEADER };
