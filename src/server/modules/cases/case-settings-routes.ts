import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../http/auth-guard';
import type { Deps } from '../../shared/deps';
import { CASE_SETTINGS_MANAGE_ROLES, getCaseSettings, updateCaseSettings } from './case-settings';
import { errors, OPERATOR } from './route-schemas';

const CaseSettingsSchema = z.object({
  causeRequiredToResolve: z.boolean().describe('a case is resolved only with a cause'),
  updatedAt: z.string().nullable().describe('null until first saved'),
});

/** The operator's case settings: read by every operator role (the resolve form asks), changed by an admin. */
export const caseSettingsRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/settings/cases',
    {
      config: { access: OPERATOR },
      schema: {
        tags: ['cases'],
        summary: 'Case settings: whether a cause is required to resolve',
        response: { 200: CaseSettingsSchema, ...errors },
      },
    },
    async () => getCaseSettings(deps),
  );
  app.put(
    '/settings/cases',
    {
      config: { access: [...CASE_SETTINGS_MANAGE_ROLES] },
      schema: {
        tags: ['cases'],
        summary: 'Change the case settings (audited)',
        body: z.object({ causeRequiredToResolve: z.boolean().optional() }),
        response: { 200: CaseSettingsSchema, ...errors },
      },
    },
    async (request) => updateCaseSettings(deps, requireUser(request), request.body),
  );
};
