import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TokenScope } from '../modules/auth/auth.table';
import { authenticateApiToken, authenticateSession, organisationInactive } from '../modules/auth/service';
import type { Role } from '../modules/users/person.table';
import { AppError } from '../shared/app-error';
import type { Deps } from '../shared/deps';
import type { UserScope } from '../shared/scope';

/**
 * Who may call a route: anyone, any logged-in user, or users holding one of the roles.
 * Every /api route must declare it; the app refuses to start otherwise.
 */
export type Access = 'public' | 'authenticated' | readonly Role[];

export const SESSION_COOKIE = 'cd_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    scope: UserScope | null;
    session: { id: string; csrfToken: string } | null;
    tokenScopes: TokenScope[] | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The caller's scope; throws 401 when the route was reached without a user (public routes). */
export function requireUser(request: FastifyRequest): UserScope {
  if (!request.scope) throw new AppError('unauthenticated', 'Please log in');
  return request.scope;
}

export function registerAuthGuard(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('scope', null);
  app.decorateRequest('session', null);
  app.decorateRequest('tokenScopes', null);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    if (route.url.startsWith('/api/docs')) {
      route.config = { ...route.config, access: 'public' };
      return;
    }
    if (route.config?.access === undefined) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares no access rule`);
    }
  });

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === undefined) return; // static files and the web app

    const authorization = request.headers.authorization;
    // A session of a deactivated organisation is refused with its own reason, except where
    // no login is needed at all (the login form itself, public pages).
    let organisationDeactivated = false;
    if (authorization?.startsWith('Bearer ')) {
      const resolved = await authenticateApiToken(deps, authorization.slice(7).trim());
      if (!resolved.ok) {
        if (resolved.reason === 'organisation_inactive') throw organisationInactive();
        throw new AppError('unauthenticated', 'The API token is unknown, expired or revoked');
      }
      request.scope = { ...resolved.scope, requestId: String(request.id) };
      request.tokenScopes = resolved.tokenScopes;
    } else {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) {
        const session = await authenticateSession(deps, cookie);
        if (session.ok) {
          request.scope = { ...session.scope, requestId: String(request.id) };
          request.session = { id: session.sessionId, csrfToken: session.csrfToken };
        } else {
          organisationDeactivated = session.reason === 'organisation_inactive';
        }
      }
    }

    if (access === 'public') return;
    if (!request.scope) {
      if (organisationDeactivated) throw organisationInactive();
      throw new AppError('unauthenticated', 'Please log in');
    }
    if (access !== 'authenticated' && !request.scope.roles.some((role) => access.includes(role))) {
      throw new AppError('forbidden', 'Your role does not allow this action');
    }
    if (!SAFE_METHODS.has(request.method)) {
      if (request.tokenScopes && !request.tokenScopes.includes('write')) {
        throw new AppError('forbidden', 'This API token is read-only; create one with the "write" scope');
      }
      // Cookies are sent by the browser on its own; the header proves the request came from our page.
      if (request.session && request.headers[CSRF_HEADER] !== request.session.csrfToken) {
        throw new AppError('forbidden', 'CSRF token missing or wrong: reload the page and try again');
      }
    }
  });
}
