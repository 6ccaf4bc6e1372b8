import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ACCOUNT_READ_ROLES } from '../../../shared/roles';
import { requireUser } from '../../http/auth-guard';
import { ProblemResponse } from '../../http/problem-schema';
import type { Deps } from '../../shared/deps';
import type { InvoiceDocumentFormat } from './billing.table';
import { cancelInvoice } from './invoice-cancel';
import { renderInvoiceDocument } from './invoice-files';
import { INVOICE_ISSUE_ROLES, INVOICE_REQUEST_ROLES, issueInvoices, requestInvoices } from './invoice-issue';
import {
  CancelInvoiceBody,
  Invoice,
  InvoiceListQuery,
  InvoiceParams,
  IssueInvoicesBody,
  IssueInvoicesResult,
  RequestInvoicesBody,
} from './invoice-schemas';
import { getInvoice, listInvoices } from './invoices';

/** A refused issue names the charges it is about (already invoiced, reverse charge without VAT ID). */
const ChargesProblem = ProblemResponse.extend({
  chargeIds: z.array(z.string()).optional(),
  customerId: z.string().optional(),
  /** seller_settings_missing: the seller fields still to fill in. */
  fields: z.array(z.string()).optional(),
});

const errors = {
  400: ProblemResponse,
  401: ProblemResponse,
  403: ProblemResponse,
  404: ProblemResponse,
  409: ChargesProblem,
};

export const invoiceRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.post(
    '/invoices',
    {
      config: { access: INVOICE_ISSUE_ROLES },
      schema: {
        tags: ['billing'],
        summary:
          'Issue invoices for uninvoiced charges of one customer (audited): one or more documents (not-subject charges go on their own), numbered gaplessly in the same transaction. 400 naming chargeIds when a charge is not this customer’s; 409 charge_already_invoiced (naming chargeIds), seller_settings_missing, buyer_vat_id_missing',
        body: IssueInvoicesBody,
        response: { 201: IssueInvoicesResult, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await issueInvoices(deps, requireUser(request), request.body)),
  );

  app.post(
    '/invoices/request',
    {
      config: { access: INVOICE_REQUEST_ROLES },
      schema: {
        tags: ['billing'],
        summary:
          'A customer user asks for the invoices of its own organisation’s uninvoiced charges (the given chargeIds, or all): issued at once; 409 no_uninvoiced_charges when there are none',
        body: RequestInvoicesBody,
        response: { 201: IssueInvoicesResult, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await requestInvoices(deps, requireUser(request), request.body ?? {})),
  );

  app.get(
    '/invoices',
    {
      config: { access: ACCOUNT_READ_ROLES },
      schema: {
        tags: ['billing'],
        summary:
          'Invoices and cancellations, newest first (without lines); a customer user sees only its own, another customer is a 404',
        querystring: InvoiceListQuery,
        response: { 200: z.object({ items: z.array(Invoice) }), ...errors },
      },
    },
    async (request) => listInvoices(deps, requireUser(request), request.query),
  );

  app.get(
    '/invoices/:id',
    {
      config: { access: ACCOUNT_READ_ROLES },
      schema: {
        tags: ['billing'],
        summary: 'One invoice or cancellation with its lines, as issued; another customer’s is a 404',
        params: InvoiceParams,
        response: { 200: Invoice, ...errors },
      },
    },
    async (request) => getInvoice(deps, requireUser(request), request.params.id),
  );

  // The documents of an invoice, rendered once and then served from the file store (see
  // invoice-files.ts); same access as reading the invoice.
  const sendDocument = async (
    request: { params: { id: string } } & Parameters<typeof requireUser>[0],
    reply: FastifyReply,
    format: InvoiceDocumentFormat,
  ) => {
    const file = await renderInvoiceDocument(deps, requireUser(request), request.params.id, format);
    return reply
      .type(file.mimeType)
      .header('content-length', file.size)
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .header('cache-control', 'private, no-store')
      .header('x-content-sha256', file.sha256)
      .send(file.content);
  };

  app.get(
    '/invoices/:id/pdf',
    {
      config: { access: ACCOUNT_READ_ROLES },
      schema: {
        tags: ['billing'],
        summary:
          'The invoice as PDF/A-3 (German or English, as the invoice’s language), rendered once at the first request and then served byte for byte the same; another customer’s is a 404',
        params: InvoiceParams,
        response: errors,
      },
    },
    async (request, reply) => sendDocument(request, reply, 'pdf'),
  );

  app.get(
    '/invoices/:id/xrechnung',
    {
      config: { access: ACCOUNT_READ_ROLES },
      schema: {
        tags: ['billing'],
        summary:
          'The invoice as XRechnung 3.0 XML in CII (default) or UBL syntax, rendered once and stored; another customer’s is a 404',
        params: InvoiceParams,
        querystring: z.object({
          syntax: z.enum(['cii', 'ubl'], 'must be cii or ubl').default('cii'),
        }),
        response: errors,
      },
    },
    async (request, reply) =>
      sendDocument(request, reply, request.query.syntax === 'ubl' ? 'xrechnung_ubl' : 'xrechnung_cii'),
  );

  app.get(
    '/invoices/:id/zugferd',
    {
      config: { access: ACCOUNT_READ_ROLES },
      schema: {
        tags: ['billing'],
        summary:
          'The invoice as ZUGFeRD/Factur-X (EN 16931 profile): the invoice PDF as PDF/A-3 with the CII embedded as factur-x.xml; another customer’s is a 404',
        params: InvoiceParams,
        response: errors,
      },
    },
    async (request, reply) => sendDocument(request, reply, 'zugferd'),
  );

  app.post(
    '/invoices/:id/cancel',
    {
      config: { access: INVOICE_ISSUE_ROLES },
      schema: {
        tags: ['billing'],
        summary:
          'Cancel an issued invoice (audited): issues a cancellation document with negated lines referencing it, marks it cancelled and releases its charges for a corrected invoice. 409 invoice_already_cancelled, invoice_not_cancellable (a cancellation)',
        params: InvoiceParams,
        body: CancelInvoiceBody,
        response: { 201: z.object({ cancellation: Invoice, cancelled: Invoice }), ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await cancelInvoice(deps, requireUser(request), request.params.id, request.body.reason)),
  );
};
