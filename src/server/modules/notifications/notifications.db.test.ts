import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordCall, startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { buildUser, type Channel } from '../../../../test/factories';
import { createTestMailbox, sendOutbox } from '../../../../test/mail';
import { runNotificationTimers } from '../../../../test/notifications';
import { type ReceivedMail, type SmtpSink, startSmtpSink } from '../../../../test/smtp-sink';
import type { Session, TestServer } from '../../../../test/test-server';
import { handleCommitmentTimer } from '../cases/escalation';
import type { PersonRow } from '../users/person.table';
import { handleNotificationTimer } from './worker';

for (const dialect of DIALECTS) {
  describe(`notifications [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let sink: SmtpSink<ReceivedMail>;
    let agent: Session;
    let customer: Session;
    let partner: Session;
    let partnerAgent: Session;
    let otherPartner: Session;
    let englishAgent: PersonRow;

    /** Runs the notification worker over every queued source, as the scheduler does. */
    const runNotices = () => runNotificationTimers(server);
    /** Sends the outbox over real SMTP and returns what arrived since the last call. */
    let seen = 0;
    const delivered = async (): Promise<ReceivedMail[]> => {
      await runNotices();
      await sendOutbox(server, sink.url);
      const fresh = sink.received.slice(seen);
      seen = sink.received.length;
      return fresh;
    };
    const to = (mails: ReceivedMail[], email: string) => mails.filter((m) => m.to.includes(email));
    const bell = async (session: Session) => {
      const response = await session.request({ method: 'GET', url: '/api/notifications' });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{
        items: {
          id: string;
          kind: string;
          caseNumber: string;
          data: Record<string, unknown>;
          read: boolean;
        }[];
        unread: number;
      }>();
    };
    const agentCase = (subject: string, extra: Record<string, unknown> = {}) =>
      recordCall(agent, channel, subject, extra);

    beforeAll(async () => {
      ({ server, channel, agent, customer, partner, partnerAgent, otherPartner } = await startChannelServer(
        dialect,
        {
          agent: 'agent',
          customer: 'customer_user',
          partner: 'partner_admin',
          partnerAgent: 'partner_agent',
          otherPartner: 'otherPartnerAdmin',
        },
      ));
      sink = await startSmtpSink();
      await createTestMailbox(server.deps, 'service@printwerk.example');
      englishAgent = await buildUser(server.deps, channel.operator, ['agent'], {
        locale: 'en',
        name: 'Emma Agent',
      });
      await delivered();
    });
    afterAll(async () => {
      await sink?.close();
      await server?.close();
    });

    it('requires a login for the bell and the preferences', async () => {
      for (const [method, url] of [
        ['GET', '/api/notifications'],
        ['POST', '/api/notifications/read'],
        ['GET', '/api/me/notification-preferences'],
        ['PUT', '/api/me/notification-preferences'],
      ] as const) {
        const response = await server.app.inject({ method, url, payload: method === 'GET' ? undefined : {} });
        expect(response.statusCode, `${method} ${url}`).toBe(401);
      }
    });

    it('confirms a portal case to the customer and tells its reseller, not another partner', async () => {
      const created = await customer.request({
        method: 'POST',
        url: '/api/cases',
        payload: {
          type: 'complaint',
          subject: 'Drucker zieht kein Papier ein',
          description: 'Seit heute früh.',
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const { number } = created.json<{ number: string }>();
      const mails = await delivered();

      const [receipt, ...moreReceipts] = to(mails, channel.users.customer_user.email);
      expect(moreReceipts).toEqual([]);
      expect(receipt!.subject).toBe(
        `[${number}] Ihr Anliegen ist eingegangen: Drucker zieht kein Papier ein`,
      );
      expect(receipt!.text).toContain(`Guten Tag ${channel.users.customer_user.name},`);
      expect(receipt!.text).toContain(`https://desk.example/cases/${number}`);
      // One signature: the mailbox's name once, at the end.
      expect(receipt!.text.match(/Printwerk Service/g)).toHaveLength(1);

      for (const person of [channel.users.partner_admin, channel.users.partner_agent]) {
        const [news] = to(mails, person.email);
        expect(news!.subject).toBe(
          `[${number}] Neuer Fall Ihres Kunden Bäckerei Sommer GmbH: Drucker zieht kein Papier ein`,
        );
      }
      expect(to(mails, channel.users.otherPartnerAdmin.email)).toEqual([]);
      expect((await bell(partner)).items[0]).toMatchObject({ kind: 'partner_new_case', caseNumber: number });
      expect((await bell(otherPartner)).items).toEqual([]);
      expect((await bell(customer)).items[0]).toMatchObject({ kind: 'case_received', caseNumber: number });
    });

    it('confirms a case the partner opened to the customer, without telling the partner who opened it', async () => {
      const created = await partner.request({
        method: 'POST',
        url: '/api/cases',
        payload: {
          type: 'fault',
          subject: 'Internet gestört',
          customerId: channel.customerA1.id,
          contactId: channel.users.customer_user.id,
          description: 'Kunde hat angerufen.',
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const { number } = created.json<{ number: string }>();
      const mails = await delivered();
      expect(to(mails, channel.users.customer_user.email).map((m) => m.subject)).toEqual([
        `[${number}] Ihr Anliegen ist eingegangen: Internet gestört`,
      ]);
      expect(to(mails, channel.users.partner_admin.email)).toEqual([]);
      expect(to(mails, channel.users.partner_agent.email)).toHaveLength(1);
    });

    it('tells the agent of an assignment and of the customer’s reply, in the agent’s language', async () => {
      const kase = await agentCase('Toner leer');
      await delivered();
      const assigned = await agent.request({
        method: 'PATCH',
        url: `/api/cases/${kase.id}`,
        payload: { assigneeId: englishAgent.id },
      });
      expect(assigned.statusCode, assigned.body).toBe(200);
      let mails = await delivered();
      expect(to(mails, englishAgent.email).map((m) => m.subject)).toEqual([
        `[${kase.number}] Assigned to you: Toner leer`,
      ]);
      expect(to(mails, englishAgent.email)[0]!.text).toContain('Hello Emma Agent,');

      const reply = await customer.request({
        method: 'POST',
        url: `/api/cases/${kase.id}/messages`,
        payload: { body: 'Der Toner ist immer noch leer.' },
      });
      expect(reply.statusCode, reply.body).toBe(201);
      mails = await delivered();
      const [news] = to(mails, englishAgent.email);
      expect(news!.subject).toBe(`[${kase.number}] New message from the customer: Toner leer`);
      expect(news!.text).toContain('Der Toner ist immer noch leer.');
    });

    it('mails the customer commitment made and kept, and the decision; the partner hears of public replies only', async () => {
      const kase = await agentCase('Festplatte erkennt Notebook nicht');
      await delivered();
      const commitment = await agent.request({
        method: 'POST',
        url: `/api/cases/${kase.id}/commitments`,
        payload: { description: 'Rückruf mit Ergebnis', dueAt: '2026-11-30T12:00:00+01:00' },
      });
      expect(commitment.statusCode, commitment.body).toBe(201);
      let mails = await delivered();
      const [made] = to(mails, channel.users.customer_user.email);
      expect(made!.subject).toBe(`[${kase.number}] Unsere Zusage: Rückruf mit Ergebnis`);
      expect(made!.text).toContain('30.11.2026, 12:00');

      const kept = await agent.request({
        method: 'PATCH',
        url: `/api/cases/${kase.id}/commitments/${commitment.json().id}`,
        payload: { status: 'kept' },
      });
      expect(kept.statusCode, kept.body).toBe(204);
      const decision = await agent.request({
        method: 'POST',
        url: `/api/cases/${kase.id}/decisions`,
        payload: {
          outcome: 'conditional',
          policy: 'Kulanz Austausch 2026',
          conditions: 'nach Zahlungseingang',
        },
      });
      expect(decision.statusCode, decision.body).toBe(201);
      const note = await agent.request({
        method: 'POST',
        url: `/api/cases/${kase.id}/messages`,
        payload: { body: 'Intern: Kunde zahlt schleppend.', visibility: 'internal' },
      });
      expect(note.statusCode, note.body).toBe(201);
      const publicReply = await agent.request({
        method: 'POST',
        url: `/api/cases/${kase.id}/messages`,
        payload: { body: 'Wir tauschen das Laufwerk aus.', visibility: 'public' },
      });
      expect(publicReply.statusCode, publicReply.body).toBe(201);
      mails = await delivered();
      expect(to(mails, channel.users.customer_user.email).map((m) => m.subject)).toEqual(
        expect.arrayContaining([
          `[${kase.number}] Zusage erfüllt: Rückruf mit Ergebnis`,
          `[${kase.number}] Entscheidung zu Ihrem Anliegen: Festplatte erkennt Notebook nicht`,
        ]),
      );
      const decided = to(mails, channel.users.customer_user.email).find((m) =>
        m.subject.includes('Entscheidung'),
      );
      expect(decided!.text).toContain('Bedingungen: nach Zahlungseingang');
      const partnerMails = to(mails, channel.users.partner_admin.email);
      expect(partnerMails.map((m) => m.subject)).toEqual([
        `[${kase.number}] Antwort an Ihren Kunden: Festplatte erkennt Notebook nicht`,
      ]);
      expect(partnerMails[0]!.text).toContain('Wir tauschen das Laufwerk aus.');
      // Neither the partner's mail nor its bell carries the internal note.
      expect(JSON.stringify(await bell(partner))).not.toContain('schleppend');
      expect(partnerMails[0]!.text).not.toContain('schleppend');
    });

    it('tells the customer of a missed commitment', async () => {
      const kase = await agentCase('Rückruf versprochen');
      await delivered();
      const due = new Date(server.clock.now().getTime() + 60 * 60_000).toISOString();
      const made = await agent.request({
        method: 'POST',
        url: `/api/cases/${kase.id}/commitments`,
        payload: { description: 'Rückruf heute', dueAt: due, ownerId: channel.users.agent.id },
      });
      expect(made.statusCode, made.body).toBe(201);
      await delivered();
      server.clock.advanceMinutes(61);
      const timer = await server.deps.db
        .selectFrom('timer')
        .selectAll()
        .where('kind', '=', 'commitment')
        .where('subject_id', '=', made.json().id)
        .executeTakeFirstOrThrow();
      await handleCommitmentTimer(server.deps, timer);
      const mails = await delivered();
      expect(to(mails, channel.users.customer_user.email).map((m) => m.subject)).toEqual([
        `[${kase.number}] Zusage nicht eingehalten: Rückruf heute`,
      ]);
    });

    it('never tells a partner of an invoice request', async () => {
      const created = await customer.request({
        method: 'POST',
        url: '/api/cases',
        payload: {
          type: 'invoice_request',
          subject: 'Rechnung für Rücklastschrift',
          description: 'Bitte Rechnung.',
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const mails = await delivered();
      expect(to(mails, channel.users.partner_admin.email)).toEqual([]);
      expect((await bell(partner)).items.map((item) => item.caseNumber)).not.toContain(created.json().number);
    });

    it('keeps optional mail off when the person turns it off, and still shows the notice', async () => {
      const off = await partnerAgent.request({
        method: 'PUT',
        url: '/api/me/notification-preferences',
        payload: { mail: { partner_new_case: false } },
      });
      expect(off.statusCode, off.body).toBe(200);
      expect(off.json().mail).toMatchObject({ partner_new_case: false, partner_public_reply: true });
      const unknown = await partnerAgent.request({
        method: 'PUT',
        url: '/api/me/notification-preferences',
        payload: { mail: { case_received: false } },
      });
      expect(unknown.statusCode).toBe(400);
      const kase = await agentCase('Scanner verbindet nicht');
      const mails = await delivered();
      expect(to(mails, channel.users.partner_agent.email)).toEqual([]);
      expect(to(mails, channel.users.partner_admin.email)).toHaveLength(1);
      expect((await bell(partnerAgent)).items[0]).toMatchObject({
        kind: 'partner_new_case',
        caseNumber: kase.number,
      });
    });

    it('writes one notice and one mail per source and person when two workers handle it at once', async () => {
      await agentCase('Zweimal verarbeitet');
      const timers = await server.deps.db
        .selectFrom('timer')
        .selectAll()
        .where('kind', '=', 'notification')
        .execute();
      expect(timers.length).toBeGreaterThan(0);
      // Both workers hold the same claimed timer (a lease ran out while the first was busy).
      await Promise.allSettled(
        timers.flatMap((timer) => [
          handleNotificationTimer(server.deps, timer),
          handleNotificationTimer(server.deps, timer),
        ]),
      );
      const mails = await delivered();
      expect(to(mails, channel.users.customer_user.email)).toHaveLength(1);
      expect(to(mails, channel.users.partner_admin.email)).toHaveLength(1);
      const rows = await server.deps.db
        .selectFrom('notification')
        .select(['person_id', 'source_key'])
        .where(
          'source_key',
          'in',
          timers.map((t) => t.subject_id),
        )
        .execute();
      expect(new Set(rows.map((r) => `${r.source_key} ${r.person_id}`)).size).toBe(rows.length);
    });

    it('marks the caller’s own notices read, never another person’s', async () => {
      const before = await bell(partner);
      expect(before.unread).toBeGreaterThan(0);
      const first = before.items[0]!;
      const foreign = await otherPartner.request({
        method: 'POST',
        url: '/api/notifications/read',
        payload: { ids: [first.id] },
      });
      expect(foreign.statusCode, foreign.body).toBe(200);
      expect(foreign.json()).toEqual({ marked: 0 });
      const one = await partner.request({
        method: 'POST',
        url: '/api/notifications/read',
        payload: { ids: [first.id] },
      });
      expect(one.json()).toEqual({ marked: 1 });
      expect((await bell(partner)).unread).toBe(before.unread - 1);
      const all = await partner.request({ method: 'POST', url: '/api/notifications/read', payload: {} });
      expect(all.json().marked).toBe(before.unread - 1);
      const after = await bell(partner);
      expect(after.unread).toBe(0);
      expect(after.items.every((item) => item.read)).toBe(true);
    });
  });
}
