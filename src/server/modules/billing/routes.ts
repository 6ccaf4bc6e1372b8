import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../http/auth-guard';
import { ProblemResponse } from '../../http/problem-schema';
import type { Deps } from '../../shared/deps';
import { ACCOUNT_READ_ROLES, CHARGE_WRITE_ROLES, createCharge, getAccount, listCharges } from './accounts';
import { CHARGE_TYPE_ROLES, createChargeType, listChargeTypes, updateChargeType } from './charge-types';
import { datevRoutes } from './datev-routes';
import { dunningRoutes } from './dunning-routes';
import { invoiceRoutes } from './invoice-routes';
import { paymentRoutes } from './payments/routes';
import {
  Account,
  Charge,
  ChargeListQuery,
  ChargeType,
  ChargeTypeParams,
  CreateChargeBody,
  CreateChargeTypeBody,
  CustomerParams,
  SellerSettings,
  SellerSettingsBody,
  UpdateChargeTypeBody,
} from './schemas';
import {
  getSellerSettings,
  SELLER_SETTINGS_READ_ROLES,
  SELLER_SETTINGS_WRITE_ROLES,
  saveSellerSettings,
} from './seller-settings';

const errors = { 400: ProblemResponse, 401: ProblemResponse, 403: ProblemResponse, 404: ProblemResponse };

export const billingRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  await app.register(invoiceRoutes, { deps });
  await app.register(paymentRoutes, { deps });
  await app.register(datevRoutes, { deps });
  await app.register(dunningRoutes, { deps });

  app.get(
    '/settings/seller',
    {
      config: { access: SELLER_SETTINGS_READ_ROLES },
      schema: {
        tags: ['billing'],
        summary:
          'The seller’s data on every invoice; `configured: false` with empty fields until first saved',
        response: { 200: SellerSettings, ...errors },
      },
    },
    async (request) => getSellerSettings(deps, requireUser(request)),
  );

  app.put(
    '/settings/seller',
    {
      config: { access: SELLER_SETTINGS_WRITE_ROLES },
      schema: {
        tags: ['billing'],
        summary:
          'Replace the seller’s data (audited). A VAT ID or a tax number is required; the IBAN is checked (ISO 13616 check digits and length per country)',
        body: SellerSettingsBody,
        response: { 200: SellerSettings, ...errors },
      },
    },
    async (request) => saveSellerSettings(deps, requireUser(request), request.body),
  );

  app.get(
    '/billing/charge-types',
    {
      config: { access: CHARGE_TYPE_ROLES },
      schema: {
        tags: ['billing'],
        summary: 'Charge types with their VAT treatment, EN 16931 category and rate',
        response: { 200: z.object({ items: z.array(ChargeType) }), ...errors },
      },
    },
    async (request) => listChargeTypes(deps, requireUser(request)),
  );

  app.post(
    '/billing/charge-types/:code',
    {
      config: { access: CHARGE_TYPE_ROLES },
      schema: {
        tags: ['billing'],
        summary:
          'Create a charge type (audited); 409 charge_type_exists when the code is taken. An exempt type needs its exemption note',
        params: ChargeTypeParams,
        body: CreateChargeTypeBody,
        response: { 201: ChargeType, ...errors, 409: ProblemResponse },
      },
    },
    async (request, reply) => {
      const created = await createChargeType(deps, requireUser(request), request.params.code, request.body);
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/billing/charge-types/:code',
    {
      config: { access: CHARGE_TYPE_ROLES },
      schema: {
        tags: ['billing'],
        summary:
          'Change a charge type (audited; fields left out keep their value). Existing charges keep the treatment they were made with',
        params: ChargeTypeParams,
        body: UpdateChargeTypeBody,
        response: { 200: ChargeType, ...errors },
      },
    },
    async (request) => updateChargeType(deps, requireUser(request), request.params.code, request.body),
  );

  app.get(
    '/accounts/:customerId',
    {
      config: { access: ACCOUNT_READ_ROLES },
      schema: {
        tags: ['billing'],
        summary:
          'A customer’s account: charges, invoices, payments, balance (gross cents), dunning level and block. A customer user reads only its own (404 otherwise); partners get 403',
        params: CustomerParams,
        response: { 200: Account, ...errors },
      },
    },
    async (request) => getAccount(deps, requireUser(request), request.params.customerId),
  );

  app.get(
    '/accounts/:customerId/charges',
    {
      config: { access: ACCOUNT_READ_ROLES },
      schema: {
        tags: ['billing'],
        summary: 'A customer’s charges, newest first; `uninvoiced=true` leaves out those on an invoice',
        params: CustomerParams,
        querystring: ChargeListQuery,
        response: { 200: z.object({ items: z.array(Charge) }), ...errors },
      },
    },
    async (request) => listCharges(deps, requireUser(request), request.params.customerId, request.query),
  );

  app.post(
    '/accounts/:customerId/charges',
    {
      config: { access: CHARGE_WRITE_ROLES },
      schema: {
        tags: ['billing'],
        summary:
          'Charge a customer (audited): amountCents is the net unit price in cents, quantity (default 1, up to 3 decimal places) multiplies it; the VAT treatment comes from the charge type',
        params: CustomerParams,
        body: CreateChargeBody,
        response: { 201: Charge, ...errors },
      },
    },
    async (request, reply) => {
      const charge = await createCharge(deps, requireUser(request), request.params.customerId, request.body);
      return reply.code(201).send(charge);
    },
  );
};
