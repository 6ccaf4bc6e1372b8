import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openComplaintAs, startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import type { Channel } from '../../../../test/factories';
import { outboxMails } from '../../../../test/mail';
import type { Session, TestServer } from '../../../../test/test-server';

// What a case promises and shows must stay true: a merged number keeps its history, a decision
// keeps the facts it was made on, resolving says what became of each open commitment, and a
// partner answers only for its own promises and may keep its description from the customer.

type Entry = {
  kind: string;
  type?: string;
  body?: string;
  visibility: string;
  data?: Record<string, unknown>;
};

for (const dialect of DIALECTS) {
  describe(`case promises [${dialect}]`, () => {
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

    const openComplaint = (subject?: string) => openComplaintAs(customer, subject ? { subject } : {});

    async function promise(caseId: string, description: string, as: Session = agent): Promise<string> {
      const dueAt = new Date(server.clock.now().getTime() + 3 * 86_400_000).toISOString();
      const response = await as.request({
        method: 'POST',
        url: `/api/cases/${caseId}/commitments`,
        payload: { description, dueAt },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id;
    }

    const timeline = async (session: Session, ref: string) => {
      const response = await session.request({ method: 'GET', url: `/api/cases/${ref}/timeline` });
      return { status: response.statusCode, items: (response.json().items ?? []) as Entry[] };
    };

    describe('a merged case’s old number', () => {
      it('shows the merged history to operator, partner and customer, and nothing to another partner', async () => {
        const keep = await openComplaint();
        const duplicate = await openComplaint('Festplatte – zweite Meldung');
        await customer.request({
          method: 'POST',
          url: `/api/cases/${duplicate.id}/messages`,
          payload: { body: 'Ich melde mich noch einmal wegen der Festplatte.' },
        });
        const merged = await agent.request({
          method: 'POST',
          url: `/api/cases/${duplicate.number}/merge`,
          payload: { into: keep.number },
        });
        expect(merged.statusCode).toBe(200);

        for (const session of [agent, partner, customer]) {
          for (const ref of [duplicate.number, duplicate.id]) {
            const read = await timeline(session, ref);
            expect(read.status).toBe(200);
            const bodies = read.items.map((e) => e.body);
            expect(bodies).toContain('Ich melde mich noch einmal wegen der Festplatte.');
            expect(bodies).toContain('Die Festplatte XT-2000 funktioniert nicht am Notebook.');
            expect(read.items.map((e) => e.type)).toContain('merged');
            const header = await session.request({ method: 'GET', url: `/api/cases/${ref}` });
            expect(header.statusCode).toBe(308);
            expect(header.headers.location).toBe(`/api/cases/${keep.id}`);
          }
        }
        // Scope holds: the old number is no way into another partner's view.
        expect((await timeline(otherPartner, duplicate.number)).status).toBe(404);
        expect(
          (await otherPartner.request({ method: 'GET', url: `/api/cases/${duplicate.number}` })).statusCode,
        ).toBe(404);
      });
    });

    describe('a goodwill decision’s basis', () => {
      it('keeps the values decided on; a corrected fact marks it "basis changed", shows both and mails the decider', async () => {
        const created = await openComplaint();
        const facts = (await agent.request({ method: 'GET', url: `/api/cases/${created.id}` })).json()
          .facts as {
          id: string;
          key: string;
        }[];
        const drive = facts.find((f) => f.key === 'drive_model')!;
        const decision = await agent.request({
          method: 'POST',
          url: `/api/cases/${created.id}/decisions`,
          payload: {
            outcome: 'conditional',
            policy: 'Kulanzrichtlinie Austausch 2026',
            conditions: 'Austausch nach Zahlungseingang',
            citedFactIds: [drive.id],
          },
        });
        expect(decision.statusCode, decision.body).toBe(201);
        const before = await outboxMails(server.deps);

        const corrected = await customer.request({
          method: 'PUT',
          url: `/api/cases/${created.id}/facts/drive_model`,
          payload: { value: 'XT-3000' },
        });
        expect(corrected.statusCode).toBe(204);

        for (const session of [agent, customer]) {
          const shown = (await session.request({ method: 'GET', url: `/api/cases/${created.id}` })).json();
          expect(shown.decisions[0].basisChangedAt).toEqual(expect.any(String));
          expect(shown.decisions[0].citedFacts).toEqual([
            { id: drive.id, label: 'Festplatte', value: 'XT-2000', currentValue: 'XT-3000', changed: true },
          ]);
          expect(shown.facts.find((f: { key: string }) => f.key === 'drive_model').value).toBe('XT-3000');
        }
        const agentEvents = (await timeline(agent, created.id)).items.filter(
          (e) => e.type === 'decision_basis_changed',
        );
        expect(agentEvents).toHaveLength(1);
        expect(agentEvents[0]?.data).toMatchObject({ from: 'XT-2000', to: 'XT-3000', label: 'Festplatte' });
        expect((await timeline(customer, created.id)).items.map((e) => e.type)).not.toContain(
          'decision_basis_changed',
        );

        const mails = (await outboxMails(server.deps)).slice(before.length);
        const toDecider = mails.filter((m) => m.to === channel.users.agent.email);
        expect(toDecider).toHaveLength(1);
        expect(toDecider[0]?.subject).toBe(`Grundlage einer Entscheidung geändert: ${created.number}`);
        expect(toDecider[0]?.text).toContain('„XT-2000“ und ist jetzt „XT-3000“');
        expect(toDecider[0]?.text).toContain(`/cases/${created.number}`);

        // Corrected back to what was decided on: the basis holds again.
        await customer.request({
          method: 'PUT',
          url: `/api/cases/${created.id}/facts/drive_model`,
          payload: { value: 'XT-2000' },
        });
        const again = (await agent.request({ method: 'GET', url: `/api/cases/${created.id}` })).json();
        expect(again.decisions[0]).toMatchObject({ basisChangedAt: null });
        expect(again.decisions[0].citedFacts[0]).toMatchObject({ changed: false, currentValue: 'XT-2000' });
      });

      it('mails an English-speaking decider in English', async () => {
        await server.deps.db
          .updateTable('person')
          .set({ locale: 'en' })
          .where('id', '=', channel.users.agent.id)
          .execute();
        try {
          const created = await openComplaint();
          const facts = (await agent.request({ method: 'GET', url: `/api/cases/${created.id}` })).json()
            .facts;
          await agent.request({
            method: 'POST',
            url: `/api/cases/${created.id}/decisions`,
            payload: { outcome: 'granted', policy: 'Goodwill exchange', citedFactIds: [facts[1].id] },
          });
          const before = await outboxMails(server.deps);
          await customer.request({
            method: 'PUT',
            url: `/api/cases/${created.id}/facts/notebook_model`,
            payload: { value: 'Libra 15' },
          });
          const mails = (await outboxMails(server.deps)).slice(before.length);
          expect(mails.find((m) => m.to === channel.users.agent.email)?.subject).toBe(
            `Basis of a decision changed: ${created.number}`,
          );
        } finally {
          await server.deps.db
            .updateTable('person')
            .set({ locale: 'de' })
            .where('id', '=', channel.users.agent.id)
            .execute();
        }
      });
    });

    describe('resolving with open commitments', () => {
      it('is refused naming the open commitments until the request says what becomes of each', async () => {
        const created = await openComplaint();
        const callBack = await promise(created.id, 'Rückruf bis Montag');
        const exchange = await promise(created.id, 'Austauschgerät bis Freitag');
        const offer = await promise(created.id, 'Angebot für Verlängerung');

        const bare = await agent.request({
          method: 'PATCH',
          url: `/api/cases/${created.id}`,
          payload: { status: 'resolved' },
        });
        expect(bare.statusCode).toBe(409);
        expect(bare.json()).toMatchObject({ code: 'open_commitments' });
        expect(
          bare
            .json()
            .commitments.map((c: { id: string }) => c.id)
            .sort(),
        ).toEqual([callBack, exchange, offer].sort());
        expect(bare.json().detail).toContain('Rückruf bis Montag');
        expect((await agent.request({ method: 'GET', url: `/api/cases/${created.id}` })).json().status).toBe(
          'new',
        );

        const partial = await agent.request({
          method: 'PATCH',
          url: `/api/cases/${created.id}`,
          payload: { status: 'resolved', commitments: [{ id: callBack, outcome: 'kept' }] },
        });
        expect(partial.statusCode).toBe(409);
        expect(
          partial
            .json()
            .commitments.map((c: { id: string }) => c.id)
            .sort(),
        ).toEqual([exchange, offer].sort());

        const droppedWithoutReason = await agent.request({
          method: 'PATCH',
          url: `/api/cases/${created.id}`,
          payload: {
            status: 'resolved',
            commitments: [
              { id: callBack, outcome: 'kept' },
              { id: offer, outcome: 'dropped' },
              { id: exchange, outcome: 'carried_over' },
            ],
          },
        });
        expect(droppedWithoutReason.statusCode).toBe(400);
        expect(droppedWithoutReason.json().errors[0].field).toBe('commitments.1.reason');

        const resolved = await agent.request({
          method: 'PATCH',
          url: `/api/cases/${created.id}`,
          payload: {
            status: 'resolved',
            commitments: [
              { id: callBack, outcome: 'kept' },
              { id: offer, outcome: 'dropped', reason: 'Kunde verzichtet auf die Verlängerung' },
              { id: exchange, outcome: 'carried_over' },
            ],
          },
        });
        expect(resolved.statusCode, resolved.body).toBe(200);
        const seen = (await customer.request({ method: 'GET', url: `/api/cases/${created.id}` })).json();
        expect(seen.status).toBe('resolved');
        const statusOf = (id: string) =>
          seen.commitments.find((c: { id: string; status: string }) => c.id === id).status;
        expect([statusOf(callBack), statusOf(offer), statusOf(exchange)]).toEqual([
          'kept',
          'dropped',
          'open',
        ]);
        expect(seen.commitments.find((c: { id: string }) => c.id === offer).outcomeReason).toBe(
          'Kunde verzichtet auf die Verlängerung',
        );
        const events = (await timeline(customer, created.id)).items.map((e) => e.type);
        expect(events).toEqual(
          expect.arrayContaining(['commitment_kept', 'commitment_dropped', 'commitment_carried_over']),
        );
      });

      it('resolves a case without open commitments as before', async () => {
        const created = await openComplaint();
        const commitment = await promise(created.id, 'Rückruf heute');
        await agent.request({
          method: 'PATCH',
          url: `/api/cases/${created.id}/commitments/${commitment}`,
          payload: { status: 'kept' },
        });
        const resolved = await agent.request({
          method: 'PATCH',
          url: `/api/cases/${created.id}`,
          payload: { status: 'resolved' },
        });
        expect(resolved.statusCode).toBe(200);
      });

      it('asks the same before closing an open case directly', async () => {
        const created = await openComplaint();
        await promise(created.id, 'Gutschrift bis Monatsende');
        const closed = await agent.request({
          method: 'PATCH',
          url: `/api/cases/${created.id}`,
          payload: { status: 'closed' },
        });
        expect(closed.statusCode).toBe(409);
        expect(closed.json().code).toBe('open_commitments');
      });
    });

    describe('partners', () => {
      it('cannot mark the operator’s commitment as kept, but can their own', async () => {
        const created = await openComplaint();
        const operators = await promise(created.id, 'Rückruf durch den Hersteller');
        const refused = await partner.request({
          method: 'PATCH',
          url: `/api/cases/${created.id}/commitments/${operators}`,
          payload: { status: 'kept' },
        });
        expect(refused.statusCode).toBe(403);
        expect(refused.json()).toMatchObject({ code: 'commitment_not_yours' });
        const still = (await agent.request({ method: 'GET', url: `/api/cases/${created.id}` })).json();
        expect(still.commitments[0].status).toBe('open');

        const own = await promise(created.id, 'Techniker kommt vorbei', partner);
        const kept = await partner.request({
          method: 'PATCH',
          url: `/api/cases/${created.id}/commitments/${own}`,
          payload: { status: 'kept' },
        });
        expect(kept.statusCode).toBe(204);
        // Another partner does not even see the case.
        const outsider = await otherPartner.request({
          method: 'PATCH',
          url: `/api/cases/${created.id}/commitments/${operators}`,
          payload: { status: 'kept' },
        });
        expect(outsider.statusCode).toBe(404);
      });

      it('may keep the opening description between itself and the operator', async () => {
        const opened = await partner.request({
          method: 'POST',
          url: '/api/cases',
          payload: {
            type: 'fault',
            subject: 'Router startet ständig neu',
            customerId: channel.customerA1.id,
            description: 'Zugang zum Router: admin / Sommer2026!',
            descriptionVisibility: 'partner',
          },
        });
        expect(opened.statusCode, opened.body).toBe(201);
        const id = opened.json().id;
        const bodies = async (session: Session) =>
          (await timeline(session, id)).items.filter((e) => e.kind === 'message').map((e) => e.body);
        expect(await bodies(partner)).toEqual(['Zugang zum Router: admin / Sommer2026!']);
        expect(await bodies(agent)).toEqual(['Zugang zum Router: admin / Sommer2026!']);
        expect(await bodies(customer)).toEqual([]);
        const search = await customer.request({ method: 'GET', url: '/api/cases?q=Sommer2026' });
        expect(search.json().items).toEqual([]);

        const byDefault = await partner.request({
          method: 'POST',
          url: '/api/cases',
          payload: {
            type: 'fault',
            subject: 'Drucker offline',
            customerId: channel.customerA1.id,
            description: 'Drucker im Laden ist offline.',
          },
        });
        const customerSees = (await timeline(customer, byDefault.json().id)).items.map((e) => e.body);
        expect(customerSees).toContain('Drucker im Laden ist offline.');

        const customerTries = await customer.request({
          method: 'POST',
          url: '/api/cases',
          payload: {
            type: 'complaint',
            subject: 'Intern?',
            description: 'Geht das?',
            descriptionVisibility: 'partner',
          },
        });
        expect(customerTries.statusCode).toBe(400);
        expect(customerTries.json().errors[0].field).toBe('descriptionVisibility');
      });
    });
  });
}
