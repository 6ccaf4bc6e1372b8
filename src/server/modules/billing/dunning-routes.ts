import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { BILLING_ROLES } from '../../../shared/roles';
import { requireUser } from '../../http/auth-guard';
import { ProblemResponse } from '../../http/problem-schema';
import type { Deps } from '../../shared/deps';
import { blockAccount, unblockAccount } from './block';
import { runDunningNow } from './dunning-run';
import {
  BlockBody,
  BlockState,
  DunningRunBody,
  DunningRunResult,
  DunningSettings,
  DunningSettingsBody,
} from './dunning-schemas';
import { DUNNING_ROLES, getDunningSettings, saveDunningSettings } from './dunning-settings';
import { CustomerParams } from './schemas';

const errors = { 400: ProblemResponse, 401: ProblemResponse, 403: ProblemResponse, 404: ProblemResponse };

export const dunningRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/billing/dunning-settings',
    {
      config: { access: DUNNING_ROLES },
      schema: {
        tags: ['billing'],
        summary:
          'Dunning levels 1–3 (days, fee in cents), the block level and the fee’s charge type; defaults until saved',
        response: { 200: DunningSettings, ...errors },
      },
    },
    async (request) => getDunningSettings(deps, requireUser(request)),
  );

  app.put(
    '/billing/dunning-settings',
    {
      config: { access: DUNNING_ROLES },
      schema: {
        tags: ['billing'],
        summary:
          'Replace the dunning settings (audited). The fee charge type must exist and be active; its VAT treatment decides whether fees are taxed',
        body: DunningSettingsBody,
        response: { 200: DunningSettings, ...errors },
      },
    },
    async (request) => saveDunningSettings(deps, requireUser(request), request.body),
  );

  app.post(
    '/billing/dunning/run',
    {
      config: { access: DUNNING_ROLES },
      schema: {
        tags: ['billing'],
        summary:
          'Run dunning now (also daily by a timer): each customer with overdue open invoices goes up one level when due; a parallel run steps nobody twice',
        body: DunningRunBody,
        response: { 200: DunningRunResult, ...errors },
      },
    },
    async (request) => runDunningNow(deps, requireUser(request), request.body?.today),
  );

  app.post(
    '/accounts/:customerId/block',
    {
      config: { access: BILLING_ROLES },
      schema: {
        tags: ['billing'],
        summary:
          'Block the customer’s service by hand, with a reason (audited); only a clerk lifts a manual block',
        params: CustomerParams,
        body: BlockBody,
        response: { 200: BlockState, ...errors },
      },
    },
    async (request) =>
      blockAccount(deps, requireUser(request), request.params.customerId, request.body.reason),
  );

  app.post(
    '/accounts/:customerId/unblock',
    {
      config: { access: BILLING_ROLES },
      schema: {
        tags: ['billing'],
        summary:
          'Lift the customer’s service block by hand, with a reason (audited; the customer is mailed); 409 account_not_blocked without a block',
        params: CustomerParams,
        body: BlockBody,
        response: { 200: BlockState, ...errors, 409: ProblemResponse },
      },
    },
    async (request) =>
      unblockAccount(deps, requireUser(request), request.params.customerId, request.body.reason),
  );
};
