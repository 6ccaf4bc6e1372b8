import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type OpenedCase as Json,
  openComplaintAs,
  startChannelServer,
} from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { type Channel, TEST_PASSWORD } from '../../../../test/factories';
import { logIn, type Session, type TestServer } from '../../../../test/test-server';

for (const dialect of DIALECTS) {
  describe(`cases [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let agent: Session;
    let partner: Session;
    let otherPartner: Session;
    let customer: Session;

    beforeAll(async () => {
      ({ server, channel, agent, partner, otherPartner, customer } = await startChannelServer(dialect, {
        agent: 'agent',
        partner: 'partner_agent',
        otherPartner: 'otherPartnerAdmin',
        customer: 'customer_user',
      }));
    });
    afterAll(async () => server.close());

    const openComplaint = (overrides: Record<string, unknown> = {}) => openComplaintAs(customer, overrides);

    it('numbers cases CD-<year>-<counter> and never reuses a number', async () => {
      const a = await openComplaint();
      const b = await openComplaint();
      expect(a.number).toMatch(/^CD-2026-\d{6}$/);
      expect(b.number > a.number).toBe(true);
    });

    it('opens a customer case for the customer’s own organisation with its reseller involved', async () => {
      const created = await openComplaint();
      expect(created).toMatchObject({
        status: 'new',
        channel: 'web',
        customer: { id: channel.customerA1.id },
        partner: { id: channel.partnerA.id },
        contact: { id: channel.users.customer_user.id },
      });
      expect(created.facts).toEqual([
        expect.objectContaining({ key: 'drive_model', source: 'customer', state: 'confirmed' }),
        expect.objectContaining({ key: 'notebook_model', value: 'Libra 14' }),
      ]);
      // Operator-only fields are not shown to the customer.
      expect(created).not.toHaveProperty('tags');
      expect(created).not.toHaveProperty('clocks');
    });

    it('lets a partner open a case for its customer, but not for another partner’s customer', async () => {
      const ok = await partner.request({
        method: 'POST',
        url: '/api/cases',
        payload: {
          type: 'fault',
          subject: 'Leitung gestört',
          customerId: channel.customerA2.id,
          description: 'Kein Internet seit 8 Uhr.',
        },
      });
      expect(ok.statusCode).toBe(201);
      expect(ok.json()).toMatchObject({ channel: 'partner', partner: { id: channel.partnerA.id } });
      const foreign = await partner.request({
        method: 'POST',
        url: '/api/cases',
        payload: {
          type: 'fault',
          subject: 'Leitung gestört',
          customerId: channel.customerB1.id,
          description: 'x',
        },
      });
      expect(foreign.statusCode).toBe(404);
    });

    it('keeps cases apart: a partner never sees another partner’s cases, by list or by guessing', async () => {
      const mine = await openComplaint();
      const listed = await otherPartner.request({ method: 'GET', url: '/api/cases?limit=200' });
      expect(listed.json().items.map((c: Json) => c.id)).not.toContain(mine.id);
      for (const url of [
        `/api/cases/${mine.id}`,
        `/api/cases/${mine.number}`,
        `/api/cases/${mine.id}/timeline`,
      ]) {
        expect((await otherPartner.request({ method: 'GET', url })).statusCode).toBe(404);
      }
      const reply = await otherPartner.request({
        method: 'POST',
        url: `/api/cases/${mine.id}/messages`,
        payload: { body: 'Hallo' },
      });
      expect(reply.statusCode).toBe(404);
      expect((await partner.request({ method: 'GET', url: `/api/cases/${mine.number}` })).statusCode).toBe(
        200,
      );
    });

    it('never shows internal notes to the customer or the partner, and partner notes not to the customer', async () => {
      const created = await openComplaint();
      const post = (session: Session, body: string, visibility: string) =>
        session.request({
          method: 'POST',
          url: `/api/cases/${created.id}/messages`,
          payload: { body, visibility },
        });
      expect((await post(agent, 'Intern: Zahlung offen, Rechnung 2026-0042', 'internal')).statusCode).toBe(
        201,
      );
      expect((await post(agent, 'Für den Partner: bitte Gerät tauschen', 'partner')).statusCode).toBe(201);
      expect((await post(agent, 'Wir melden uns bis Montag.', 'public')).statusCode).toBe(201);

      const bodies = async (session: Session) =>
        (await session.request({ method: 'GET', url: `/api/cases/${created.id}/timeline` }))
          .json()
          .items.map((e: { body?: string }) => e.body);
      const forCustomer = JSON.stringify(await bodies(customer));
      const forPartner = JSON.stringify(await bodies(partner));
      const forAgent = JSON.stringify(await bodies(agent));
      expect(forAgent).toContain('Zahlung offen');
      expect(forCustomer).not.toContain('Zahlung offen');
      expect(forPartner).not.toContain('Zahlung offen');
      expect(forCustomer).not.toContain('Gerät tauschen');
      expect(forPartner).toContain('Gerät tauschen');
      expect(forCustomer).toContain('bis Montag');
      // The case detail and list do not carry message bodies at all.
      const detail = await customer.request({ method: 'GET', url: `/api/cases/${created.id}` });
      expect(detail.body).not.toContain('Zahlung offen');
      // A customer cannot write an internal note.
      const sneaky = await post(customer, 'x', 'internal');
      expect(sneaky.statusCode).toBe(400);
      expect(sneaky.json().errors[0].field).toBe('visibility');
    });

    it('records the first response and opens a new case when the agent replies publicly', async () => {
      const created = await openComplaint();
      await agent.request({
        method: 'POST',
        url: `/api/cases/${created.id}/messages`,
        payload: { body: 'Danke, wir prüfen.', visibility: 'public' },
      });
      const detail = (await agent.request({ method: 'GET', url: `/api/cases/${created.id}` })).json();
      expect(detail.status).toBe('open');
      expect(detail.firstResponseAt).toBeTruthy();
    });

    it('reopens a resolved case when the customer replies, and keeps a closed case closed', async () => {
      const created = await openComplaint();
      await agent.request({
        method: 'PATCH',
        url: `/api/cases/${created.id}`,
        payload: { status: 'resolved' },
      });
      await customer.request({
        method: 'POST',
        url: `/api/cases/${created.id}/messages`,
        payload: { body: 'Geht immer noch nicht!' },
      });
      const reopened = (await customer.request({ method: 'GET', url: `/api/cases/${created.id}` })).json();
      expect(reopened.status).toBe('open');
      const timeline = (
        await customer.request({ method: 'GET', url: `/api/cases/${created.id}/timeline` })
      ).json().items;
      expect(timeline.map((e: { type?: string }) => e.type)).toContain('reopened');

      await agent.request({
        method: 'PATCH',
        url: `/api/cases/${created.id}`,
        payload: { status: 'closed' },
      });
      const late = await customer.request({
        method: 'POST',
        url: `/api/cases/${created.id}/messages`,
        payload: { body: 'Hallo?' },
      });
      expect(late.statusCode).toBe(409);
      expect(late.json().detail).toMatch(/closed/);
    });

    it('lets the customer correct a wrong fact; the change is in the timeline and the audit log', async () => {
      const created = await openComplaint();
      const agentSet = await agent.request({
        method: 'PUT',
        url: `/api/cases/${created.id}/facts/port_type`,
        payload: { label: 'Anschluss', value: 'USB-A' },
      });
      expect(agentSet.statusCode).toBe(204);
      let facts = (await customer.request({ method: 'GET', url: `/api/cases/${created.id}` })).json().facts;
      expect(facts.find((f: { key: string }) => f.key === 'port_type')).toMatchObject({
        source: 'agent',
        state: 'unconfirmed',
      });

      const corrected = await customer.request({
        method: 'PUT',
        url: `/api/cases/${created.id}/facts/port_type`,
        payload: { value: 'USB-C' },
      });
      expect(corrected.statusCode).toBe(204);
      facts = (await agent.request({ method: 'GET', url: `/api/cases/${created.id}` })).json().facts;
      expect(facts.find((f: { key: string }) => f.key === 'port_type')).toMatchObject({
        value: 'USB-C',
        source: 'customer',
        state: 'confirmed',
      });
      const timeline = (
        await customer.request({ method: 'GET', url: `/api/cases/${created.id}/timeline` })
      ).json().items;
      expect(timeline).toContainEqual(
        expect.objectContaining({
          type: 'fact_corrected',
          data: expect.objectContaining({ from: 'USB-A', to: 'USB-C' }),
        }),
      );
      const admin = await logIn(server.app, channel.users.operator_admin.email, TEST_PASSWORD);
      const audit = (await admin.request({ method: 'GET', url: `/api/audit?entityId=${created.id}` })).json()
        .items;
      expect(audit.map((a: { action: string }) => a.action)).toContain('case.fact_changed');

      const disputeWithoutNote = await customer.request({
        method: 'POST',
        url: `/api/cases/${created.id}/facts/drive_model/state`,
        payload: { state: 'disputed' },
      });
      expect(disputeWithoutNote.statusCode).toBe(400);
    });

    it('shows the customer open commitments and decisions with their policy, conditions and facts', async () => {
      const created = await openComplaint();
      const dueAt = new Date(server.clock.now().getTime() + 3 * 86_400_000).toISOString();
      const commitment = await agent.request({
        method: 'POST',
        url: `/api/cases/${created.id}/commitments`,
        payload: { description: 'Rückruf bis Montag 12:00', dueAt },
      });
      expect(commitment.statusCode).toBe(201);
      const facts = (await agent.request({ method: 'GET', url: `/api/cases/${created.id}` })).json().facts;
      const decision = await agent.request({
        method: 'POST',
        url: `/api/cases/${created.id}/decisions`,
        payload: {
          outcome: 'conditional',
          policy: 'Kulanzrichtlinie Austausch 2026',
          conditions: 'Austausch auf Kulanz nach Zahlungseingang zu Rechnung 2026-0042',
          citedFactIds: [facts[0].id],
        },
      });
      expect(decision.statusCode).toBe(201);
      const seen = (await customer.request({ method: 'GET', url: `/api/cases/${created.id}` })).json();
      expect(seen.commitments).toEqual([
        expect.objectContaining({
          description: 'Rückruf bis Montag 12:00',
          status: 'open',
          overdue: false,
          dueAt,
        }),
      ]);
      expect(seen.decisions[0]).toMatchObject({
        outcome: 'conditional',
        policy: 'Kulanzrichtlinie Austausch 2026',
        conditions: 'Austausch auf Kulanz nach Zahlungseingang zu Rechnung 2026-0042',
        citedFacts: [expect.objectContaining({ value: 'XT-2000' })],
      });
      const kept = await agent.request({
        method: 'PATCH',
        url: `/api/cases/${created.id}/commitments/${commitment.json().id}`,
        payload: { status: 'kept' },
      });
      expect(kept.statusCode).toBe(204);
      const conditionalWithoutConditions = await agent.request({
        method: 'POST',
        url: `/api/cases/${created.id}/decisions`,
        payload: { outcome: 'conditional', policy: 'Kulanz' },
      });
      expect(conditionalWithoutConditions.json().errors[0].field).toBe('conditions');
    });

    it('changes status, priority and assignment as timeline events; only public ones reach the customer', async () => {
      const created = await openComplaint();
      const updated = await agent.request({
        method: 'PATCH',
        url: `/api/cases/${created.id}`,
        payload: { status: 'waiting_customer', priority: 'high', assigneeId: channel.users.agent.id },
      });
      expect(updated.statusCode).toBe(200);
      expect(updated.json()).toMatchObject({
        status: 'waiting_customer',
        priority: 'high',
        assignee: { id: channel.users.agent.id },
      });
      const types = async (session: Session) =>
        (await session.request({ method: 'GET', url: `/api/cases/${created.id}/timeline` }))
          .json()
          .items.map((e: { type?: string }) => e.type);
      expect(await types(agent)).toEqual(
        expect.arrayContaining(['status_changed', 'priority_changed', 'assignee_changed']),
      );
      expect(await types(customer)).not.toContain('assignee_changed');
      const byCustomer = await customer.request({
        method: 'PATCH',
        url: `/api/cases/${created.id}`,
        payload: { priority: 'urgent' },
      });
      expect(byCustomer.statusCode).toBe(403);
      const badAssignee = await agent.request({
        method: 'PATCH',
        url: `/api/cases/${created.id}`,
        payload: { assigneeId: channel.users.customer_user.id },
      });
      expect(badAssignee.json().errors[0].field).toBe('assigneeId');
    });

    it('filters the list by status, assignee and tag, and pages without gaps', async () => {
      const created = await openComplaint();
      await agent.request({
        method: 'PUT',
        url: `/api/cases/${created.id}/tags`,
        payload: { tags: ['Versand', 'retoure'] },
      });
      await agent.request({
        method: 'PATCH',
        url: `/api/cases/${created.id}`,
        payload: { assigneeId: channel.users.agent.id, status: 'open' },
      });
      const byTag = (await agent.request({ method: 'GET', url: '/api/cases?tag=versand' })).json().items;
      expect(byTag.map((c: Json) => c.id)).toEqual([created.id]);
      const mine = (
        await agent.request({ method: 'GET', url: '/api/cases?assignee=me&status=open,new' })
      ).json().items;
      expect(mine.map((c: Json) => c.id)).toContain(created.id);
      const seen = new Set<string>();
      let cursor: string | null = null;
      let pages = 0;
      do {
        const url: string = `/api/cases?limit=2&sort=created_at&direction=asc${cursor ? `&cursor=${cursor}` : ''}`;
        const body: { items: Json[]; nextCursor: string | null } = (
          await agent.request({ method: 'GET', url })
        ).json();
        for (const item of body.items) seen.add(item.id);
        cursor = body.nextCursor;
        pages += 1;
      } while (cursor && pages < 100);
      const all = (await agent.request({ method: 'GET', url: '/api/cases?limit=200' })).json().items;
      expect(seen.size).toBe(all.length);
    });

    it('merges a duplicate: the timeline moves and the old number redirects', async () => {
      const keep = await openComplaint();
      const duplicate = await openComplaint({ subject: 'Festplatte – nochmal' });
      await customer.request({
        method: 'POST',
        url: `/api/cases/${duplicate.id}/messages`,
        payload: { body: 'Ich schreibe nochmal.' },
      });
      const merged = await agent.request({
        method: 'POST',
        url: `/api/cases/${duplicate.number}/merge`,
        payload: { into: keep.number },
      });
      expect(merged.statusCode).toBe(200);
      const redirect = await customer.request({ method: 'GET', url: `/api/cases/${duplicate.number}` });
      expect(redirect.statusCode).toBe(308);
      expect(redirect.headers.location).toBe(`/api/cases/${keep.id}`);
      const timeline = (
        await customer.request({ method: 'GET', url: `/api/cases/${keep.id}/timeline` })
      ).json().items;
      expect(timeline.map((e: { body?: string }) => e.body)).toContain('Ich schreibe nochmal.');
      const list = (await agent.request({ method: 'GET', url: '/api/cases?limit=200' })).json().items;
      expect(list.map((c: Json) => c.id)).not.toContain(duplicate.id);
      const detail = (await agent.request({ method: 'GET', url: `/api/cases/${keep.id}` })).json();
      expect(detail.links).toContainEqual(
        expect.objectContaining({ kind: 'duplicate_of', direction: 'incoming' }),
      );
    });

    it('finds cases by German words in subject, messages, facts and names, and by number, within scope', async () => {
      const created = await openComplaint({
        subject: 'Drucker zieht kein Papier ein',
        facts: [{ key: 'serial_number', label: 'Seriennummer', value: 'PW-77831' }],
      });
      await customer.request({
        method: 'POST',
        url: `/api/cases/${created.id}/messages`,
        payload: { body: 'Die Geräte in der Hauptstraße sind betroffen.' },
      });
      const ids = async (session: Session, q: string) =>
        (await session.request({ method: 'GET', url: `/api/cases?q=${encodeURIComponent(q)}&limit=200` }))
          .json()
          .items.map((c: Json) => c.id);
      expect(await ids(agent, 'Druckers')).toContain(created.id);
      expect(await ids(agent, 'strasse')).toContain(created.id);
      expect(await ids(agent, 'Gerät')).toContain(created.id);
      expect(await ids(agent, 'PW-77831')).toContain(created.id);
      expect(await ids(agent, created.number)).toEqual([created.id]);
      // A half-typed number finds the cases whose number starts with it.
      expect(await ids(agent, created.number.slice(0, -1))).toContain(created.id);
      expect(await ids(agent, `${created.number.slice(0, -1)}`.replace(/-\d+$/, '-9'))).not.toContain(
        created.id,
      );
      expect(await ids(agent, 'Sommer Drucker')).toContain(created.id);
      expect(await ids(agent, 'Drucker Waschmaschine')).toEqual([]);
      // Search never widens the scope.
      expect(await ids(otherPartner, 'Drucker')).not.toContain(created.id);
      // A corrected subject stops matching the old words.
      await agent.request({
        method: 'PATCH',
        url: `/api/cases/${created.id}`,
        payload: { subject: 'Scanner zieht kein Papier ein' },
      });
      expect(await ids(agent, 'Scanner')).toContain(created.id);
    });

    it('names the field in every validation error', async () => {
      const response = await agent.request({
        method: 'POST',
        url: '/api/cases',
        payload: { type: 'beschwerde', subject: 'x', description: '' },
      });
      expect(response.statusCode).toBe(400);
      const fields = response
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort();
      expect(fields).toEqual(['description', 'subject', 'type']);
      const missingCustomer = await agent.request({
        method: 'POST',
        url: '/api/cases',
        payload: { type: 'complaint', subject: 'Telefonat', description: 'Anruf' },
      });
      expect(missingCustomer.json().errors[0].field).toBe('customerId');
    });
  });
}
