import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { buildOrganisation, buildUser, type Channel } from '../../../../test/factories';
import { createTestMailbox, mail, receiveMail } from '../../../../test/mail';
import type { Session, TestServer } from '../../../../test/test-server';

// Search through the API finds only what the caller may read: a customer public text, a partner
// public text and its own partner notes, the operator everything. Unique made-up words stand for
// what each note says, so a hit can only come from that note.

const MAILBOX = 'service@printwerk.example';

for (const dialect of DIALECTS) {
  describe(`case search through the API [${dialect}]`, { timeout: 30_000 }, () => {
    let server: TestServer;
    let channel: Channel;
    let agent: Session;
    let customer: Session;
    let partnerA: Session;
    let partnerB: Session;
    let caseId: string;
    let caseNumber: string;

    /** The case ids GET /api/cases?q= lists for `session`. */
    async function found(session: Session, q: string): Promise<string[]> {
      const response = await session.request({ method: 'GET', url: `/api/cases?q=${encodeURIComponent(q)}` });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{ items: { id: string }[] }>().items.map((item) => item.id);
    }

    async function post(session: Session, url: string, payload: object) {
      const response = await session.request({ method: 'POST', url, payload });
      expect(response.statusCode, response.body).toBeLessThan(300);
      return response.json();
    }

    beforeAll(async () => {
      ({ server, channel, agent, customer, partnerA, partnerB } = await startChannelServer(dialect, {
        agent: 'agent',
        customer: 'customer_user',
        partnerA: 'partner_agent',
        partnerB: 'otherPartnerAdmin',
      }));

      // A case of Nordwest IT's customer; its notes, and then the case moves to Systemhaus Süd.
      const created = await post(agent, '/api/cases', {
        type: 'complaint',
        subject: 'Etikettendrucker verschmiert',
        customerId: channel.customerA1.id,
        description: 'Die Etiketten verschmieren, Giraffenhals steht auf dem Display.',
      });
      caseId = created.id;
      caseNumber = created.number;
      const messages = `/api/cases/${caseId}/messages`;
      await post(agent, messages, { body: 'Zahlung offen, Quokkafell prüfen.', visibility: 'internal' });
      await post(agent, messages, { body: 'Bitte Wombatpfote als Ersatz liefern.', visibility: 'partner' });
      await post(partnerA, messages, { body: 'Kiwivogel ist unterwegs.', visibility: 'partner' });
      const moved = await agent.request({
        method: 'PATCH',
        url: `/api/cases/${caseId}`,
        payload: { partnerId: channel.partnerB.id },
      });
      expect(moved.statusCode, moved.body).toBe(200);
      await post(agent, messages, { body: 'Neuer Händler: Okapiknie tauschen.', visibility: 'partner' });
    });
    afterAll(async () => server.close());

    it('finds public text for the customer, both partners and the operator', async () => {
      for (const session of [customer, partnerA, partnerB, agent]) {
        expect(await found(session, 'Giraffenhals')).toEqual([caseId]);
        expect(await found(session, 'Giraffen')).toEqual([caseId]);
        expect(await found(session, 'Etikettendrucker Giraffenhals')).toEqual([caseId]);
      }
    });

    it('never finds an internal note for the customer or a partner, by word or by prefix', async () => {
      for (const session of [customer, partnerA, partnerB]) {
        expect(await found(session, 'Quokkafell')).toEqual([]);
        expect(await found(session, 'Quokka')).toEqual([]);
        expect(await found(session, 'Giraffenhals Quokkafell')).toEqual([]);
      }
      expect(await found(agent, 'Quokkafell')).toEqual([caseId]);
      expect(await found(agent, 'Quokka')).toEqual([caseId]);
    });

    it('never finds a partner note for the customer, by word or by prefix', async () => {
      for (const word of ['Wombatpfote', 'Wombat', 'Kiwivogel', 'Kiwivo', 'Okapiknie', 'Okapi'])
        expect(await found(customer, word)).toEqual([]);
    });

    it('finds partner notes only for the partner they belong to, and for the operator', async () => {
      expect(await found(partnerA, 'Wombatpfote')).toEqual([caseId]);
      expect(await found(partnerA, 'Wombat')).toEqual([caseId]);
      expect(await found(partnerA, 'Kiwivogel')).toEqual([caseId]);
      expect(await found(partnerA, 'Okapiknie')).toEqual([]);
      expect(await found(partnerA, 'Okapi')).toEqual([]);
      expect(await found(partnerB, 'Okapiknie')).toEqual([caseId]);
      expect(await found(partnerB, 'Wombatpfote')).toEqual([]);
      expect(await found(partnerB, 'Wombat')).toEqual([]);
      expect(await found(partnerB, 'Kiwivogel')).toEqual([]);
      for (const word of ['Wombatpfote', 'Kiwivogel', 'Okapiknie'])
        expect(await found(agent, word)).toEqual([caseId]);
    });

    it('finds a case whose words are spread over several notes the caller may read', async () => {
      expect(await found(agent, 'Giraffenhals Quokkafell Wombatpfote Okapiknie')).toEqual([caseId]);
      expect(await found(partnerA, 'Giraffenhals Wombatpfote Kiwivogel')).toEqual([caseId]);
      expect(await found(partnerA, 'Wombatpfote Okapiknie')).toEqual([]);
    });

    it("finds a reply's subject and a third party's ticket number", async () => {
      await createTestMailbox(server.deps, MAILBOX);
      const carrier = await buildOrganisation(server.deps, {
        kind: 'third_party',
        name: `Netzbau Ost ${dialect} GmbH`,
        ticket_reference_pattern: 'NB-\\d{6}',
      });
      const carrierPerson = await buildUser(server.deps, carrier, [], { login: false });
      const receive = (from: string, subject: string, body: string) =>
        receiveMail(
          server.deps,
          mail([
            `From: ${from}`,
            `To: ${MAILBOX}`,
            `Subject: ${subject}`,
            `Message-ID: <${subject.length}-${Date.now()}-${Math.random()}@sender.example>`,
            'Content-Type: text/plain; charset=utf-8',
            '',
            body,
          ]),
          [MAILBOX],
        );

      const reply = await receive(
        channel.users.customer_user.email!,
        `AW: [${caseNumber}] Flamingobein im Einzug`,
        'Anbei noch ein Foto.',
      );
      expect(reply.outcome).toBe('reply');
      for (const session of [customer, partnerB, agent])
        expect(await found(session, 'Flamingobein')).toEqual([caseId]);

      const carrierReply = await receive(
        carrierPerson.email!,
        `[${caseNumber}] Störung Sandviper – unser Auftrag NB-100201`,
        'Termin bestätigt.',
      );
      expect(carrierReply.outcome).toBe('reply');
      // The ticket number is a fact, and facts are on the table for everyone on the case.
      for (const session of [customer, partnerB, agent]) {
        expect(await found(session, 'NB-100201')).toEqual([caseId]);
        expect(await found(session, '100201')).toEqual([caseId]);
      }
      // The carrier's mail itself is internal, and so is its subject.
      expect(await found(agent, 'Sandviper')).toEqual([caseId]);
      expect(await found(customer, 'Sandviper')).toEqual([]);
      expect(await found(partnerB, 'Sandviper')).toEqual([]);
    });
  });
}
