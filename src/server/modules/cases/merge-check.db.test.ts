import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import type { Channel } from '../../../../test/factories';
import type { Session, TestServer } from '../../../../test/test-server';

type Json = { id: string; number: string };

for (const dialect of DIALECTS) {
  describe(`merge check [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let agent: Session;
    let otherPartner: Session;
    let customer: Session;

    beforeAll(async () => {
      ({ server, channel, agent, otherPartner, customer } = await startChannelServer(dialect, {
        agent: 'agent',
        otherPartner: 'otherPartnerAdmin',
        customer: 'customer_user',
      }));
    });
    afterAll(async () => server.close());

    async function open(customerId: string, subject: string): Promise<Json> {
      const response = await agent.request({
        method: 'POST',
        url: '/api/cases',
        payload: { type: 'fault', subject, customerId, description: 'Kein Internet seit 8 Uhr.' },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json();
    }
    const check = (session: Session, from: Json, target: string) =>
      session.request({
        method: 'GET',
        url: `/api/cases/${from.number}/merge-check?target=${encodeURIComponent(target)}`,
      });
    const merge = (from: Json, into: string) =>
      agent.request({ method: 'POST', url: `/api/cases/${from.id}/merge`, payload: { into } });

    it('previews a possible target and merges exactly when the check says so', async () => {
      const keep = await open(channel.customerA1.id, 'Leitung gestört');
      const duplicate = await open(channel.customerA1.id, 'Leitung gestört (nochmal)');
      const ok = await check(agent, duplicate, keep.number);
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({
        possible: true,
        refusal: null,
        target: {
          id: keep.id,
          number: keep.number,
          subject: 'Leitung gestört',
          status: 'new',
          customer: { id: channel.customerA1.id },
        },
      });
      expect(ok.json().target.customer.name).toEqual(expect.any(String));
      expect(ok.json().target.lastActivityAt).toEqual(expect.any(String));
      // The check changes nothing: the duplicate is still its own case.
      expect((await agent.request({ method: 'GET', url: `/api/cases/${duplicate.id}` })).statusCode).toBe(
        200,
      );
      expect((await merge(duplicate, keep.id)).statusCode).toBe(200);
    });

    it('names why a merge is impossible, and the merge refuses the same cases', async () => {
      const a = await open(channel.customerA1.id, 'Drucker druckt streifig');
      const b = await open(channel.customerA1.id, 'Drucker druckt streifig (2)');
      const other = await open(channel.customerA2.id, 'Drucker eines anderen Kunden');
      const merged = await open(channel.customerA1.id, 'Schon zusammengeführt');
      expect((await merge(merged, b.id)).statusCode).toBe(200);
      const closed = await open(channel.customerA1.id, 'Schon geschlossen');
      const closing = await agent.request({
        method: 'PATCH',
        url: `/api/cases/${closed.id}`,
        payload: { status: 'closed' },
      });
      expect(closing.statusCode, closing.body).toBe(200);

      const cases: [string, string, number][] = [
        [a.number, 'same_case', 400],
        [other.number, 'other_customer', 400],
        [merged.id, 'target_merged', 400],
        [closed.id, 'target_closed', 400],
        ['CD-2026-999999', 'not_found', 400],
      ];
      for (const [target, refusal, mergeStatus] of cases) {
        const answer = await check(agent, a, target);
        expect(answer.statusCode, answer.body).toBe(200);
        expect(answer.json(), target).toMatchObject({ possible: false, refusal });
        const tried = await merge(a, target);
        expect(tried.statusCode, `${target}: ${tried.body}`).toBe(mergeStatus);
        expect(tried.json().errors?.[0]?.field).toBe('into');
      }
      expect((await check(agent, a, other.number)).json().target).toMatchObject({
        number: other.number,
        customer: { id: channel.customerA2.id },
      });
      // A merged duplicate cannot be merged again.
      const again = await check(agent, merged, a.id);
      expect(again.json()).toMatchObject({ possible: false, refusal: 'already_merged' });
      expect((await merge(merged, a.id)).statusCode).toBe(409);
    });

    it('is the operator’s: another partner and a customer learn nothing', async () => {
      const a = await open(channel.customerA1.id, 'Router blinkt rot');
      const b = await open(channel.customerA1.id, 'Router blinkt rot (2)');
      for (const outsider of [otherPartner, customer]) {
        const answer = await check(outsider, a, b.number);
        expect(answer.statusCode).toBe(403);
        expect(answer.body).not.toContain('Router');
      }
    });
  });
}
