// HTTP routes that take or give a case's files as raw bodies: uploading and downloading attachments.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../../shared/roles';
import { requireUser } from '../../http/auth-guard';
import { ProblemResponse } from '../../http/problem-schema';
import { AppError } from '../../shared/app-error';
import type { Deps } from '../../shared/deps';
import { openAttachment, uploadAttachment } from './attachments';
import { CaseParams, errors } from './route-schemas';
import { Visibility } from './schemas';

/** Attachments: raw upload and download. */
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
          visibility: Visibility.optional(),
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
};
