import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OPERATOR_ROLES, PARTNER_ROLES, ROLES } from '../../../shared/roles';
import { requireUser } from '../../http/auth-guard';
import { ProblemResponse } from '../../http/problem-schema';
import { AppError } from '../../shared/app-error';
import type { Deps } from '../../shared/deps';
import { openAttachment, uploadAttachment } from './attachments';
import { LINK_KINDS } from './case.table';
import {
  type CauseNode,
  createCause,
  createGroup,
  createSavedView,
  deleteSavedView,
  listCauses,
  listGroups,
  listSavedViews,
  updateCause,
} from './catalog';
import { createCommitment, keepCommitment } from './commitments';
import { createDecision } from './decisions';
import { setFact, setFactState } from './facts';
import { linkCases, mergeCase, unlinkCases } from './links';
import { listCases } from './list';
import {
  AddMessageBody,
  CaseDetail,
  CaseRef,
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
import { publicCaseStatus } from './status-link';

const OPERATOR = OPERATOR_ROLES;
const NOT_CUSTOMER = [...OPERATOR_ROLES, ...PARTNER_ROLES];
const errors = {
  400: ProblemResponse,
  401: ProblemResponse,
  403: ProblemResponse,
  404: ProblemResponse,
  409: ProblemResponse,
};
const CaseParams = z.object({ id: CaseRef.describe('case id or number (CD-2026-000123)') });
const FactKeyParam = z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, 'must be lower-case letters, digits and _');
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
        params: CaseParams.extend({ kind: z.enum(LINK_KINDS), target: CaseRef }),
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

