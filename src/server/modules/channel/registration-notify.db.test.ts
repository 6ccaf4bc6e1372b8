import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { buildUser, type Channel } from '../../../../test/factories';
import { outboxMails } from '../../../../test/mail';
import type { Session, TestServer } from '../../../../test/test-server';

// One deal registration by id (the partner its own, the operator any), and the channel managers'
// mail when a new registration collides with another partner's protection.

type Registration = {
  id: string;
  status: string;
  partner: { id: string };
  conflicts: Record<string, unknown>[];
};

const MISSING_UUID = '00000000-0000-7000-8000-000000000000';

for (const dialect of DIALECTS) {
  describe(`deal registrations: one by id, channel managers told of conflicts [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let partnerA: Session;
    let partnerAgentA: Session;
    let partnerB: Session;
    let customer: Session;
    let manager: Session;
    let agent: Session;
    let billing: Session;
    let clean: Registration;
    let flagged: Registration;
    const englishManagerEmail = 'channel.lead@printwerk.test';
    const retiredManagerEmail = 'ehemals@printwerk.test';

    const register = (session: Session, payload: Record<string, unknown>) =>
      session.request({
        method: 'POST',
        url: '/api/deal-registrations',
        payload: {
          productLine: 'printers',
          expectedValueCents: 880_000,
          closeDate: '2027-02-28',
          ...payload,
        },
      });
    const managerMails = async () =>
      (await outboxMails(server.deps)).filter(
        (m) =>
          m.subject.includes('Deal-Registrierung mit Konflikt') ||
          m.subject.includes('Deal registration with a conflict'),
      );

    beforeAll(async () => {
      ({ server, channel, partnerA, partnerAgentA, partnerB, customer, manager, agent, billing } =
        await startChannelServer(dialect, {
          partnerA: 'partner_admin',
          partnerAgentA: 'partner_agent',
          partnerB: 'otherPartnerAdmin',
          customer: 'customer_user',
          manager: 'channel_manager',
          agent: 'agent',
          billing: 'billing_clerk',
        }));
      await buildUser(server.deps, channel.operator, ['channel_manager', 'agent'], {
        locale: 'en',
        email: englishManagerEmail,
      });
      await buildUser(server.deps, channel.operator, ['channel_manager'], {
        email: retiredManagerEmail,
        active: 0,
      });
    });
    afterAll(async () => server.close());

    it('tells no channel manager of a registration without conflicts', async () => {
      const response = await register(partnerAgentA, { customerId: channel.customerA1.id, note: 'Filialen' });
      expect(response.statusCode, response.body).toBe(201);
      clean = response.json();
      expect(clean.conflicts).toEqual([]);
      expect(await managerMails()).toEqual([]);
    });

    it('mails every active channel manager of the operator in their language when a registration conflicts, with the conflicts and a link', async () => {
      const response = await register(partnerB, {
        prospectName: 'Baeckerei Sommer',
        prospectPostalCode: '26121',
      });
      expect(response.statusCode, response.body).toBe(201);
      flagged = response.json();
      expect(flagged.conflicts.map((c) => c.kind)).toEqual(['existing_customer', 'reseller_of_record']);

      const mails = await managerMails();
      expect(mails.map((m) => m.to).sort()).toEqual(
        [channel.users.channel_manager.email, englishManagerEmail].sort(),
      );
      const link = `https://desk.example/deal-registrations?id=${flagged.id}`;
      const german = mails.find((m) => m.to === channel.users.channel_manager.email);
      expect(german).toMatchObject({
        locale: 'de',
        subject: 'Deal-Registrierung mit Konflikt: Baeckerei Sommer (printers) von Systemhaus Süd GmbH',
      });
      expect(german?.text).toContain(
        'Der Interessent ist wahrscheinlich der bestehende Kunde Bäckerei Sommer GmbH',
      );
      expect(german?.text).toContain('Reseller of Record ist Nordwest IT GmbH (Kunde Bäckerei Sommer GmbH)');
      expect(german?.text).toContain(`Zur Registrierung: ${link}`);
      expect(german?.html).toContain(`<a href="${link}">`);
      const english = mails.find((m) => m.to === englishManagerEmail);
      expect(english).toMatchObject({
        locale: 'en',
        subject: 'Deal registration with a conflict: Baeckerei Sommer (printers) by Systemhaus Süd GmbH',
      });
      expect(english?.text).toContain(
        'Nordwest IT GmbH is the reseller of record (customer Bäckerei Sommer GmbH)',
      );
      expect(english?.text).toContain(`To the registration: ${link}`);
      // Neither partner hears whose protection it is from this mail: it goes to the operator only.
      expect(mails.map((m) => m.to)).not.toContain(channel.users.otherPartnerAdmin.email);
      expect(mails.map((m) => m.to)).not.toContain(retiredManagerEmail);
    });

    it('names another partner’s approved registration and its end in the mail of a later conflicting one', async () => {
      const approve = await manager.request({
        method: 'POST',
        url: `/api/deal-registrations/${clean.id}/approve`,
        payload: { reason: 'Projekt bekannt' },
      });
      expect(approve.statusCode, approve.body).toBe(200);
      const before = (await managerMails()).length;
      const response = await register(partnerB, {
        prospectName: 'Bäckerei Sommer GmbH',
        prospectPostalCode: '26121',
      });
      expect(response.statusCode, response.body).toBe(201);
      const mails = (await managerMails()).slice(before);
      expect(mails).toHaveLength(2);
      // 90 days after 24 November 2026.
      expect(mails.find((m) => m.locale === 'de')?.text).toContain(
        'Nordwest IT GmbH hat eine genehmigte Deal-Registrierung bis zum 22. Februar 2027 (Kunde Bäckerei Sommer GmbH)',
      );
      expect(mails.find((m) => m.locale === 'en')?.text).toContain(
        'Nordwest IT GmbH has an approved deal registration until 22 February 2027 (customer Bäckerei Sommer GmbH)',
      );
    });

    it('refuses a value the database cannot hold with a 400 naming expectedValueCents, and takes the largest it can', async () => {
      const tooBig = await register(partnerA, {
        customerId: channel.customerA2.id,
        expectedValueCents: 2_147_483_648,
      });
      expect(tooBig.statusCode, tooBig.body).toBe(400);
      expect(tooBig.json().errors).toEqual([expect.objectContaining({ field: 'expectedValueCents' })]);
      const largest = await register(partnerA, {
        customerId: channel.customerA2.id,
        expectedValueCents: 2_147_483_647,
      });
      expect(largest.statusCode, largest.body).toBe(201);
      expect(largest.json().expectedValueCents).toBe(2_147_483_647);
    });

    it('shows one registration to its partner (conflicts by kind only) and to every operator role (in full)', async () => {
      for (const own of [partnerA, partnerAgentA]) {
        const response = await own.request({ method: 'GET', url: `/api/deal-registrations/${clean.id}` });
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json()).toMatchObject({ id: clean.id, status: 'approved', note: 'Filialen' });
      }
      const ofB = await partnerB.request({ method: 'GET', url: `/api/deal-registrations/${flagged.id}` });
      expect(ofB.statusCode, ofB.body).toBe(200);
      expect(ofB.json().conflicts).toEqual([{ kind: 'existing_customer' }, { kind: 'reseller_of_record' }]);
      expect(ofB.body).not.toContain('Nordwest');
      expect(ofB.body).not.toContain(channel.partnerA.id);

      for (const operator of [manager, agent, billing]) {
        const response = await operator.request({
          method: 'GET',
          url: `/api/deal-registrations/${flagged.id}`,
        });
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json().conflicts).toContainEqual(
          expect.objectContaining({ kind: 'reseller_of_record', partnerName: 'Nordwest IT GmbH' }),
        );
      }
    });

    it('gives another partner a 404 for a registration that is not its own, as for none; customers 403; a bad id 400 naming id', async () => {
      for (const [session, id] of [
        [partnerB, clean.id],
        [partnerA, flagged.id],
        [partnerA, MISSING_UUID],
        [manager, MISSING_UUID],
      ] as const) {
        const response = await session.request({ method: 'GET', url: `/api/deal-registrations/${id}` });
        expect(response.statusCode, response.body).toBe(404);
        expect(response.body).not.toContain('Filialen');
        expect(response.body).not.toContain('Baeckerei');
      }
      const byCustomer = await customer.request({
        method: 'GET',
        url: `/api/deal-registrations/${clean.id}`,
      });
      expect(byCustomer.statusCode).toBe(403);
      expect(byCustomer.body).not.toContain('Filialen');
      const bad = await manager.request({ method: 'GET', url: '/api/deal-registrations/nope' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'id' })]);
    });
  });
}
