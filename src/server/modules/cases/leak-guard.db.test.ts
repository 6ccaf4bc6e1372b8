import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import type { Channel } from '../../../../test/factories';
import { createTestMailbox, outboxMails } from '../../../../test/mail';
import type { Session, TestServer } from '../../../../test/test-server';

const NOTE = 'Kunde zahlt seit Monaten schleppend, Kulanz nur nach Rücksprache mit der Geschäftsleitung.';

type Finding = { kind: string; text: string; source?: string };

for (const dialect of DIALECTS) {
  describe(`leak guard on public replies [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let admin: Session;
    let agent: Session;
    let clerk: Session;
    let partner: Session;

    beforeAll(async () => {
      ({ server, channel, admin, agent, clerk, partner } = await startChannelServer(dialect, {
        admin: 'operator_admin',
        agent: 'agent',
        clerk: 'billing_clerk',
        partner: 'partner_agent',
      }));
      await createTestMailbox(server.deps, 'service@printwerk.example');
    });
    afterAll(async () => server?.close());

    async function openCase(customerId: string, contactId?: string): Promise<string> {
      const response = await agent.request({
        method: 'POST',
        url: '/api/cases',
        payload: {
          type: 'request',
          subject: 'Frage zur Rechnung',
          customerId,
          ...(contactId ? { contactId } : {}),
          description: 'Anruf des Kunden.',
        },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ id: string }>().id;
    }

    const write = (by: Session, caseId: string, payload: Record<string, unknown>) =>
      by.request({ method: 'POST', url: `/api/cases/${caseId}/messages`, payload });

    async function bodies(caseId: string): Promise<string[]> {
      const response = await agent.request({ method: 'GET', url: `/api/cases/${caseId}/timeline` });
      return response
        .json<{ items: { kind: string; body?: string }[] }>()
        .items.filter((i) => i.kind === 'message')
        .map((i) => i.body ?? '')
        .filter((body) => body !== 'Anruf des Kunden.');
    }

    it('refuses a public reply quoting the internal note, names it, stores and mails nothing', async () => {
      const contact = channel.users.customer_user;
      const caseId = await openCase(channel.customerA1.id, contact.id);
      // The internal note itself is not checked, whatever it holds.
      const note = await write(agent, caseId, {
        body: `${NOTE} Wie bei Autohaus Brandl.`,
        visibility: 'internal',
      });
      expect(note.statusCode, note.body).toBe(201);
      const noteId = note.json<{ id: string }>().id;
      const mailsBefore = (await outboxMails(server.deps)).filter((m) => m.to === contact.email).length;

      const refused = await write(agent, caseId, {
        body: `Guten Tag,\nkulanz nur nach Rücksprache mit der  Geschäftsleitung – wir melden uns.`,
        visibility: 'public',
      });
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      const problem = refused.json<{ type: string; code: string; findings: Finding[] }>();
      expect(problem.type).toMatch(/\/internal-data$/);
      expect(problem.code).toBe('internal_data');
      expect(problem.findings).toEqual([
        {
          field: 'body',
          kind: 'internal_note',
          text: 'kulanz nur nach Rücksprache mit der Geschäftsleitung',
          source: noteId,
        },
      ]);
      expect(await bodies(caseId)).toEqual([`${NOTE} Wie bei Autohaus Brandl.`]);
      const mailsAfter = (await outboxMails(server.deps)).filter((m) => m.to === contact.email).length;
      expect(mailsAfter).toBe(mailsBefore);

      // Rewritten in the agent's own words, it goes, and is mailed; the own customer's name is fine.
      const rewritten = await write(agent, caseId, {
        body: 'Guten Tag, Bäckerei Sommer GmbH: wir klären das und melden uns bis Freitag.',
        visibility: 'public',
      });
      expect(rewritten.statusCode, rewritten.body).toBe(201);
      expect((await outboxMails(server.deps)).filter((m) => m.to === contact.email).length).toBe(
        mailsBefore + 1,
      );
    });

    it("refuses a reply that tells a blocked customer it is blocked, and another customer's name", async () => {
      const block = await clerk.request({
        method: 'POST',
        url: `/api/accounts/${channel.customerA2.id}/block`,
        payload: { reason: 'Zahlungsverzug' },
      });
      expect(block.statusCode, block.body).toBe(200);
      const caseId = await openCase(channel.customerA2.id);
      const refused = await write(agent, caseId, {
        body: 'Ihr Konto ist gesperrt. Bei der Bäckerei Sommer lief es genauso.',
        visibility: 'public',
      });
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json<{ findings: Finding[] }>().findings).toEqual([
        { field: 'body', kind: 'billing_state', text: 'gesperrt', source: 'billing' },
        { field: 'body', kind: 'other_customer', text: 'Bäckerei Sommer', source: channel.customerA1.number },
      ]);
      expect(await bodies(caseId)).toEqual([]);
    });

    it('lets only an operator admin override, with a reason, and audits it', async () => {
      const caseId = await openCase(channel.customerA2.id);
      const text = 'Ihr Zugang ist gesperrt, bis der Betrag eingeht.';
      const byAgent = await write(agent, caseId, {
        body: text,
        visibility: 'public',
        override: { reason: 'Kunde hat ausdrücklich gefragt' },
      });
      expect(byAgent.statusCode, byAgent.body).toBe(403);
      expect(await bodies(caseId)).toEqual([]);

      const noReason = await write(admin, caseId, {
        body: text,
        visibility: 'public',
        override: { reason: ' ' },
      });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('override.reason');

      const byAdmin = await write(admin, caseId, {
        body: text,
        visibility: 'public',
        override: { reason: 'Kunde hat ausdrücklich gefragt' },
      });
      expect(byAdmin.statusCode, byAdmin.body).toBe(201);
      const messageId = byAdmin.json<{ id: string }>().id;
      expect(await bodies(caseId)).toEqual([text]);

      const audit = await admin.request({
        method: 'GET',
        url: `/api/audit?entityType=case&entityId=${caseId}`,
      });
      const entry = audit
        .json<{ items: { action: string; after: unknown }[] }>()
        .items.find((e) => e.action === 'case_message.leak_guard_overridden');
      expect(entry?.after).toEqual({
        messageId,
        reason: 'Kunde hat ausdrücklich gefragt',
        findings: [{ field: 'body', kind: 'billing_state', text: 'gesperrt', source: 'billing' }],
      });
    });

    it("checks a partner's public reply for other customers without naming sources or billing", async () => {
      const caseId = await openCase(channel.customerA2.id);
      const refused = await write(partner, caseId, {
        body: 'Wie bei Autohaus Brandl tauschen wir das Gerät.',
        visibility: 'public',
      });
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json<{ findings: Finding[] }>().findings).toEqual([
        { field: 'body', kind: 'other_customer', text: 'Autohaus Brandl' },
      ]);
      // The customer is blocked (above), but a partner sees no billing: the guard does not tell it.
      const blocked = await write(partner, caseId, {
        body: 'Der Anschluss ist gesperrt.',
        visibility: 'public',
      });
      expect(blocked.statusCode, blocked.body).toBe(201);
      // A note to the operator is not for the customer: not checked.
      const note = await write(partner, caseId, {
        body: 'Autohaus Brandl hatte das auch.',
        visibility: 'partner',
      });
      expect(note.statusCode, note.body).toBe(201);
    });
  });
}
