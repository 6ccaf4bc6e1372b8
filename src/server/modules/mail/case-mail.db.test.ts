import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordCall, startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { buildUser, type Channel, TEST_PASSWORD } from '../../../../test/factories';
import {
  createTestMailbox,
  mail,
  type OutboxMail,
  outboxMails,
  receiveMail,
  sendOutbox,
} from '../../../../test/mail';
import { startParsingSmtpSink } from '../../../../test/smtp-sink';
import { logIn, type Session, type TestServer } from '../../../../test/test-server';
import { publicCaseStatus } from '../cases/status-link';
import { replyToken } from './reply-token';

const MAILBOX = 'service@printwerk.example';

type Payload = OutboxMail;

for (const dialect of DIALECTS) {
  describe(`mail to the customer on a public reply [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let agent: Session;

    const receive = (raw: Buffer) => receiveMail(server.deps, raw, [MAILBOX]);
    /** Mails in the outbox to this address that are not auto-replies, oldest first. */
    const mailsTo = async (address: string): Promise<Payload[]> =>
      (await outboxMails(server.deps)).filter(
        (p) => p.to === address && p.headers?.['Auto-Submitted'] === undefined,
      );
    const reply = async (caseId: string, payload: Record<string, unknown>) => {
      server.clock.advanceMinutes(1);
      const response = await agent.request({
        method: 'POST',
        url: `/api/cases/${caseId}/messages`,
        payload,
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ id: string }>().id;
    };
    const newCaseFor = (contactId: string, subject: string) =>
      recordCall(agent, channel, subject, { type: 'request', contactId });

    beforeAll(async () => {
      ({ server, channel, agent } = await startChannelServer(dialect, {
        agent: 'agent',
      }));
      await createTestMailbox(server.deps, MAILBOX);
    });
    afterAll(async () => server.close());

    it('answers a mail in German with the threading headers, and the answer to it finds the case', async () => {
      const customer = channel.users.customer_user;
      const first = await receive(
        mail([
          `From: ${customer.name} <${customer.email}>`,
          `To: ${MAILBOX}`,
          'Subject: Toner wird nicht erkannt',
          'Message-ID: <toner-1@kunde.example>',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Der neue Toner wird nicht erkannt.',
        ]),
      );
      expect(first.outcome).toBe('new_case');
      const caseId = first.row.case_id!;
      const kase = await server.deps.db
        .selectFrom('support_case')
        .select(['number'])
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow();

      const messageId = await reply(caseId, {
        body: 'Bitte nehmen Sie den Toner einmal heraus und setzen ihn wieder ein.\n\nDanach neu starten.',
        visibility: 'public',
      });
      const [sent, ...more] = await mailsTo(customer.email);
      expect(more).toEqual([]);
      expect(sent).toMatchObject({
        from: `"Printwerk Service" <${MAILBOX}>`,
        replyTo: `service+${replyToken(caseId, server.deps.config.sessionSecret)}@printwerk.example`,
        subject: `AW: [${kase.number}] Toner wird nicht erkannt`,
        inReplyTo: '<toner-1@kunde.example>',
        locale: 'de',
      });
      expect(sent!.messageId).toMatch(/^<[^<>@]+@printwerk\.example>$/);
      // The chain holds the customer's mail and our auto-reply, and ends with the mail answered.
      expect(sent!.references).toHaveLength(2);
      expect(sent!.references!.at(-1)).toBe('<toner-1@kunde.example>');
      expect(sent!.text).toContain('Bitte nehmen Sie den Toner einmal heraus');
      expect(sent!.text).toContain(`Ihr Anliegen: ${kase.number}`);
      expect(sent!.text).toContain('Freundliche Grüße');
      expect(sent!.html).toContain('<p>Bitte nehmen Sie den Toner einmal heraus');
      expect(sent!.html).toContain('<a href="https://desk.example/status/');
      // The status link in the mail opens this case's public view.
      const token = decodeURIComponent(/\/status\/(\S+)/.exec(sent!.text)![1]!);
      expect((await publicCaseStatus(server.deps, token)).number).toBe(kase.number);

      const reference = await server.deps.db
        .selectFrom('mail_reference')
        .selectAll()
        .where('message_id', '=', sent!.messageId!.slice(1, -1))
        .executeTakeFirstOrThrow();
      expect(reference).toMatchObject({
        case_id: caseId,
        case_message_id: messageId,
        direction: 'outbound',
        recipient: customer.email,
      });

      // The customer answers our mail from a program that keeps only In-Reply-To.
      const answer = await receive(
        mail([
          `From: ${customer.email}`,
          `To: ${MAILBOX}`,
          'Subject: Antwort',
          'Message-ID: <toner-2@kunde.example>',
          `In-Reply-To: ${sent!.messageId}`,
          '',
          'Hat geklappt, danke!',
        ]),
      );
      expect(answer.outcome).toBe('reply');
      expect(answer.row.case_id).toBe(caseId);
      expect(JSON.parse(answer.row.thread_reason!)).toEqual({
        kind: 'in-reply-to',
        messageId: sent!.messageId!.slice(1, -1),
        caseNumber: kase.number,
      });

      // The next reply answers the newest mail and carries the chain along.
      await reply(caseId, { body: 'Schön, dann schließen wir den Fall.', visibility: 'public' });
      const second = (await mailsTo(customer.email)).at(-1)!;
      expect(second.inReplyTo).toBe('<toner-2@kunde.example>');
      expect(second.references).toEqual(
        expect.arrayContaining(['<toner-1@kunde.example>', sent!.messageId, '<toner-2@kunde.example>']),
      );
      expect(second.references!.at(-1)).toBe('<toner-2@kunde.example>');
    });

    it("writes in the contact's language, without a reply prefix when no mail is answered", async () => {
      const english = await buildUser(server.deps, channel.customerA1, ['customer_user'], { locale: 'en' });
      const kase = await newCaseFor(english.id, 'Printer offline');
      await reply(kase.id, { body: 'We have sent a technician.', visibility: 'public' });
      const [sent, ...more] = await mailsTo(english.email);
      expect(more).toEqual([]);
      expect(sent).toMatchObject({ subject: `[${kase.number}] Printer offline`, locale: 'en' });
      expect(sent!.inReplyTo).toBeUndefined();
      expect(sent!.references).toBeUndefined();
      expect(sent!.text).toContain('We have sent a technician.');
      expect(sent!.text).toContain(`Your request: ${kase.number}`);
      expect(sent!.text).toContain('Kind regards');
      expect(sent!.html).toContain('You can follow its progress at any time here');
    });

    it('sends nothing for internal notes, to a bounced contact, or for a customer message', async () => {
      const contact = await buildUser(server.deps, channel.customerA1, ['customer_user']);
      const kase = await newCaseFor(contact.id, 'Rechnung fehlt');
      await reply(kase.id, { body: 'Intern: Buchhaltung fragen.', visibility: 'internal' });
      expect(await mailsTo(contact.email)).toEqual([]);

      const customer = await logIn(server.app, contact.email, TEST_PASSWORD);
      const own = await customer.request({
        method: 'POST',
        url: `/api/cases/${kase.id}/messages`,
        payload: { body: 'Gibt es etwas Neues?' },
      });
      expect(own.statusCode).toBe(201);
      expect(await mailsTo(contact.email)).toEqual([]);

      await server.deps.db
        .updateTable('person')
        .set({ mail_bounced_at: server.clock.now().toISOString(), mail_bounce_reason: '550 unknown user' })
        .where('id', '=', contact.id)
        .execute();
      await reply(kase.id, { body: 'Die Rechnung ist unterwegs.', visibility: 'public' });
      expect(await mailsTo(contact.email)).toEqual([]);
      // The message itself is on the case all the same.
      const timeline = (await agent.request({ method: 'GET', url: `/api/cases/${kase.id}/timeline` })).json()
        .items as { body?: string }[];
      expect(timeline.map((e) => e.body)).toContain('Die Rechnung ist unterwegs.');
    });

    it('delivers the reply with its attachment over SMTP, headers intact', async () => {
      const contact = await buildUser(server.deps, channel.customerA1, ['customer_user']);
      const kase = await newCaseFor(contact.id, 'Anleitung gesucht');
      const uploaded = await agent.request({
        method: 'POST',
        url: `/api/cases/${kase.id}/attachments?fileName=anleitung.txt&visibility=public`,
        payload: Buffer.from('Schritt 1: Klappe öffnen.\n'),
        headers: { 'content-type': 'application/octet-stream' },
      });
      expect(uploaded.statusCode, uploaded.body).toBe(201);
      await reply(kase.id, {
        body: 'Die Anleitung hängt an.',
        html: '<p>Die Anleitung hängt <strong>an</strong>.</p>',
        visibility: 'public',
        attachmentIds: [uploaded.json().id],
      });
      const [queued] = await mailsTo(contact.email);
      expect(queued!.attachments).toEqual([
        expect.objectContaining({ filename: 'anleitung.txt', contentType: 'text/plain' }),
      ]);

      const sink = await startParsingSmtpSink();
      try {
        await sendOutbox(server, sink.url);
        const failed = await server.deps.db
          .selectFrom('outbox')
          .select(['last_error'])
          .where('status', '!=', 'done')
          .execute();
        expect(failed).toEqual([]);
        const received = sink.received.find((m) => m.subject === `[${kase.number}] Anleitung gesucht`);
        expect(received).toBeDefined();
        expect(received!.messageId).toBe(queued!.messageId);
        expect(received!.replyTo?.value[0]?.address).toBe(queued!.replyTo);
        expect(received!.from?.value[0]).toMatchObject({ name: 'Printwerk Service', address: MAILBOX });
        expect(received!.text).toContain('Die Anleitung hängt an.');
        expect(received!.html).toContain('<strong>an</strong>');
        expect(received!.attachments.map((a) => [a.filename, a.content.toString('utf8')])).toEqual([
          ['anleitung.txt', 'Schritt 1: Klappe öffnen.\n'],
        ]);

        // The answered mail of the first test arrived with its whole chain.
        const threaded = sink.received.find((m) => m.inReplyTo === '<toner-2@kunde.example>');
        expect(threaded).toBeDefined();
        expect(threaded!.references).toEqual(expect.arrayContaining(['<toner-1@kunde.example>']));
        expect(threaded!.subject).toMatch(/^AW: \[CD-/);
      } finally {
        await sink.close();
      }
    });
  });
}
