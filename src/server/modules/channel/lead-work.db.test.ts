import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { buildUser, type Channel } from '../../../../test/factories';
import { outboxMails } from '../../../../test/mail';
import type { Session, TestServer } from '../../../../test/test-server';
import type { PersonRow } from '../users/person.table';
import { findProtections } from './protection-queries';

for (const dialect of DIALECTS) {
  describe(`working a lead [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let manager: Session;
    let admin: Session;
    let agent: Session;
    let partnerAdmin: Session;
    let partnerAgent: Session;
    let otherPartner: Session;
    let customer: Session;
    let inactiveColleague: PersonRow;
    let leadId: string;

    async function newLead(
      customerId: string,
      kind = 'new_device',
    ): Promise<{ id: string; partnerId: string | null }> {
      const response = await manager.request({
        method: 'POST',
        url: '/api/leads',
        payload: { customerId, kind },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json();
    }

    beforeAll(async () => {
      ({ server, channel, manager, admin, agent, partnerAdmin, partnerAgent, otherPartner, customer } =
        await startChannelServer(dialect, {
          manager: 'channel_manager',
          admin: 'operator_admin',
          agent: 'agent',
          partnerAdmin: 'partner_admin',
          partnerAgent: 'partner_agent',
          otherPartner: 'otherPartnerAdmin',
          customer: 'customer_user',
        }));
      inactiveColleague = await buildUser(server.deps, channel.partnerA, ['partner_agent'], { active: 0 });
      // Systemhaus Süd in Munich covers all of Germany, far behind Nordwest IT for Oldenburg.
      for (const [partner, radius] of [
        [channel.partnerA, 50],
        [channel.partnerB, 1000],
      ] as const) {
        const response = await manager.request({
          method: 'PUT',
          url: `/api/organisations/${partner.id}/partner-profile`,
          payload: { serviceRadiusKm: radius },
        });
        expect(response.statusCode, response.body).toBe(200);
      }
      // Hotel Lindenhof in Oldenburg has no reseller of record: Nordwest IT is the nearest partner.
      const lead = await newLead(channel.directCustomer.id);
      expect(lead.partnerId).toBe(channel.partnerA.id);
      leadId = lead.id;
    });
    afterAll(async () => server.close());

    it('shows a partner only the name and address of a customer it is not reseller of record for', async () => {
      const lead = (await partnerAgent.request({ method: 'GET', url: `/api/leads/${leadId}` })).json();
      expect(lead.customer).toEqual({
        id: channel.directCustomer.id,
        name: 'Hotel Lindenhof',
        street: 'Hauptstraße 1',
        postalCode: '26121',
        city: 'Oldenburg',
      });
      for (const url of [
        `/api/organisations/${channel.directCustomer.id}`,
        `/api/organisations/${channel.directCustomer.id}/people`,
      ]) {
        expect((await partnerAgent.request({ method: 'GET', url })).statusCode).toBe(404);
      }
      const cases = await partnerAgent.request({
        method: 'GET',
        url: `/api/cases?customerId=${channel.directCustomer.id}`,
      });
      expect(cases.json().items ?? []).toEqual([]);
      const assets = await partnerAgent.request({
        method: 'GET',
        url: `/api/assets?customerId=${channel.directCustomer.id}`,
      });
      expect(assets.json().items).toEqual([]);
    });

    it('lets only the holding partner act: another partner 404, the operator and customers 403', async () => {
      const byOther = await otherPartner.request({ method: 'POST', url: `/api/leads/${leadId}/accept` });
      expect(byOther.statusCode).toBe(404);
      expect((await agent.request({ method: 'POST', url: `/api/leads/${leadId}/accept` })).statusCode).toBe(
        403,
      );
      expect(
        (await customer.request({ method: 'POST', url: `/api/leads/${leadId}/accept` })).statusCode,
      ).toBe(403);
      const early = await partnerAdmin.request({
        method: 'POST',
        url: `/api/leads/${leadId}/outcome`,
        payload: { outcome: 'won', valueCents: 100, date: '2026-11-30', reason: 'signed' },
      });
      expect(early.statusCode).toBe(409);
      expect(early.json().code).toBe('lead_not_accepted');
    });

    it('the partner accepts; the protection window ends and a second accept is a conflict', async () => {
      const accepted = await partnerAgent.request({ method: 'POST', url: `/api/leads/${leadId}/accept` });
      expect(accepted.statusCode, accepted.body).toBe(200);
      expect(accepted.json()).toMatchObject({ status: 'accepted', protectedUntil: null, stage: 'new' });
      const timers = await server.deps.db
        .selectFrom('timer')
        .select('id')
        .where('subject_id', '=', leadId)
        .execute();
      expect(timers).toEqual([]);
      const again = await partnerAdmin.request({ method: 'POST', url: `/api/leads/${leadId}/accept` });
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('lead_not_offered');
    });

    it('only the partner admin assigns, and only to its own active people', async () => {
      const byAgent = await partnerAgent.request({
        method: 'PATCH',
        url: `/api/leads/${leadId}`,
        payload: { assignedPersonId: channel.users.partner_agent.id },
      });
      expect(byAgent.statusCode).toBe(403);
      for (const personId of [channel.users.otherPartnerAdmin.id, inactiveColleague.id]) {
        const wrong = await partnerAdmin.request({
          method: 'PATCH',
          url: `/api/leads/${leadId}`,
          payload: { assignedPersonId: personId },
        });
        expect(wrong.statusCode).toBe(400);
        expect(wrong.json().errors).toEqual([expect.objectContaining({ field: 'assignedPersonId' })]);
      }
      const assigned = await partnerAdmin.request({
        method: 'PATCH',
        url: `/api/leads/${leadId}`,
        payload: { assignedPersonId: channel.users.partner_agent.id },
      });
      expect(assigned.statusCode, assigned.body).toBe(200);
      expect(assigned.json().assignedPerson).toEqual({
        id: channel.users.partner_agent.id,
        name: channel.users.partner_agent.name,
      });
    });

    it('the partner records stage, next activity and expected value in cents', async () => {
      const response = await partnerAgent.request({
        method: 'PATCH',
        url: `/api/leads/${leadId}`,
        payload: {
          stage: 'offer_sent',
          nextActivityAt: '2026-11-27T10:00:00+01:00',
          nextActivityNote: 'call back about the offer',
          expectedValueCents: 249_000,
        },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({
        stage: 'offer_sent',
        nextActivityAt: '2026-11-27T09:00:00.000Z',
        nextActivityNote: 'call back about the offer',
        expectedValueCents: 249_000,
      });
      const bad = await partnerAgent.request({
        method: 'PATCH',
        url: `/api/leads/${leadId}`,
        payload: { expectedValueCents: 12.5, stage: 'dreaming' },
      });
      expect(bad.statusCode).toBe(400);
      const fields = bad.json().errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['expectedValueCents', 'stage']));
      const huge = await partnerAgent.request({
        method: 'PATCH',
        url: `/api/leads/${leadId}`,
        payload: { expectedValueCents: 3_000_000_000 },
      });
      expect(huge.statusCode).toBe(400);
      expect(huge.json().errors).toEqual([expect.objectContaining({ field: 'expectedValueCents' })]);
      const empty = await partnerAgent.request({ method: 'PATCH', url: `/api/leads/${leadId}`, payload: {} });
      expect(empty.statusCode).toBe(400);
    });

    it('reports the lead won with value, date and reason; then it no longer changes', async () => {
      const won = await partnerAgent.request({
        method: 'POST',
        url: `/api/leads/${leadId}/outcome`,
        payload: {
          outcome: 'won',
          valueCents: 245_000,
          date: '2026-11-26',
          reason: 'signed the service contract',
        },
      });
      expect(won.statusCode, won.body).toBe(200);
      expect(won.json()).toMatchObject({
        status: 'won',
        outcome: {
          outcome: 'won',
          valueCents: 245_000,
          date: '2026-11-26',
          reason: 'signed the service contract',
        },
      });
      expect(won.json().history.map((s: { action: string }) => s.action)).toEqual([
        'created',
        'routed',
        'accepted',
        'assigned',
        'progress',
        'won',
      ]);
      const later = await partnerAdmin.request({
        method: 'PATCH',
        url: `/api/leads/${leadId}`,
        payload: { stage: 'negotiation' },
      });
      expect(later.statusCode).toBe(409);
      expect(later.json().code).toBe('lead_closed');
      const reroute = await manager.request({
        method: 'POST',
        url: `/api/leads/${leadId}/reroute`,
        payload: { reason: 'try again' },
      });
      expect(reroute.statusCode).toBe(409);
      expect(reroute.json().code).toBe('lead_closed');
    });

    it('reports a lead lost with the reason', async () => {
      const lead = await newLead(channel.directCustomer.id, 'other');
      await partnerAdmin.request({ method: 'POST', url: `/api/leads/${lead.id}/accept` });
      const lost = await partnerAdmin.request({
        method: 'POST',
        url: `/api/leads/${lead.id}/outcome`,
        payload: { outcome: 'lost', date: '2026-11-25', reason: 'bought elsewhere' },
      });
      expect(lost.statusCode, lost.body).toBe(200);
      expect(lost.json().outcome).toEqual({
        outcome: 'lost',
        valueCents: null,
        date: '2026-11-25',
        reason: 'bought elsewhere',
      });
      const missing = await partnerAdmin.request({
        method: 'POST',
        url: `/api/leads/${lead.id}/outcome`,
        payload: { outcome: 'won', date: '26.11.2026' },
      });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['date', 'reason']),
      );
    });

    it('refuses an outcome date before the lead existed or more than a year ahead, naming the date', async () => {
      const lead = await newLead(channel.directCustomer.id, 'other');
      await partnerAdmin.request({ method: 'POST', url: `/api/leads/${lead.id}/accept` });
      for (const [date, message] of [
        ['9999-12-31', 'must not be more than a year ahead (2027-11-24 at the latest)'],
        ['2027-11-25', 'must not be more than a year ahead (2027-11-24 at the latest)'],
        ['2026-11-23', 'must not be before the lead was created (2026-11-24)'],
      ]) {
        const refused = await partnerAdmin.request({
          method: 'POST',
          url: `/api/leads/${lead.id}/outcome`,
          payload: { outcome: 'won', date, reason: 'signed' },
        });
        expect(refused.statusCode, date).toBe(400);
        expect(refused.json().errors).toEqual([{ field: 'date', message }]);
      }
      const still = (await partnerAdmin.request({ method: 'GET', url: `/api/leads/${lead.id}` })).json();
      expect(still.status).toBe('accepted');
      const ahead = await partnerAdmin.request({
        method: 'POST',
        url: `/api/leads/${lead.id}/outcome`,
        payload: { outcome: 'won', date: '2027-11-24', reason: 'contract starts next year' },
      });
      expect(ahead.statusCode, ahead.body).toBe(200);
    });

    it('a channel manager takes a lead away with a reason; the old partner is told, not to whom', async () => {
      const lead = await newLead(channel.customerA1.id);
      expect(lead.partnerId).toBe(channel.partnerA.id);
      const noReason = await manager.request({
        method: 'POST',
        url: `/api/leads/${lead.id}/reroute`,
        payload: { partnerId: channel.partnerB.id },
      });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().errors).toEqual([expect.objectContaining({ field: 'reason' })]);
      const notPartner = await manager.request({
        method: 'POST',
        url: `/api/leads/${lead.id}/reroute`,
        payload: { partnerId: channel.customerB1.id, reason: 'x' },
      });
      expect(notPartner.statusCode).toBe(400);
      expect(notPartner.json().errors).toEqual([expect.objectContaining({ field: 'partnerId' })]);
      const moved = await admin.request({
        method: 'POST',
        url: `/api/leads/${lead.id}/reroute`,
        payload: { partnerId: channel.partnerB.id, reason: 'customer asked for Systemhaus Süd' },
      });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json()).toMatchObject({
        status: 'offered',
        partnerId: channel.partnerB.id,
        routing: {
          rule: 'manual',
          explanation: { code: 'manual', params: { reason: 'customer asked for Systemhaus Süd' } },
        },
      });
      const steps = moved
        .json()
        .history.map((s: { action: string; partnerId: string | null }) => [s.action, s.partnerId]);
      expect(steps).toEqual([
        ['created', null],
        ['routed', channel.partnerA.id],
        ['rerouted', channel.partnerA.id],
        ['routed', channel.partnerB.id],
      ]);
      const mail = (await outboxMails(server.deps)).find(
        (m) => m.to === channel.users.partner_admin.email && m.subject.includes('entzogen'),
      );
      expect(mail?.text).toContain('customer asked for Systemhaus Süd');
      expect(mail?.text).not.toContain('Systemhaus Süd GmbH');
      // The old partner still sees the lead and its own steps, not the new holder.
      const seen = (await partnerAdmin.request({ method: 'GET', url: `/api/leads/${lead.id}` })).json();
      expect(seen).toMatchObject({ partnerId: null, partner: null, routing: { explanation: null } });
      expect(JSON.stringify(seen)).not.toContain(channel.partnerB.id);
      const accept = await partnerAdmin.request({ method: 'POST', url: `/api/leads/${lead.id}/accept` });
      expect(accept.statusCode).toBe(409);
      expect(
        (await otherPartner.request({ method: 'POST', url: `/api/leads/${lead.id}/accept` })).statusCode,
      ).toBe(200);
    });

    it('a channel manager cancels an open lead with a reason: the partner is told in its language, protection ends', async () => {
      const english = await buildUser(server.deps, channel.partnerA, ['partner_admin'], { locale: 'en' });
      const lead = await newLead(channel.directCustomer.id, 'service_contract');
      expect(lead.partnerId).toBe(channel.partnerA.id);
      const protectedNow = async () =>
        (await findProtections(server.deps.db, channel.directCustomer.id, server.clock.now().toISOString()))
          .filter((p) => p.source === 'lead')
          .map((p) => p.subjectId);
      expect(await protectedNow()).toContain(lead.id);
      const noReason = await manager.request({
        method: 'POST',
        url: `/api/leads/${lead.id}/cancel`,
        payload: {},
      });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().errors).toEqual([expect.objectContaining({ field: 'reason' })]);
      for (const session of [agent, partnerAdmin, customer]) {
        const refused = await session.request({
          method: 'POST',
          url: `/api/leads/${lead.id}/cancel`,
          payload: { reason: 'x' },
        });
        expect(refused.statusCode).toBe(403);
      }
      const cancelled = await manager.request({
        method: 'POST',
        url: `/api/leads/${lead.id}/cancel`,
        payload: { reason: 'customer closed the site' },
      });
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      expect(cancelled.json()).toMatchObject({ status: 'cancelled', protectedUntil: null });
      expect(cancelled.json().history.at(-1)).toMatchObject({
        action: 'cancelled',
        partnerId: channel.partnerA.id,
        reason: 'customer closed the site',
        actor: channel.users.channel_manager.name,
      });
      expect(await protectedNow()).not.toContain(lead.id);
      const timers = await server.deps.db
        .selectFrom('timer')
        .select('id')
        .where('kind', '=', 'lead_protection')
        .where('subject_id', '=', lead.id)
        .execute();
      expect(timers).toEqual([]);
      const mails = await outboxMails(server.deps);
      const german = mails.find(
        (m) => m.to === channel.users.partner_admin.email && m.subject.includes('storniert'),
      );
      expect(german?.text).toContain('customer closed the site');
      const inEnglish = mails.find((m) => m.to === english.email && m.subject.includes('cancelled'));
      expect(inEnglish?.subject).toContain(cancelled.json().number);
      const audit = await server.deps.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'lead.cancelled')
        .where('entity_id', '=', lead.id)
        .execute();
      expect(audit).toHaveLength(1);
      // The former holder still sees it, closed; nothing more happens to it.
      const seen = await partnerAdmin.request({ method: 'GET', url: `/api/leads/${lead.id}` });
      expect(seen.json().status).toBe('cancelled');
      const again = await admin.request({
        method: 'POST',
        url: `/api/leads/${lead.id}/cancel`,
        payload: { reason: 'twice' },
      });
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('lead_closed');
      const accept = await partnerAdmin.request({ method: 'POST', url: `/api/leads/${lead.id}/accept` });
      expect(accept.statusCode).toBe(409);
    });

    it('an operator admin cancels a queued lead; nobody is mailed', async () => {
      const lead = await newLead(channel.customerA2.id, 'other');
      await partnerAdmin.request({
        method: 'POST',
        url: `/api/leads/${lead.id}/decline`,
        payload: { reason: 'not ours' },
      });
      const before = (await outboxMails(server.deps)).length;
      const cancelled = await admin.request({
        method: 'POST',
        url: `/api/leads/${lead.id}/cancel`,
        payload: { reason: 'duplicate of another lead' },
      });
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      expect(cancelled.json()).toMatchObject({ status: 'cancelled', partnerId: null });
      expect((await outboxMails(server.deps)).length).toBe(before);
    });

    it('a declined lead stays with its reseller of record until a channel manager decides', async () => {
      const lead = await newLead(channel.customerA2.id);
      expect(lead.partnerId).toBe(channel.partnerA.id);
      const declined = await partnerAdmin.request({
        method: 'POST',
        url: `/api/leads/${lead.id}/decline`,
        payload: { reason: 'Kanzlei Ahrens wants no new devices' },
      });
      expect(declined.statusCode, declined.body).toBe(200);
      const queued = (await manager.request({ method: 'GET', url: `/api/leads/${lead.id}` })).json();
      // Not to Systemhaus Süd, although it is eligible: the queue.
      expect(queued).toMatchObject({
        status: 'queued',
        partnerId: null,
        routing: { rule: 'queue', explanation: { code: 'reseller_of_record_tried' } },
      });
      const worklist = await manager.request({
        method: 'GET',
        url: '/api/channel/worklist?kind=lead_queued',
      });
      expect(worklist.json().items).toEqual([
        expect.objectContaining({
          kind: 'lead_queued',
          organisation: expect.objectContaining({ id: channel.customerA2.id }),
          lead: { id: lead.id, number: queued.number },
          fixPath: `/channel/leads/${lead.id}`,
        }),
      ]);
      // The channel manager's reroute with a reason is the decision: the nearest partner that has not tried it.
      const rerouted = await manager.request({
        method: 'POST',
        url: `/api/leads/${lead.id}/reroute`,
        payload: { reason: 'Nordwest IT declined; offer it to the next partner' },
      });
      expect(rerouted.statusCode, rerouted.body).toBe(200);
      expect(rerouted.json()).toMatchObject({
        status: 'offered',
        partnerId: channel.partnerB.id,
        routing: { rule: 'nearest', explanation: { code: 'nearest' } },
      });
      expect(rerouted.json().history.map((s: { action: string }) => s.action)).toEqual([
        'created',
        'routed',
        'declined',
        'queued',
        'rerouted',
        'routed',
      ]);
      expect(rerouted.json().history[4]).toMatchObject({
        reason: 'Nordwest IT declined; offer it to the next partner',
        actor: channel.users.channel_manager.name,
      });
      const emptied = await manager.request({ method: 'GET', url: '/api/channel/worklist?kind=lead_queued' });
      expect(emptied.json().items).toEqual([]);
    });
  });

  describe(`channel settings [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let manager: Session;
    let billing: Session;

    beforeAll(async () => {
      ({ server, channel, manager, billing } = await startChannelServer(dialect, {
        manager: 'channel_manager',
        billing: 'billing_clerk',
      }));
    });
    afterAll(async () => server.close());

    it('reads the defaults, validates a change naming the field, and audits it', async () => {
      const read = await billing.request({ method: 'GET', url: '/api/channel/settings' });
      expect(read.json()).toMatchObject({
        renewalLeadDays: 60,
        protectionDays: 14,
        protectionBusinessDays: false,
        registrationProtectionDays: 90,
      });
      const bad = await manager.request({
        method: 'PUT',
        url: '/api/channel/settings',
        payload: { renewalLeadDays: 0, protectionDays: 1.5, protectionBusinessDays: 'yes' },
      });
      expect(bad.statusCode).toBe(400);
      expect(
        bad
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['protectionBusinessDays', 'protectionDays', 'renewalLeadDays']);
      const changed = await manager.request({
        method: 'PUT',
        url: '/api/channel/settings',
        payload: { protectionDays: 5, protectionBusinessDays: true },
      });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json()).toMatchObject({
        renewalLeadDays: 60,
        protectionDays: 5,
        protectionBusinessDays: true,
      });
      const audit = await server.deps.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'channel_settings.updated')
        .execute();
      expect(audit).toHaveLength(1);
    });

    it('counts a business-day protection window on the business calendar', async () => {
      // Tuesday 24 November 2026, 10:00 in Berlin; five business days later is Tuesday 1 December.
      const lead = await manager.request({
        method: 'POST',
        url: '/api/leads',
        payload: { customerId: channel.customerA1.id, kind: 'other' },
      });
      expect(lead.json().protectedUntil).toBe('2026-12-01T09:00:00.000Z');
    });
  });
}
