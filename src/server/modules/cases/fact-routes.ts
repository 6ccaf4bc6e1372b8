// HTTP routes of what a case establishes: facts, commitments to the customer, goodwill decisions.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../../shared/roles';
import { requireUser } from '../../http/auth-guard';
import { InternalDataProblemResponse } from '../../http/problem-schema';
import type { Deps } from '../../shared/deps';
import { createCommitment, keepCommitment } from './commitments';
import { createDecision } from './decisions';
import { setFact, setFactState } from './facts';
import { CaseParams, Created, errors, NOT_CUSTOMER, OPERATOR } from './route-schemas';
import {
  CreateCommitmentBody,
  CreateDecisionBody,
  FactStateBody,
  SetFactBody,
  UpdateCommitmentBody,
} from './schemas';

const FactKeyParam = z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, 'must be lower-case letters, digits and _');

/** Facts (set, confirm, dispute), commitments (record, keep) and decisions of a case. */
export const caseFactRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.put(
    '/cases/:id/facts/:key',
    {
      config: { access: ROLES },
      schema: {
        tags: ['cases'],
        summary:
          'Set or correct a fact; a customer’s value counts as confirmed, others wait for the customer',
        params: CaseParams.extend({ key: FactKeyParam }),
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
        params: CaseParams.extend({ key: FactKeyParam }),
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
        summary:
          'Record a promise to the customer with a due time and owner; it escalates when missed. The text passes the leak guard (422 …/internal-data; operator admins may `override: { reason }`)',
        params: CaseParams,
        body: CreateCommitmentBody,
        response: { 201: Created, ...errors, 422: InternalDataProblemResponse },
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
        summary:
          'Record a goodwill decision with its policy and conditions (shown to the customer, so they pass the leak guard: 422 …/internal-data; operator admins may `override: { reason }`)',
        params: CaseParams,
        body: CreateDecisionBody,
        response: { 201: Created, ...errors, 422: InternalDataProblemResponse },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createDecision(deps, requireUser(request), request.params.id, request.body)),
  );
};
