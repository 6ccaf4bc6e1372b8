import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import type { Channel } from '../../../../test/factories';
import type { Session, TestServer } from '../../../../test/test-server';

type Group = {
  id: string;
  name: string;
  lead: { id: string; name: string } | null;
  members: { id: string; name: string }[];
};
const memberIdsOf = (group: Group | undefined) => (group?.members ?? []).map((m) => m.id);

for (const dialect of DIALECTS) {
  describe(`an operator admin renames a group and sets its lead [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let admin: Session;
    let partner: Session;
    let customer: Session;

    beforeAll(async () => {
      ({ server, channel, admin, partner, customer } = await startChannelServer(dialect, {
        admin: 'operator_admin',
        partner: 'partner_admin',
        customer: 'customer_user',
      }));
    });
    afterAll(async () => server.close());

    const groups = async () =>
      (await admin.request({ method: 'GET', url: '/api/groups' })).json<{ items: Group[] }>().items;
    const create = async (name: string) =>
      (await admin.request({ method: 'POST', url: '/api/groups', payload: { name } })).json<{ id: string }>()
        .id;

    it('renames the group and sets, then clears, its lead', async () => {
      const id = await create('Reklamationen');
      const patch = (payload: object) =>
        admin.request({ method: 'PATCH', url: `/api/groups/${id}`, payload });
      expect((await patch({ name: 'Retouren', leadPersonId: channel.users.agent.id })).statusCode).toBe(204);
      const renamed = (await groups()).find((g) => g.id === id);
      expect(renamed?.name).toBe('Retouren');
      expect(renamed?.lead?.id).toBe(channel.users.agent.id);
      expect((await patch({ leadPersonId: null })).statusCode).toBe(204);
      expect((await groups()).find((g) => g.id === id)?.lead).toBeNull();
    });

    it('refuses a taken name and a lead outside the operator at their fields', async () => {
      await create('Technik');
      const id = await create('Vertrieb');
      const taken = await admin.request({
        method: 'PATCH',
        url: `/api/groups/${id}`,
        payload: { name: 'Technik' },
      });
      expect(taken.statusCode).toBe(409);
      expect(taken.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('name');
      const outsider = await admin.request({
        method: 'PATCH',
        url: `/api/groups/${id}`,
        payload: { leadPersonId: channel.users.customer_user.id },
      });
      expect(outsider.statusCode).toBe(400);
      expect(outsider.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('leadPersonId');
      expect((await groups()).find((g) => g.id === id)?.name).toBe('Vertrieb');
    });

    it('adds and removes members; the list replaces the old one and keeps name and lead', async () => {
      const id = await create('Innendienst');
      const patch = (payload: object) =>
        admin.request({ method: 'PATCH', url: `/api/groups/${id}`, payload });
      const { agent, operator_admin } = channel.users;
      expect((await patch({ leadPersonId: agent.id })).statusCode).toBe(204);
      expect((await patch({ memberIds: [agent.id, operator_admin.id, agent.id] })).statusCode).toBe(204);
      let group = (await groups()).find((g) => g.id === id);
      expect(memberIdsOf(group).sort()).toEqual([agent.id, operator_admin.id].sort());
      expect((await patch({ memberIds: [operator_admin.id] })).statusCode).toBe(204);
      group = (await groups()).find((g) => g.id === id);
      expect(memberIdsOf(group)).toEqual([operator_admin.id]);
      expect(group?.name).toBe('Innendienst');
      expect(group?.lead?.id).toBe(agent.id);
      expect((await patch({ memberIds: [] })).statusCode).toBe(204);
      expect((await groups()).find((g) => g.id === id)?.members).toEqual([]);
    });

    it('refuses a member outside the operator or an unknown one at memberIds, changing nothing', async () => {
      const id = await create('Lager');
      const patch = (payload: object) =>
        admin.request({ method: 'PATCH', url: `/api/groups/${id}`, payload });
      expect((await patch({ memberIds: [channel.users.agent.id] })).statusCode).toBe(204);
      for (const memberIds of [
        [channel.users.partner_admin.id],
        ['00000000-0000-4000-8000-000000000000'],
        ['not-an-id'],
      ]) {
        const res = await patch({ memberIds });
        expect(res.statusCode).toBe(400);
        expect(res.json<{ errors: { field: string }[] }>().errors[0]?.field).toMatch(/^memberIds/);
      }
      const group = (await groups()).find((g) => g.id === id);
      expect(memberIdsOf(group)).toEqual([channel.users.agent.id]);
    });

    it('lets neither a partner nor a customer change a group', async () => {
      const id = await create('Außendienst');
      for (const session of [partner, customer]) {
        const res = await session.request({
          method: 'PATCH',
          url: `/api/groups/${id}`,
          payload: { name: 'Weg' },
        });
        expect(res.statusCode).toBe(403);
        const members = await session.request({
          method: 'PATCH',
          url: `/api/groups/${id}`,
          payload: { memberIds: [channel.users.agent.id] },
        });
        expect(members.statusCode).toBe(403);
      }
      expect((await groups()).find((g) => g.id === id)?.name).toBe('Außendienst');
    });
  });
}
