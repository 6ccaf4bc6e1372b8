import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { OPERATOR_ROLES, ROLES } from '../../../shared/roles';
import { requireUser } from '../../http/auth-guard';
import type { Deps } from '../../shared/deps';
import { getChannelSettings, SETTINGS_MANAGE_ROLES, updateChannelSettings } from './channel-settings';
import { createLead } from './lead-create';
import { cancelLead, rerouteLead } from './lead-manager-steps';
import { acceptLead, declineLead, reportLeadOutcome, updateLead } from './lead-partner-steps';
import {
  ChannelSettings,
  CreateLeadBody,
  Lead,
  LeadList,
  ListLeadsQuery,
  OutcomeBody,
  ReasonBody,
  RenewalsBody,
  RenewalsResult,
  RerouteBody,
  UpdateChannelSettingsBody,
  UpdateLeadBody,
} from './lead-schemas';
import {
  getLead,
  LEAD_CREATE_ROLES,
  LEAD_LIST_ROLES,
  LEAD_MANAGE_ROLES,
  LEAD_PARTNER_ROLES,
  listLeads,
} from './leads';
import { runRenewalsNow } from './renewals';
import { changeProblemResponses, idParams, problemResponses } from './route-schemas';

const IdParams = idParams('lead');

export const leadRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/leads',
    {
      config: { access: LEAD_LIST_ROLES },
      schema: {
        tags: ['leads'],
        summary:
          'Leads the caller may see, newest first (operator all; a partner those it holds or held); filters status, kind, partnerId, customerId',
        querystring: ListLeadsQuery,
        response: { 200: LeadList, ...problemResponses },
      },
    },
    async (request) => listLeads(deps, requireUser(request), request.query),
  );

  app.post(
    '/leads',
    {
      config: { access: LEAD_CREATE_ROLES },
      schema: {
        tags: ['leads'],
        summary:
          'Create a lead and route it (operator; a partner for its own customers); the answer carries partnerId, status, protectedUntil and routing',
        body: CreateLeadBody,
        response: { 201: Lead, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createLead(deps, requireUser(request), request.body)),
  );

  app.post(
    '/leads/renewals',
    {
      config: { access: LEAD_MANAGE_ROLES },
      schema: {
        tags: ['leads'],
        summary:
          'Run the renewal job now: warranty-extension leads for assets whose warranty ends within the configured days (once per asset and warranty end)',
        body: RenewalsBody,
        response: { 200: RenewalsResult, ...problemResponses },
      },
    },
    async (request) => runRenewalsNow(deps, requireUser(request), request.body?.today),
  );

  app.get(
    '/leads/:id',
    {
      config: { access: ROLES },
      schema: {
        tags: ['leads'],
        summary:
          'One lead with its routing history (operator; a partner that holds or held it); 404 otherwise',
        params: IdParams,
        response: { 200: Lead, ...problemResponses },
      },
    },
    async (request) => getLead(deps, requireUser(request), request.params.id),
  );

  app.patch(
    '/leads/:id',
    {
      config: { access: LEAD_PARTNER_ROLES },
      schema: {
        tags: ['leads'],
        summary:
          'The holding partner’s work: assignedPersonId (partner admin, own active people), stage, nextActivityAt, nextActivityNote, expectedValueCents',
        params: IdParams,
        body: UpdateLeadBody,
        response: { 200: Lead, ...changeProblemResponses },
      },
    },
    async (request) => updateLead(deps, requireUser(request), request.params.id, request.body),
  );

  app.post(
    '/leads/:id/accept',
    {
      config: { access: LEAD_PARTNER_ROLES },
      schema: {
        tags: ['leads'],
        summary: 'The holding partner accepts an offered lead (409 lead_not_offered otherwise)',
        params: IdParams,
        response: { 200: Lead, ...changeProblemResponses },
      },
    },
    async (request) => acceptLead(deps, requireUser(request), request.params.id),
  );

  app.post(
    '/leads/:id/decline',
    {
      config: { access: LEAD_PARTNER_ROLES },
      schema: {
        tags: ['leads'],
        summary:
          'The holding partner declines an offered lead with a reason; it re-routes to the next candidate or the queue',
        params: IdParams,
        body: ReasonBody,
        response: { 200: Lead, ...changeProblemResponses },
      },
    },
    async (request) => declineLead(deps, requireUser(request), request.params.id, request.body),
  );

  app.post(
    '/leads/:id/outcome',
    {
      config: { access: LEAD_PARTNER_ROLES },
      schema: {
        tags: ['leads'],
        summary:
          'The holding partner reports an accepted lead won or lost, with date, reason and value in cents',
        params: IdParams,
        body: OutcomeBody,
        response: { 200: Lead, ...changeProblemResponses },
      },
    },
    async (request) => reportLeadOutcome(deps, requireUser(request), request.params.id, request.body),
  );

  app.post(
    '/leads/:id/reroute',
    {
      config: { access: LEAD_MANAGE_ROLES },
      schema: {
        tags: ['leads'],
        summary:
          'A channel manager moves an open lead with a reason: to partnerId, or by routing again without the partners already tried',
        params: IdParams,
        body: RerouteBody,
        response: { 200: Lead, ...changeProblemResponses },
      },
    },
    async (request) => rerouteLead(deps, requireUser(request), request.params.id, request.body),
  );

  app.post(
    '/leads/:id/cancel',
    {
      config: { access: LEAD_MANAGE_ROLES },
      schema: {
        tags: ['leads'],
        summary:
          'A channel manager cancels an open lead (queued, offered, accepted) with a reason; the holding partner is told and its protection by the lead ends (409 lead_closed once won, lost or cancelled)',
        params: IdParams,
        body: ReasonBody,
        response: { 200: Lead, ...changeProblemResponses },
      },
    },
    async (request) => cancelLead(deps, requireUser(request), request.params.id, request.body),
  );

  app.get(
    '/channel/settings',
    {
      config: { access: OPERATOR_ROLES },
      schema: {
        tags: ['channel'],
        summary: 'Channel settings: renewal lead days, protection window, registration protection',
        response: { 200: ChannelSettings, ...problemResponses },
      },
    },
    async (request) => getChannelSettings(deps, requireUser(request)),
  );

  app.put(
    '/channel/settings',
    {
      config: { access: SETTINGS_MANAGE_ROLES },
      schema: {
        tags: ['channel'],
        summary: 'Change the channel settings (audited; fields left out keep their value)',
        body: UpdateChannelSettingsBody,
        response: { 200: ChannelSettings, ...problemResponses },
      },
    },
    async (request) => updateChannelSettings(deps, requireUser(request), request.body),
  );
};
