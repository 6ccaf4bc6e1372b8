import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordCall, startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { buildUser, type Channel } from '../../../../test/factories';
import { createTestMailbox, outboxMails } from '../../../../test/mail';
import { runNotificationTimers } from '../../../../test/notifications';
import type { Session, TestServer } from '../../../../test/test-server';
import type { PersonRow } from './person.table';

type Person = { id: string; name: string; salutation: 'ms' | 'mr' | null };

for (const dialect of DIALECTS) {
  describe(`a contact's salutation greets them in text modules and mails [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let admin: Session;
    let agent: Session;
    let partnerAdmin: Session;
    let customer: Session;
    let contact: PersonRow;

    const newCase = (contactId: string, subject: string) =>
      recordCall(agent, channel, subject, { contactId });
    const renderGreeting = async (caseId: string, language: 'de' | 'en') => {
      const module = await admin.request({
        method: 'POST',
        url: '/api/text-modules',
        payload: {
          name: `Begrüßung ${language} ${caseId.slice(-6)}`,
          language,
          body: '{{contact.greeting}}\n\nwir kümmern uns.\n\nMit freundlichen Grüßen\n{{agent.name}}',
        },
      });
      expect(module.statusCode, module.body).toBe(201);
      const res = await agent.request({
        method: 'POST',
        url: `/api/text-modules/${module.json<{ id: string }>().id}/render`,
        payload: { caseId },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ text: string; missing: string[] }>();
    };

    beforeAll(async () => {
      ({ server, channel, admin, agent, partnerAdmin, customer } = await startChannelServer(dialect, {
        admin: 'operator_admin',
        agent: 'agent',
        partnerAdmin: 'partner_admin',
        customer: 'customer_user',
      }));
      await createTestMailbox(server.deps, 'service@printwerk.example');
      contact = await buildUser(server.deps, channel.customerA1, [], { login: false, name: 'Anna Sommer' });
    });
    afterAll(async () => server.close());

    it('creates a contact with a salutation, changes and clears it, and lists it', async () => {
      const created = await admin.request({
        method: 'POST',
        url: '/api/users',
        payload: {
          organisationId: channel.customerA1.id,
          name: 'Deniz Kaya',
          email: 'deniz.kaya@sommer.example',
          salutation: 'mr',
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const person = created.json<Person>();
      expect(person.salutation).toBe('mr');

      const cleared = await admin.request({
        method: 'PATCH',
        url: `/api/users/${person.id}`,
        payload: { salutation: null },
      });
      expect(cleared.statusCode, cleared.body).toBe(200);
      expect(cleared.json<Person>().salutation).toBeNull();

      const set = await admin.request({
        method: 'PATCH',
        url: `/api/users/${contact.id}`,
        payload: { salutation: 'ms' },
      });
      expect(set.json<Person>().salutation).toBe('ms');
      const people = await agent.request({
        method: 'GET',
        url: `/api/organisations/${channel.customerA1.id}/people?limit=200`,
      });
      const listed = people.json<{ items: Person[] }>().items;
      expect(listed.find((p) => p.id === contact.id)?.salutation).toBe('ms');
      expect(listed.find((p) => p.id === person.id)?.salutation).toBeNull();
    });

    it('refuses a salutation it does not know at the salutation field', async () => {
      for (const [method, url, payload] of [
        ['PATCH', `/api/users/${contact.id}`, { salutation: 'dr' }],
        [
          'POST',
          '/api/users',
          {
            organisationId: channel.customerA1.id,
            name: 'Eva Weber',
            email: 'eva.weber@sommer.example',
            salutation: 'Frau',
          },
        ],
      ] as const) {
        const res = await admin.request({ method, url, payload });
        expect(res.statusCode, `${method} ${url}`).toBe(400);
        expect(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual([
          'salutation',
        ]);
      }
    });

    it('lets only user admins set it (a partner admin not for a customer of theirs)', async () => {
      const res = await partnerAdmin.request({
        method: 'PATCH',
        url: `/api/users/${contact.id}`,
        payload: { salutation: 'mr' },
      });
      expect(res.statusCode).toBe(404);
      const byCustomer = await customer.request({
        method: 'PATCH',
        url: `/api/users/${contact.id}`,
        payload: { salutation: 'mr' },
      });
      expect(byCustomer.statusCode).toBe(403);
    });

    it('renders {{contact.greeting}} by salutation, and by full name without one', async () => {
      await admin.request({
        method: 'PATCH',
        url: `/api/users/${contact.id}`,
        payload: { salutation: 'ms' },
      });
      const kase = await newCase(contact.id, 'Drucker zieht kein Papier ein');
      const formal = await renderGreeting(kase.id, 'de');
      expect(formal.missing).toEqual([]);
      // The module's own sign-off goes: the mail signs once, below the text.
      expect(formal.text).toBe('Sehr geehrte Frau Sommer,\n\nwir kümmern uns.');

      await admin.request({
        method: 'PATCH',
        url: `/api/users/${contact.id}`,
        payload: { salutation: null },
      });
      expect((await renderGreeting(kase.id, 'de')).text).toMatch(/^Guten Tag Anna Sommer,\n/);

      // In the contact's language: the reply mail goes out in it.
      await admin.request({
        method: 'PATCH',
        url: `/api/users/${contact.id}`,
        payload: { salutation: 'mr', locale: 'en' },
      });
      expect((await renderGreeting(kase.id, 'en')).text).toMatch(/^Dear Mr Sommer,\n/);
      await admin.request({
        method: 'PATCH',
        url: `/api/users/${contact.id}`,
        payload: { salutation: 'ms', locale: 'de' },
      });
    });

    it('leaves {{contact.greeting}} visible and reported when the case has no contact', async () => {
      const res = await agent.request({
        method: 'POST',
        url: '/api/cases',
        payload: {
          type: 'request',
          subject: 'Toner',
          customerId: channel.customerA1.id,
          description: 'Ohne Ansprechpartner.',
        },
      });
      const rendered = await renderGreeting(res.json<{ id: string }>().id, 'de');
      expect(rendered.missing).toEqual(['contact.greeting']);
      expect(rendered.text).toMatch(/^\{\{contact\.greeting\}\}/);
    });

    it('greets the person with a salutation formally in a notification mail', async () => {
      await server.deps.db.deleteFrom('outbox').execute();
      const kase = await newCase(contact.id, 'Toner fehlt');
      const commitment = await agent.request({
        method: 'POST',
        url: `/api/cases/${kase.id}/commitments`,
        payload: {
          description: 'Rückruf durch die Technik',
          dueAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
      });
      expect(commitment.statusCode, commitment.body).toBe(201);
      await runNotificationTimers(server);
      const mails = (await outboxMails(server.deps)).filter((m) => m.to === contact.email);
      expect(mails.length).toBeGreaterThan(0);
      for (const mail of mails) expect(mail.text).toMatch(/^Sehr geehrte Frau Sommer,\n/);
    });

    it('tells those who write public replies the signature the mail will carry', async () => {
      const kase = await newCase(contact.id, 'Signatur');
      const detail = await agent.request({ method: 'GET', url: `/api/cases/${kase.id}` });
      expect(detail.json<{ replySignature: unknown }>().replySignature).toEqual({
        language: 'de',
        lines: ['Freundliche Grüße', channel.users.agent.name, 'Printwerk Service'],
      });
      // The customer writes no reply mail: no signature for them.
      const seen = await customer.request({ method: 'GET', url: `/api/cases/${kase.number}` });
      expect(seen.statusCode).toBe(200);
      expect(seen.json<Record<string, unknown>>()).not.toHaveProperty('replySignature');

      // Nobody to mail: nothing is signed.
      const bounced = await buildUser(server.deps, channel.customerA1, [], {
        login: false,
        mail_bounced_at: new Date().toISOString(),
      });
      const silent = await newCase(bounced.id, 'Unzustellbar');
      const none = await agent.request({ method: 'GET', url: `/api/cases/${silent.id}` });
      expect(none.json<{ replySignature: unknown }>().replySignature).toBeNull();
    });
  });
}
