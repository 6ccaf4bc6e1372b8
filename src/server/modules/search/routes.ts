import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../../shared/roles';
import { requireUser } from '../../http/auth-guard';
import { ProblemResponse } from '../../http/problem-schema';
import type { Deps } from '../../shared/deps';
import { CaseSummary } from '../cases/schemas';
import { searchCases } from './quick-search';

/** The header's search box: the case a number names, and the first matches of the words. */
export const searchRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/search',
    {
      config: { access: ROLES },
      schema: {
        tags: ['search'],
        summary:
          'Search the caller’s cases: `exact` is the one case a number names (CD-2026-000063, 63, CD-63), else null; `items` the first matches, as GET /api/cases?q= lists them',
        querystring: z.object({ q: z.string().trim().min(1).max(200) }),
        response: {
          200: z.object({
            exact: z.object({ id: z.string(), number: z.string() }).nullable(),
            items: z.array(CaseSummary),
          }),
          400: ProblemResponse,
          401: ProblemResponse,
          403: ProblemResponse,
        },
      },
    },
    async (request) => searchCases(deps, requireUser(request), request.query.q),
  );
};
