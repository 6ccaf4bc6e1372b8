import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../test/channel-server';
import { DIALECTS } from '../../../test/dialects';
import type { Channel } from '../../../test/factories';
import type { Session, TestServer } from '../../../test/test-server';

type Problem = { status: number; code: string; errors?: { field: string; message: string }[] };

const NUL = '\u0000';
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

for (const dialect of DIALECTS) {
  describe(`bad input answers 400 naming the field [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let admin: Session;
    let caseId: string;

    beforeAll(async () => {
      ({ server, channel, admin } = await startChannelServer(dialect, {
        admin: 'operator_admin',
      }));
      const opened = await admin.request({
        method: 'POST',
        url: '/api/cases',
        payload: {
          type: 'complaint',
          subject: 'Toner leer',
          description: 'Bitte neuen Toner.',
          customerId: channel.customerA1.id,
        },
      });
      caseId = opened.json<{ id: string }>().id;
    });
    afterAll(async () => server.close());

    async function expectField(request: Parameters<Session['request']>[0], field: string): Promise<Problem> {
      const response = await admin.request(request);
      expect(response.statusCode, response.body).toBe(400);
      const problem = response.json<Problem>();
      expect(problem.errors?.map((e) => e.field)).toContain(field);
      return problem;
    }

    it('refuses U+0000 in a body string, naming the field', async () => {
      const problem = await expectField(
        {
          method: 'POST',
          url: '/api/cases',
          payload: {
            type: 'complaint',
            subject: `Toner${NUL}leer`,
            description: 'Bitte neuen Toner.',
            customerId: channel.customerA1.id,
          },
        },
        'subject',
      );
      expect(problem.errors?.[0]?.message).toMatch(/U\+0000/);
      await expectField(
        {
          method: 'PUT',
          url: `/api/cases/${caseId}/facts/serial_number`,
          payload: { value: `SN-1${NUL}` },
        },
        'value',
      );
      await expectField(
        {
          method: 'POST',
          url: '/api/cases',
          payload: {
            type: 'complaint',
            subject: 'Toner leer',
            description: 'Bitte neuen Toner.',
            customerId: channel.customerA1.id,
            facts: [{ key: 'model', label: 'Modell', value: `LX${NUL}500` }],
          },
        },
        'facts.0.value',
      );
      await expectField({ method: 'PATCH', url: '/api/me', payload: { name: NUL } }, 'name');
    });

    it('refuses U+0000 in a path id, naming the parameter', async () => {
      await expectField({ method: 'GET', url: '/api/cases/%00' }, 'id');
      await expectField({ method: 'GET', url: `/api/cases/${caseId.slice(0, -1)}%00` }, 'id');
      await expectField({ method: 'PATCH', url: '/api/causes/%00', payload: { nameDe: 'Neu' } }, 'id');
      await expectField({ method: 'GET', url: '/api/organisations/%00' }, 'id');
    });

    it('refuses a malformed id before it reaches the database', async () => {
      await expectField({ method: 'GET', url: '/api/cases/not-an-id' }, 'id');
      await expectField(
        { method: 'GET', url: `/api/cases/${caseId}/timeline?x=1`.replace(caseId, "1' or '1'='1") },
        'id',
      );
      await expectField(
        {
          method: 'POST',
          url: `/api/cases/${caseId}/links`,
          payload: { kind: 'relates_to', target: 'irgendwas' },
        },
        'target',
      );
      await expectField({ method: 'DELETE', url: '/api/api-tokens/not-an-id' }, 'id');
    });

    it('refuses U+0000 or a forged value in a cursor, naming the cursor', async () => {
      await expectField({ method: 'GET', url: '/api/cases?cursor=%00' }, 'cursor');
      await expectField(
        { method: 'GET', url: `/api/cases?cursor=${cursorOf(['2026-11-24T09:00:00.000Z', NUL])}` },
        'cursor',
      );
      await expectField(
        {
          method: 'GET',
          url: `/api/cases?cursor=${cursorOf([`2026${NUL}`, '00000000-0000-7000-8000-000000000000'])}`,
        },
        'cursor',
      );
      await expectField(
        { method: 'GET', url: `/api/organisations?cursor=${cursorOf(['Bäckerei', 'not-an-id'])}` },
        'cursor',
      );
      // A cursor the list handed out still works.
      const first = await admin.request({ method: 'GET', url: '/api/organisations?limit=1' });
      const next = first.json<{ nextCursor: string }>().nextCursor;
      const second = await admin.request({ method: 'GET', url: `/api/organisations?limit=1&cursor=${next}` });
      expect(second.statusCode).toBe(200);
    });

    it('refuses an empty or unknown-keys-only change to a cause', async () => {
      const category = await admin.request({
        method: 'POST',
        url: '/api/causes',
        payload: { nameDe: 'Versand', nameEn: 'Shipping' },
      });
      const url = `/api/causes/${category.json<{ id: string }>().id}`;
      await expectField({ method: 'PATCH', url, payload: {} }, 'body');
      await expectField({ method: 'PATCH', url, payload: { colour: 'red' } }, 'body');
      const renamed = await admin.request({ method: 'PATCH', url, payload: { nameEn: 'Delivery' } });
      expect(renamed.statusCode).toBe(204);
    });

    it('refuses an empty or unknown-keys-only change to an SLA policy', async () => {
      const created = await admin.request({
        method: 'POST',
        url: '/api/sla-policies',
        payload: { name: 'Standard', firstResponseMinutes: 240 },
      });
      expect(created.statusCode, created.body).toBe(201);
      const url = `/api/sla-policies/${created.json<{ id: string }>().id}`;
      await expectField({ method: 'PATCH', url, payload: {} }, 'body');
      await expectField({ method: 'PATCH', url, payload: { colour: 'red' } }, 'body');
      const renamed = await admin.request({ method: 'PATCH', url, payload: { name: 'Standard 2' } });
      expect(renamed.statusCode).toBe(200);
    });

    it('names the body when it is not JSON at all', async () => {
      await expectField(
        {
          method: 'POST',
          url: '/api/cases',
          headers: { 'content-type': 'application/json' },
          payload: '{"type": "complaint",',
        },
        'body',
      );
    });
  });
}
