import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireUser } from '../../http/auth-guard';
import { ProblemResponse } from '../../http/problem-schema';
import type { Deps } from '../../shared/deps';
import { datevArchive, datevArchiveFileName } from './datev-archive';
import { archiveDocumentsOf } from './datev-documents';
import { exportDatev } from './datev-export';
import { DatevExportQuery, DatevSettings, DatevSettingsBody } from './datev-schemas';
import { DATEV_ROLES, getDatevSettings, saveDatevSettings } from './datev-settings';

const errors = {
  400: ProblemResponse,
  401: ProblemResponse,
  403: ProblemResponse,
  409: ProblemResponse,
};

export const datevRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/billing/datev-settings',
    {
      config: { access: DATEV_ROLES },
      schema: {
        tags: ['billing'],
        summary:
          'The DATEV export settings (consultant and client number, fiscal year, account length, debitors, bank and revenue accounts); `configured: false` with the SKR03 defaults until first saved',
        response: { 200: DatevSettings, ...errors },
      },
    },
    async (request) => getDatevSettings(deps, requireUser(request)),
  );

  app.put(
    '/billing/datev-settings',
    {
      config: { access: DATEV_ROLES },
      schema: {
        tags: ['billing'],
        summary:
          'Replace the DATEV export settings (audited). Accounts must fit the account length; the debitor start is a personal account of one digit more',
        body: DatevSettingsBody,
        response: { 200: DatevSettings, ...errors },
      },
    },
    async (request) => saveDatevSettings(deps, requireUser(request), request.body),
  );

  app.get(
    '/exports/datev',
    {
      config: { access: DATEV_ROLES },
      schema: {
        tags: ['billing'],
        summary:
          'DATEV Buchungsstapel (EXTF 700, Windows-1252, CRLF) of the invoices and cancellations issued from `from` to `to` (inclusive); `format=zip` adds an index and every invoice document. Audited. 400 naming `to` for a reversed period, more than a year or one across fiscal years; 409 datev_settings_missing',
        querystring: DatevExportQuery,
        response: errors,
      },
    },
    async (request, reply) => {
      const scope = requireUser(request);
      const exported = await exportDatev(deps, scope, request.query);
      reply.header('cache-control', 'no-store');
      if (request.query.format === 'zip') {
        return (
          reply
            .type('application/zip')
            .header(
              'content-disposition',
              `attachment; filename="${datevArchiveFileName(exported.from, exported.to)}"`,
            )
            // Only problems have a schema; the file is sent as it is, never serialised against one.
            .send((await datevArchive(exported, archiveDocumentsOf(deps, scope))) as never)
        );
      }
      return reply
        .type('text/csv; charset=windows-1252')
        .header('content-disposition', `attachment; filename="${exported.fileName}"`)
        .send(exported.content as never);
    },
  );
};
