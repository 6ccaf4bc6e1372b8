import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects';
import { buildChannel, type Channel, TEST_PASSWORD } from '../../../../test/factories';
import { createTestMailbox, mail, type SmtpIntake, startSmtpIntake, until } from '../../../../test/mail';
import { logIn, type Session, startTestServer, type TestServer } from '../../../../test/test-server';
import type { Deps } from '../../shared/deps';
import type { InboundMailRow } from './mail.table';

// Odd mail as real mail servers deliver it, over SMTP: U+0000 in headers and bodies, charsets
// nobody knows, broken base64, 8-bit text without a charset, legacy encoded words, no usable
// sender. Each is accepted (250), stored, and either filed or flagged with a reason; no NUL
// reaches a stored text, and nothing the agent opens afterwards answers 5xx.

const MAILBOX = 'service@printwerk.example';
const NUL = '\u0000';

for (const dialect of DIALECTS) {
  describe(`odd mail over SMTP [${dialect}]`, { timeout: 60_000 }, () => {
    let server: TestServer;
    let deps: Deps;
    let channel: Channel;
    let agent: Session;
    let intake: SmtpIntake;
    let customerEmail: string;

    beforeAll(async () => {
      server = await startTestServer(dialect, { rateLimitPerMinute: 100_000 });
      deps = server.deps;
      channel = await buildChannel(deps);
      customerEmail = channel.users.customer_user.email;
      agent = await logIn(server.app, channel.users.agent.email, TEST_PASSWORD);
      await createTestMailbox(deps, MAILBOX);
      intake = await startSmtpIntake(server, { mailboxRefreshMs: 200, filingIntervalMs: 100 });
    });
    afterAll(async () => {
      await intake?.stop();
      await server?.close();
    });

    /**
     * Sends the mail over SMTP (the send resolves only on 250), waits until it has been filed or
     * flagged, and checks what every odd mail must satisfy.
     */
    async function deliver(raw: Buffer, envelopeFrom = customerEmail): Promise<InboundMailRow> {
      const before = new Set(
        (await deps.db.selectFrom('inbound_mail').select('id').execute()).map((row) => row.id),
      );
      const info = await intake.smtp.sendMail({ envelope: { from: envelopeFrom, to: [MAILBOX] }, raw });
      expect(info.response).toMatch(/^250/);
      const row = await until(
        'the mail is filed or flagged',
        async () => {
          const rows = await deps.db
            .selectFrom('inbound_mail')
            .selectAll()
            .where('state', '!=', 'received')
            .execute();
          return rows.find((candidate) => !before.has(candidate.id));
        },
        15_000,
      );
      if (row.state === 'needs_attention') {
        expect(row.error ?? JSON.parse(row.problems).join(' ')).not.toBe('');
      } else {
        expect(row.state).toBe('processed');
        expect(row.case_id).not.toBeNull();
      }
      // Nothing of what was stored carries a NUL, and every view of it answers.
      for (const value of [row.subject, row.error, row.problems, row.from_address, row.message_id]) {
        expect(value ?? '').not.toContain(NUL);
      }
      const detail = await agent.request({ method: 'GET', url: `/api/inbound-mail/${row.id}` });
      expect(detail.statusCode, detail.body).toBe(200);
      const list = await agent.request({ method: 'GET', url: `/api/inbound-mail?state=${row.state}` });
      expect(list.statusCode, list.body).toBe(200);
      if (row.case_id) {
        const timeline = await agent.request({ method: 'GET', url: `/api/cases/${row.case_id}/timeline` });
        expect(timeline.statusCode, timeline.body).toBe(200);
        expect(timeline.body).not.toContain('\\u0000');
      }
      return row;
    }

    const messageOf = (row: InboundMailRow) =>
      deps.db
        .selectFrom('case_message')
        .selectAll()
        .where('id', '=', row.case_message_id!)
        .executeTakeFirstOrThrow();
    const caseOf = (row: InboundMailRow) =>
      deps.db.selectFrom('support_case').selectAll().where('id', '=', row.case_id!).executeTakeFirstOrThrow();

    it('files a mail with U+0000 in its subject, without the NUL', async () => {
      const row = await deliver(
        mail([
          `From: ${customerEmail}`,
          `To: ${MAILBOX}`,
          `Subject: Drucker${NUL} Filiale Nord defekt`,
          'Message-ID: <nul-subject@kunde.example>',
          '',
          'Der Drucker zieht kein Papier ein.',
        ]),
      );
      expect(row.outcome).toBe('new_case');
      expect(row.subject).toBe('Drucker Filiale Nord defekt');
      expect((await caseOf(row)).subject).toBe('Drucker Filiale Nord defekt');
    });

    it('files a mail with U+0000 in its headers (sender name, Message-ID, In-Reply-To, a custom field)', async () => {
      const row = await deliver(
        mail([
          `From: Bae${NUL}ckerei <${customerEmail}>`,
          `To: ${MAILBOX}`,
          'Subject: Kopfzeilen mit Nullzeichen',
          `Message-ID: <nul${NUL}header@kunde.example>`,
          `In-Reply-To: <unbekannt${NUL}@kunde.example>`,
          `References: <a${NUL}b@kunde.example>`,
          `X-Mailer: Alt${NUL}Mailer 1.0`,
          '',
          'Inhalt ohne Nullzeichen.',
        ]),
      );
      expect(row.outcome).toBe('new_case');
      expect(row.from_address).toBe(customerEmail.toLowerCase());
      expect((await messageOf(row)).author_label).not.toContain(NUL);
    });

    it('files a mail with U+0000 in its text body, without the NUL', async () => {
      const row = await deliver(
        mail([
          `From: ${customerEmail}`,
          `To: ${MAILBOX}`,
          'Subject: Nullzeichen im Text',
          'Message-ID: <nul-text@kunde.example>',
          'Content-Type: text/plain; charset=utf-8',
          '',
          `Seriennummer${NUL}${NUL} XK-4471 bitte pruefen.`,
        ]),
      );
      const message = await messageOf(row);
      expect(message.body_text).not.toContain(NUL);
      expect(message.body_text).toMatch(/Seriennummer\s*XK-4471 bitte pruefen\./);
    });

    it('files a mail with U+0000 in its HTML body, without the NUL', async () => {
      const row = await deliver(
        mail([
          `From: ${customerEmail}`,
          `To: ${MAILBOX}`,
          'Subject: Nullzeichen im HTML',
          'Message-ID: <nul-html@kunde.example>',
          'MIME-Version: 1.0',
          'Content-Type: text/html; charset=utf-8',
          '',
          `<html><body><p>Rechnung${NUL} 2026-0042 fehlt</p><p title="a${NUL}b">Gru${NUL}&szlig;</p></body></html>`,
        ]),
      );
      const message = await messageOf(row);
      expect(message.body_text).not.toContain(NUL);
      expect(message.body_text).toContain('2026-0042 fehlt');
      expect(message.body_html ?? '').not.toContain(NUL);
      expect(message.body_html ?? '').toContain('2026-0042 fehlt');
    });

    it('files a mail with a NUL in the part headers of a multipart mail and in an attachment name', async () => {
      const row = await deliver(
        mail([
          `From: ${customerEmail}`,
          `To: ${MAILBOX}`,
          'Subject: Anhang mit Nullzeichen',
          'Message-ID: <nul-part@kunde.example>',
          'MIME-Version: 1.0',
          'Content-Type: multipart/mixed; boundary="grenze"',
          '',
          '--grenze',
          `Content-Type: text/plain; charset=utf-8; format=flo${NUL}wed`,
          '',
          'Siehe Anhang.',
          '--grenze',
          `Content-Type: application/pdf; name="rech${NUL}nung.pdf"`,
          `Content-Disposition: attachment; filename="rech${NUL}nung.pdf"`,
          `Content-ID: <anhang${NUL}1@kunde.example>`,
          'Content-Transfer-Encoding: base64',
          '',
          'JVBERi0xLjQKJcOkw7zDtsOfCg==',
          '--grenze--',
        ]),
      );
      expect(row.outcome).toBe('new_case');
      const files = await deps.db
        .selectFrom('case_attachment')
        .selectAll()
        .where('case_id', '=', row.case_id!)
        .execute();
      expect(files).toHaveLength(1);
      expect(files[0]?.file_name).not.toContain(NUL);
      expect(files[0]?.content_id ?? '').not.toContain(NUL);
    });

    it('flags a mail in a charset nobody knows and still files its text', async () => {
      const row = await deliver(
        mail(
          [
            `From: ${customerEmail}`,
            `To: ${MAILBOX}`,
            'Subject: Unbekannter Zeichensatz',
            'Message-ID: <charset@kunde.example>',
            'Content-Type: text/plain; charset="x-kauderwelsch-9"',
            '',
            'Gr\u00fc\u00dfe aus M\u00fcnchen',
          ],
          'latin1',
        ),
      );
      expect(row.outcome).toBe('new_case');
      expect(JSON.parse(row.problems).join(' ')).toMatch(/unknown charset x-kauderwelsch-9/);
      expect((await messageOf(row)).body_text).toBe('Grüße aus München');
    });

    it('flags broken base64 and keeps what could be read', async () => {
      const row = await deliver(
        mail([
          `From: ${customerEmail}`,
          `To: ${MAILBOX}`,
          'Subject: Kaputtes Base64',
          'Message-ID: <base64@kunde.example>',
          'Content-Type: text/plain; charset=utf-8',
          'Content-Transfer-Encoding: base64',
          '',
          // "Drucker defekt" with garbage in the middle and a missing tail.
          'RHJ1Y2tlci!!%%BkZWZla3Q=*A',
        ]),
      );
      expect(JSON.parse(row.problems).join(' ')).toMatch(/invalid base64/);
      expect(row.state === 'needs_attention' || row.outcome === 'new_case').toBe(true);
    });

    it('reads an 8-bit body without a charset as Windows-1252 and says so', async () => {
      const row = await deliver(
        mail(
          [
            `From: ${customerEmail}`,
            `To: ${MAILBOX}`,
            'Subject: Ohne Zeichensatz',
            'Message-ID: <eightbit@kunde.example>',
            'Content-Transfer-Encoding: 8bit',
            '',
            'Die T\u00fcr des Ger\u00e4ts schlie\u00dft nicht \u0080 20',
          ],
          'latin1',
        ),
      );
      expect(row.outcome).toBe('new_case');
      expect(JSON.parse(row.problems).join(' ')).toMatch(/without a declared charset, read as Windows-1252/);
      expect((await messageOf(row)).body_text).toBe('Die Tür des Geräts schließt nicht € 20');
    });

    it('decodes encoded-word subjects in Windows-1252 and ISO-8859-1 with umlauts', async () => {
      const windows = await deliver(
        mail([
          `From: ${customerEmail}`,
          `To: ${MAILBOX}`,
          'Subject: =?windows-1252?Q?R=FCcksendung_f=FCr_Kunde_=96_Gr=F6=DFe_=80?=',
          'Message-ID: <cp1252-subject@kunde.example>',
          '',
          'Bitte Ruecksendung anlegen.',
        ]),
      );
      expect(windows.subject).toBe('Rücksendung für Kunde – Größe €');
      expect((await caseOf(windows)).subject).toBe('Rücksendung für Kunde – Größe €');
      const latin1 = await deliver(
        mail([
          `From: ${customerEmail}`,
          `To: ${MAILBOX}`,
          `Subject: =?ISO-8859-1?B?${Buffer.from('Störung im Büro: Drucker äußerst laut', 'latin1').toString('base64')}?=`,
          'Message-ID: <latin1-subject@kunde.example>',
          '',
          'Bitte Techniker schicken.',
        ]),
      );
      expect(latin1.subject).toBe('Störung im Büro: Drucker äußerst laut');
    });

    it('files a mail without a From header, with the reason', async () => {
      const row = await deliver(
        mail([
          `To: ${MAILBOX}`,
          'Subject: Ohne Absender',
          'Message-ID: <no-from@kunde.example>',
          '',
          'Wer bin ich?',
        ]),
        'unbekannt@irgendwo.example',
      );
      expect(JSON.parse(row.problems)).toContain('no From header');
    });

    it('files a mail whose From cannot be read, with the reason', async () => {
      for (const [index, from] of [
        'From: <<<kein@@absender>>>',
        'From: "Nur ein Name"',
        `From: =?x-unknown?Q?M=FCller?= <${NUL}>`,
        'From: ;;;,,,',
      ].entries()) {
        const row = await deliver(
          mail([
            from,
            `To: ${MAILBOX}`,
            `Subject: Unlesbarer Absender ${index}`,
            `Message-ID: <bad-from-${index}@kunde.example>`,
            '',
            'Hallo.',
          ]),
          '',
        );
        expect(JSON.parse(row.problems).join(' '), from).toMatch(/From header has no (usable )?address/);
      }
      // An address nobody could answer becomes no contact and gets no acknowledgement.
      const contact = await deps.db
        .selectFrom('person')
        .select('id')
        .where('email', 'like', '%absender%')
        .executeTakeFirst();
      expect(contact).toBeUndefined();
      const outbox = await deps.db.selectFrom('outbox').select('payload').execute();
      expect(outbox.some((entry) => entry.payload.includes('absender'))).toBe(false);
    });
  });
}
