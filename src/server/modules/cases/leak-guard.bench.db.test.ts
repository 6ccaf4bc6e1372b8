// How long the leak guard makes a public reply take with many customers. Not part of the suite
// (it fills the database with thousands of customers); run with LEAK_BENCH=1, e.g.
// LEAK_BENCH=1 npx vitest run --project db src/server/modules/cases/leak-guard.bench.db.test.ts
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import type { Channel } from '../../../../test/factories';
import type { Session, TestServer } from '../../../../test/test-server';
import { newId } from '../../shared/ids';
import type { Scope } from '../../shared/scope';
import { guardCustomerText } from './leak-check';

const CUSTOMERS = Number(process.env.LEAK_BENCH_CUSTOMERS ?? 5000);
const REPLIES = 60;
const TEXT =
  'Guten Tag, vielen Dank für Ihre Nachricht. Wir haben den Drucker geprüft und schicken ' +
  'Ihnen bis Freitag ein Austauschgerät. Die Seriennummer finden Sie auf dem Lieferschein. ' +
  'Bei Fragen erreichen Sie uns werktags von 8 bis 17 Uhr. Mit freundlichen Grüßen';
const LAST = ['Hansen', 'Petersen', 'Janssen', 'Brinkmann', 'Oltmanns', 'Gerdes', 'Ahlers', 'Wübbena'];
const TRADE = ['Tischlerei', 'Steuerbüro', 'Zahnarztpraxis', 'Fahrschule', 'Gärtnerei', 'Elektro'];

for (const dialect of DIALECTS) {
  describe.skipIf(!process.env.LEAK_BENCH)(`leak guard with ${CUSTOMERS} customers [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let agent: Session;

    beforeAll(async () => {
      ({ server, channel, agent } = await startChannelServer(dialect, {
        agent: 'agent',
      }));
      const now = new Date().toISOString();
      const rows = Array.from({ length: CUSTOMERS }, (_, i) => ({
        id: newId(),
        number: `K-${900000 + i}`,
        kind: 'customer' as const,
        name: `${TRADE[i % TRADE.length]} ${LAST[i % LAST.length]} ${i}`,
        street: null,
        postal_code: null,
        city: null,
        country: 'DE',
        vat_id: null,
        tax_number: null,
        email: null,
        phone: null,
        active: 1,
        created_at: now,
        updated_at: now,
      }));
      for (let i = 0; i < rows.length; i += 500)
        await server.deps.db
          .insertInto('organisation')
          .values(rows.slice(i, i + 500))
          .execute();
    }, 300_000);
    afterAll(async () => server?.close());

    it('times the guard alone', async () => {
      const opened = await agent.request({
        method: 'POST',
        url: '/api/cases',
        payload: { type: 'request', subject: 'Bench', customerId: channel.customerA1.id, description: 'x' },
      });
      const caseId = opened.json<{ id: string }>().id;
      const row = await server.deps.db
        .selectFrom('support_case')
        .selectAll()
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow();
      const scope = { kind: 'system', label: 'bench', roles: ['operator_admin'] } as unknown as Scope;
      const times: number[] = [];
      for (let i = 0; i < REPLIES; i += 1) {
        const text = `${TEXT} (${i})`;
        const started = performance.now();
        await server.deps.db.transaction().execute((trx) =>
          guardCustomerText(trx, server.deps, row, {
            scope,
            audience: 'operator',
            texts: [{ field: 'body', text }],
            facts: [],
            subject: { type: 'case_message', id: `m${i}` },
          }),
        );
        times.push(performance.now() - started);
      }
      report('guard alone', times);
    }, 300_000);

    it('times public replies', async () => {
      const opened = await agent.request({
        method: 'POST',
        url: '/api/cases',
        payload: { type: 'request', subject: 'Bench', customerId: channel.customerA1.id, description: 'x' },
      });
      const caseId = opened.json<{ id: string }>().id;
      const text = TEXT;
      const times: number[] = [];
      for (let i = 0; i < REPLIES; i += 1) {
        const started = performance.now();
        const response = await agent.request({
          method: 'POST',
          url: `/api/cases/${caseId}/messages`,
          payload: { body: `${text} (${i})`, visibility: 'public' },
        });
        times.push(performance.now() - started);
        expect(response.statusCode, response.body).toBe(201);
      }
      report('whole public reply', times);
    }, 300_000);

    function report(what: string, times: number[]) {
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)]!;
      const p90 = times[Math.floor(times.length * 0.9)]!;
      console.log(
        `[${dialect}] ${CUSTOMERS} customers, ${what} ×${REPLIES}: median ${median.toFixed(1)} ms, p90 ${p90.toFixed(1)} ms`,
      );
    }
  });
}
