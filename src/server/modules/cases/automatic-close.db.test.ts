// The paths that end a case without a person (the auto-close of resolved cases, an invoice request
// the worker fulfils, a merge) never end an open commitment silently: they hold back and tell the
// commitment's owner, or (a merge) move the commitment to the case that stays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordCall, startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { buildUser, type Channel, TEST_PASSWORD } from '../../../../test/factories';
import { createTestMailbox, outboxMails } from '../../../../test/mail';
import { runNotificationTimers } from '../../../../test/notifications';
import { logIn, type Session, type TestServer } from '../../../../test/test-server';
import { seedDemoBilling } from '../billing/demo-seed';
import { handleInvoiceRequestTimer } from '../billing/invoice-requests/fulfil';
import type { PersonRow } from '../users/person.table';
import { closeResolvedCases } from './escalation';

type TimelineItem = { kind: string; type?: string; data?: Record<string, unknown> };

for (const dialect of DIALECTS) {
  describe(`automatic ends of a case and open commitments [${dialect}]`, { timeout: 60_000 }, () => {
    let server: TestServer;
    let channel: Channel;
    let agent: Session;
    let clerk: Session;
    let customer: Session;
    let owner: PersonRow;
    let ownerSession: Session;

    const runNotices = () => runNotificationTimers(server);
    const detail = async (id: string) => {
      const response = await agent.request({ method: 'GET', url: `/api/cases/${id}` });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{
        status: string;
        number: string;
        commitments: { id: string; status: string }[];
      }>();
    };
    const timeline = async (session: Session, id: string) => {
      const response = await session.request({ method: 'GET', url: `/api/cases/${id}/timeline` });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{ items: TimelineItem[] }>().items;
    };
    const held = (items: TimelineItem[]) => items.filter((e) => e.type === 'held_for_commitments');
    const ownerNotices = async (caseNumber: string) =>
      (await ownerSession.request({ method: 'GET', url: '/api/notifications' }))
        .json<{ items: { kind: string; caseNumber: string; data: Record<string, unknown> }[] }>()
        .items.filter((n) => n.kind === 'held_for_commitments' && n.caseNumber === caseNumber);
    const agentCase = (subject: string) => recordCall(agent, channel, subject);
    const commit = async (caseId: string, description: string) => {
      const due = new Date(server.clock.now().getTime() + 30 * 86_400_000).toISOString();
      const response = await agent.request({
        method: 'POST',
        url: `/api/cases/${caseId}/commitments`,
        payload: { description, dueAt: due, ownerId: owner.id },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ id: string }>().id;
    };

    beforeAll(async () => {
      ({ server, channel, agent, clerk, customer } = await startChannelServer(dialect, {
        agent: 'agent',
        clerk: 'billing_clerk',
        customer: 'customer_user',
      }));
      await seedDemoBilling(server.deps);
      await createTestMailbox(server.deps, 'service@printwerk.example');
      owner = await buildUser(server.deps, channel.operator, ['agent'], { name: 'Olga Owner', locale: 'en' });
      ownerSession = await logIn(server.app, owner.email, TEST_PASSWORD);
    });
    afterAll(async () => {
      await server?.close();
    });

    it('does not auto-close a resolved case with a carried-over commitment; tells its owner once, closes once it is settled', async () => {
      const kase = await agentCase('Rückruf nach Lieferung');
      const commitment = await commit(kase.id, 'Rückruf nach Lieferung');
      const resolved = await agent.request({
        method: 'PATCH',
        url: `/api/cases/${kase.id}`,
        payload: { status: 'resolved', commitments: [{ id: commitment, outcome: 'carried_over' }] },
      });
      expect(resolved.statusCode, resolved.body).toBe(200);
      const plain = await agentCase('Ohne Zusage');
      await agent.request({
        method: 'PATCH',
        url: `/api/cases/${plain.id}`,
        payload: { status: 'resolved' },
      });

      server.clock.advanceMinutes(8 * 24 * 60);
      await closeResolvedCases(server.deps);
      expect((await detail(plain.id)).status).toBe('closed');
      const after = await detail(kase.id);
      expect(after.status).toBe('resolved');
      expect(after.commitments.find((c) => c.id === commitment)?.status).toBe('open');
      // The note is the operator's: the customer's timeline does not show it.
      const notes = held(await timeline(agent, kase.id));
      expect(notes).toHaveLength(1);
      expect(notes[0]!.data).toMatchObject({ to: 'closed', reason: 'auto_close' });
      expect(held(await timeline(customer, kase.id))).toEqual([]);
      await runNotices();
      expect(await ownerNotices(kase.number)).toHaveLength(1);
      const mails = (await outboxMails(server.deps)).filter(
        (m) => m.to === owner.email && m.subject.includes(kase.number),
      );
      expect(mails.map((m) => m.subject)).toEqual([
        `[${kase.number}] Not closed automatically: open commitments`,
      ]);
      expect(mails[0]!.text).toContain('"Rückruf nach Lieferung"');

      // The sweep runs every minute: the owner is told once, not at every run.
      server.clock.advanceMinutes(60);
      await closeResolvedCases(server.deps);
      await runNotices();
      expect(held(await timeline(agent, kase.id))).toHaveLength(1);
      expect(await ownerNotices(kase.number)).toHaveLength(1);

      // Once the owner keeps it, the next sweep closes the case.
      const kept = await ownerSession.request({
        method: 'PATCH',
        url: `/api/cases/${kase.id}/commitments/${commitment}`,
        payload: { status: 'kept' },
      });
      expect(kept.statusCode, kept.body).toBe(204);
      await closeResolvedCases(server.deps);
      expect((await detail(kase.id)).status).toBe('closed');
    });

    it('fulfils an invoice request but leaves the case unresolved while a commitment on it is open', async () => {
      const charge = await clerk.request({
        method: 'POST',
        url: `/api/accounts/${channel.customerA1.id}/charges`,
        payload: {
          type: 'fee_return_debit',
          amountCents: 300,
          description: 'Rücklastschriftgebühr',
          serviceDate: '2026-11-20',
        },
      });
      expect(charge.statusCode, charge.body).toBe(201);
      const created = await customer.request({
        method: 'POST',
        url: '/api/cases',
        payload: {
          type: 'invoice_request',
          subject: 'Rechnung für die Gebühr',
          description: 'Bitte senden Sie mir eine Rechnung für die Gebühr.',
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const kase = created.json<{ id: string; number: string }>();
      await commit(kase.id, 'Gutschrift prüfen');
      const timer = await server.deps.db
        .selectFrom('timer')
        .selectAll()
        .where('kind', '=', 'invoice_request')
        .where('subject_id', '=', kase.id)
        .executeTakeFirstOrThrow();
      await handleInvoiceRequestTimer(server.deps, timer);
      const items = await timeline(agent, kase.id);
      expect(items.map((e) => e.type)).toContain('invoice_request_fulfilled');
      expect((await detail(kase.id)).status).not.toBe('resolved');
      expect(held(items)[0]?.data).toMatchObject({ to: 'resolved', reason: 'invoice_request_fulfilled' });
      await runNotices();
      expect(await ownerNotices(kase.number)).toHaveLength(1);
    });

    it('moves an open commitment of a merged duplicate to the case that stays, still owed and watched', async () => {
      const duplicate = await agentCase('Doppelt gemeldet');
      const stays = await agentCase('Erstmeldung');
      const commitment = await commit(duplicate.id, 'Techniker schicken');
      const merged = await agent.request({
        method: 'POST',
        url: `/api/cases/${duplicate.id}/merge`,
        payload: { into: stays.id },
      });
      expect(merged.statusCode, merged.body).toBeLessThan(300);
      expect((await detail(stays.id)).commitments.find((c) => c.id === commitment)?.status).toBe('open');
      const due = await server.deps.db
        .selectFrom('timer')
        .select('id')
        .where('kind', '=', 'commitment')
        .where('subject_id', '=', commitment)
        .executeTakeFirst();
      expect(due).toBeDefined();
    });
  });
}
