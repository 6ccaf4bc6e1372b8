import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects';
import { buildChannel, buildUser, type Channel, TEST_PASSWORD } from '../../../../test/factories';
import { createTestMailbox, filedMail, type SmtpIntake, startSmtpIntake } from '../../../../test/mail';
import { logIn, type Session, startTestServer, type TestServer } from '../../../../test/test-server';
import type { Deps } from '../../shared/deps';

// An HTML mail with an inline picture, delivered over SMTP to the built-in listener, is shown on
// the timeline as its HTML: the picture comes from the stored attachment through the attachment
// route (which checks who may see it), a tracking pixel stays held back.

const MAILBOX = 'service@printwerk.example';
// A real 2×1 PNG, so the test compares bytes that are an image and not a stand-in.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAAEUlEQVR4nGP4z8DwHwQZGBgYAD7aBfuq2tbcAAAAAElFTkSuQmCC',
  'base64',
);

type TimelineMessage = {
  kind: string;
  id: string;
  body?: string;
  html?: string | null;
  visibility: string;
  attachments?: { id: string; fileName: string; mimeType: string; inline?: boolean }[];
};

/** The image sources of an HTML fragment, in order. */
const imageSources = (html: string) => [...html.matchAll(/<img [^>]*?\ssrc="([^"]*)"/g)].map((m) => m[1]);

for (const dialect of DIALECTS) {
  describe(`HTML mail on the timeline [${dialect}]`, { timeout: 30_000 }, () => {
    let server: TestServer;
    let deps: Deps;
    let channel: Channel;
    let intake: SmtpIntake;
    let agent: Session;
    let customer: Session;
    let reseller: Session;
    let otherCustomer: Session;
    let otherPartner: Session;

    const filed = (messageId: string) => filedMail(deps, { messageId });
    const timeline = async (session: Session, caseId: string) => {
      const response = await session.request({ method: 'GET', url: `/api/cases/${caseId}/timeline` });
      expect(response.statusCode).toBe(200);
      return (response.json().items as TimelineMessage[]).filter((entry) => entry.kind === 'message');
    };

    beforeAll(async () => {
      server = await startTestServer(dialect);
      deps = server.deps;
      channel = await buildChannel(deps);
      const otherCustomerUser = await buildUser(deps, channel.customerB1, ['customer_user']);
      agent = await logIn(server.app, channel.users.agent.email, TEST_PASSWORD);
      customer = await logIn(server.app, channel.users.customer_user.email, TEST_PASSWORD);
      reseller = await logIn(server.app, channel.users.partner_agent.email, TEST_PASSWORD);
      otherCustomer = await logIn(server.app, otherCustomerUser.email, TEST_PASSWORD);
      otherPartner = await logIn(server.app, channel.users.otherPartnerAdmin.email, TEST_PASSWORD);
      await createTestMailbox(deps, MAILBOX);
      intake = await startSmtpIntake(server, { mailboxRefreshMs: 200 });
    }, 60_000);
    afterAll(async () => {
      await intake?.stop();
      await server?.close();
    });

    it('shows the mail’s HTML with its inline picture from the attachment, to those who may see it', async () => {
      const from = channel.users.customer_user;
      const sent = await intake.smtp.sendMail({
        from: `${from.name} <${from.email}>`,
        to: MAILBOX,
        subject: 'Display zeigt Fehler',
        messageId: `<inline-1.${dialect}@kunde.example>`,
        text: 'Der Drucker zeigt Fehler 52.',
        html:
          '<p>Der Drucker zeigt <b>Fehler 52</b>, siehe Foto:</p>' +
          '<img src="cid:display.1@kunde.example" alt="Foto vom Display">' +
          '<img src="https://track.example/open.gif?m=1" width="1" height="1">' +
          '<script>alert(1)</script>',
        attachments: [
          { filename: 'display.png', content: PNG, cid: 'display.1@kunde.example' },
          { filename: 'lieferschein.txt', content: 'Lieferschein 4711' },
        ],
      });
      expect(sent.response).toMatch(/^250 /);
      const row = await filed(`inline-1.${dialect}@kunde.example`);
      expect(row).toMatchObject({ state: 'processed', outcome: 'new_case' });

      const [message] = await timeline(agent, row.case_id!);
      expect(message!.visibility).toBe('public');
      const html = message!.html!;
      expect(html).toContain('<b>Fehler 52</b>');
      expect(html).not.toContain('script');
      expect(html).toContain('data-remote-src="https://track.example/open.gif?m=1"');
      const picture = message!.attachments!.find((a) => a.fileName === 'display.png')!;
      expect(picture).toMatchObject({ mimeType: 'image/png', inline: true });
      expect(message!.attachments!.find((a) => a.fileName === 'lieferschein.txt')!.inline).toBeUndefined();
      const pictureUrl = `/api/cases/${row.case_id}/attachments/${picture.id}`;
      expect(imageSources(html)).toEqual([pictureUrl]);

      // The picture's URL answers with the picture's bytes, for everyone who sees the message.
      for (const reader of [agent, customer, reseller]) {
        const image = await reader.request({ method: 'GET', url: pictureUrl });
        expect(image.statusCode).toBe(200);
        expect(image.headers['content-type']).toBe('image/png');
        expect(image.rawPayload.equals(PNG)).toBe(true);
      }
      expect((await timeline(customer, row.case_id!))[0]!.html).toBe(html);

      // Not for another customer or a partner that is not the customer's reseller.
      for (const stranger of [otherCustomer, otherPartner]) {
        expect((await stranger.request({ method: 'GET', url: pictureUrl })).statusCode).toBe(404);
      }
    });

    it('keeps an internal mail’s inline picture from the customer', async () => {
      const target = await deps.db
        .selectFrom('support_case')
        .select(['id', 'number'])
        .where('subject', '=', 'Display zeigt Fehler')
        .executeTakeFirstOrThrow();
      // Mail from our own address waits for a person, who files it as an internal note.
      await intake.smtp.sendMail({
        from: MAILBOX,
        to: MAILBOX,
        subject: 'Intern: Foto vom Techniker',
        messageId: `<inline-2.${dialect}@printwerk.example>`,
        html: '<p>Platine <i>defekt</i>:</p><img src="cid:platine@printwerk.example" alt="Platine">',
        attachments: [{ filename: 'platine.png', content: PNG, cid: 'platine@printwerk.example' }],
      });
      const row = await filed(`inline-2.${dialect}@printwerk.example`);
      expect(row.state).toBe('needs_attention');
      const filing = await agent.request({
        method: 'POST',
        url: `/api/inbound-mail/${row.id}/file`,
        payload: { caseNumber: target.number },
      });
      expect(filing.statusCode).toBe(200);

      const note = (await timeline(agent, target.id)).find((m) => m.visibility === 'internal')!;
      expect(note.html).toContain('<i>defekt</i>');
      const picture = note.attachments!.find((a) => a.fileName === 'platine.png')!;
      expect(picture.inline).toBe(true);
      const pictureUrl = `/api/cases/${target.id}/attachments/${picture.id}`;
      expect(imageSources(note.html!)).toEqual([pictureUrl]);
      const forAgent = await agent.request({ method: 'GET', url: pictureUrl });
      expect(forAgent.rawPayload.equals(PNG)).toBe(true);

      expect((await timeline(customer, target.id)).map((m) => m.visibility)).toEqual(['public']);
      expect((await customer.request({ method: 'GET', url: pictureUrl })).statusCode).toBe(404);
      expect((await reseller.request({ method: 'GET', url: pictureUrl })).statusCode).toBe(404);
    });
  });
}
