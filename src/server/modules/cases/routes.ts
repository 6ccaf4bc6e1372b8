import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../http/auth-guard';
import { ProblemResponse } from '../../http/problem-schema';
import type { Deps } from '../../shared/deps';
import { ROLES } from '../users/person.table';
import { LINK_KINDS } from './case.table';
import { createCommitment, keepCommitment } from './commitments';
import { createDecision } from './decisions';
import { setFact, setFactState } from './facts';
import { linkCases, mergeCase, unlinkCases } from './links';
import { listCases } from './list';
import {
  AddMessageBody,
  CaseDetail,
  CaseSummary,
  CreateCaseBody,
  CreateCommitmentBody,
  CreateDecisionBody,
  CreateLinkBody,
  FactStateBody,
  ListCasesQuery,
  MergeBody,
  SetFactBody,
  SetTagsBody,
  TimelineEntry,
  UpdateCaseBody,
  UpdateCommitmentBody,
} from './schemas';
import { addMessage, createCase, getCase, getTimeline, setTags, updateCase } from './service';

const OPERATOR = ['operator_admin', 'agent', 'channel_manager', 'billing_clerk'] as const;
const NOT_CUSTOMER = [...OPERATOR, 'partner_admin', 'partner_agent'] as const;
const errors = {
  400: ProblemResponse,
  401: ProblemResponse,
  403: ProblemResponse,
  404: ProblemResponse,
  409: ProblemResponse,
};
const CaseParams = z.object({ id: z.string().min(1).max(64).describe('case id or number (CD-2026-000123)') });
const Created = z.object({ id: z.string() });

export const caseRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/cases',
    {
      config: { access: ROLES },
      schema: {
        tags: ['cases'],
        summary: 'Cases visible to the caller, filtered, sorted and paged by cursor',
        querystring: ListCasesQuery,
        response: {
          200: z.object({ items: z.array(CaseSummary), nextCursor: z.string().nullable() }),
          ...errors,
        },
      },
    },
    async (request) => listCases(deps, requireUser(request), request.query),
  );

  app.post(
    '/cases',
    {
      config: { access: ROLES },
      schema: {
        tags: ['cases'],
        summary: 'Open a case (customers for themselves, partners for their customers, agents for anyone)',
        body: CreateCaseBody,
        response: { 201: CaseDetail, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCase(deps, requireUser(request), request.body)),
  );

  app.get(
    '/cases/:id',
    {
      config: { access: ROLES },
      schema: {
        tags: ['cases'],
        summary:
          'One case as the caller may see it; a merged case redirects (308) to the case it was merged into',
        params: CaseParams,
        response: { 200: CaseDetail, 308: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const result = await getCase(deps, requireUser(request), request.params.id);
      if ('redirectTo' in result) {
        return reply.status(308).header('location', `/api/cases/${result.redirectTo.id}`).send(null);
      }
      return result;
    },
  );

  app.patch(
    '/cases/:id',
    {
      config: { access: OPERATOR },
      schema: {
        tags: ['cases'],
        summary:
          'Change status, priority, assignee, group, cause and other fields (each change is a timeline event)',
        params: CaseParams,
        body: UpdateCaseBody,
        response: { 200: CaseDetail, ...errors },
      },
    },
    async (request) => updateCase(deps, requireUser(request), request.params.id, request.body),
  );

  app.put(
    '/cases/:id/tags',
    {
      config: { access: OPERATOR },
      schema: {
        tags: ['cases'],
        summary: 'Replace the case’s tags',
        params: CaseParams,
        body: SetTagsBody,
        response: { 200: SetTagsBody, ...errors },
      },
    },
    async (request) => ({
      tags: await setTags(deps, requireUser(request), request.params.id, request.body.tags),
    }),
  );

  app.get(
    '/cases/:id/timeline',
    {
      config: { access: ROLES },
      schema: {
        tags: ['cases'],
        summary:
          'Messages and events in order; internal entries only for the operator, partner entries for partners',
        params: CaseParams,
        response: { 200: z.object({ items: z.array(TimelineEntry) }), ...errors },
      },
    },
    async (request) => ({ items: await getTimeline(deps, requireUser(request), request.params.id) }),
  );

  app.post(
    '/cases/:id/messages',
    {
      config: { access: ROLES },
      schema: {
        tags: ['cases'],
        summary: 'Add a message: a reply (public), a note to the partner (partner) or an internal note',
        params: CaseParams,
        body: AddMessageBody,
        response: { 201: Created, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addMessage(deps, requireUser(request), request.params.id, request.body)),
  );

  app.put(
    '/cases/:id/facts/:key',
    {
      config: { access: ROLES },
      schema: {
        tags: ['cases'],
        summary:
          'Set or correct a fact; a customer’s value counts as confirmed, others wait for the customer',
        params: CaseParams.extend({
          key: z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, 'must be lower-case letters, digits and _'),
        }),
        body: SetFactBody,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await setFact(deps, requireUser(request), request.params.id, request.params.key, request.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/cases/:id/facts/:key/state',
    {
      config: { access: ROLES },
      schema: {
        tags: ['cases'],
        summary: 'Confirm a fact or dispute it with a note',
        params: CaseParams.extend({ key: z.string().max(50) }),
        body: FactStateBody,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await setFactState(deps, requireUser(request), request.params.id, request.params.key, request.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/cases/:id/commitments',
    {
      config: { access: NOT_CUSTOMER },
      schema: {
        tags: ['cases'],
        summary: 'Record a promise to the customer with a due time and owner; it escalates when missed',
        params: CaseParams,
        body: CreateCommitmentBody,
        response: { 201: Created, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createCommitment(deps, requireUser(request), request.params.id, request.body)),
  );

  app.patch(
    '/cases/:id/commitments/:commitmentId',
    {
      config: { access: NOT_CUSTOMER },
      schema: {
        tags: ['cases'],
        summary: 'Mark a commitment as kept',
        params: CaseParams.extend({ commitmentId: z.uuid() }),
        body: UpdateCommitmentBody,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await keepCommitment(deps, requireUser(request), request.params.id, request.params.commitmentId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/cases/:id/decisions',
    {
      config: { access: OPERATOR },
      schema: {
        tags: ['cases'],
        summary: 'Record a goodwill decision with its policy and conditions (shown to the customer)',
        params: CaseParams,
        body: CreateDecisionBody,
        response: { 201: Created, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createDecision(deps, requireUser(request), request.params.id, request.body)),
  );

  app.post(
    '/cases/:id/links',
    {
      config: { access: OPERATOR },
      schema: {
        tags: ['cases'],
        summary: 'Link this case to another',
        params: CaseParams,
        body: CreateLinkBody,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await linkCases(deps, requireUser(request), request.params.id, request.body.kind, request.body.target);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/cases/:id/links/:kind/:target',
    {
      config: { access: OPERATOR },
      schema: {
        tags: ['cases'],
        summary: 'Remove a link',
        params: CaseParams.extend({ kind: z.enum(LINK_KINDS), target: z.string().max(64) }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await unlinkCases(
        deps,
        requireUser(request),
        request.params.id,
        request.params.kind,
        request.params.target,
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/cases/:id/merge',
    {
      config: { access: OPERATOR },
      schema: {
        tags: ['cases'],
        summary: 'Merge this duplicate into another case of the same customer; its number then redirects',
        params: CaseParams,
        body: MergeBody,
        response: { 200: z.object({ id: z.string(), number: z.string() }), ...errors },
      },
    },
    async (request) => mergeCase(deps, requireUser(request), request.params.id, request.body.into),
  );
};
