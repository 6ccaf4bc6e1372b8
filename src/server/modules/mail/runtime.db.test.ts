import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects';
import { type DovecotInstance, startDovecot } from '../../../../test/dovecot';
import { buildChannel, type Channel, TEST_PASSWORD } from '../../../../test/factories';
import { createTestMailbox, filedMail, type SmtpIntake, startSmtpIntake, until } from '../../../../test/mail';
import { logIn, type Session, startTestServer, type TestServer } from '../../../../test/test-server';
import type { Deps } from '../../shared/deps';
import { systemScope } from '../../shared/scope';
import { updateMailbox } from './mailboxes';

const SMTP_MAILBOX = 'service@printwerk.example';
const IMAP_MAILBOX = 'imap@printwerk.example';

for (const dialect of DIALECTS) {
  describe(`mail intake runtime [${dialect}]`, { timeout: 30_000 }, () => {
    let server: TestServer;
    let deps: Deps;
    let channel: Channel;
    let agent: Session;
    let intake: SmtpIntake;
    let dovecot: DovecotInstance | undefined;

    const filed = (messageId: string) => filedMail(deps, { messageId });

    beforeAll(async () => {
      server = await startTestServer(dialect);
      deps = server.deps;
      channel = await buildChannel(deps);
      agent = await logIn(server.app, channel.users.agent.email, TEST_PASSWORD);
      await createTestMailbox(deps, SMTP_MAILBOX);
      dovecot = await startDovecot();
      intake = await startSmtpIntake(server, {
        mailboxRefreshMs: 200,
        imap: { pollIntervalMs: 1_000, reconnectDelayMs: () => 200 },
      });
      expect(intake.runtime.smtpPort).toBeGreaterThan(0);
    }, 60_000);
    afterAll(async () => {
      await intake?.stop();
      await dovecot?.stop();
      await server?.close();
    });

    it('files a mail sent over SMTP as a case, says why, and acknowledges it', async () => {
      const customer = channel.users.customer_user;
      const sent = await intake.smtp.sendMail({
        from: `${customer.name} <${customer.email}>`,
        to: SMTP_MAILBOX,
        subject: 'Kopierer zieht schief ein',
        text: 'Seit dem Tonerwechsel zieht der Kopierer jedes Blatt schief ein.',
        messageId: `<smtp-1.${dialect}@kunde.example>`,
      });
      expect(sent.response).toMatch(/^250 /);
      const row = await filed(`smtp-1.${dialect}@kunde.example`);
      expect(row).toMatchObject({ state: 'processed', outcome: 'new_case', source: 'smtp' });
      expect(JSON.parse(row.thread_reason!)).toEqual({ kind: 'new-case' });
      expect(JSON.parse(row.envelope_to)).toEqual([SMTP_MAILBOX]);

      const response = await agent.request({ method: 'GET', url: `/api/cases/${row.case_id}` });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ subject: 'Kopierer zieht schief ein', channel: 'email' });
    });

    it('refuses mail for an address it has no mailbox for with 550', async () => {
      const refused = intake.smtp.sendMail({
        from: 'someone@kunde.example',
        to: 'niemand@printwerk.example',
        subject: 'Hallo?',
        text: 'Ist da jemand?',
      });
      await expect(refused).rejects.toMatchObject({ responseCode: 550 });
    });

    it('threads the customer’s answer to the auto-reply into the same case', async () => {
      const first = await filed(`smtp-1.${dialect}@kunde.example`);
      const ack = await until('the auto-reply is queued', async () =>
        (await deps.db.selectFrom('outbox').select('payload').where('topic', '=', 'mail.send').execute())
          .map((outbox) => JSON.parse(outbox.payload))
          .find((payload) => payload.inReplyTo === `<smtp-1.${dialect}@kunde.example>`),
      );
      const customer = channel.users.customer_user;
      const sent = await intake.smtp.sendMail({
        from: customer.email,
        to: ack.replyTo,
        subject: `Re: ${ack.subject}`,
        inReplyTo: ack.messageId,
        references: [`<smtp-1.${dialect}@kunde.example>`, ack.messageId],
        text: 'Nachtrag: es ist der Kopierer im zweiten Stock.',
        messageId: `<smtp-2.${dialect}@kunde.example>`,
      });
      expect(sent.response).toMatch(/^250 /);
      const answer = await filed(`smtp-2.${dialect}@kunde.example`);
      const kase = await deps.db
        .selectFrom('support_case')
        .select('number')
        .where('id', '=', first.case_id!)
        .executeTakeFirstOrThrow();
      expect(answer).toMatchObject({ outcome: 'reply', case_id: first.case_id });
      expect(JSON.parse(answer.thread_reason!)).toEqual({
        kind: 'in-reply-to',
        messageId: ack.messageId.slice(1, -1),
        caseNumber: kase.number,
      });
    });

    it('picks up a mailbox added while running, takes its IMAP mail and moves it to Processed', async () => {
      const imap = dovecot!;
      const mailbox = await createTestMailbox(deps, IMAP_MAILBOX, {
        name: 'IMAP Service',
        smtpEnabled: false,
        imapUrl: imap.url,
      });
      await imap.appendMessage(
        [
          'From: Kundin <kundin@kunde.example>',
          `To: ${IMAP_MAILBOX}`,
          'Subject: Rechnung doppelt',
          `Message-ID: <imap-1.${dialect}@kunde.example>`,
          'Date: Tue, 24 Nov 2026 09:00:00 +0100',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Die Rechnung kam zweimal.',
          '',
        ].join('\r\n'),
      );
      const row = await filed(`imap-1.${dialect}@kunde.example`);
      expect(row).toMatchObject({ source: 'imap', outcome: 'new_case', mailbox_id: mailbox.id });
      expect(JSON.parse(row.envelope_to)).toEqual([IMAP_MAILBOX]);
      await until(
        'the mail sits in Processed',
        async () => (await imap.listFolder('Processed')).length === 1,
      );
      expect(await imap.listFolder('INBOX')).toHaveLength(0);

      // Deactivated: its intake stops, and mail stays on the IMAP server.
      await updateMailbox(deps, systemScope('test'), mailbox.id, { active: false });
      await new Promise((resolve) => setTimeout(resolve, 800));
      await imap.appendMessage(
        [
          `To: ${IMAP_MAILBOX}`,
          'Subject: Noch da?',
          `Message-ID: <imap-2.${dialect}@kunde.example>`,
          '',
          'x',
          '',
        ].join('\r\n'),
      );
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await imap.listFolder('INBOX')).toHaveLength(1);
      const stored = await deps.db
        .selectFrom('inbound_mail')
        .select('id')
        .where('message_id', '=', `imap-2.${dialect}@kunde.example`)
        .execute();
      expect(stored).toHaveLength(0);
    });
  });
}
