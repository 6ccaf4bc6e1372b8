import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config';
import type { DatabaseContext } from './db/database';
import { registerAuthGuard } from './http/auth-guard';
import { registerErrorHandler } from './http/error-handler';
import { registerNulGuard } from './http/nul-guard';
import { requestIdGenerator } from './http/request-id';
import { registerSecurityHeaders } from './http/security-headers';
import { systemRoutes } from './http/system-routes';
import { auditRoutes } from './modules/audit/routes';
import { authRoutes } from './modules/auth/routes';
import { invoiceRequestRuleRoutes } from './modules/billing/invoice-requests/routes';
import { billingRoutes } from './modules/billing/routes';
import { billingFactsForLeakGuard } from './modules/billing/service';
import { caseSettingsRoutes } from './modules/cases/case-settings-routes';
import { caseCatalogRoutes } from './modules/cases/catalog-routes';
import { caseCountRoutes } from './modules/cases/count-routes';
import { caseFactRoutes } from './modules/cases/fact-routes';
import { caseFileRoutes } from './modules/cases/file-routes';
import { caseLinkRoutes } from './modules/cases/link-routes';
import { createLiveCaseChanges, type LiveCaseChanges } from './modules/cases/live';
import { caseRoutes } from './modules/cases/routes';
import { registerLeakFactsProvider } from './modules/cases/service';
import { statusLinkRoutes } from './modules/cases/status-link-routes';
import { caseStreamRoutes } from './modules/cases/stream-routes';
import { caseTimelineRoutes } from './modules/cases/timeline-routes';
import { channelRoutes } from './modules/channel/routes';
import { homeRoutes } from './modules/home/routes';
import { escalationRoutes } from './modules/mail/escalation-routes';
import { mailRoutes } from './modules/mail/routes';
import { monitoringRoutes } from './modules/monitoring/routes';
import { notificationRoutes } from './modules/notifications/routes';
import { organisationRoutes } from './modules/organisations/routes';
import { reportRoutes } from './modules/reports/routes';
import { returnRoutes } from './modules/returns/routes';
import { searchRoutes } from './modules/search/routes';
import { slaRoutes } from './modules/sla/routes';
import { surveyRoutes } from './modules/surveys/routes';
import { textModuleRoutes } from './modules/text-modules/routes';
import { triageRoutes } from './modules/triage/routes';
import { userRoutes } from './modules/users/routes';
import type { Clock } from './shared/clock';
import type { Deps } from './shared/deps';

export type AppOptions = {
  config: Config;
  database: DatabaseContext;
  clock: Clock;
  /** Directory with the built web app; defaults to dist/web in the project. */
  webRoot?: string;
  /** The live case bus, for callers that need it too (tests); by default the app creates one. The app closes it. */
  live?: LiveCaseChanges;
};

export type RegisteredRoute = { method: string; url: string };

declare module 'fastify' {
  interface FastifyInstance {
    registeredRoutes: RegisteredRoute[];
  }
}

const DEFAULT_WEB_ROOT = resolve(fileURLToPath(new URL('../../dist/web', import.meta.url)));

// Reset links carry their token in the query string; keep it out of the logs.
function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|access_token)=)[^&]*/gi, '$1[redacted]');
}

