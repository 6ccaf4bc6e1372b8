// An agent records a case reported by phone, mail or in person: the channel it came by, the
// customer's person who reported it and the priority are kept on the case; a person of another
// organisation is refused at the contact field, and no case is opened for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countCases, startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { buildUser, type Channel } from '../../../../test/factories';
import type { Session, TestServer } from '../../../../test/test-server';
import type { PersonRow } from '../users/person.table';

type Problem = { status: number; code: string; errors?: { field: string; message: string }[] };
type Created = {
  number: string;
  channel: string;
  priority: string;
  contact: { id: string; name: string } | null;
};

for (const dialect of DIALECTS) {
  describe(`an agent's new case [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let agent: Session;
    let contact: PersonRow;
    let stranger: PersonRow;

    beforeAll(async () => {
      ({ server, channel, agent } = await startChannelServer(dialect, { agent: 'agent' }));
      contact = await buildUser(server.deps, channel.customerA1, [], { login: false, name: 'Frau Sommer' });
      stranger = await buildUser(server.deps, channel.customerA2, [], { login: false, name: 'Herr Weser' });
    });
    afterAll(async () => server.close());

    const body = (extra: object) => ({
      type: 'fault',
      customerId: channel.customerA1.id,
      subject: 'Kasse startet nicht',
      description: 'Am Telefon gemeldet.',
      ...extra,
    });

    it('keeps the channel (on site), the contact person and the priority', async () => {
      const response = await agent.request({
        method: 'POST',
        url: '/api/cases',
        payload: body({ channel: 'on_site', contactId: contact.id, priority: 'high' }),
      });
      expect(response.statusCode).toBe(201);
      const created = response.json<Created>();
      expect(created.channel).toBe('on_site');
      expect(created.priority).toBe('high');
      expect(created.contact).toMatchObject({ id: contact.id, name: 'Frau Sommer' });
      const read = await agent.request({ method: 'GET', url: `/api/cases/${created.number}` });
      expect(read.json<Created>()).toMatchObject({ channel: 'on_site', contact: { id: contact.id } });
    });

    it('a body without them stays valid: phone, no contact, normal priority', async () => {
      const response = await agent.request({ method: 'POST', url: '/api/cases', payload: body({}) });
      expect(response.statusCode).toBe(201);
      expect(response.json<Created>()).toMatchObject({ channel: 'phone', priority: 'normal', contact: null });
    });

    it('refuses a contact person of another organisation at the contact field and opens no case', async () => {
      const before = await countCases(server);
      const response = await agent.request({
        method: 'POST',
        url: '/api/cases',
        payload: body({ channel: 'email', contactId: stranger.id }),
      });
      expect(response.statusCode).toBe(400);
      expect(response.json<Problem>().errors).toEqual([
        { field: 'contactId', message: 'belongs to another organisation' },
      ]);
      expect(await countCases(server)).toBe(before);
    });

    it('refuses a channel it does not know, naming the field', async () => {
      const response = await agent.request({
        method: 'POST',
        url: '/api/cases',
        payload: body({ channel: 'fax' }),
      });
      expect(response.statusCode).toBe(400);
      expect(response.json<Problem>().errors?.map((e) => e.field)).toEqual(['channel']);
    });
  });
}
