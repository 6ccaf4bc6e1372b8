import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OPERATOR_ROLES } from '../../../shared/roles';
import { requireUser } from '../../http/auth-guard';
import { ProblemResponse } from '../../http/problem-schema';
import type { Deps } from '../../shared/deps';
import { countCases } from './counts';

const OPERATOR = OPERATOR_ROLES;
const Count = z.number().int().nonnegative();

/** The agent workspace's inbox counters (the web app refetches them on each live `case` event). */
export const caseCountRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/cases/counts',
    {
      config: { access: OPERATOR },
      schema: {
        tags: ['cases'],
        summary: 'Inbox counters: mine, unassigned, my groups (active cases), breaching, waiting, all',
        response: {
          200: z.object({
            mine: Count,
            unassigned: Count,
            myGroups: Count,
            breaching: Count,
            waiting: Count,
            all: Count,
          }),
          401: ProblemResponse,
          403: ProblemResponse,
        },
      },
    },
    async (request) => countCases(deps, requireUser(request)),
  );
};
