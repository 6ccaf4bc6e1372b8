import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DatabaseContext } from '../db/database';
import { ping } from '../db/dialect';
import { pendingMigrations } from '../db/migrate';

export const systemRoutes: FastifyPluginAsyncZod<{ database: DatabaseContext }> = async (
  app,
  { database },
) => {
  app.get(
    '/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['operations'],
        summary: 'Liveness: the process answers',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      config: { access: 'public' },
      schema: {
        tags: ['operations'],
        summary: 'Readiness: the database answers and its schema is current',
        response: {
          200: z.object({ status: z.literal('ready'), dialect: z.string() }),
          503: z.object({ status: z.literal('not_ready'), reason: z.string() }),
        },
      },
    },
    async (_request, reply) => {
      try {
        await ping(database.db);
        const pending = await pendingMigrations(database.db, database.dialect);
        if (pending.length > 0) {
          return reply
            .status(503)
            .send({ status: 'not_ready' as const, reason: `${pending.length} migrations pending` });
        }
      } catch {
        return reply.status(503).send({ status: 'not_ready' as const, reason: 'database unreachable' });
      }
      return { status: 'ready' as const, dialect: database.dialect };
    },
  );
};
