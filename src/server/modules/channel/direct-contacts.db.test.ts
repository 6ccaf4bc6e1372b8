import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { buildOrganisation, type Channel } from '../../../../test/factories';
import { insertDecline, insertHeldLead } from '../../../../test/lead-fixtures';
import type { Session, TestServer } from '../../../../test/test-server';
import { findProtections } from './protection-queries';

type Contact = {
  id: string;
  kind: string;
  note: string;
  protectingPartner: { id: string; name: string } | null;
  clearance: string | null;
  clearanceNote: string | null;
  createdBy: { name: string } | null;
};

for (const dialect of DIALECTS) {
  describe(`direct contacts and the direct-offer block [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let agent: Session;
    let manager: Session;
    let billing: Session;
    let partner: Session;
    let otherPartner: Session;
    let customer: Session;

    const record = (customerId: string, payload: Record<string, unknown>, by: Session = agent) => {
      // Each contact a minute later, so "newest first" is a fact of time, not of ids.
      server.clock.advanceMinutes(1);
      return by.request({ method: 'POST', url: `/api/organisations/${customerId}/direct-contacts`, payload });
    };
    const contacts = async (customerId: string) => {
      const response = await agent.request({
        method: 'GET',
        url: `/api/organisations/${customerId}/direct-contacts`,
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{ items: Contact[] }>().items;
    };

    beforeAll(async () => {
      ({ server, channel, agent, manager, billing, partner, otherPartner, customer } =
        await startChannelServer(dialect, {
          agent: 'agent',
          manager: 'channel_manager',
          billing: 'billing_clerk',
          partner: 'partner_admin',
          otherPartner: 'otherPartnerAdmin',
          customer: 'customer_user',
        }));
    });
    afterAll(async () => server.close());

    it('records calls and mails to a protected customer, with the protecting partner', async () => {
      for (const kind of ['call', 'mail']) {
        const response = await record(channel.customerA1.id, {
          kind,
          note: `${kind}: Rückfrage zum Wartungsvertrag`,
        });
        expect(response.statusCode, response.body).toBe(201);
        expect(response.json()).toMatchObject({
          kind,
          customer: { id: channel.customerA1.id, name: 'Bäckerei Sommer GmbH' },
          protectingPartner: { id: channel.partnerA.id, name: 'Nordwest IT GmbH' },
          clearance: null,
        });
      }
    });

    it('refuses a direct offer while the reseller of record protects the customer, naming the partner and why', async () => {
      const response = await record(channel.customerA1.id, { kind: 'offer', note: 'Angebot Drucker LX 500' });
      expect(response.statusCode).toBe(409);
      const problem = response.json();
      expect(problem).toMatchObject({
        code: 'direct_offer_blocked',
        partner: { id: channel.partnerA.id, name: 'Nordwest IT GmbH' },
        protections: ['reseller_of_record'],
      });
      expect(problem.detail).toContain('Nordwest IT GmbH (reseller of record)');
    });

    it('refuses a decline the partner never gave, and a consent without a note', async () => {
      const declined = await record(channel.customerA1.id, {
        kind: 'offer',
        note: 'Angebot',
        clearance: 'partner_declined',
      });
      expect(declined.statusCode).toBe(409);
      expect(declined.json()).toMatchObject({
        code: 'direct_offer_clearance_refused',
        partner: { name: 'Nordwest IT GmbH' },
        errors: [{ field: 'clearance' }],
      });
      expect(declined.json().detail).toContain('Nordwest IT GmbH has not declined a lead');

      const noNote = await record(channel.customerA1.id, {
        kind: 'offer',
        note: 'Angebot',
        clearance: 'partner_consent',
      });
      expect(noNote.statusCode).toBe(400);
      expect(noNote.json().errors).toEqual([expect.objectContaining({ field: 'clearanceNote' })]);
    });

    it('records an offer with the partner’s consent, keeps and audits the clearance', async () => {
      const response = await record(
        channel.customerA1.id,
        {
          kind: 'offer',
          note: 'Angebot Drucker LX 500',
          clearance: 'partner_consent',
          clearanceNote: 'Herr Nord (Nordwest IT) am 6.12. telefonisch einverstanden',
        },
        manager,
      );
      expect(response.statusCode, response.body).toBe(201);
      const contact = response.json<Contact>();
      expect(contact).toMatchObject({
        kind: 'offer',
        protectingPartner: { id: channel.partnerA.id },
        clearance: 'partner_consent',
        clearanceNote: 'Herr Nord (Nordwest IT) am 6.12. telefonisch einverstanden',
      });
      const audit = await server.deps.db
        .selectFrom('audit_log')
        .select(['action', 'after'])
        .where('entity_id', '=', contact.id)
        .executeTakeFirstOrThrow();
      expect(audit.action).toBe('direct_contact.created_with_clearance');
      expect(JSON.parse(audit.after ?? '{}')).toMatchObject({ clearance: 'partner_consent' });
    });

    it('records an offer after the partner really declined a lead of the customer', async () => {
      const leadId = await insertHeldLead(server.deps, {
        customerId: channel.customerA2.id,
        partnerId: channel.partnerA.id,
      });
      const whileHeld = await record(channel.customerA2.id, {
        kind: 'offer',
        note: 'Angebot',
        clearance: 'partner_declined',
      });
      expect(whileHeld.statusCode).toBe(409);
      expect(whileHeld.json().protections).toEqual(['reseller_of_record', 'lead']);

      await insertDecline(server.deps, leadId, channel.partnerA.id);
      const response = await record(channel.customerA2.id, {
        kind: 'offer',
        note: 'Angebot Kopierer',
        clearance: 'partner_declined',
        clearanceNote: 'Lead abgelehnt: kein Bedarf',
      });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json()).toMatchObject({
        protectingPartner: { id: channel.partnerA.id },
        clearance: 'partner_declined',
        clearanceNote: 'Lead abgelehnt: kein Bedarf',
      });
    });

    it('through the leads API: a lead offered to the reseller of record blocks, its decline clears the offer', async () => {
      const kiosk = await buildOrganisation(server.deps, {
        kind: 'customer',
        name: 'Kiosk am Hafen',
        resellerOfRecordId: channel.partnerA.id,
      });
      const created = await agent.request({
        method: 'POST',
        url: '/api/leads',
        payload: { customerId: kiosk.id, kind: 'new_device', productLine: 'printers' },
      });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({ partnerId: channel.partnerA.id, status: 'offered' });
      const blocked = await record(kiosk.id, {
        kind: 'offer',
        note: 'Angebot',
        clearance: 'partner_declined',
      });
      expect(blocked.statusCode).toBe(409);
      expect(blocked.json().protections).toEqual(['reseller_of_record', 'lead']);

      const declined = await partner.request({
        method: 'POST',
        url: `/api/leads/${created.json().id}/decline`,
        payload: { reason: 'Kunde kauft direkt' },
      });
      expect(declined.statusCode, declined.body).toBe(200);
      const cleared = await record(kiosk.id, {
        kind: 'offer',
        note: 'Angebot',
        clearance: 'partner_declined',
      });
      expect(cleared.statusCode, cleared.body).toBe(201);
      expect(cleared.json()).toMatchObject({
        protectingPartner: { id: channel.partnerA.id },
        clearance: 'partner_declined',
      });
    });

    it('lets an offer to an unprotected customer through; a lead held by a partner blocks it', async () => {
      const free = await record(channel.directCustomer.id, { kind: 'offer', note: 'Direktangebot' });
      expect(free.statusCode, free.body).toBe(201);
      expect(free.json()).toMatchObject({ protectingPartner: null, clearance: null });

      await insertHeldLead(server.deps, {
        customerId: channel.directCustomer.id,
        partnerId: channel.partnerB.id,
        status: 'accepted',
      });
      const blocked = await record(channel.directCustomer.id, { kind: 'offer', note: 'Zweites Angebot' });
      expect(blocked.statusCode).toBe(409);
      expect(blocked.json()).toMatchObject({
        code: 'direct_offer_blocked',
        partner: { id: channel.partnerB.id, name: 'Systemhaus Süd GmbH' },
        protections: ['lead'],
      });
    });

    it('a suspended reseller of record does not protect; its approved deal registration does', async () => {
      const suspend = await manager.request({
        method: 'PUT',
        url: `/api/organisations/${channel.partnerB.id}/partner-profile`,
        payload: { status: 'suspended' },
      });
      expect(suspend.statusCode, suspend.body).toBe(200);
      const free = await record(channel.customerB1.id, { kind: 'offer', note: 'Angebot während Sperre' });
      expect(free.statusCode, free.body).toBe(201);
      expect(free.json().protectingPartner).toBeNull();

      const registered = await otherPartner.request({
        method: 'POST',
        url: '/api/deal-registrations',
        payload: {
          customerId: channel.customerB1.id,
          productLine: 'printers',
          expectedValueCents: 500_000,
          closeDate: '2027-01-31',
        },
      });
      expect(registered.statusCode, registered.body).toBe(201);
      const pending = await record(channel.customerB1.id, {
        kind: 'offer',
        note: 'Angebot, Registrierung offen',
      });
      expect(pending.statusCode).toBe(201);

      const approved = await manager.request({
        method: 'POST',
        url: `/api/deal-registrations/${registered.json().id}/approve`,
        payload: { reason: 'Projekt bekannt' },
      });
      expect(approved.statusCode, approved.body).toBe(200);
      const blocked = await record(channel.customerB1.id, { kind: 'offer', note: 'Angebot' });
      expect(blocked.statusCode).toBe(409);
      expect(blocked.json()).toMatchObject({
        partner: { id: channel.partnerB.id, name: 'Systemhaus Süd GmbH' },
        protections: ['registration'],
      });
      expect(blocked.json().detail).toContain('approved deal registration');
    });

    it('an approved registration protects until its protectedUntil, no longer', async () => {
      const day = 86_400_000;
      const at = (days: number) => new Date(server.clock.now().getTime() + days * day).toISOString();
      expect(
        (await findProtections(server.deps.db, channel.customerB1.id, at(89))).map((p) => p.source),
      ).toEqual(['registration']);
      expect(await findProtections(server.deps.db, channel.customerB1.id, at(91))).toEqual([]);
      // Another product line is not protected by the printers registration.
      expect(await findProtections(server.deps.db, channel.customerB1.id, at(1), 'copiers')).toEqual([]);
    });

    it('lists every contact of the customer newest first with its partner and clearance', async () => {
      const items = await contacts(channel.customerA1.id);
      expect(items.map((c) => [c.kind, c.protectingPartner?.name ?? null, c.clearance])).toEqual([
        ['offer', 'Nordwest IT GmbH', 'partner_consent'],
        ['mail', 'Nordwest IT GmbH', null],
        ['call', 'Nordwest IT GmbH', null],
      ]);
      expect(items[0]?.createdBy?.name).toBe(channel.users.channel_manager.name);
      expect((await contacts(channel.customerB1.id)).map((c) => c.protectingPartner)).toEqual([null, null]);
    });

    it('partners, customers and the billing clerk are refused; a non-customer is a 404', async () => {
      for (const session of [partner, otherPartner, customer, billing]) {
        const list = await session.request({
          method: 'GET',
          url: `/api/organisations/${channel.customerA1.id}/direct-contacts`,
        });
        expect(list.statusCode).toBe(403);
        const post = await session.request({
          method: 'POST',
          url: `/api/organisations/${channel.customerA1.id}/direct-contacts`,
          payload: { kind: 'call', note: 'x' },
        });
        expect(post.statusCode).toBe(403);
      }
      for (const id of [channel.partnerA.id, '00000000-0000-7000-8000-000000000000']) {
        const response = await record(id, { kind: 'call', note: 'x' });
        expect(response.statusCode).toBe(404);
      }
      const badKind = await record(channel.customerA1.id, { kind: 'visit', note: 'x' });
      expect(badKind.statusCode).toBe(400);
      expect(badKind.json().errors).toEqual([expect.objectContaining({ field: 'kind' })]);
    });
  });
}