/** Builds the HTTP application: plugins, error handling, the auth guard and every module's routes. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, database, clock } = options;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      serializers: {
        req: (req: { method: string; url: string; ip?: string }) => ({
          method: req.method,
          url: redactUrl(req.url),
          remoteAddress: req.ip,
        }),
      },
    },
    // A proxy's x-request-id is taken only behind TRUST_PROXY and when well-formed (request-id.ts).
    genReqId: requestIdGenerator(config.trustProxy),
    requestIdHeader: false,
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    // Signed status-link tokens travel as a path parameter and are longer than the default 100.
    routerOptions: { maxParamLength: 500 },
  }).withTypeProvider<ZodTypeProvider>();

  // Every route, as registered; the authorisation matrix test checks each one.
  const registeredRoutes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat())
      registeredRoutes.push({ method: String(method), url: route.url });
  });
  app.decorate('registeredRoutes', registeredRoutes);

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', String(request.id));
  });

  // On PostgreSQL every instance LISTENs, so a change made through any instance reaches every stream.
  const live =
    options.live ??
    createLiveCaseChanges({
      dialect: database.dialect,
      postgresUrl: config.database.dialect === 'postgres' ? config.database.url : undefined,
    });
  app.addHook('onClose', async () => live.close());
  const deps: Deps = { db: database.db, dialect: database.dialect, clock, config, live };
  // The leak guard keeps a customer's block and amounts owed out of replies; billing knows them.
  registerLeakFactsProvider(billingFactsForLeakGuard);

  registerErrorHandler(app);
  await app.register(fastifyCookie);
  registerNulGuard(app);
  await registerSecurityHeaders(app, { https: config.publicUrl.startsWith('https://') });
  await app.register(fastifyRateLimit, { global: false });
  registerAuthGuard(app, deps);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'channeldesk API',
        version: '0.1.0',
        description:
          'Customer service for the IT sales channel. Authenticate with the session cookie (browser, plus x-csrf-token on changes) or an API token (Authorization: Bearer cd_…).',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'cd_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  await app.register(
    async (api) => {
      await api.register(systemRoutes, { database });
      await api.register(authRoutes, { deps });
      await api.register(userRoutes, { deps });
      await api.register(organisationRoutes, { deps });
      await api.register(channelRoutes, { deps });
      await api.register(billingRoutes, { deps });
      await api.register(invoiceRequestRuleRoutes, { deps });
      await api.register(auditRoutes, { deps });
      await api.register(caseCountRoutes, { deps });
      await api.register(homeRoutes, { deps });
      await api.register(searchRoutes, { deps });
      await api.register(caseRoutes, { deps });
      await api.register(caseTimelineRoutes, { deps });
      await api.register(caseFactRoutes, { deps });
      await api.register(caseLinkRoutes, { deps });
      await api.register(caseCatalogRoutes, { deps });
      await api.register(caseFileRoutes, { deps });
      await api.register(statusLinkRoutes, { deps });
      await api.register(surveyRoutes, { deps });
      await api.register(caseSettingsRoutes, { deps });
      await api.register(reportRoutes, { deps });
      await api.register(textModuleRoutes, { deps });
      await api.register(slaRoutes, { deps });
      await api.register(caseStreamRoutes, { deps });
      await api.register(mailRoutes, { deps });
      await api.register(escalationRoutes, { deps });
      await api.register(triageRoutes, { deps });
      await api.register(monitoringRoutes, { deps });
      await api.register(returnRoutes, { deps });
      await api.register(notificationRoutes, { deps });
      api.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
        app.swagger(),
      );
    },
    { prefix: '/api' },
  );

  await registerWebApp(app, options.webRoot ?? DEFAULT_WEB_ROOT);
  return app;
}

/** Serves the built web app and answers unknown non-API paths with index.html (client-side routing). */
async function registerWebApp(app: FastifyInstance, webRoot: string): Promise<void> {
  const built = existsSync(join(webRoot, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      index: false,
      cacheControl: false,
      // Vite names built assets by their content hash: they never change, so the browser keeps
      // them for a year without asking again. Everything else is checked on every load.
      setHeaders: (response, path) => {
        const hashed = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.\w+$/.test(path);
        // @fastify/static 10 hands over Fastify's reply here, although its types still name the raw response.
        (response as unknown as FastifyReply).header(
          'cache-control',
          hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  app.setNotFoundHandler(
    { preHandler: app.rateLimit({ max: 600, timeWindow: '1 minute' }) },
    async (request, reply) => {
      if (request.url.startsWith('/api') || (request.method !== 'GET' && request.method !== 'HEAD')) {
        return reply
          .status(404)
          .type('application/problem+json')
          .send({
            type: 'about:blank',
            title: 'Not found',
            status: 404,
            detail: `No route ${request.method} ${request.url.split('?')[0]}`,
            code: 'not_found',
            requestId: String(request.id),
          });
      }
      if (!built) {
        return reply
          .status(503)
          .type('text/plain; charset=utf-8')
          .send('The web app is not built yet: run `npm run build:web` (npm start does it for you).');
      }
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    },
  );
}
