import nodemailer, { type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects';
import { type DovecotInstance, startDovecot } from '../../../../test/dovecot';
import { buildChannel, type Channel, TEST_PASSWORD } from '../../../../test/factories';
import { logIn, type Session, startTestServer, type TestServer } from '../../../../test/test-server';
import type { Deps } from '../../shared/deps';
import { systemScope } from '../../shared/scope';
import { createMailbox, type MailboxInput, updateMailbox } from './mailboxes';
import { type MailIntakeRuntime, startMailIntake } from './runtime';

const SMTP_MAILBOX = 'service@printwerk.example';
const IMAP_MAILBOX = 'imap@printwerk.example';

const mailboxInput = (overrides: Partial<MailboxInput>): MailboxInput => ({
  address: SMTP_MAILBOX,
  name: 'Printwerk Service',
  groupId: null,
  caseType: 'request',
  language: 'de',
  smtpEnabled: true,
  imapUrl: null,
  imapFolder: 'INBOX',
  imapDoneFolder: 'Processed',
  autoReply: true,
  active: true,
  ...overrides,
});

/** Waits until `check` returns something truthy, polling; fails naming `what` after `timeoutMs`. */
async function until<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

for (const dialect of DIALECTS) {
  describe(`mail intake runtime [${dialect}]`, { timeout: 30_000 }, () => {
    let server: TestServer;
    let deps: Deps;
    let channel: Channel;
    let agent: Session;
    let runtime: MailIntakeRuntime;
    let dovecot: DovecotInstance | undefined;
    let smtp: Transporter;

    const inboundBy = (messageId: string) =>
      deps.db
        .selectFrom('inbound_mail')
        .selectAll()
        .where('message_id', '=', messageId)
        .where('state', '!=', 'received')
        .executeTakeFirst();

    beforeAll(async () => {
      server = await startTestServer(dialect);
      // The listener on a free port; everything else as configured.
      deps = {
        ...server.deps,
        config: {
          ...server.deps.config,
          mail: { ...server.deps.config.mail, smtp: { port: 0, host: '127.0.0.1' } },
        },
      };
      channel = await buildChannel(deps);
      agent = await logIn(server.app, channel.users.agent.email, TEST_PASSWORD);
      await createMailbox(deps, systemScope('test'), mailboxInput({}));
      dovecot = await startDovecot();
      runtime = await startMailIntake(deps, server.app.log, {
        mailboxRefreshMs: 200,
        imap: { pollIntervalMs: 1_000, reconnectDelayMs: () => 200 },
      });
      expect(runtime.smtpPort).toBeGreaterThan(0);
      smtp = nodemailer.createTransport({ host: '127.0.0.1', port: runtime.smtpPort!, ignoreTLS: true });
    }, 60_000);
    afterAll(async () => {
      smtp?.close();
      await runtime?.stop();
      await dovecot?.stop();
      await server?.close();
    });

    it('files a mail sent over SMTP as a case, says why, and acknowledges it', async () => {
      const customer = channel.users.customer_user;
      const sent = await smtp.sendMail({
        from: `${customer.name} <${customer.email}>`,
        to: SMTP_MAILBOX,
        subject: 'Kopierer zieht schief ein',
        text: 'Seit dem Tonerwechsel zieht der Kopierer jedes Blatt schief ein.',
        messageId: `<smtp-1.${dialect}@kunde.example>`,
      });
      expect(sent.response).toMatch(/^250 /);
      const row = await until('the mail is filed', () => inboundBy(`smtp-1.${dialect}@kunde.example`));
      expect(row).toMatchObject({ state: 'processed', outcome: 'new_case', source: 'smtp' });
      expect(JSON.parse(row.thread_reason!)).toEqual({ kind: 'new-case' });
      expect(JSON.parse(row.envelope_to)).toEqual([SMTP_MAILBOX]);

      const response = await agent.request({ method: 'GET', url: `/api/cases/${row.case_id}` });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ subject: 'Kopierer zieht schief ein', channel: 'email' });
    });

    it('refuses mail for an address it has no mailbox for with 550', async () => {
      const refused = smtp.sendMail({
        from: 'someone@kunde.example',
        to: 'niemand@printwerk.example',
        subject: 'Hallo?',
        text: 'Ist da jemand?',
      });
      await expect(refused).rejects.toMatchObject({ responseCode: 550 });
    });

    it('threads the customer’s answer to the auto-reply into the same case', async () => {
      const first = await until('the first mail is filed', () =>
        inboundBy(`smtp-1.${dialect}@kunde.example`),
      );
      const ack = await until('the auto-reply is queued', async () =>
        (await deps.db.selectFrom('outbox').select('payload').where('topic', '=', 'mail.send').execute())
          .map((outbox) => JSON.parse(outbox.payload))
          .find((payload) => payload.inReplyTo === `<smtp-1.${dialect}@kunde.example>`),
      );
      const customer = channel.users.customer_user;
      const sent = await smtp.sendMail({
        from: customer.email,
        to: ack.replyTo,
        subject: `Re: ${ack.subject}`,
        inReplyTo: ack.messageId,
        references: [`<smtp-1.${dialect}@kunde.example>`, ack.messageId],
        text: 'Nachtrag: es ist der Kopierer im zweiten Stock.',
        messageId: `<smtp-2.${dialect}@kunde.example>`,
      });
      expect(sent.response).toMatch(/^250 /);
      const answer = await until('the answer is filed', () => inboundBy(`smtp-2.${dialect}@kunde.example`));
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
      const mailbox = await createMailbox(deps, systemScope('test'), {
        ...mailboxInput({
          address: IMAP_MAILBOX,
          name: 'IMAP Service',
          smtpEnabled: false,
          imapUrl: imap.url,
        }),
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
      const row = await until('the IMAP mail is filed', () => inboundBy(`imap-1.${dialect}@kunde.example`));
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
