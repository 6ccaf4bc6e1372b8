import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PAYMENT_IMPORT_MAX_BYTES } from '../../../../shared/payments';
import { requireUser } from '../../../http/auth-guard';
import { ProblemResponse } from '../../../http/problem-schema';
import { AppError } from '../../../shared/app-error';
import type { Deps } from '../../../shared/deps';
import {
  AllocatePaymentBody,
  CreatePaymentBody,
  IgnorePaymentBody,
  ImportResult,
  OpenInvoice,
  OpenInvoicesQuery,
  Payment,
  PaymentListQuery,
  PaymentParams,
} from './schemas';
import {
  allocatePayment,
  createPayment,
  ignorePayment,
  importStatement,
  listOpenInvoices,
  listPayments,
  PAYMENT_ROLES,
  statementFormat,
} from './service';

const errors = {
  400: ProblemResponse,
  401: ProblemResponse,
  403: ProblemResponse,
  404: ProblemResponse,
  409: ProblemResponse,
};

const STATEMENT_TYPES = ['application/xml', 'text/xml', 'text/csv', 'application/csv'];

/** Statements come as UTF-8 or, from many German banks' CSV export, as Windows-1252. */
export function decodeStatement(body: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new TextDecoder('windows-1252').decode(body);
  }
}

export const paymentRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  // The statement is the raw request body; its size limit applies before anything is read.
  app.addContentTypeParser(
    STATEMENT_TYPES,
    { parseAs: 'buffer', bodyLimit: PAYMENT_IMPORT_MAX_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.get(
    '/payments',
    {
      config: { access: PAYMENT_ROLES },
      schema: {
        tags: ['billing'],
        summary:
          'Payments, newest booking first; `status=unmatched,partial` is the worklist. Billing clerks and operator admins only (a customer sees its own on its account)',
        querystring: PaymentListQuery,
        response: { 200: z.object({ items: z.array(Payment) }), ...errors },
      },
    },
    async (request) => listPayments(deps, requireUser(request), request.query),
  );

  app.post(
    '/payments',
    {
      config: { access: PAYMENT_ROLES },
      schema: {
        tags: ['billing'],
        summary:
          'Record a payment by hand (audited): settles the invoiceIds given in order, or is matched by reference and amount within the customer',
        body: CreatePaymentBody,
        response: { 201: Payment, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createPayment(deps, requireUser(request), request.body)),
  );

  app.post(
    '/payments/import',
    {
      config: { access: PAYMENT_ROLES },
      bodyLimit: PAYMENT_IMPORT_MAX_BYTES,
      schema: {
        tags: ['billing'],
        summary:
          'Import a bank statement (the request body): CAMT.053 (application/xml or text/xml, camt.053.001.02 to .08) or CSV (text/csv; semicolon, decimal comma, DD.MM.YYYY). All or nothing; a 400 names the entry or line; lines imported before are counted as duplicates and left as they are',
        response: { 200: ImportResult, 413: ProblemResponse, ...errors },
      },
    },
    async (request) => {
      const scope = requireUser(request);
      const raw = request.body;
      const body = Buffer.isBuffer(raw) ? decodeStatement(raw) : typeof raw === 'string' ? raw : null;
      if (body === null) {
        throw AppError.field('body', 'send the statement as the request body (application/xml or text/csv)');
      }
      return importStatement(deps, scope, body, statementFormat(request.headers['content-type'], body));
    },
  );

  app.get(
    '/payments/open-invoices',
    {
      config: { access: PAYMENT_ROLES },
      schema: {
        tags: ['billing'],
        summary:
          'A customer’s open invoices with the amount still open on each (amount due − allocations), for allocating by hand',
        querystring: OpenInvoicesQuery,
        response: { 200: z.object({ items: z.array(OpenInvoice) }), ...errors },
      },
    },
    async (request) => listOpenInvoices(deps, requireUser(request), request.query.customerId),
  );

  app.post(
    '/payments/:id/allocate',
    {
      config: { access: PAYMENT_ROLES },
      schema: {
        tags: ['billing'],
        summary:
          'Assign a worklist payment to a customer and invoices (audited). Without allocations the rest stays on the account as a credit; 409 payment_not_open when it is matched or ignored',
        params: PaymentParams,
        body: AllocatePaymentBody,
        response: { 200: Payment, ...errors },
      },
    },
    async (request) => allocatePayment(deps, requireUser(request), request.params.id, request.body),
  );

  app.post(
    '/payments/:id/ignore',
    {
      config: { access: PAYMENT_ROLES },
      schema: {
        tags: ['billing'],
        summary:
          'Take an unmatched payment off the worklist with a reason (audited); 409 payment_not_open when something is allocated',
        params: PaymentParams,
        body: IgnorePaymentBody,
        response: { 200: Payment, ...errors },
      },
    },
    async (request) => ignorePayment(deps, requireUser(request), request.params.id, request.body.reason),
  );
};
