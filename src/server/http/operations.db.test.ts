import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects';
import { buildChannel, type Channel } from '../../../test/factories';
import { startTestServer, type TestServer } from '../../../test/test-server';
import { parseOrganisationCsv } from '../modules/organisations/csv-import';
import { ImportFailed, importOrganisations } from '../modules/organisations/service';
import { systemScope } from '../shared/scope';

for (const dialect of DIALECTS) {
  describe(`operations [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;

    beforeAll(async () => {
      server = await startTestServer(dialect, {}, (app) => {
        app.get('/api/test-crash', { config: { access: 'public' } }, async () => {
          throw new Error('database password is hunter2');
        });
      });
      channel = await buildChannel(server.deps);
    });
    afterAll(async () => server.close());

    it('answers liveness and readiness', async () => {
      expect((await server.app.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({
        status: 'ok',
      });
      expect((await server.app.inject({ method: 'GET', url: '/api/ready' })).json()).toEqual({
        status: 'ready',
        dialect,
      });
    });

    it('publishes an OpenAPI 3.1 document with every API route', async () => {
      const doc = (await server.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/api/organisations',
          '/api/organisations/{id}',
          '/api/auth/login',
          '/api/audit',
          '/api/users',
        ]),
      );
      const create = doc.paths['/api/organisations'].post;
      expect(create.requestBody.content['application/json'].schema.properties).toHaveProperty('postalCode');
      const docs = await server.app.inject({ method: 'GET', url: '/api/docs/' });
      expect(docs.statusCode).toBe(200);
    });

    it('hides internals of a 5xx and gives the request id instead', async () => {
      const response = await server.app.inject({ method: 'GET', url: '/api/test-crash' });
      expect(response.statusCode).toBe(500);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body).not.toContain('hunter2');
      expect(response.json().requestId).toBe(response.headers['x-request-id']);
    });

    it('answers unknown API paths with a problem document', async () => {
      const response = await server.app.inject({ method: 'GET', url: '/api/nothing-here' });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ status: 404, code: 'not_found' });
    });

    it('imports organisations all or nothing: an unknown reseller rolls back the whole file', async () => {
      const before = await server.deps.db.selectFrom('organisation').select('id').execute();
      const { rows, errors } = parseOrganisationCsv(
        [
          'kind,name,postal_code,reseller_number',
          'customer,Hotel Friesenhof,26121,',
          `customer,Kanzlei Ohne Partner,26122,P-99999`,
        ].join('\n'),
      );
      expect(errors).toEqual([]);
      const failure = await importOrganisations(server.deps, systemScope('test'), rows).catch(
        (e: unknown) => e,
      );
      expect(failure).toBeInstanceOf(ImportFailed);
      expect((failure as ImportFailed).errors).toEqual([
        { line: 3, field: 'reseller_number', message: expect.stringContaining('P-99999') },
      ]);
      const after = await server.deps.db.selectFrom('organisation').select('id').execute();
      expect(after).toHaveLength(before.length);
    });

    it('imports a partner and its customers from one file, linking them by name', async () => {
      const { rows } = parseOrganisationCsv(
        [
          'kind;name;postal_code;city;reseller_number',
          'partner;Emsland Systemhaus GmbH;49716;Meppen;',
          'customer;Schreinerei Kuhl;49716;Meppen;Emsland Systemhaus GmbH',
          `customer;Autohaus Kramer;26121;Oldenburg;${channel.partnerA.number}`,
        ].join('\n'),
      );
      const progress: number[] = [];
      await importOrganisations(server.deps, systemScope('test'), rows, (done) => progress.push(done));
      expect(progress).toEqual([1, 2, 3]);
      const kuhl = await server.deps.db
        .selectFrom('organisation')
        .innerJoin('reseller_of_record', 'reseller_of_record.customer_id', 'organisation.id')
        .innerJoin('organisation as partner', 'partner.id', 'reseller_of_record.partner_id')
        .select(['partner.name as partnerName'])
        .where('organisation.name', '=', 'Schreinerei Kuhl')
        .executeTakeFirstOrThrow();
      expect(kuhl.partnerName).toBe('Emsland Systemhaus GmbH');
    });
  });
}
