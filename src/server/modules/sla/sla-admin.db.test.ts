import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import type { Session, TestServer } from '../../../../test/test-server';

type Policy = { id: string; name: string; position: number; caseType: string | null };

for (const dialect of DIALECTS) {
  describe(`an operator admin creates SLA policies and sets the order they are tried in [${dialect}]`, () => {
    let server: TestServer;
    let admin: Session;
    let agent: Session;
    let partner: Session;
    let customer: Session;

    beforeAll(async () => {
      ({ server, admin, agent, partner, customer } = await startChannelServer(dialect, {
        admin: 'operator_admin',
        agent: 'agent',
        partner: 'partner_admin',
        customer: 'customer_user',
      }));
    });
    afterAll(async () => server.close());

    const policies = async () =>
      (await admin.request({ method: 'GET', url: '/api/sla-policies' })).json<{ items: Policy[] }>().items;
    const order = (session: Session, ids: string[]) =>
      session.request({ method: 'PUT', url: '/api/sla-policies/order', payload: { ids } });
    /** The policy the first-response clock of a new return case runs on. */
    const policyOfNewReturn = async () => {
      const created = await customer.request({
        method: 'POST',
        url: '/api/cases',
        payload: { type: 'return', subject: 'Toner zurück', description: 'Falscher Toner geliefert.' },
      });
      expect(created.statusCode).toBe(201);
      const clock = await server.deps.db
        .selectFrom('case_clock')
        .select('policy_id')
        .where('case_id', '=', created.json<{ id: string }>().id)
        .where('kind', '=', 'first_response')
        .executeTakeFirst();
      return clock?.policy_id;
    };

    it('creates policies with criteria and a calendar, and the order decides which one a case gets', async () => {
      const general = await admin.request({
        method: 'POST',
        url: '/api/sla-policies',
        payload: { name: 'Allgemein', firstResponseMinutes: 240 },
      });
      expect(general.statusCode).toBe(201);
      const returns = await admin.request({
        method: 'POST',
        url: '/api/sla-policies',
        payload: {
          name: 'Retouren',
          caseType: 'return',
          priority: null,
          customerTier: null,
          firstResponseMinutes: 60,
          calendar: {
            timeZone: 'Europe/Berlin',
            hours: { '1': [['08:00', '16:00']], '5': [['08:00', '12:00']] },
            holidayState: 'NI',
            closedDates: ['2026-12-24'],
          },
        },
      });
      expect(returns.statusCode).toBe(201);
      const generalId = general.json<Policy>().id;
      const returnsId = returns.json<Policy>().id;

      const first = await order(admin, [generalId, returnsId]);
      expect(first.statusCode).toBe(200);
      expect(first.json<{ items: Policy[] }>().items.map((p) => p.id)).toEqual([generalId, returnsId]);
      expect(await policyOfNewReturn()).toBe(generalId);

      expect((await order(admin, [returnsId, generalId])).statusCode).toBe(200);
      const listed = await policies();
      expect(listed.map((p) => p.id)).toEqual([returnsId, generalId]);
      expect(listed.map((p) => p.position)).toEqual([10, 20]);
      expect(await policyOfNewReturn()).toBe(returnsId);
    });

    it('refuses an order that leaves out, repeats or invents a policy, at ids', async () => {
      const ids = (await policies()).map((p) => p.id);
      for (const bad of [
        ids.slice(1),
        [...ids, ids[0] ?? ''],
        [...ids.slice(1), '00000000-0000-4000-8000-000000000000'],
        ['not-an-id'],
      ]) {
        const res = await order(admin, bad);
        expect(res.statusCode).toBe(400);
        expect(res.json<{ errors: { field: string }[] }>().errors[0]?.field).toMatch(/^ids/);
      }
      expect((await policies()).map((p) => p.id)).toEqual(ids);
    });

    it('lets only an operator admin create or reorder policies', async () => {
      const ids = (await policies()).map((p) => p.id);
      for (const session of [agent, partner, customer]) {
        expect((await order(session, [...ids].reverse())).statusCode).toBe(403);
        const created = await session.request({
          method: 'POST',
          url: '/api/sla-policies',
          payload: { name: 'Heimlich', firstResponseMinutes: 1 },
        });
        expect(created.statusCode).toBe(403);
      }
      expect((await partner.request({ method: 'GET', url: '/api/sla-policies' })).statusCode).toBe(403);
      expect((await policies()).map((p) => p.id)).toEqual(ids);
    });
  });
}
