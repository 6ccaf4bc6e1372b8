import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OPERATOR_ROLES } from '../../../shared/roles';
import { requireUser } from '../../http/auth-guard';
import { ProblemResponse } from '../../http/problem-schema';
import type { Deps } from '../../shared/deps';
import { CaseType, Priority } from '../cases/schemas';
import { createSlaPolicy, listSlaPolicies, orderSlaPolicies, updateSlaPolicy } from './service';

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM');
const Calendar = z.object({
  timeZone: z.string().min(1).describe('IANA time zone, e.g. Europe/Berlin'),
  hours: z
    .partialRecord(z.enum(['1', '2', '3', '4', '5', '6', '7']), z.array(z.tuple([Time, Time])))
    .describe('ISO weekday (1 = Monday) → opening intervals [start, end)'),
  holidayState: z
    .string()
    .nullable()
    .describe('German state code (NI, BY …), DE for nationwide holidays only, or null'),
  closedDates: z.array(z.iso.date()).optional(),
});
const Minutes = z.number().int().min(1).max(525_600).nullable();
const PolicyBody = z.object({
  name: z.string().trim().min(2).max(100),
  position: z.number().int().min(0).max(10_000).optional(),
  caseType: CaseType.nullable().optional(),
  priority: Priority.nullable().optional(),
  customerTier: z.string().trim().max(50).nullable().optional(),
  firstResponseMinutes: Minutes.optional(),
  silenceMinutes: Minutes.optional(),
  resolutionMinutes: Minutes.optional(),
  warnBeforeMinutes: z.number().int().min(0).max(10_000).optional(),
  calendar: Calendar.optional(),
  active: z.boolean().optional(),
});
const Policy = PolicyBody.extend({ id: z.string() }).required({ name: true });
const errors = { 400: ProblemResponse, 401: ProblemResponse, 403: ProblemResponse, 404: ProblemResponse };

export const slaRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/sla-policies',
    {
      config: { access: OPERATOR_ROLES },
      schema: {
        tags: ['sla'],
        summary: 'SLA policies in the order they are tried',
        response: { 200: z.object({ items: z.array(Policy) }), ...errors },
      },
    },
    async () => ({ items: (await listSlaPolicies(deps)) as z.infer<typeof Policy>[] }),
  );

  app.post(
    '/sla-policies',
    {
      config: { access: ['operator_admin'] },
      schema: {
        tags: ['sla'],
        summary: 'Create an SLA policy: targets in business minutes on a business-hours calendar',
        body: PolicyBody,
        response: { 201: Policy, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          (await createSlaPolicy(deps, requireUser(request), request.body as never)) as z.infer<
            typeof Policy
          >,
        ),
  );

  app.put(
    '/sla-policies/order',
    {
      config: { access: ['operator_admin'] },
      schema: {
        tags: ['sla'],
        summary:
          'Set the order in which policies are tried (ids: every policy once, first tried first); answers the list',
        body: z.object({ ids: z.array(z.uuid()).min(1).max(500) }),
        response: { 200: z.object({ items: z.array(Policy) }), ...errors },
      },
    },
    async (request) => ({
      items: (await orderSlaPolicies(deps, requireUser(request), request.body.ids)) as z.infer<
        typeof Policy
      >[],
    }),
  );

  app.patch(
    '/sla-policies/:id',
    {
      config: { access: ['operator_admin'] },
      schema: {
        tags: ['sla'],
        summary: 'Change an SLA policy (applies to clocks created or re-targeted afterwards)',
        params: z.object({ id: z.uuid() }),
        body: PolicyBody.partial().refine(
          (value) => Object.values(value).some((field) => field !== undefined),
          'change at least one field',
        ),
        response: { 200: Policy, ...errors },
      },
    },
    async (request) =>
      (await updateSlaPolicy(
        deps,
        requireUser(request),
        request.params.id,
        request.body as never,
      )) as z.infer<typeof Policy>,
  );
};
