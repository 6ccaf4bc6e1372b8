import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { buildUser, type Channel } from '../../../../test/factories';
import { createTestMailbox, deliveryReport, mail, outboxMails, receiveMail } from '../../../../test/mail';
import type { Session, TestServer } from '../../../../test/test-server';
import { parseMail } from './parse';
import { replyToken } from './reply-token';
import { UNASSIGNED_CUSTOMER_NAME } from './senders';

const FIXTURES = join(import.meta.dirname, '../../../../test/fixtures/mail');
const FIXTURE_TOKEN = '019000000000700080000000000000014b9a5dd4dd22';
const MAILBOX = 'service@printwerk.example';

type ManifestEntry = { file: string; about: string; expect: { outcome: string } };
const manifest: ManifestEntry[] = JSON.parse(readFileSync(join(FIXTURES, 'manifest.json'), 'utf8'));

for (const dialect of DIALECTS) {
  describe(`mail intake [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let agent: Session;

    const receive = (raw: Buffer, to: string[] = [MAILBOX]) => receiveMail(server.deps, raw, to);
    const caseOf = (id: string | null) =>
      server.deps.db.selectFrom('support_case').selectAll().where('id', '=', id!).executeTakeFirstOrThrow();
    const autoReplies = async () =>
      (await outboxMails(server.deps)).filter((m) => m.headers?.['Auto-Submitted'] === 'auto-replied');

    beforeAll(async () => {
      ({ server, channel, agent } = await startChannelServer(dialect, {
        agent: 'agent',
      }));
      await createTestMailbox(server.deps, MAILBOX);
    });
    afterAll(async () => server.close());

    it('opens a case for a known customer, says why, and acknowledges with the case number', async () => {
      const customer = channel.users.customer_user;
      const first = await receive(
        mail([
          `From: ${customer.name} <${customer.email}>`,
          `To: ${MAILBOX}`,
          'Subject: Drucker druckt nur noch Streifen',
          'Message-ID: <first-1@kunde.example>',
          'Date: Tue, 24 Nov 2026 09:00:00 +0100',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Seit heute früh druckt der Drucker nur noch Streifen. Bitte um Rückruf.',
        ]),
      );
      expect(first.outcome).toBe('new_case');
      expect(first.row.state).toBe('processed');
      expect(JSON.parse(first.row.thread_reason!)).toEqual({ kind: 'new-case' });
      const kase = await caseOf(first.row.case_id);
      expect(kase).toMatchObject({
        subject: 'Drucker druckt nur noch Streifen',
        channel: 'email',
        customer_id: channel.customerA1.id,
        contact_id: customer.id,
      });

      const ack = (await autoReplies())[0]!;
      const ackId = ack.messageId!;
      const ackReplyTo = ack.replyTo!;
      expect(ack.to).toBe(customer.email);
      expect(ack.subject).toContain(`[${kase.number}]`);
      expect(ack.text).toContain('https://desk.example/status/');
      expect(ack.inReplyTo).toBe('<first-1@kunde.example>');
      expect(ack.replyTo).toBe(
        `service+${replyToken(kase.id, server.deps.config.sessionSecret)}@printwerk.example`,
      );

      // The customer answers the acknowledgement: In-Reply-To finds the case.
      const answer = await receive(
        mail([
          `From: ${customer.email}`,
          `To: ${ack.replyTo}`,
          `Subject: Re: ${ack.subject}`,
          'Message-ID: <first-2@kunde.example>',
          `In-Reply-To: ${ack.messageId}`,
          `References: <first-1@kunde.example> ${ack.messageId}`,
          '',
          'Rückruf bitte an 0441 12345.',
          '',
          `Am 24.11.2026 um 09:01 schrieb Printwerk Service <${MAILBOX}>:`,
          '> Vielen Dank für Ihre Nachricht.',
        ]),
      );
      expect(answer.outcome).toBe('reply');
      expect(answer.row.case_id).toBe(kase.id);
      expect(JSON.parse(answer.row.thread_reason!)).toEqual({
        kind: 'in-reply-to',
        messageId: ackId.slice(1, -1),
        caseNumber: kase.number,
      });
      const timeline = (await agent.request({ method: 'GET', url: `/api/cases/${kase.id}/timeline` })).json()
        .items;
      const bodies = timeline
        .filter((e: { kind: string }) => e.kind === 'message')
        .map((e: { body: string }) => e.body);
      expect(bodies).toContain('Rückruf bitte an 0441 12345.');

      // No In-Reply-To, but the case number in the subject; then only the reply address.
      const byNumber = await receive(
        mail([
          `From: ${customer.email}`,
          `To: ${MAILBOX}`,
          `Subject: AW: ${kase.number} Nachtrag`,
          '',
          'Foto folgt.',
        ]),
      );
      expect(JSON.parse(byNumber.row.thread_reason!)).toEqual({
        kind: 'case-number',
        caseNumber: kase.number,
      });
      const byToken = await receive(
        mail([
          `From: ${customer.email}`,
          `To: ${ack.replyTo}`,
          'Subject: Noch etwas',
          '',
          'Und der Toner ist leer.',
        ]),
        [ackReplyTo],
      );
      expect(JSON.parse(byToken.row.thread_reason!)).toEqual({
        kind: 'reply-token',
        caseNumber: kase.number,
      });
      expect(byToken.row.case_id).toBe(kase.id);
      expect(await autoReplies()).toHaveLength(1); // replies are not acknowledged again
    });

    it('folds the quoted history of an HTML reply', async () => {
      const customer = channel.users.customer_user;
      const opened = await receive(
        mail([
          `From: ${customer.email}`,
          `To: ${MAILBOX}`,
          'Subject: Toner bestellt?',
          '',
          'Ist der Toner bestellt?',
        ]),
      );
      const kase = await caseOf(opened.row.case_id);
      const reply = await receive(
        mail([
          `From: ${customer.email}`,
          `To: ${MAILBOX}`,
          `Subject: AW: [${kase.number}] Toner bestellt?`,
          'MIME-Version: 1.0',
          'Content-Type: multipart/alternative; boundary="alt"',
          '',
          '--alt',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Danke, dann warten wir.',
          '',
          'Am 24.11.2026 um 10:00 schrieb Printwerk Service <service@printwerk.example>:',
          '> Der Toner ist unterwegs.',
          '--alt',
          'Content-Type: text/html; charset=utf-8',
          '',
          '<p>Danke, dann warten wir.</p><blockquote type="cite"><p>Der Toner ist unterwegs.</p></blockquote>',
          '--alt--',
        ]),
      );
      expect(reply.row.case_id).toBe(kase.id);
      const message = await server.deps.db
        .selectFrom('case_message')
        .select(['body_text', 'body_html'])
        .where('id', '=', reply.row.case_message_id!)
        .executeTakeFirstOrThrow();
      expect(message).toEqual({ body_text: 'Danke, dann warten wir.', body_html: null });
    });

    it('stores a mail delivered twice once and files it once', async () => {
      const raw = mail([
        'From: buero@unbekannt-gmbh.example',
        `To: ${MAILBOX}`,
        'Subject: Doppelt zugestellt',
        'Message-ID: <twice@unbekannt-gmbh.example>',
        '',
        'Diese Mail kommt zweimal.',
      ]);
      const first = await receive(raw);
      const second = await receive(raw);
      expect(second.duplicate).toBe(true);
      expect(second.id).toBe(first.id);
      expect(second.outcome).toBe('already_processed');
      const cases = await server.deps.db
        .selectFrom('support_case')
        .select('id')
        .where('subject', '=', 'Doppelt zugestellt')
        .execute();
      expect(cases).toHaveLength(1);
    });

    it('makes an unknown sender a contact of the unassigned customer, flagged for review', async () => {
      const result = await receive(
        mail([
          'From: Petra Neu <petra@neukunde.example>',
          `To: ${MAILBOX}`,
          'Subject: Angebot für 20 Notebooks',
          '',
          'Bitte um ein Angebot.',
        ]),
      );
      const person = await server.deps.db
        .selectFrom('person')
        .innerJoin('organisation', 'organisation.id', 'person.organisation_id')
        .select(['person.name', 'person.needs_review', 'organisation.name as organisation'])
        .where('person.email', '=', 'petra@neukunde.example')
        .executeTakeFirstOrThrow();
      expect(person).toEqual({ name: 'Petra Neu', needs_review: 1, organisation: UNASSIGNED_CUSTOMER_NAME });
      const tags = await server.deps.db
        .selectFrom('case_tag')
        .select('tag')
        .where('case_id', '=', result.row.case_id!)
        .execute();
      expect(tags.map((t) => t.tag)).toEqual(['absender-prüfen']);
    });

    it('matches a new address at a known domain to that organisation', async () => {
      const domain = 'sommer-test.example';
      await buildUser(server.deps, channel.customerA1, [], {
        login: false,
        name: 'Einkauf',
        email: `einkauf@${domain}`,
      });
      const result = await receive(
        mail([`From: kollege@${domain}`, `To: ${MAILBOX}`, 'Subject: Bitte Rechnung senden', '', 'Danke.']),
      );
      expect((await caseOf(result.row.case_id)).customer_id).toBe(channel.customerA1.id);
    });

    it('answers no auto-reply to auto-replies, lists and bulk mail', async () => {
      const before = (await autoReplies()).length;
      for (const header of ['Auto-Submitted: auto-replied', 'Precedence: bulk', 'List-Id: <news.example>']) {
        const result = await receive(
          mail([
            `From: news@versand.example`,
            `To: ${MAILBOX}`,
            header,
            `Subject: Hinweis ${header}`,
            '',
            'Text',
          ]),
        );
        expect(result.row.auto_reply).not.toBe('sent');
      }
      expect(await autoReplies()).toHaveLength(before);
    });

    it('attaches a bounce to the case whose mail bounced and marks the recipient', async () => {
      const customer = channel.users.customer_user;
      const opened = await receive(
        mail([
          `From: ${customer.email}`,
          `To: ${MAILBOX}`,
          'Subject: Lieferschein fehlt',
          '',
          'Bitte senden.',
        ]),
      );
      const ack = (await autoReplies()).find((m) => m.subject.includes('Lieferschein fehlt'))!;
      expect(ack).toBeDefined();
      const bounce = await receive(
        deliveryReport({
          mta: 'mx.printwerk.example',
          to: MAILBOX,
          headers: ['Auto-Submitted: auto-replied'],
          explanation: 'The mail could not be delivered.',
          recipients: [
            {
              address: customer.email,
              action: 'failed',
              status: '5.1.1',
              diagnostic: 'smtp; 550 5.1.1 user unknown',
            },
          ],
          original: { messageId: ack.messageId!, to: customer.email },
        }),
      );
      expect(bounce.outcome).toBe('bounce');
      expect(bounce.row.case_id).toBe(opened.row.case_id);
      const events = await server.deps.db
        .selectFrom('case_event')
        .select(['type', 'visibility'])
        .where('case_id', '=', opened.row.case_id!)
        .where('type', '=', 'mail_bounced')
        .execute();
      expect(events).toEqual([{ type: 'mail_bounced', visibility: 'internal' }]);
      const person = await server.deps.db
        .selectFrom('person')
        .select(['mail_bounced_at', 'mail_bounce_reason'])
        .where('id', '=', customer.id)
        .executeTakeFirstOrThrow();
      expect(person.mail_bounced_at).not.toBeNull();
      expect(person.mail_bounce_reason).toContain('user unknown');
      const cases = await server.deps.db
        .selectFrom('support_case')
        .select('id')
        .where('subject', 'like', '%Undelivered%')
        .execute();
      expect(cases).toHaveLength(0);
    });

    it('keeps a mail that cannot be parsed, raw, in the needs-attention queue', async () => {
      const garbage = Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 13, 10]);
      const result = await receive(garbage);
      expect(result.outcome).toBe('unparseable');
      expect(result.row.state).toBe('needs_attention');
      expect(Buffer.from(result.row.raw).equals(garbage)).toBe(true);
    });

    it('files every mail of the corpus as its manifest expects', async () => {
      // The world the corpus refers to: cases behind its case numbers, its Message-IDs and its token.
      const ids: Record<string, string> = {};
      const numbers: Record<string, string> = {};
      const open = async (subject: string) => {
        const created = await agent.request({
          method: 'POST',
          url: '/api/cases',
          payload: { type: 'complaint', subject, description: 'Vorgang', customerId: channel.customerA1.id },
        });
        expect(created.statusCode).toBe(201);
        return created.json() as { id: string; number: string };
      };
      for (const number of ['CD-2026-000123', 'CD-2026-000321', 'CD-2026-000456', 'CD-2026-000789']) {
        const created = await open(`Vorgang ${number}`);
        ids[number] = created.id;
        numbers[number] = created.number;
      }
      const anchor = ids['CD-2026-000123']!;
      // Every Message-ID of ours the corpus refers to (replies, bounces) was sent from the anchor case.
      const ours = new Set<string>();
      for (const entry of manifest) {
        const parsed = await parseMail(readFileSync(join(FIXTURES, entry.file))).catch(() => null);
        if (!parsed) continue;
        const referred = [...parsed.inReplyTo, ...parsed.references];
        if (parsed.bounce?.originalMessageId) referred.push(parsed.bounce.originalMessageId);
        for (const id of referred) if (id.endsWith('@printwerk.example')) ours.add(id);
      }
      for (const messageId of ours) {
        await server.deps.db
          .insertInto('mail_reference')
          .values({
            message_id: messageId,
            case_id: anchor,
            case_message_id: null,
            direction: 'outbound',
            recipient: null,
            created_at: new Date().toISOString(),
          })
          .execute();
      }
      const token = replyToken(anchor, server.deps.config.sessionSecret);
      const outcomes: Record<string, string> = {};
      for (const entry of manifest) {
        let text = readFileSync(join(FIXTURES, entry.file)).toString('latin1');
        text = text.replace(new RegExp(FIXTURE_TOKEN, 'gi'), token);
        for (const [fixtureNumber, realNumber] of Object.entries(numbers))
          text = text.replace(new RegExp(fixtureNumber, 'gi'), realNumber);
        const result = await receive(Buffer.from(text, 'latin1'));
        outcomes[entry.file] = result.outcome;
        expect(result.row.state, `${entry.file}: ${result.row.error}`).not.toBe('received');
      }
      const expected = Object.fromEntries(
        manifest.map((entry) => [
          entry.file,
          {
            'new-case': 'new_case',
            reply: 'reply',
            quiet: 'quiet',
            bulk: 'bulk',
            bounce: 'bounce',
            'ignored-loop': 'ignored_loop',
          }[entry.expect.outcome] ?? 'unparseable',
        ]),
      );
      expect(outcomes).toEqual(expected);
    });
  });
}
