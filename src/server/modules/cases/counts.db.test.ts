import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { type Channel, TEST_PASSWORD } from '../../../../test/factories';
import { logIn, type Session, type TestServer } from '../../../../test/test-server';

for (const dialect of DIALECTS) {
  describe(`inbox counters [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let agent: Session;
    let admin: Session;

    beforeAll(async () => {
      ({ server, channel, agent, admin } = await startChannelServer(dialect, {
        agent: 'agent',
        admin: 'operator_admin',
      }));
      const open = async (subject: string) => {
        const created = await agent.request({
          method: 'POST',
          url: '/api/cases',
          payload: {
            type: 'request',
            subject,
            description: 'Bitte prüfen.',
            customerId: channel.customerA1.id,
          },
        });
        expect(created.statusCode).toBe(201);
        return created.json().id as string;
      };
      const mine = await open('Meiner');
      await open('Niemandes');
      const waiting = await open('Wartet');
      await agent.request({
        method: 'PATCH',
        url: `/api/cases/${mine}`,
        payload: { assigneeId: channel.users.agent.id },
      });
      await agent.request({
        method: 'PATCH',
        url: `/api/cases/${waiting}`,
        payload: { status: 'waiting_customer', assigneeId: channel.users.operator_admin.id },
      });
    });
    afterAll(async () => server.close());

    it('counts each inbox view as its list filter would show it', async () => {
      const counts = await agent.request({ method: 'GET', url: '/api/cases/counts' });
      expect(counts.statusCode).toBe(200);
      expect(counts.json()).toEqual({
        mine: 1,
        unassigned: 1,
        myGroups: 0,
        breaching: 0,
        waiting: 1,
        all: 3,
      });
      const list = await agent.request({ method: 'GET', url: '/api/cases?assignee=none&status=new,open' });
      expect(list.json().items).toHaveLength(1);
    });

    it('counts per person: the admin has the waiting case', async () => {
      const counts = await admin.request({ method: 'GET', url: '/api/cases/counts' });
      expect(counts.json()).toMatchObject({ mine: 1, waiting: 1, all: 3 });
    });

    it('my groups covers every group the agent belongs to or leads, in the list and the counter', async () => {
      const group = async (name: string, members: { leadPersonId?: string; memberIds?: string[] }) => {
        const created = await admin.request({
          method: 'POST',
          url: '/api/groups',
          payload: { name, ...members },
        });
        expect(created.statusCode).toBe(201);
        return created.json().id as string;
      };
      const hardware = await group('Hardware', { memberIds: [channel.users.agent.id] });
      const billing = await group('Rechnungen', { leadPersonId: channel.users.agent.id });
      const elsewhere = await group('Logistik', { memberIds: [channel.users.operator_admin.id] });
      for (const [subject, groupId] of [
        ['Drucker defekt', hardware],
        ['Rechnung fehlt', billing],
        ['Paket verloren', elsewhere],
      ] as const) {
        const created = await agent.request({
          method: 'POST',
          url: '/api/cases',
          payload: {
            type: 'request',
            subject,
            description: 'Bitte prüfen.',
            customerId: channel.customerA1.id,
            groupId,
          },
        });
        expect(created.statusCode).toBe(201);
      }
      const list = await agent.request({ method: 'GET', url: '/api/cases?groupId=mine&status=new,open' });
      expect(list.statusCode).toBe(200);
      expect(
        list
          .json()
          .items.map((c: { subject: string }) => c.subject)
          .sort(),
      ).toEqual(['Drucker defekt', 'Rechnung fehlt']);
      const counts = await agent.request({ method: 'GET', url: '/api/cases/counts' });
      expect(counts.json().myGroups).toBe(2);
      const adminList = await admin.request({ method: 'GET', url: '/api/cases?groupId=mine' });
      expect(adminList.json().items.map((c: { subject: string }) => c.subject)).toEqual(['Paket verloren']);
    });

    it('is for the operator only', async () => {
      const customer = await logIn(server.app, channel.users.customer_user.email, TEST_PASSWORD);
      const denied = await customer.request({ method: 'GET', url: '/api/cases/counts' });
      expect(denied.statusCode).toBe(403);
    });
  });
}
