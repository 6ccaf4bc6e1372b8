import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OPERATOR_ROLES, type Role } from '../../../shared/roles';
import { requireUser } from '../../http/auth-guard';
import { ProblemResponse } from '../../http/problem-schema';
import type { Deps } from '../../shared/deps';
import {
  DismissBulkBody,
  dismissBulkMail,
  dismissInboundMail,
  FileMailBody,
  fileInboundMail,
  getInboundMail,
  InboundMailDetail,
  InboundMailQuery,
  InboundMailSummary,
  listInboundMail,
  readRawMail,
} from './inbound-queue';
import {
  createMailbox,
  listMailboxes,
  Mailbox,
  MailboxInput,
  MailboxUpdate,
  updateMailbox,
} from './mailboxes';
import {
  confirmSender,
  listSendersForReview,
  MoveSenderBody,
  moveSender,
  SenderForReview,
  SenderReviewQuery,
} from './sender-review';

const OPERATOR = OPERATOR_ROLES;
// Filing a mail writes to a case; the roles that work cases do it.
const FILES_MAIL: readonly Role[] = ['operator_admin', 'agent'];
const ADMIN: readonly Role[] = ['operator_admin'];

const errors = {
  400: ProblemResponse,
  401: ProblemResponse,
  403: ProblemResponse,
  404: ProblemResponse,
  409: ProblemResponse,
};
const IdParams = z.object({ id: z.uuid('must be an id') });

/** Mailboxes and the inbound mail: what arrived, why it went where it went, and the queue to work off. */
export const mailRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/mailboxes',
    {
      config: { access: OPERATOR },
      schema: {
        tags: ['mail'],
        summary: 'The mailboxes the intake takes mail for (IMAP passwords are never returned)',
        response: { 200: z.object({ items: z.array(Mailbox) }), ...errors },
      },
    },
    async () => ({ items: await listMailboxes(deps) }),
  );

  app.post(
    '/mailboxes',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['mail'],
        summary: 'Add a mailbox (SMTP listener and/or IMAP polling)',
        body: MailboxInput,
        response: { 201: Mailbox, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createMailbox(deps, requireUser(request), request.body)),
  );

  app.patch(
    '/mailboxes/:id',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['mail'],
        summary: 'Change a mailbox; an omitted imapUrl keeps the stored one, null removes it',
        params: IdParams,
        body: MailboxUpdate,
        response: { 200: Mailbox, ...errors },
      },
    },
    async (request) => updateMailbox(deps, requireUser(request), request.params.id, request.body),
  );

  app.get(
    '/inbound-mail',
    {
      config: { access: OPERATOR },
      schema: {
        tags: ['mail'],
        summary: 'Received mail, newest first, with how and why it was filed; paged by cursor',
        querystring: InboundMailQuery,
        response: {
          200: z.object({
            items: z.array(InboundMailSummary),
            nextCursor: z.string().nullable(),
            needsAttention: z.number(),
            /** Newsletters and list mail waiting in the bulk queue. */
            bulk: z.number(),
          }),
          ...errors,
        },
      },
    },
    async (request) => listInboundMail(deps, request.query),
  );

  app.get(
    '/inbound-mail/:id',
    {
      config: { access: OPERATOR },
      schema: {
        tags: ['mail'],
        summary: 'One received mail with its envelope and the auto-reply decision',
        params: IdParams,
        response: { 200: InboundMailDetail, ...errors },
      },
    },
    async (request) => getInboundMail(deps, request.params.id),
  );

  app.get(
    '/inbound-mail/:id/raw',
    {
      config: { access: OPERATOR },
      schema: {
        tags: ['mail'],
        summary: 'The mail exactly as it arrived, as an .eml download',
        params: IdParams,
      },
    },
    async (request, reply) => {
      const raw = await readRawMail(deps, request.params.id);
      return (
        reply
          .type('message/rfc822')
          .header('content-length', raw.length)
          .header('content-disposition', `attachment; filename="${request.params.id}.eml"`)
          .header('x-content-type-options', 'nosniff')
          // Never rendered by the browser: a mail is the sender's content, not ours.
          .header('content-security-policy', "default-src 'none'; sandbox")
          .send(raw)
      );
    },
  );

  app.post(
    '/inbound-mail/:id/file',
    {
      config: { access: FILES_MAIL },
      schema: {
        tags: ['mail'],
        summary:
          'File a needs-attention mail: into an existing case as an internal note ({ caseNumber }) or as a new case ({ customerId })',
        params: IdParams,
        body: FileMailBody,
        response: { 200: z.object({ caseId: z.string(), caseNumber: z.string() }), ...errors },
      },
    },
    async (request) => fileInboundMail(deps, requireUser(request), request.params.id, request.body),
  );

  app.post(
    '/inbound-mail/:id/dismiss',
    {
      config: { access: FILES_MAIL },
      schema: {
        tags: ['mail'],
        summary: 'Take a needs-attention mail out of the queue without filing it (audited)',
        params: IdParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await dismissInboundMail(deps, requireUser(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/inbound-mail/bulk/dismiss',
    {
      config: { access: FILES_MAIL },
      schema: {
        tags: ['mail'],
        summary:
          'Empty the bulk queue (newsletters, list mail) in one go, up to receivedUpTo when given (audited)',
        body: DismissBulkBody,
        response: { 200: z.object({ dismissed: z.number() }), ...errors },
      },
    },
    async (request) => dismissBulkMail(deps, requireUser(request), request.body ?? {}),
  );

  app.get(
    '/mail-senders/review',
    {
      config: { access: OPERATOR },
      schema: {
        tags: ['mail'],
        summary:
          'Senders whose organisation needs a look (new addresses, mail into another customer’s case), oldest first',
        querystring: SenderReviewQuery,
        response: {
          200: z.object({
            items: z.array(SenderForReview),
            nextCursor: z.string().nullable(),
            total: z.number(),
          }),
          ...errors,
        },
      },
    },
    async (request) => listSendersForReview(deps, request.query),
  );

  app.post(
    '/mail-senders/:id/move',
    {
      config: { access: FILES_MAIL },
      schema: {
        tags: ['mail'],
        summary:
          'Move a sender to the organisation they belong to (customer, partner or third party) and off the review list',
        params: IdParams,
        body: MoveSenderBody,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await moveSender(deps, requireUser(request), request.params.id, request.body.organisationId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/mail-senders/:id/confirm',
    {
      config: { access: FILES_MAIL },
      schema: {
        tags: ['mail'],
        summary: 'The sender’s organisation is right: take them off the review list',
        params: IdParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await confirmSender(deps, requireUser(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
