// The leak guard beyond replies: every other text an agent writes for the customer (a return's
// rejection and outcome reason, a decision's policy and conditions, a commitment, an appointment
// note) is refused the same way, can be rewritten, and only an operator admin overrides (audited).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import type { Channel } from '../../../../test/factories';
import type { Session, TestServer } from '../../../../test/test-server';

const NOTE = 'Kunde schickt regelmäßig leere Kartons zurück, bitte jede Rücksendung genau prüfen.';
const QUOTE = 'Kunde schickt regelmäßig leere Kartons zurück';

type Problem = {
  type: string;
  code: string;
  findings: { field: string; kind: string; text: string; source?: string }[];
  errors: { field: string; message: string }[];
};

for (const dialect of DIALECTS) {
  describe(`leak guard on every text for the customer [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let admin: Session;
    let agent: Session;
    let clerk: Session;
    let partner: Session;
    let customer: Session;

    beforeAll(async () => {
      ({ server, channel, admin, agent, clerk, partner, customer } = await startChannelServer(dialect, {
        admin: 'operator_admin',
        agent: 'agent',
        clerk: 'billing_clerk',
        partner: 'partner_agent',
        customer: 'customer_user',
      }));
    });
    afterAll(async () => server?.close());

    /** A case of Bäckerei Sommer (partner Nordwest IT) with the internal note. */
    async function caseWithNote(): Promise<string> {
      const opened = await customer.request({
        method: 'POST',
        url: '/api/cases',
        payload: { type: 'complaint', subject: 'Drucker defekt', description: 'Der Drucker druckt nicht.' },
      });
      expect(opened.statusCode, opened.body).toBe(201);
      const caseId = opened.json<{ id: string }>().id;
      const note = await agent.request({
        method: 'POST',
        url: `/api/cases/${caseId}/messages`,
        payload: { body: NOTE, visibility: 'internal' },
      });
      expect(note.statusCode, note.body).toBe(201);
      return caseId;
    }

    function expectRefused(response: { statusCode: number; body: string }, field: string, kind: string) {
      expect(response.statusCode, response.body).toBe(422);
      const problem = JSON.parse(response.body) as Problem;
      expect(problem.type).toMatch(/\/internal-data$/);
      expect(problem.code).toBe('internal_data');
      expect(problem.findings.map((f) => [f.field, f.kind])).toContainEqual([field, kind]);
      expect(problem.errors.map((e) => e.field)).toContain(field);
      return problem;
    }

    async function overrides(caseId: string) {
      const audit = await admin.request({
        method: 'GET',
        url: `/api/audit?entityType=case&entityId=${caseId}`,
      });
      return audit
        .json<{ items: { action: string; after: Record<string, unknown> }[] }>()
        .items.filter((e) => e.action.endsWith('.leak_guard_overridden'));
    }

    async function openReturn(caseId: string): Promise<string> {
      const requested = await customer.request({
        method: 'POST',
        url: `/api/cases/${caseId}/returns`,
        payload: { items: [{ product: 'Laserdrucker LX-200', quantity: 1, reason: 'defekt' }] },
      });
      expect(requested.statusCode, requested.body).toBe(201);
      return requested.json<{ id: string }>().id;
    }

    const step = (by: Session, id: string, action: string, payload?: object) =>
      by.request({ method: 'POST', url: `/api/returns/${id}/${action}`, ...(payload ? { payload } : {}) });

    it('refuses a rejection reason quoting the internal note; the rewritten reason goes; only an admin overrides', async () => {
      const caseId = await caseWithNote();
      const returnId = await openReturn(caseId);
      const refused = await step(agent, returnId, 'reject', {
        reason: `Abgelehnt: ${QUOTE}.`,
      });
      const problem = expectRefused(refused, 'reason', 'internal_note');
      expect(problem.findings[0]?.text).toBe(QUOTE);
      const unchanged = await customer.request({ method: 'GET', url: `/api/returns/${returnId}` });
      expect(unchanged.json<{ state: string }>().state).toBe('requested');

      // Neither a partner nor a customer may reject, let alone override; an agent may not override.
      for (const who of [partner, customer])
        expect(
          (await step(who, returnId, 'reject', { reason: 'x x', override: { reason: 'egal' } })).statusCode,
        ).toBe(403);
      const byAgent = await step(agent, returnId, 'reject', {
        reason: `Abgelehnt: ${QUOTE}.`,
        override: { reason: 'Kunde soll es wissen' },
      });
      expect(byAgent.statusCode, byAgent.body).toBe(403);

      const rewritten = await step(agent, returnId, 'reject', {
        reason: 'Das Gerät ist außerhalb der Rückgabefrist.',
      });
      expect(rewritten.statusCode, rewritten.body).toBe(200);
      expect(rewritten.json<{ rejectReason: string }>().rejectReason).toBe(
        'Das Gerät ist außerhalb der Rückgabefrist.',
      );

      const second = await openReturn(caseId);
      const byAdmin = await step(admin, second, 'reject', {
        reason: `Abgelehnt: ${QUOTE}.`,
        override: { reason: 'Mit der Geschäftsleitung abgestimmt' },
      });
      expect(byAdmin.statusCode, byAdmin.body).toBe(200);
      expect(await overrides(caseId)).toEqual([
        expect.objectContaining({
          action: 'return.leak_guard_overridden',
          after: {
            returnId: second,
            reason: 'Mit der Geschäftsleitung abgestimmt',
            findings: [expect.objectContaining({ field: 'reason', kind: 'internal_note', text: QUOTE })],
          },
        }),
      ]);
    });

    it("refuses an inspection outcome reason naming the customer's block", async () => {
      const caseId = await caseWithNote();
      const returnId = await openReturn(caseId);
      expect((await step(agent, returnId, 'authorise')).statusCode).toBe(200);
      expect((await step(agent, returnId, 'receive')).statusCode).toBe(200);
      const block = await clerk.request({
        method: 'POST',
        url: `/api/accounts/${channel.customerA1.id}/block`,
        payload: { reason: 'Zahlungsverzug' },
      });
      expect(block.statusCode, block.body).toBe(200);
      const inspect = (reason: string) =>
        step(agent, returnId, 'inspect', { items: [{ condition: 'damaged' }], outcome: 'repair', reason });
      const refused = await inspect('Reparatur erst, wenn Ihr Konto nicht mehr gesperrt ist.');
      expect(expectRefused(refused, 'reason', 'billing_state').findings).toEqual([
        { field: 'reason', kind: 'billing_state', text: 'gesperrt', source: 'billing' },
      ]);
      const rewritten = await inspect('Wir reparieren das Gerät und senden es Ihnen zurück.');
      expect(rewritten.statusCode, rewritten.body).toBe(200);
      const lifted = await clerk.request({
        method: 'POST',
        url: `/api/accounts/${channel.customerA1.id}/unblock`,
        payload: { reason: 'Zahlung eingegangen' },
      });
      expect([200, 204]).toContain(lifted.statusCode);
    });

    it("refuses a decision's conditions naming another customer; the admin overrides, audited", async () => {
      const caseId = await caseWithNote();
      const decide = (by: Session, payload: object) =>
        by.request({ method: 'POST', url: `/api/cases/${caseId}/decisions`, payload });
      const body = {
        outcome: 'conditional',
        policy: 'Kulanz bei Transportschaden',
        conditions: 'Austausch wie bei Autohaus Brandl nach Rücksendung des Altgeräts.',
      };
      const refused = await decide(agent, body);
      expect(expectRefused(refused, 'conditions', 'other_customer').findings).toEqual([
        {
          field: 'conditions',
          kind: 'other_customer',
          text: 'Autohaus Brandl',
          source: channel.customerB1.number,
        },
      ]);
      expect((await decide(agent, { ...body, override: { reason: 'ok' } })).statusCode).toBe(403);
      expect((await decide(partner, { ...body, override: { reason: 'ok' } })).statusCode).toBe(403);
      const rewritten = await decide(agent, {
        ...body,
        conditions: 'Austausch nach Rücksendung des Altgeräts.',
      });
      expect(rewritten.statusCode, rewritten.body).toBe(201);
      const byAdmin = await decide(admin, { ...body, override: { reason: 'Kunde kennt das Autohaus' } });
      expect(byAdmin.statusCode, byAdmin.body).toBe(201);
      expect((await overrides(caseId)).map((e) => [e.action, e.after.decisionId, e.after.reason])).toEqual([
        ['decision.leak_guard_overridden', byAdmin.json<{ id: string }>().id, 'Kunde kennt das Autohaus'],
      ]);
    });

    it("refuses a commitment quoting the note, and a partner's naming another customer; neither partner nor customer overrides", async () => {
      const caseId = await caseWithNote();
      const promise = (by: Session, description: string, override?: object) =>
        by.request({
          method: 'POST',
          url: `/api/cases/${caseId}/commitments`,
          payload: {
            description,
            dueAt: '2026-11-30T12:00:00+01:00',
            ...(override ? { override } : {}),
          },
        });
      expectRefused(await promise(agent, `Rückruf bis Montag, der ${QUOTE}`), 'description', 'internal_note');
      const byPartner = await promise(partner, 'Austausch bis Montag wie bei Autohaus Brandl');
      // The partner is told what it wrote, not where it comes from.
      expect(expectRefused(byPartner, 'description', 'other_customer').findings).toEqual([
        { field: 'description', kind: 'other_customer', text: 'Autohaus Brandl' },
      ]);
      expect((await promise(partner, 'Austausch wie bei Autohaus Brandl', { reason: 'x' })).statusCode).toBe(
        403,
      );
      expect((await promise(customer, 'Austausch wie bei Autohaus Brandl', { reason: 'x' })).statusCode).toBe(
        403,
      );
      expect((await promise(agent, 'Rückruf bis Montag 12:00')).statusCode).toBe(201);
      const byAdmin = await promise(admin, `Rückruf, der ${QUOTE}`, { reason: 'Kunde weiß es' });
      expect(byAdmin.statusCode, byAdmin.body).toBe(201);
      expect((await overrides(caseId)).map((e) => [e.action, e.after.commitmentId])).toEqual([
        ['commitment.leak_guard_overridden', byAdmin.json<{ id: string }>().id],
      ]);
    });

    it('refuses an appointment note quoting the note; the rewritten note goes; the admin overrides, audited', async () => {
      const caseId = await caseWithNote();
      const appoint = (by: Session, note: string, override?: object) =>
        by.request({
          method: 'POST',
          url: `/api/cases/${caseId}/appointments`,
          payload: {
            date: '2026-11-26',
            from: '08:00',
            to: '12:00',
            note,
            ...(override ? { override } : {}),
          },
        });
      expectRefused(await appoint(agent, `Techniker kommt, ${QUOTE}`), 'note', 'internal_note');
      expect((await appoint(agent, `${QUOTE}`, { reason: 'x' })).statusCode).toBe(403);
      expect((await appoint(partner, `${QUOTE}`, { reason: 'x' })).statusCode).toBe(403);
      expect((await appoint(customer, `${QUOTE}`, { reason: 'x' })).statusCode).toBe(403);
      const rewritten = await appoint(agent, 'Techniker braucht Zugang zum Keller.');
      expect(rewritten.statusCode, rewritten.body).toBe(201);
      const byAdmin = await appoint(admin, `${QUOTE}`, { reason: 'Techniker soll es wissen' });
      expect(byAdmin.statusCode, byAdmin.body).toBe(201);
      const list = await customer.request({ method: 'GET', url: `/api/cases/${caseId}/appointments` });
      expect(list.json<{ note: string }[]>().map((a) => a.note)).toEqual([
        'Techniker braucht Zugang zum Keller.',
        `${QUOTE}`,
      ]);
      expect((await overrides(caseId)).map((e) => [e.action, e.after.appointmentId])).toEqual([
        ['appointment.leak_guard_overridden', byAdmin.json<{ id: string }>().id],
      ]);
    });

    it('sees a customer renamed a moment ago (the name index follows changes)', async () => {
      const caseId = await caseWithNote();
      const commit = (description: string) =>
        agent.request({
          method: 'POST',
          url: `/api/cases/${caseId}/commitments`,
          payload: { description, dueAt: '2026-11-30T12:00:00+01:00' },
        });
      expect((await commit('Rückruf wie bei Zahnarztpraxis Oltmanns')).statusCode).toBe(201);
      const renamed = await admin.request({
        method: 'PATCH',
        url: `/api/organisations/${channel.directCustomer.id}`,
        payload: { name: 'Zahnarztpraxis Oltmanns' },
      });
      expect(renamed.statusCode, renamed.body).toBe(200);
      expectRefused(await commit('Rückruf wie bei Zahnarztpraxis Oltmanns'), 'description', 'other_customer');
    });
  });
}
