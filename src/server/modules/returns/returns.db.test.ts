import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { buildUser, type Channel, TEST_PASSWORD } from '../../../../test/factories';
import { logIn, type Session, type TestServer } from '../../../../test/test-server';

type ReturnView = {
  id: string;
  number: string;
  state: string;
  dueAt: string | null;
  outcome: string | null;
  outcomeReason: string | null;
  rejectReason: string | null;
  instructions: { address: string[]; packing: string } | null;
  items: { product: string; condition: string | null; notes?: string | null }[];
};

for (const dialect of DIALECTS) {
  describe(`returns with receiving inspection [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let agent: Session;
    let customer: Session;
    let otherCustomer: Session;
    let partner: Session;
    let otherPartner: Session;

    beforeAll(async () => {
      // Tuesday 2026-11-24 10:00 in Berlin, inside business hours.
      ({ server, channel, agent, customer, partner, otherPartner } = await startChannelServer(dialect, {
        agent: 'agent',
        customer: 'customer_user',
        partner: 'partner_agent',
        otherPartner: 'otherPartnerAdmin',
      }));
      const other = await buildUser(server.deps, channel.customerA2, ['customer_user']);
      otherCustomer = await logIn(server.app, other.email, TEST_PASSWORD);
    });
    afterAll(async () => {
      await server.close();
    });

    async function openCase(subject: string) {
      const response = await customer.request({
        method: 'POST',
        url: '/api/cases',
        payload: { type: 'complaint', subject, description: 'Der Drucker ist defekt angekommen.' },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as { id: string; number: string };
    }

    async function requestReturn(session: Session, caseId: string, items?: unknown[]) {
      return session.request({
        method: 'POST',
        url: `/api/cases/${caseId}/returns`,
        payload: {
          items: items ?? [
            {
              product: 'Laserdrucker LX-200',
              serial: 'LX200-4711',
              quantity: 1,
              reason: 'defekt angekommen',
            },
          ],
        },
      });
    }

    async function step(session: Session, id: string, action: string, payload?: unknown) {
      return session.request({
        method: 'POST',
        url: `/api/returns/${id}/${action}`,
        payload: payload as object,
      });
    }

    async function events(session: Session, caseId: string) {
      const response = await session.request({ method: 'GET', url: `/api/cases/${caseId}/timeline` });
      const items = response.json().items as {
        kind: string;
        type?: string;
        data?: Record<string, unknown>;
      }[];
      return items.filter((e) => e.kind === 'event');
    }

    it('walks a return from request to close with a timeline event and SLA target per state', async () => {
      const created = await openCase('Drucker beschädigt');
      const requested = await requestReturn(customer, created.id);
      expect(requested.statusCode, requested.body).toBe(201);
      const rma = requested.json() as ReturnView;
      expect(rma.number).toMatch(/^RMA-2026-\d{6}$/);
      expect(rma.state).toBe('requested');
      // Authorise within one business day: Tuesday 10:00 → Wednesday 10:00 Berlin.
      expect(rma.dueAt).toBe('2026-11-25T09:00:00.000Z');
      expect(rma.instructions).toBeNull();

      const authorised = await step(agent, rma.id, 'authorise');
      expect(authorised.statusCode, authorised.body).toBe(200);
      const afterAuthorise = authorised.json() as ReturnView;
      expect(afterAuthorise.state).toBe('authorised');
      expect(afterAuthorise.instructions?.packing).toContain(rma.number);

      const mails = await server.deps.db
        .selectFrom('outbox')
        .select('payload')
        .where('topic', '=', 'mail.send')
        .execute();
      const mail = mails
        .map((m) => JSON.parse(m.payload) as { to: string; subject: string; text: string })
        .find((m) => m.subject.includes(rma.number));
      expect(mail?.to).toBe(channel.users.customer_user.email);
      expect(mail?.text).toContain('Bitte senden Sie die Ware an');

      // The status page shows the state and the instructions, without login.
      const link = await customer.request({ method: 'POST', url: `/api/cases/${created.id}/status-links` });
      const token = (link.json() as { url: string }).url.split('/').at(-1)!;
      const onPage = await server.app.inject({
        method: 'GET',
        url: `/api/public/case-status/${token}/returns?lang=en`,
      });
      expect(onPage.statusCode, onPage.body).toBe(200);
      expect(onPage.json().items[0]).toMatchObject({ number: rma.number, state: 'authorised' });
      expect(onPage.json().items[0].instructions.packing).toContain('sturdy box');

      expect((await step(agent, rma.id, 'receive')).statusCode).toBe(200);
      const inspected = await step(agent, rma.id, 'inspect', {
        items: [{ condition: 'damaged', notes: 'Gehäuse gebrochen, Transportschaden' }],
        outcome: 'replacement',
        reason: 'Transportschaden bestätigt, Sie erhalten ein Austauschgerät.',
      });
      expect(inspected.statusCode, inspected.body).toBe(200);
      // Inspect within two business days of receipt (Thursday 10:00 Berlin), then close.
      const closed = await step(agent, rma.id, 'close');
      expect(closed.statusCode, closed.body).toBe(200);
      expect((closed.json() as ReturnView).state).toBe('closed');
      expect((closed.json() as ReturnView).dueAt).toBeNull();

      const seen = await events(customer, created.id);
      const returnEvents = seen.filter((e) => e.type?.startsWith('return_'));
      expect(returnEvents.map((e) => e.type)).toEqual([
        'return_requested',
        'return_authorised',
        'return_received',
        'return_inspected',
        'return_closed',
      ]);
      expect(returnEvents[2]?.data?.dueAt).toBe('2026-11-26T09:00:00.000Z');
      // The customer sees outcome and reason, never the inspection notes.
      expect(returnEvents[3]?.data).toMatchObject({ outcome: 'replacement', conditions: ['damaged'] });
      expect(JSON.stringify(seen)).not.toContain('Gehäuse gebrochen');
      const customerView = (
        await customer.request({ method: 'GET', url: `/api/returns/${rma.id}` })
      ).json() as ReturnView;
      expect(customerView.outcomeReason).toContain('Austauschgerät');
      expect(customerView.items[0]).not.toHaveProperty('notes');
      const agentView = (
        await agent.request({ method: 'GET', url: `/api/returns/${rma.id}` })
      ).json() as ReturnView;
      expect(agentView.items[0]?.notes).toContain('Gehäuse gebrochen');

      const audit = await server.deps.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', rma.id)
        .execute();
      expect(audit.map((a) => a.action).sort()).toEqual(
        [
          'return.authorised',
          'return.closed',
          'return.inspected',
          'return.received',
          'return.requested',
        ].sort(),
      );
    });

    it('refuses skipping a step', async () => {
      const created = await openCase('Toner fehlt');
      const rma = (await requestReturn(customer, created.id)).json() as ReturnView;
      const response = await step(agent, rma.id, 'receive');
      expect(response.statusCode).toBe(409);
      expect(response.json().code).toBe('return_state_conflict');
    });

    it('flags the customer for wrong contents, refuses a refund and shows the rejection reason', async () => {
      const created = await openCase('Rücksendung Zeitungspapier');
      const rma = (
        await requestReturn(customer, created.id, [
          { product: 'Laserdrucker LX-200', quantity: 1, reason: 'gefällt nicht' },
          { product: 'Tonerkartusche T-20', quantity: 2, reason: 'zu viel bestellt' },
        ])
      ).json() as ReturnView;
      await step(agent, rma.id, 'authorise');
      await step(agent, rma.id, 'receive');

      const missing = await step(agent, rma.id, 'inspect', {
        items: [{ condition: 'as_described' }],
        outcome: 'refund',
        reason: 'Erstattung',
      });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().errors[0].field).toBe('items');

      const refund = await step(agent, rma.id, 'inspect', {
        items: [
          { condition: 'wrong_contents', notes: 'Karton enthielt alte Zeitungen' },
          { condition: 'as_described' },
        ],
        outcome: 'refund',
        reason: 'Erstattung',
      });
      expect(refund.statusCode).toBe(409);
      expect(refund.json()).toMatchObject({ code: 'return_refund_refused', items: [1] });

      const inspected = await step(agent, rma.id, 'inspect', {
        items: [
          { condition: 'wrong_contents', notes: 'Karton enthielt alte Zeitungen' },
          { condition: 'as_described' },
        ],
        outcome: 'rejected',
        reason: 'Im Paket befand sich statt des Druckers Zeitungspapier.',
      });
      expect(inspected.statusCode, inspected.body).toBe(200);
      const rejected = await step(agent, rma.id, 'reject', {
        reason: 'Im Paket befand sich statt des Druckers Zeitungspapier. Eine Erstattung ist nicht möglich.',
      });
      expect(rejected.statusCode, rejected.body).toBe(200);

      const customerView = (
        await customer.request({ method: 'GET', url: `/api/returns/${rma.id}` })
      ).json() as ReturnView;
      expect(customerView.state).toBe('rejected');
      expect(customerView.rejectReason).toContain('Zeitungspapier');

      const orgForAgent = (
        await agent.request({ method: 'GET', url: `/api/organisations/${channel.customerA1.id}` })
      ).json();
      expect(orgForAgent.reviewFlag.reason).toContain(rma.number);
      const orgForCustomer = (
        await customer.request({ method: 'GET', url: `/api/organisations/${channel.customerA1.id}` })
      ).json();
      expect(orgForCustomer).not.toHaveProperty('reviewFlag');
      const orgForPartner = (
        await partner.request({ method: 'GET', url: `/api/organisations/${channel.customerA1.id}` })
      ).json();
      expect(orgForPartner).not.toHaveProperty('reviewFlag');

      // The flag is an internal event: the agent sees it, the customer does not.
      expect((await events(agent, created.id)).some((e) => e.type === 'account_flagged_for_review')).toBe(
        true,
      );
      expect((await events(customer, created.id)).some((e) => e.type === 'account_flagged_for_review')).toBe(
        false,
      );
    });

    it('shows a return to whoever sees its case and no one else', async () => {
      const created = await openCase('Rücksendung Scope');
      const byPartner = await requestReturn(partner, created.id);
      expect(byPartner.statusCode, byPartner.body).toBe(201);
      const rma = byPartner.json() as ReturnView;

      expect((await partner.request({ method: 'GET', url: `/api/returns/${rma.id}` })).statusCode).toBe(200);
      expect(
        (await customer.request({ method: 'GET', url: `/api/cases/${created.id}/returns` })).json().items,
      ).toHaveLength(1);
      for (const outsider of [otherCustomer, otherPartner]) {
        expect((await outsider.request({ method: 'GET', url: `/api/returns/${rma.id}` })).statusCode).toBe(
          404,
        );
        expect(
          (await outsider.request({ method: 'GET', url: `/api/cases/${created.id}/returns` })).statusCode,
        ).toBe(404);
        expect((await requestReturn(outsider, created.id)).statusCode).toBe(404);
      }
      expect((await step(customer, rma.id, 'authorise')).statusCode).toBe(403);
      expect((await step(partner, rma.id, 'authorise')).statusCode).toBe(403);
      expect((await customer.request({ method: 'GET', url: '/api/returns' })).statusCode).toBe(403);

      const desk = (await agent.request({ method: 'GET', url: '/api/returns?status=requested' })).json();
      expect(desk.items.map((r: ReturnView) => r.id)).toContain(rma.id);
      expect(desk.items.every((r: ReturnView) => r.state === 'requested')).toBe(true);
    });

    it('names the field of a bad request', async () => {
      const created = await openCase('Rücksendung ungültig');
      const response = await requestReturn(customer, created.id, [{ product: '', quantity: 0, reason: 'x' }]);
      expect(response.statusCode).toBe(400);
      const fields = (response.json().errors as { field: string }[]).map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['items.0.product', 'items.0.quantity']));
    });
  });
}
