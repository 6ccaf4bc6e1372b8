import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../../http/auth-guard';
import { ProblemResponse } from '../../../http/problem-schema';
import type { Deps } from '../../../shared/deps';
import {
  createInvoiceRequestRule,
  deleteInvoiceRequestRule,
  INVOICE_REQUEST_RULE_ROLES,
  listInvoiceRequestRules,
  updateInvoiceRequestRule,
} from './rules';
import {
  CreateInvoiceRequestRuleBody,
  InvoiceRequestRule,
  InvoiceRequestRuleParams,
  UpdateInvoiceRequestRuleBody,
} from './schemas';

const errors = { 400: ProblemResponse, 401: ProblemResponse, 403: ProblemResponse, 404: ProblemResponse };

/** The keyword rules that recognise an emailed invoice request (billing clerks and operator admins). */
export const invoiceRequestRuleRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/billing/invoice-request-rules',
    {
      config: { access: INVOICE_REQUEST_RULE_ROLES },
      schema: {
        tags: ['billing'],
        summary: 'Keyword rules that make an inbound mail from a customer an invoice request, in order',
        response: { 200: z.object({ items: z.array(InvoiceRequestRule) }), ...errors },
      },
    },
    async (request) => listInvoiceRequestRules(deps, requireUser(request)),
  );

  app.post(
    '/billing/invoice-request-rules',
    {
      config: { access: INVOICE_REQUEST_RULE_ROLES },
      schema: {
        tags: ['billing'],
        summary:
          'Add a rule (audited): every word group must occur in the mail, each by one of its words (whole words, case and umlaut spelling ignored)',
        body: CreateInvoiceRequestRuleBody,
        response: { 201: InvoiceRequestRule, ...errors },
      },
    },
    async (request, reply) => {
      const created = await createInvoiceRequestRule(deps, requireUser(request), request.body);
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/billing/invoice-request-rules/:id',
    {
      config: { access: INVOICE_REQUEST_RULE_ROLES },
      schema: {
        tags: ['billing'],
        summary: 'Change a rule (audited; fields left out keep their value); `active: false` deactivates it',
        params: InvoiceRequestRuleParams,
        body: UpdateInvoiceRequestRuleBody,
        response: { 200: InvoiceRequestRule, ...errors },
      },
    },
    async (request) => updateInvoiceRequestRule(deps, requireUser(request), request.params.id, request.body),
  );

  app.delete(
    '/billing/invoice-request-rules/:id',
    {
      config: { access: INVOICE_REQUEST_RULE_ROLES },
      schema: {
        tags: ['billing'],
        summary: 'Delete a rule (audited)',
        params: InvoiceRequestRuleParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await deleteInvoiceRequestRule(deps, requireUser(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
