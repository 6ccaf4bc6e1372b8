import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../../shared/roles';
import { requireUser } from '../../http/auth-guard';
import { ProblemResponse } from '../../http/problem-schema';
import type { Deps } from '../../shared/deps';
import { CaseSummary } from '../cases/schemas';
import { getHome } from './service';

const HomeCount = z.object({
  key: z.enum(['mine', 'unassigned', 'breaching', 'commitmentsDueToday', 'open', 'waitingOnMe']),
  count: z.number().int().nonnegative(),
  /** The GET /api/cases query parameters whose list this counts. */
  filter: z.record(z.string(), z.string()),
});

/** The home page of every logged-in user: its counts, open cases and (partners) leads. */
export const homeRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/home',
    {
      config: { access: ROLES },
      schema: {
        tags: ['home'],
        summary:
          'Counts for the home page (operator: mine, unassigned, breaching, commitments due today; partner and customer: open, waiting on them), each with the case list filter it counts; open cases; a partner’s open leads',
        response: {
          200: z.object({
            audience: z.enum(['operator', 'partner', 'customer']),
            counts: z.array(HomeCount),
            cases: z.array(CaseSummary),
            leads: z.object({ offered: z.number().int(), accepted: z.number().int() }).nullable(),
          }),
          401: ProblemResponse,
          403: ProblemResponse,
        },
      },
    },
    async (request) => getHome(deps, requireUser(request)),
  );
};