const CauseNodeSchema: z.ZodType<CauseNode> = z.lazy(() =>
  z.object({
    id: z.string(),
    nameDe: z.string(),
    nameEn: z.string(),
    active: z.boolean(),
    children: z.array(CauseNodeSchema),
  }),
);
const SavedView = z.object({
  id: z.string(),
  name: z.string(),
  filters: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
const Named = z.object({ id: z.string(), name: z.string() });

/** Causes, groups and saved views: the lists the case workspace is organised by. */
export const caseCatalogRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/causes',
    {
      config: { access: OPERATOR },
      schema: {
        tags: ['cases'],
        summary: 'The two-level cause list',
        response: { 200: z.object({ items: z.array(CauseNodeSchema) }), ...errors },
      },
    },
    async () => ({ items: await listCauses(deps) }),
  );

  app.post(
    '/causes',
    {
      config: { access: ['operator_admin'] },
      schema: {
        tags: ['cases'],
        summary: 'Add a category (without parentId) or a cause within a category',
        body: z.object({
          parentId: z.uuid().optional(),
          nameDe: z.string().trim().min(2).max(100),
          nameEn: z.string().trim().min(2).max(100),
        }),
        response: { 201: Created, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCause(deps, requireUser(request), request.body)),
  );

  app.patch(
    '/causes/:id',
    {
      config: { access: ['operator_admin'] },
      schema: {
        tags: ['cases'],
        summary: 'Rename or deactivate a cause',
        params: z.object({ id: z.uuid() }),
        body: z
          .object({
            nameDe: z.string().trim().min(2).max(100),
            nameEn: z.string().trim().min(2).max(100),
            active: z.boolean(),
          })
          .partial()
          .refine(
            (value) => Object.values(value).some((field) => field !== undefined),
            'change at least one of nameDe, nameEn, active',
          ),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await updateCause(deps, requireUser(request), request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/groups',
    {
      config: { access: OPERATOR },
      schema: {
        tags: ['cases'],
        summary: 'Groups with their lead and members',
        response: {
          200: z.object({
            items: z.array(Named.extend({ lead: Named.nullable(), members: z.array(Named) })),
          }),
          ...errors,
        },
      },
    },
    async () => ({ items: await listGroups(deps) }),
  );

  app.post(
    '/groups',
    {
      config: { access: ['operator_admin'] },
      schema: {
        tags: ['cases'],
        summary: 'Create a group with its lead and members',
        body: z.object({
          name: z.string().trim().min(2).max(100),
          leadPersonId: z.uuid().optional(),
          memberIds: z.array(z.uuid()).max(500).default([]),
        }),
        response: { 201: Created, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createGroup(deps, requireUser(request), request.body)),
  );

  app.get(
    '/saved-views',
    {
      config: { access: ROLES },
      schema: {
        tags: ['cases'],
        summary: 'The caller’s saved case-list views',
        response: { 200: z.object({ items: z.array(SavedView) }), ...errors },
      },
    },
    async (request) => ({ items: await listSavedViews(deps, requireUser(request)) }),
  );

  app.post(
    '/saved-views',
    {
      config: { access: ROLES },
      schema: {
        tags: ['cases'],
        summary: 'Save the case list’s filters under a name (same fields as GET /api/cases)',
        body: z.object({
          name: z.string().trim().min(1).max(100),
          filters: z.record(z.string(), z.unknown()),
        }),
        response: { 201: SavedView, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createSavedView(deps, requireUser(request), request.body)),
  );

  app.delete(
    '/saved-views/:id',
    {
      config: { access: ROLES },
      schema: {
        tags: ['cases'],
        summary: 'Delete one of the caller’s saved views',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await deleteSavedView(deps, requireUser(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};

/** Attachments (raw upload, download) and the signed status link with its public view. */
export const caseFileRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  // Uploads are the raw file as the request body: no multipart parser, and the size limit applies
  // before anything is stored. Fastify's own JSON and text parsers would win over the pattern and
  // turn a .json or .txt file into a string; no route here takes a JSON body, so they go.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(
    /^(application|image|audio|video|text|message)\/.*/,
    { parseAs: 'buffer', bodyLimit: deps.config.cases.attachmentMaxBytes },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/cases/:id/attachments',
    {
      config: { access: ROLES },
      bodyLimit: deps.config.cases.attachmentMaxBytes,
      schema: {
        tags: ['cases'],
        summary:
          'Upload a file (the request body is the file); send its id with the next message to attach it',
        params: CaseParams,
        querystring: z.object({
          fileName: z.string().trim().min(1, 'is required').max(255),
          visibility: z.enum(['public', 'partner', 'internal']).optional(),
        }),
        response: {
          201: z.object({
            id: z.string(),
            fileName: z.string(),
            mimeType: z.string(),
            size: z.number(),
            visibility: z.string(),
          }),
          413: ProblemResponse,
          ...errors,
        },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body))
        throw AppError.field('body', 'send the file as the request body with its content type');
      const uploaded = await uploadAttachment(deps, requireUser(request), request.params.id, {
        fileName: request.query.fileName,
        visibility: request.query.visibility,
        content: request.body,
      });
      return reply.status(201).send(uploaded);
    },
  );

  app.get(
    '/cases/:id/attachments/:attachmentId',
    {
      config: { access: ROLES },
      schema: {
        tags: ['cases'],
        summary: 'Download an attachment (as a download, never rendered inline)',
        params: CaseParams.extend({ attachmentId: z.uuid() }),
      },
    },
    async (request, reply) => {
      const file = await openAttachment(
        deps,
        requireUser(request),
        request.params.id,
        request.params.attachmentId,
      );
      const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, "'");
      return reply
        .type(file.mimeType)
        .header('content-length', file.size)
        .header(
          'content-disposition',
          `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        )
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(file.stream);
    },
  );

  app.get(
    '/public/case-status/:token',
    {
      config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['cases'],
        summary: 'The public view of one case behind a signed status link (no login)',
        params: z.object({ token: z.string().min(1).max(2000) }),
        response: {
          200: z.object({
            number: z.string(),
            subject: z.string(),
            type: z.string(),
            status: z.string(),
            createdAt: z.string(),
            updatedAt: z.string(),
            facts: z.array(z.object({ label: z.string(), value: z.string(), state: z.string() })),
            commitments: z.array(
              z.object({ description: z.string(), dueAt: z.string(), status: z.string() }),
            ),
            decisions: z.array(
              z.object({
                outcome: z.string(),
                policy: z.string(),
                conditions: z.string().nullable(),
                decidedAt: z.string(),
              }),
            ),
            timeline: z.array(
              z.object({
                at: z.string(),
                kind: z.string(),
                author: z.string(),
                body: z.string().optional(),
                type: z.string().optional(),
                data: z.record(z.string(), z.unknown()).optional(),
              }),
            ),
          }),
          404: ProblemResponse,
          410: ProblemResponse.describe('the link was revoked (code status_link_revoked)'),
          429: ProblemResponse,
        },
      },
    },
    async (request) => publicCaseStatus(deps, request.params.token),
  );
};
