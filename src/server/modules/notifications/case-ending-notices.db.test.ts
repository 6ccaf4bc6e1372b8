// Notices at the end of a promise or a target: a commitment dropped when the case is resolved
// reaches the waiting customer; an SLA breach reaches the lead of the case's group, nobody else's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordCall, startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { buildUser, type Channel, createStandardSlaPolicy, TEST_PASSWORD } from '../../../../test/factories';
import { createTestMailbox, sendOutbox } from '../../../../test/mail';
import { type ReceivedMail, type SmtpSink, startSmtpSink } from '../../../../test/smtp-sink';
import { logIn, type Session, type TestServer } from '../../../../test/test-server';
import { handleClockTimer } from '../cases/escalation';
import { handleNotificationTimer } from './worker';

for (const dialect of DIALECTS) {
  describe(`notices when a promise or a target ends [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let sink: SmtpSink<ReceivedMail>;
    let admin: Session;
    let agent: Session;
    let customer: Session;
    let partner: Session;

    const runTimers = async (kind: 'notification' | 'case_clock') => {
      const timers = await server.deps.db
        .selectFrom('timer')
        .selectAll()
        .where('kind', '=', kind)
        .where('due_at', '<=', server.clock.now().toISOString())
        .execute();
      for (const timer of timers)
        await (kind === 'notification'
          ? handleNotificationTimer(server.deps, timer)
          : handleClockTimer(server.deps, timer));
    };
    let seen = 0;
    const delivered = async (): Promise<ReceivedMail[]> => {
      await runTimers('notification');
      await sendOutbox(server, sink.url);
      const fresh = sink.received.slice(seen);
      seen = sink.received.length;
      return fresh;
    };
    const to = (mails: ReceivedMail[], email: string) => mails.filter((m) => m.to.includes(email));
    type Bell = { items: { kind: string; caseNumber: string; data: Record<string, unknown> }[] };
    const bell = async (session: Session) => {
      const response = await session.request({ method: 'GET', url: '/api/notifications' });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<Bell>();
    };
    const agentCase = (subject: string, extra: Record<string, unknown> = {}) =>
      recordCall(agent, channel, subject, extra);

    beforeAll(async () => {
      ({ server, channel, admin, agent, customer, partner } = await startChannelServer(dialect, {
        admin: 'operator_admin',
        agent: 'agent',
        customer: 'customer_user',
        partner: 'partner_admin',
      }));
      sink = await startSmtpSink();
      await createTestMailbox(server.deps, 'service@printwerk.example');
      await createStandardSlaPolicy(admin);
      await delivered();
    });
    afterAll(async () => {
      await sink?.close();
      await server?.close();
    });

    it('mails the waiting customer a commitment dropped at resolution, with the reason and the case link', async () => {
      const kase = await agentCase('Rückruf zum Austausch');
      const made = await agent.request({
        method: 'POST',
        url: `/api/cases/${kase.id}/commitments`,
        payload: { description: 'Rückruf mit Termin', dueAt: '2026-12-30T12:00:00+01:00' },
      });
      expect(made.statusCode, made.body).toBe(201);
      const kept = await agent.request({
        method: 'POST',
        url: `/api/cases/${kase.id}/commitments`,
        payload: { description: 'Ersatzgerät schicken', dueAt: '2026-12-30T12:00:00+01:00' },
      });
      expect(kept.statusCode, kept.body).toBe(201);
      await delivered();
      const resolved = await agent.request({
        method: 'PATCH',
        url: `/api/cases/${kase.id}`,
        payload: {
          status: 'resolved',
          commitments: [
            { id: made.json().id, outcome: 'dropped', reason: 'Der Austausch ist schon erfolgt.' },
            { id: kept.json().id, outcome: 'kept' },
          ],
        },
      });
      expect(resolved.statusCode, resolved.body).toBe(200);
      const mails = to(await delivered(), channel.users.customer_user.email);
      const dropped = mails.find((m) => m.subject.includes('Zusage entfällt'));
      expect(dropped?.subject).toBe(`[${kase.number}] Zusage entfällt: Rückruf mit Termin`);
      expect(dropped!.text).toContain('Grund: Der Austausch ist schon erfolgt.');
      expect(dropped!.text).toContain(`/cases/${kase.number}`);
      // The kept one gets its own mail; the dropped one is not reported as kept.
      expect(mails.map((m) => m.subject)).toContain(`[${kase.number}] Zusage erfüllt: Ersatzgerät schicken`);
      expect(mails.filter((m) => m.subject.includes('Rückruf mit Termin'))).toHaveLength(1);
      const notice = (await bell(customer)).items.find(
        (item) => item.kind === 'commitment_dropped' && item.caseNumber === kase.number,
      );
      expect(notice?.data).toMatchObject({
        description: 'Rückruf mit Termin',
        reason: 'Der Austausch ist schon erfolgt.',
      });
    });

    it('mails a dropped commitment in the customer’s language', async () => {
      const english = await buildUser(server.deps, channel.customerA1, ['customer_user'], {
        locale: 'en',
        name: 'Erin Customer',
      });
      const kase = await agentCase('Toner order', { contactId: english.id });
      const made = await agent.request({
        method: 'POST',
        url: `/api/cases/${kase.id}/commitments`,
        payload: { description: 'Call back', dueAt: '2026-12-30T12:00:00+01:00' },
      });
      expect(made.statusCode, made.body).toBe(201);
      await delivered();
      const resolved = await agent.request({
        method: 'PATCH',
        url: `/api/cases/${kase.id}`,
        payload: {
          status: 'resolved',
          commitments: [{ id: made.json().id, outcome: 'dropped', reason: 'You cancelled the order.' }],
        },
      });
      expect(resolved.statusCode, resolved.body).toBe(200);
      const [mail] = to(await delivered(), english.email).filter((m) => m.subject.includes('dropped'));
      expect(mail?.subject).toBe(`[${kase.number}] Commitment dropped: Call back`);
      expect(mail!.text).toContain('Reason: You cancelled the order.');
    });

    it('tells the lead of the case’s group of an SLA breach, not another group’s lead nor a partner', async () => {
      const lead = await buildUser(server.deps, channel.operator, ['agent'], { name: 'Lena Lead' });
      const otherLead = await buildUser(server.deps, channel.operator, ['agent'], { name: 'Otto Lead' });
      const group = async (name: string, leadPersonId: string) => {
        const response = await admin.request({
          method: 'POST',
          url: '/api/groups',
          payload: { name, leadPersonId },
        });
        expect(response.statusCode, response.body).toBe(201);
        return response.json<{ id: string }>().id;
      };
      const groupId = await group('Reklamationen Nord', lead.id);
      await group('Reklamationen Süd', otherLead.id);
      const kase = await agentCase('Drucker fällt aus', { groupId });
      await delivered();
      // Past the first-response target of the standard policy (60 business minutes).
      server.clock.advanceMinutes(24 * 60);
      await runTimers('case_clock');
      const mails = await delivered();
      const leadSession = await logIn(server.app, lead.email, TEST_PASSWORD);
      const otherSession = await logIn(server.app, otherLead.email, TEST_PASSWORD);
      const breachOf = (b: Bell) =>
        b.items.filter((item) => item.kind === 'sla_breached' && item.caseNumber === kase.number);
      expect(breachOf(await bell(leadSession)).length).toBeGreaterThan(0);
      expect(breachOf(await bell(leadSession)).map((item) => item.data.description)).toContain(
        'first_response',
      );
      expect(breachOf(await bell(otherSession))).toEqual([]);
      expect(breachOf(await bell(partner))).toEqual([]);
      // The mail comes from the SLA escalation, once to the lead and never to the other lead.
      expect(to(mails, lead.email).some((m) => m.subject.startsWith('SLA verletzt'))).toBe(true);
      expect(to(mails, otherLead.email)).toEqual([]);
      expect(to(mails, channel.users.partner_admin.email).some((m) => m.subject.includes('SLA'))).toBe(false);
    });
  });
}
