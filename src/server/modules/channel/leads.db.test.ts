import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { buildOrganisation, buildUser, type Channel, TEST_PASSWORD } from '../../../../test/factories';
import { outboxMails } from '../../../../test/mail';
import { logIn, type Session, type TestServer } from '../../../../test/test-server';
import type { OrganisationRow } from '../organisations/organisation.table';
import type { PersonRow } from '../users/person.table';
import { handleLeadProtectionTimer } from './lead-placement';

for (const dialect of DIALECTS) {
  describe(`leads [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let partnerC: OrganisationRow;
    let partnerCAdmin: PersonRow;
    let manager: Session;
    let agent: Session;
    let billing: Session;
    let partnerA: Session;
    let partnerAAgent: Session;
    let partnerB: Session;
    let partnerCSession: Session;
    let customer: Session;
    let rorLeadId: string;
    let nearestLeadId: string;

    beforeAll(async () => {
      ({ server, channel, manager, agent, billing, partnerA, partnerAAgent, partnerB, customer } =
        await startChannelServer(dialect, {
          manager: 'channel_manager',
          agent: 'agent',
          billing: 'billing_clerk',
          partnerA: 'partner_admin',
          partnerAAgent: 'partner_agent',
          partnerB: 'otherPartnerAdmin',
          customer: 'customer_user',
        }));
      partnerC = await buildOrganisation(server.deps, {
        kind: 'partner',
        name: 'Hansa Systeme GmbH',
        postal_code: '28195',
        city: 'Bremen',
      });
      partnerCAdmin = await buildUser(server.deps, partnerC, ['partner_admin'], { locale: 'en' });
      partnerCSession = await logIn(server.app, partnerCAdmin.email, TEST_PASSWORD);
      // Nordwest IT in Oldenburg, Hansa Systeme in Bremen (about 40 km away), Systemhaus Süd in Munich.
      for (const [partner, radius] of [
        [channel.partnerA, 50],
        [partnerC, 100],
        [channel.partnerB, 50],
      ] as const) {
        const response = await manager.request({
          method: 'PUT',
          url: `/api/organisations/${partner.id}/partner-profile`,
          payload: { serviceRadiusKm: radius, capacity: 10, productLines: [] },
        });
        expect(response.statusCode, response.body).toBe(200);
      }
    });
    afterAll(async () => server.close());

    it('routes a lead for Bäckerei Sommer to its reseller of record and stores why', async () => {
      const response = await agent.request({
        method: 'POST',
        url: '/api/leads',
        payload: {
          customerId: channel.customerA1.id,
          kind: 'new_device',
          productLine: 'printers',
          note: 'asks for a quote',
        },
      });
      expect(response.statusCode, response.body).toBe(201);
      const lead = response.json();
      expect(lead).toMatchObject({
        number: expect.stringMatching(/^L-2026-\d{6}$/),
        customer: {
          id: channel.customerA1.id,
          name: 'Bäckerei Sommer GmbH',
          postalCode: '26121',
          city: 'Oldenburg',
        },
        kind: 'new_device',
        source: 'operator',
        productLine: 'printers',
        note: 'asks for a quote',
        partnerId: channel.partnerA.id,
        partner: { id: channel.partnerA.id, name: 'Nordwest IT GmbH' },
        status: 'offered',
        routing: {
          rule: 'reseller_of_record',
          explanation: {
            code: 'reseller_of_record',
            params: { partnerId: channel.partnerA.id, of: 'customer' },
          },
        },
        outcome: null,
      });
      // Protection: 14 calendar days by default.
      expect(lead.protectedUntil).toBe('2026-12-08T09:00:00.000Z');
      expect(lead.history.map((step: { action: string }) => step.action)).toEqual(['created', 'routed']);
      expect(lead.history[1]).toMatchObject({
        partnerId: channel.partnerA.id,
        partnerName: 'Nordwest IT GmbH',
        rule: 'reseller_of_record',
        explanation: { code: 'reseller_of_record' },
      });
      rorLeadId = lead.id;
    });

    it('tells the partner’s admins by mail in their language, with the link to the lead', async () => {
      const mails = await outboxMails(server.deps);
      const mail = mails.find((m) => m.to === channel.users.partner_admin.email);
      expect(mail?.subject).toContain('Neuer Lead');
      expect(mail?.text).toContain(`https://desk.example/leads/${rorLeadId}`);
      expect(mail?.text).toContain('Bäckerei Sommer GmbH');
      expect(mails.some((m) => m.to === channel.users.partner_agent.email)).toBe(false);
    });

    it('routes a lead for a customer without reseller of record to the nearest partner', async () => {
      const response = await manager.request({
        method: 'POST',
        url: '/api/leads',
        payload: { customerId: channel.directCustomer.id, kind: 'service_contract' },
      });
      expect(response.statusCode, response.body).toBe(201);
      const lead = response.json();
      expect(lead).toMatchObject({
        status: 'offered',
        partnerId: channel.partnerA.id,
        routing: { rule: 'nearest' },
      });
      expect(lead.routing.explanation.code).toBe('nearest');
      expect(lead.routing.candidates.map((c: { partnerName: string }) => c.partnerName)).toEqual([
        'Nordwest IT GmbH',
        'Hansa Systeme GmbH',
        'Systemhaus Süd GmbH',
      ]);
      nearestLeadId = lead.id;
    });

    it('lets a partner see only the leads it holds or held; others 404, customers 404 and 403 on the list', async () => {
      const own = await partnerA.request({ method: 'GET', url: '/api/leads' });
      expect(own.statusCode).toBe(200);
      expect(
        own
          .json()
          .items.map((l: { id: string }) => l.id)
          .sort(),
      ).toEqual([rorLeadId, nearestLeadId].sort());
      // The holding partner sees only its own candidate entry.
      const detail = await partnerA.request({ method: 'GET', url: `/api/leads/${nearestLeadId}` });
      expect(detail.json().routing.candidates.map((c: { partnerId: string }) => c.partnerId)).toEqual([
        channel.partnerA.id,
      ]);
      for (const session of [partnerB, partnerCSession]) {
        expect((await session.request({ method: 'GET', url: `/api/leads/${rorLeadId}` })).statusCode).toBe(
          404,
        );
        expect((await session.request({ method: 'GET', url: '/api/leads' })).json().items).toEqual([]);
      }
      expect((await customer.request({ method: 'GET', url: `/api/leads/${rorLeadId}` })).statusCode).toBe(
        404,
      );
      expect((await customer.request({ method: 'GET', url: '/api/leads' })).statusCode).toBe(403);
      const all = await billing.request({ method: 'GET', url: '/api/leads?status=offered' });
      expect(all.json().total).toBe(2);
      const filtered = await manager.request({
        method: 'GET',
        url: `/api/leads?customerId=${channel.directCustomer.id}`,
      });
      expect(filtered.json().items.map((l: { id: string }) => l.id)).toEqual([nearestLeadId]);
    });

    it('lets a partner create a lead for its own customers only', async () => {
      const own = await partnerAAgent.request({
        method: 'POST',
        url: '/api/leads',
        payload: { customerId: channel.customerA2.id, kind: 'other' },
      });
      expect(own.statusCode, own.body).toBe(201);
      expect(own.json()).toMatchObject({ source: 'partner', partnerId: channel.partnerA.id });
      const foreign = await partnerA.request({
        method: 'POST',
        url: '/api/leads',
        payload: { customerId: channel.customerB1.id, kind: 'other' },
      });
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json().errors).toEqual([expect.objectContaining({ field: 'customerId' })]);
      const byCustomer = await customer.request({
        method: 'POST',
        url: '/api/leads',
        payload: { customerId: channel.customerA1.id, kind: 'other' },
      });
      expect(byCustomer.statusCode).toBe(403);
    });

    it('declining re-routes to the next candidate, which is told; the decliner keeps seeing only its part', async () => {
      const declined = await partnerA.request({
        method: 'POST',
        url: `/api/leads/${nearestLeadId}/decline`,
        payload: { reason: 'no capacity for service contracts this quarter' },
      });
      expect(declined.statusCode, declined.body).toBe(200);
      // The decliner learns the lead moved on, not to whom.
      expect(declined.json()).toMatchObject({ status: 'offered', partnerId: null, partner: null });
      expect(declined.json().history.map((s: { action: string }) => s.action)).toEqual([
        'created',
        'routed',
        'declined',
      ]);
      const lead = (await manager.request({ method: 'GET', url: `/api/leads/${nearestLeadId}` })).json();
      expect(lead).toMatchObject({ status: 'offered', partnerId: partnerC.id, routing: { rule: 'nearest' } });
      expect(lead.history.map((s: { action: string }) => s.action)).toEqual([
        'created',
        'routed',
        'declined',
        'routed',
      ]);
      expect(lead.history[2]).toMatchObject({
        partnerId: channel.partnerA.id,
        reason: 'no capacity for service contracts this quarter',
      });
      const mail = (await outboxMails(server.deps)).find((m) => m.to === partnerCAdmin.email);
      expect(mail?.subject).toContain('New lead');
      expect(
        (await partnerCSession.request({ method: 'GET', url: `/api/leads/${nearestLeadId}` })).statusCode,
      ).toBe(200);
      // Declining again is a conflict with a code.
      const again = await partnerA.request({
        method: 'POST',
        url: `/api/leads/${nearestLeadId}/decline`,
        payload: { reason: 'again' },
      });
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('lead_not_offered');
    });

    it('names the missing reason of a decline', async () => {
      const response = await partnerCSession.request({
        method: 'POST',
        url: `/api/leads/${nearestLeadId}/decline`,
        payload: {},
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    });

    it('on timeout the lead goes on without the partner, exactly once even with two workers', async () => {
      server.clock.advanceMinutes(15 * 24 * 60);
      // Sessions do not last two weeks.
      manager = await logIn(server.app, channel.users.channel_manager.email, TEST_PASSWORD);
      // Past the window the partner can no longer accept, even before the timer has fired.
      partnerCSession = await logIn(server.app, partnerCAdmin.email, TEST_PASSWORD);
      const late = await partnerCSession.request({
        method: 'POST',
        url: `/api/leads/${nearestLeadId}/accept`,
      });
      expect(late.statusCode).toBe(409);
      expect(late.json().code).toBe('lead_protection_expired');
      const timer = await server.deps.db
        .selectFrom('timer')
        .selectAll()
        .where('kind', '=', 'lead_protection')
        .where('subject_id', '=', nearestLeadId)
        .executeTakeFirstOrThrow();
      await Promise.all([
        handleLeadProtectionTimer(server.deps, timer),
        handleLeadProtectionTimer(server.deps, timer),
      ]);
      const lead = (await manager.request({ method: 'GET', url: `/api/leads/${nearestLeadId}` })).json();
      // Nordwest declined, Hansa timed out, Süd is out of radius: the queue.
      expect(lead).toMatchObject({
        status: 'queued',
        partnerId: null,
        protectedUntil: null,
        routing: { rule: 'queue' },
      });
      expect(lead.routing.explanation.code).toBe('no_eligible_partner');
      expect(lead.history.map((s: { action: string }) => s.action)).toEqual([
        'created',
        'routed',
        'declined',
        'routed',
        'timed_out',
        'queued',
      ]);
      expect(lead.history[4]).toMatchObject({ partnerId: partnerC.id, actor: 'protection timeout' });
      const timers = await server.deps.db
        .selectFrom('timer')
        .select('id')
        .where('kind', '=', 'lead_protection')
        .where('subject_id', '=', nearestLeadId)
        .execute();
      expect(timers).toEqual([]);
    });
  });
}
