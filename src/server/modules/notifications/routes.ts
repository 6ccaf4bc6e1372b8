import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NOTIFICATION_KINDS, OPTIONAL_NOTIFICATION_KINDS } from '../../../shared/notifications';
import { requireUser } from '../../http/auth-guard';
import { ProblemResponse } from '../../http/problem-schema';
import type { Deps } from '../../shared/deps';
import {
  getNotificationPreferences,
  listNotifications,
  markNotificationsRead,
  setNotificationPreferences,
} from './service';

const errors = { 400: ProblemResponse, 401: ProblemResponse };

const NotificationList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(NOTIFICATION_KINDS),
      caseId: z.string(),
      caseNumber: z.string(),
      caseSubject: z.string(),
      data: z
        .record(z.string(), z.unknown())
        .describe('what the notice shows: a commitment’s description and due time, a decision, an excerpt'),
      createdAt: z.string(),
      read: z.boolean(),
    }),
  ),
  unread: z.number().int(),
});

const MailChoices = z.object(
  Object.fromEntries(OPTIONAL_NOTIFICATION_KINDS.map((kind) => [kind, z.boolean()])) as Record<
    (typeof OPTIONAL_NOTIFICATION_KINDS)[number],
    z.ZodBoolean
  >,
);
const Preferences = z.object({
  mail: MailChoices.describe('per optional kind: true = also by mail; essential notices always mail'),
});

/** The caller's own notices (the bell) and mail preferences: every signed-in user has them. */
export const notificationRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/notifications',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: 'The caller’s latest 50 notifications, newest first, and the unread count',
        response: { 200: NotificationList, ...errors },
      },
    },
    async (request) => listNotifications(deps, requireUser(request)),
  );
  app.post(
    '/notifications/read',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: 'Mark the caller’s notifications as read: the given ids, or all without ids',
        body: z.object({ ids: z.array(z.uuid('must be a notification id')).max(200).optional() }),
        response: { 200: z.object({ marked: z.number().int() }), ...errors },
      },
    },
    async (request) => markNotificationsRead(deps, requireUser(request), request.body.ids),
  );
  app.get(
    '/me/notification-preferences',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: 'Which optional notifications the caller also gets by mail',
        response: { 200: Preferences, ...errors },
      },
    },
    async (request) => getNotificationPreferences(deps, requireUser(request)),
  );
  app.put(
    '/me/notification-preferences',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: 'Turn mail for optional notifications on or off; kinds not named keep their setting',
        body: z.object({ mail: MailChoices.partial().strict() }),
        response: { 200: Preferences, ...errors },
      },
    },
    async (request) => setNotificationPreferences(deps, requireUser(request), request.body.mail),
  );
};
