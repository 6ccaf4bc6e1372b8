import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { buildUser, type Channel, TEST_PASSWORD } from '../../../../test/factories';
import { insertHeldLead } from '../../../../test/lead-fixtures';
import { logIn, type Session, type TestServer } from '../../../../test/test-server';

type Registration = {
  id: string;
  status: string;
  partner: { id: string; name: string };
  customer: { id: string; name: string } | null;
  conflicts: Record<string, unknown>[];
  decision: { by: { name: string } | null; at: string; reason: string } | null;
  protectedUntil: string | null;
};

for (const dialect of DIALECTS) {
  describe(`deal registrations [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let partnerA: Session;
    let partnerAgentA: Session;
    let partnerB: Session;
    let customer: Session;
    let manager: Session;
    let agent: Session;
    let sommerPrinters: Registration;

    const register = (session: Session, payload: Record<string, unknown>) =>
      session.request({
        method: 'POST',
        url: '/api/deal-registrations',
        payload: {
          productLine: 'printers',
          expectedValueCents: 1_250_000,
          closeDate: '2027-03-31',
          ...payload,
        },
      });
    const list = async (session: Session, query = '') => {
      const response = await session.request({ method: 'GET', url: `/api/deal-registrations${query}` });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{ items: Registration[] }>().items;
    };

    beforeAll(async () => {
      ({ server, channel, partnerAgentA, partnerB, customer, manager, agent } = await startChannelServer(
        dialect,
        {
          partnerAgentA: 'partner_agent',
          partnerB: 'otherPartnerAdmin',
          customer: 'customer_user',
          manager: 'channel_manager',
          agent: 'agent',
        },
      ));
      const englishAdmin = await buildUser(server.deps, channel.partnerA, ['partner_admin'], {
        locale: 'en',
        email: 'chef@nordwest.test',
      });
      partnerA = await logIn(server.app, englishAdmin.email, TEST_PASSWORD);
    });
    afterAll(async () => server.close());

    it('a partner registers a deal with its own customer: pending, without conflicts', async () => {
      const response = await register(partnerAgentA, {
        customerId: channel.customerA1.id,
        note: 'Drucker-Tausch',
      });
      expect(response.statusCode, response.body).toBe(201);
      sommerPrinters = response.json();
      expect(sommerPrinters).toMatchObject({
        status: 'pending',
        partner: { id: channel.partnerA.id, name: 'Nordwest IT GmbH' },
        customer: { id: channel.customerA1.id, name: 'Bäckerei Sommer GmbH' },
        prospectName: 'Bäckerei Sommer GmbH',
        prospectPostalCode: '26121',
        productLine: 'printers',
        expectedValueCents: 1_250_000,
        closeDate: '2027-03-31',
        note: 'Drucker-Tausch',
        conflicts: [],
        decision: null,
        protectedUntil: null,
      });
    });

    it('refuses a customer the partner may not see with a 404 naming customerId', async () => {
      const response = await register(partnerB, { customerId: channel.customerA1.id });
      expect(response.statusCode).toBe(404);
      expect(response.json().errors).toEqual([expect.objectContaining({ field: 'customerId' })]);
    });

    it('names the missing prospect fields and the missing reason', async () => {
      const response = await register(partnerB, { prospectName: 'Neukunde GmbH' });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([expect.objectContaining({ field: 'prospectPostalCode' })]);
      const noReason = await manager.request({
        method: 'POST',
        url: `/api/deal-registrations/${sommerPrinters.id}/approve`,
        payload: { reason: ' ' },
      });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    });

    it('customers may neither register nor list; an agent may list but not register or decide', async () => {
      expect((await register(customer, { customerId: channel.customerA1.id })).statusCode).toBe(403);
      expect((await customer.request({ method: 'GET', url: '/api/deal-registrations' })).statusCode).toBe(
        403,
      );
      expect((await register(agent, { customerId: channel.customerA1.id })).statusCode).toBe(403);
      const approve = await agent.request({
        method: 'POST',
        url: `/api/deal-registrations/${sommerPrinters.id}/approve`,
        payload: { reason: 'ok' },
      });
      expect(approve.statusCode).toBe(403);
      expect((await list(agent)).map((r) => r.id)).toContain(sommerPrinters.id);
    });

    it('the channel manager approves with a reason: protected for the configured days, the partner is told by mail in its language', async () => {
      const response = await manager.request({
        method: 'POST',
        url: `/api/deal-registrations/${sommerPrinters.id}/approve`,
        payload: { reason: 'Bestandskunde, Projekt bekannt' },
      });
      expect(response.statusCode, response.body).toBe(200);
      const approved = response.json<Registration>();
      const now = server.clock.now().getTime();
      expect(approved.status).toBe('approved');
      expect(approved.decision).toMatchObject({
        reason: 'Bestandskunde, Projekt bekannt',
        by: { name: expect.any(String) },
      });
      expect(new Date(approved.protectedUntil ?? '').getTime()).toBe(now + 90 * 86_400_000);

      const mails = await server.deps.db.selectFrom('outbox').select('payload').execute();
      const payloads = mails.map(
        (m) => JSON.parse(m.payload) as { to: string; subject: string; locale: string },
      );
      const toPartner = payloads.filter((p) => p.subject.includes('Bäckerei Sommer GmbH'));
      expect(toPartner).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            to: 'chef@nordwest.test',
            locale: 'en',
            subject: 'Deal registration approved: Bäckerei Sommer GmbH (printers)',
          }),
          expect.objectContaining({
            to: channel.users.partner_agent.email,
            locale: 'de',
            subject: 'Deal-Registrierung genehmigt: Bäckerei Sommer GmbH (printers)',
          }),
        ]),
      );
      expect(toPartner.map((p) => p.to)).not.toContain(channel.users.otherPartnerAdmin.email);

      const audit = await server.deps.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', sommerPrinters.id)
        .execute();
      expect(audit.map((a) => a.action).sort()).toEqual([
        'deal_registration.approved',
        'deal_registration.created',
      ]);
    });

    it('a second decision on a decided registration is a 409', async () => {
      for (const action of ['approve', 'reject']) {
        const response = await manager.request({
          method: 'POST',
          url: `/api/deal-registrations/${sommerPrinters.id}/${action}`,
          payload: { reason: 'noch einmal' },
        });
        expect(response.statusCode).toBe(409);
        expect(response.json().code).toBe('registration_already_decided');
      }
    });

    it('flags a prospect that is another partner’s customer: the operator sees whose, the partner only that it conflicts', async () => {
      const response = await register(partnerB, {
        prospectName: 'Baeckerei Sommer',
        prospectPostalCode: '26121',
      });
      expect(response.statusCode, response.body).toBe(201);
      const flagged = response.json<Registration>();
      expect(flagged.status).toBe('pending');
      expect(flagged.customer).toBeNull();
      expect(flagged.conflicts).toEqual([
        { kind: 'existing_customer' },
        { kind: 'reseller_of_record' },
        { kind: 'registration' },
      ]);
      expect(response.body).not.toContain('Nordwest');
      expect(response.body).not.toContain(channel.partnerA.id);

      const seen = (await list(manager)).find((r) => r.id === flagged.id);
      expect(seen?.conflicts).toEqual([
        expect.objectContaining({
          kind: 'existing_customer',
          customerId: channel.customerA1.id,
          customerName: 'Bäckerei Sommer GmbH',
        }),
        expect.objectContaining({
          kind: 'reseller_of_record',
          partnerId: channel.partnerA.id,
          partnerName: 'Nordwest IT GmbH',
        }),
        expect.objectContaining({
          kind: 'registration',
          partnerId: channel.partnerA.id,
          subjectId: sommerPrinters.id,
        }),
      ]);

      const rejected = await manager.request({
        method: 'POST',
        url: `/api/deal-registrations/${flagged.id}/reject`,
        payload: { reason: 'Kunde wird von Nordwest IT betreut' },
      });
      expect(rejected.statusCode, rejected.body).toBe(200);
      expect(rejected.json()).toMatchObject({
        status: 'rejected',
        protectedUntil: null,
        decision: { reason: 'Kunde wird von Nordwest IT betreut' },
        conflicts: [
          { kind: 'existing_customer' },
          { kind: 'reseller_of_record', partnerName: 'Nordwest IT GmbH' },
          { kind: 'registration', partnerName: 'Nordwest IT GmbH' },
        ],
      });
    });

    it('flags a registration for a customer while another partner holds a lead for it', async () => {
      await insertHeldLead(server.deps, {
        customerId: channel.customerA2.id,
        partnerId: channel.partnerB.id,
        productLine: null,
      });
      const response = await register(partnerA, {
        customerId: channel.customerA2.id,
        productLine: 'copiers',
      });
      expect(response.statusCode, response.body).toBe(201);
      const flagged = response.json<Registration>();
      expect(flagged.conflicts).toEqual([{ kind: 'lead' }]);
      const seen = (await list(manager, `?partnerId=${channel.partnerA.id}&status=pending`)).find(
        (r) => r.id === flagged.id,
      );
      expect(seen?.conflicts).toEqual([
        expect.objectContaining({
          kind: 'lead',
          partnerId: channel.partnerB.id,
          partnerName: 'Systemhaus Süd GmbH',
        }),
      ]);
    });

    it('a partner lists only its own registrations; the operator all, filtered by status and partner', async () => {
      const ofA = await list(partnerA);
      const ofB = await list(partnerB);
      expect(ofA.length).toBe(2);
      expect(ofA.every((r) => r.partner.id === channel.partnerA.id)).toBe(true);
      expect(ofB.length).toBe(1);
      expect(ofB.every((r) => r.partner.id === channel.partnerB.id)).toBe(true);
      // A partner cannot widen its view with partnerId.
      expect((await list(partnerB, `?partnerId=${channel.partnerA.id}`)).map((r) => r.partner.id)).toEqual([
        channel.partnerB.id,
      ]);
      expect((await list(manager)).length).toBe(3);
      expect((await list(manager, '?status=approved')).map((r) => r.id)).toEqual([sommerPrinters.id]);
      expect((await list(manager, `?partnerId=${channel.partnerB.id}`)).map((r) => r.status)).toEqual([
        'rejected',
      ]);
    });

    it('an unknown registration is a 404 for the channel manager', async () => {
      const response = await manager.request({
        method: 'POST',
        url: '/api/deal-registrations/00000000-0000-7000-8000-000000000000/approve',
        payload: { reason: 'x' },
      });
      expect(response.statusCode).toBe(404);
    });
  });
}
