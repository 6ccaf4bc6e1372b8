import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects';
import { buildChannel, type Channel } from '../../../test/factories';
import { startTestServer, type TestServer } from '../../../test/test-server';
import { buildApp } from '../app';
import { createLiveCaseChanges } from '../modules/cases/live';
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

    it('makes up its own request id unless a trusted proxy sends a well-formed one', async () => {
      const untrusted = await server.app.inject({
        method: 'GET',
        url: '/api/nothing-here',
        headers: { 'x-request-id': 'forged-by-client' },
      });
      expect(untrusted.headers['x-request-id']).not.toBe('forged-by-client');
      expect(untrusted.json().requestId).toBe(untrusted.headers['x-request-id']);

      const behindProxy = await buildApp({
        config: { ...server.deps.config, trustProxy: true },
        database: server.database,
        clock: server.clock,
        webRoot: '/nonexistent',
        live: createLiveCaseChanges({ dialect }),
      });
      try {
        const proxied = await behindProxy.inject({
          method: 'GET',
          url: '/api/nothing-here',
          headers: { 'x-request-id': 'edge-01:4711' },
        });
        expect(proxied.headers['x-request-id']).toBe('edge-01:4711');
        expect(proxied.json().requestId).toBe('edge-01:4711');
        for (const malformed of ['x'.repeat(65), 'two words', '<script>alert(1)</script>']) {
          const response = await behindProxy.inject({
            method: 'GET',
            url: '/api/nothing-here',
            headers: { 'x-request-id': malformed },
          });
          expect(response.headers['x-request-id']).not.toBe(malformed);
          expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
        }
      } finally {
        await behindProxy.close();
      }
    });

    it('sends a Content-Security-Policy and the other security headers with the app, the API and the API docs', async () => {
      const webRoot = mkdtempSync(join(tmpdir(), 'channeldesk-web-'));
      writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>channeldesk</title>');
      const withWeb = await buildApp({
        config: server.deps.config,
        database: server.database,
        clock: server.clock,
        webRoot,
        live: createLiveCaseChanges({ dialect }),
      });
      try {
        for (const [app, url] of [
          [withWeb, '/cases'],
          [withWeb, '/index.html'],
          [server.app, '/api/health'],
          [server.app, '/api/docs/'],
        ] as const) {
          const response = await app.inject({ method: 'GET', url });
          expect(response.statusCode, url).toBe(200);
          const csp = String(response.headers['content-security-policy']);
          const directives = Object.fromEntries(
            csp.split(';').map((d) => {
              const [name = '', ...values] = d.trim().split(/\s+/);
              return [name, values];
            }),
          );
          expect(directives['script-src'], url).toEqual(["'self'"]);
          expect(directives['object-src'], url).toEqual(["'none'"]);
          expect(directives['frame-ancestors'], url).toEqual(["'none'"]);
          expect(directives['default-src'], url).toEqual(["'self'"]);
          expect(response.headers['x-content-type-options'], url).toBe('nosniff');
          expect(response.headers['referrer-policy'], url).toBe('same-origin');
          expect(response.headers['x-frame-options'], url).toBe('DENY');
          // PUBLIC_URL is https in the tests, so browsers are told to stay on https.
          expect(response.headers['strict-transport-security'], url).toMatch(/max-age=\d+/);
        }
      } finally {
        await withWeb.close();
        rmSync(webRoot, { recursive: true, force: true });
      }
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
