import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import type { Channel } from '../../../../test/factories';
import type { Session, TestServer } from '../../../../test/test-server';

// The asset list's warranty filter: the operator's "ends within 90 days", and a partner's view of it
// stays inside its own customers.
for (const dialect of DIALECTS) {
  describe(`assets by warranty end [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let agent: Session;
    let partner: Session;

    const add = async (serial: string, customerId: string, warrantyEnd: string | null) => {
      const response = await agent.request({
        method: 'POST',
        url: '/api/assets',
        payload: {
          serial,
          productModel: 'Printwerk LX 500',
          productLine: 'printers',
          customerId,
          warrantyEnd,
        },
      });
      expect(response.statusCode, response.body).toBe(201);
    };
    const serials = async (session: Session, query: string) => {
      const response = await session.request({ method: 'GET', url: `/api/assets?${query}` });
      expect(response.statusCode, response.body).toBe(200);
      return (response.json().items as { serial: string }[]).map((a) => a.serial);
    };

    beforeAll(async () => {
      ({ server, channel, agent, partner } = await startChannelServer(dialect, {
        agent: 'agent',
        partner: 'partner_admin',
      }));
      await add('WF-1', channel.customerA1.id, '2027-01-10');
      await add('WF-2', channel.customerA1.id, '2027-03-31');
      await add('WF-3', channel.customerA2.id, '2026-11-30');
      await add('WF-4', channel.customerB1.id, '2027-01-20');
      await add('WF-5', channel.customerA2.id, null);
    });
    afterAll(async () => server.close());

    it('lists the assets whose warranty ends inside the window, the bounds included', async () => {
      expect(await serials(agent, 'warrantyEndFrom=2026-12-06&warrantyEndTo=2027-03-06')).toEqual([
        'WF-1',
        'WF-4',
      ]);
      expect(await serials(agent, 'warrantyEndFrom=2027-01-10&warrantyEndTo=2027-01-10')).toEqual(['WF-1']);
    });

    it('lists expired warranties with an upper bound only; no warranty end never matches', async () => {
      expect(await serials(agent, 'warrantyEndTo=2026-12-05')).toEqual(['WF-3']);
    });

    it('keeps a partner inside its own customers', async () => {
      expect(await serials(partner, 'warrantyEndFrom=2026-12-06&warrantyEndTo=2027-12-31')).toEqual([
        'WF-1',
        'WF-2',
      ]);
    });

    it('names the field of a date that is not one', async () => {
      const response = await agent.request({ method: 'GET', url: '/api/assets?warrantyEndTo=soon' });
      expect(response.statusCode).toBe(400);
      expect(JSON.stringify(response.json())).toContain('warrantyEndTo');
    });
  });
}
