import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { type Channel, TEST_PASSWORD } from '../../../../test/factories';
import { mail, receiveMail } from '../../../../test/mail';
import { logIn, type Session, type TestServer } from '../../../../test/test-server';

const MAILBOX = 'service@printwerk.example';

type Summary = {
  id: string;
  state: string;
  outcome: string | null;
  reason: { kind: string } | null;
  reasonText: string | null;
  error: string | null;
  caseNumber: string | null;
  from: string | null;
  subject: string | null;
  size: number;
};
type TimelineItem = {
  kind: string;
  body?: string;
  visibility: string;
  mail?: { id: string; reason: { kind: string } | null; reasonText: string | null; remoteImages?: number };
};

for (const dialect of DIALECTS) {
  describe(`mail routes [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let admin: Session;
    let agent: Session;
    let customer: Session;

    const receive = (raw: Buffer) => receiveMail(server.deps, raw, [MAILBOX], 'sender@elsewhere.example');
    // Our own address as sender: the intake suspects a loop and leaves it to a person.
    const loopMail = (subject: string) =>
      receive(
        mail([
          `From: Printwerk Service <${MAILBOX}>`,
          `To: ${MAILBOX}`,
          `Subject: ${subject}`,
          `Message-ID: <${subject.replace(/\W/g, '')}-${Date.now()}@printwerk.example>`,
          'Content-Type: text/plain; charset=utf-8',
          '',
          `Weitergeleitet: ${subject}. Bitte dem richtigen Fall zuordnen.`,
        ]),
      );
    const openCase = async (subject: string) => {
      const created = await agent.request({
        method: 'POST',
        url: '/api/cases',
        payload: { type: 'complaint', subject, description: 'Vorgang', customerId: channel.customerA1.id },
      });
      expect(created.statusCode).toBe(201);
      return created.json() as { id: string; number: string };
    };
    const timelineAs = async (session: Session, caseId: string) => {
      const response = await session.request({ method: 'GET', url: `/api/cases/${caseId}/timeline` });
      expect(response.statusCode).toBe(200);
      return (response.json() as { items: TimelineItem[] }).items;
    };

    beforeAll(async () => {
      ({ server, channel, admin, agent, customer } = await startChannelServer(
        dialect,
        {
          admin: 'operator_admin',
          agent: 'agent',
          customer: 'customer_user',
        },
        { rateLimitPerMinute: 100_000 },
      ));
      const created = await admin.request({
        method: 'POST',
        url: '/api/mailboxes',
        payload: { address: MAILBOX, name: 'Printwerk Service', autoReply: false },
      });
      expect(created.statusCode).toBe(201);
    });
    afterAll(async () => server.close());

    it('names the field of a bad mailbox address and never echoes the IMAP password', async () => {
      const bad = await admin.request({
        method: 'POST',
        url: '/api/mailboxes',
        payload: { address: 'not-an-address', name: 'Vertrieb' },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors).toContainEqual(expect.objectContaining({ field: 'address' }));

      const created = await admin.request({
        method: 'POST',
        url: '/api/mailboxes',
        payload: {
          address: 'Vertrieb@Printwerk.example',
          name: 'Vertrieb',
          smtpEnabled: false,
          imapUrl: 'imaps://vertrieb:streng-geheim@mail.printwerk.example:993',
        },
      });
      expect(created.statusCode).toBe(201);
      expect(created.body).not.toContain('streng-geheim');
      expect(created.json()).toMatchObject({
        address: 'vertrieb@printwerk.example',
        smtpEnabled: false,
        imap: { url: 'imaps://vertrieb:***@mail.printwerk.example:993', folder: 'INBOX' },
      });

      const renamed = await admin.request({
        method: 'PATCH',
        url: `/api/mailboxes/${created.json().id}`,
        payload: { name: 'Vertrieb Nord' },
      });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json()).toMatchObject({ name: 'Vertrieb Nord', imap: { url: expect.any(String) } });

      const list = await agent.request({ method: 'GET', url: '/api/mailboxes' });
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain('streng-geheim');
      expect(list.json().items.map((m: { address: string }) => m.address)).toContain(
        'vertrieb@printwerk.example',
      );

      // Only the operator admin configures mailboxes.
      const byAgent = await agent.request({
        method: 'POST',
        url: '/api/mailboxes',
        payload: { address: 'x@printwerk.example', name: 'X' },
      });
      expect(byAgent.statusCode).toBe(403);
    });

    it('lists a mail that could not be read in the needs-attention queue and hands out its exact bytes', async () => {
      const garbage = Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 13, 10, 0xc3, 0x28]);
      const { id, outcome } = await receive(garbage);
      expect(outcome).toBe('unparseable');

      const list = await agent.request({ method: 'GET', url: '/api/inbound-mail?state=needs_attention' });
      expect(list.statusCode).toBe(200);
      const body = list.json() as { items: Summary[]; needsAttention: number };
      const item = body.items.find((m) => m.id === id);
      expect(item).toMatchObject({
        state: 'needs_attention',
        outcome: 'unparseable',
        from: 'sender@elsewhere.example',
        size: garbage.length,
        caseNumber: null,
      });
      expect(item?.error).toMatch(/not a mail/);
      expect(body.needsAttention).toBeGreaterThanOrEqual(1);

      const detail = await agent.request({ method: 'GET', url: `/api/inbound-mail/${id}` });
      expect(detail.statusCode).toBe(200);
      expect(detail.json()).toMatchObject({
        id,
        envelope: { from: 'sender@elsewhere.example', to: [MAILBOX] },
        mailbox: { address: MAILBOX },
        messageId: null,
      });

      const raw = await agent.request({ method: 'GET', url: `/api/inbound-mail/${id}/raw` });
      expect(raw.statusCode).toBe(200);
      expect(raw.headers['content-type']).toBe('message/rfc822');
      expect(raw.headers['content-disposition']).toBe(`attachment; filename="${id}.eml"`);
      expect(raw.headers['x-content-type-options']).toBe('nosniff');
      expect(raw.rawPayload.equals(garbage)).toBe(true);

      const missing = await agent.request({
        method: 'GET',
        url: '/api/inbound-mail/00000000-0000-7000-8000-000000000000/raw',
      });
      expect(missing.statusCode).toBe(404);
    });

    it('pages the list by cursor without repeating or skipping a mail', async () => {
      for (const n of [1, 2, 3]) {
        await loopMail(`Seitenweise ${n}`);
        server.clock.advanceMinutes(1);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${cursor}` : '';
        const page = await agent.request({ method: 'GET', url: `/api/inbound-mail?limit=2${query}` });
        expect(page.statusCode).toBe(200);
        const json = page.json() as { items: Summary[]; nextCursor: string | null };
        seen.push(...json.items.map((m) => m.id));
        cursor = json.nextCursor;
      } while (cursor);
      const all = await agent.request({ method: 'GET', url: '/api/inbound-mail?limit=200' });
      expect(seen).toEqual((all.json().items as Summary[]).map((m) => m.id));
      expect(new Set(seen).size).toBe(seen.length);

      const badCursor = await agent.request({ method: 'GET', url: '/api/inbound-mail?cursor=nonsense' });
      expect(badCursor.statusCode).toBe(400);
    });

    it('files a needs-attention mail into a case as an internal note, once, and says so in the timeline', async () => {
      const kase = await openCase('Toner kommt nicht an');
      const { id, outcome } = await loopMail('Toner Lieferung');
      expect(outcome).toBe('ignored_loop');

      const wrongNumber = await agent.request({
        method: 'POST',
        url: `/api/inbound-mail/${id}/file`,
        payload: { caseNumber: 'CD-2026-999999' },
      });
      expect(wrongNumber.statusCode).toBe(400);
      expect(wrongNumber.json().errors).toContainEqual(expect.objectContaining({ field: 'caseNumber' }));

      const filed = await agent.request({
        method: 'POST',
        url: `/api/inbound-mail/${id}/file`,
        payload: { caseNumber: kase.number },
      });
      expect(filed.statusCode).toBe(200);
      expect(filed.json()).toEqual({ caseId: kase.id, caseNumber: kase.number });

      const again = await agent.request({
        method: 'POST',
        url: `/api/inbound-mail/${id}/file`,
        payload: { caseNumber: kase.number },
      });
      expect(again.statusCode).toBe(409);

      const detail = (await agent.request({ method: 'GET', url: `/api/inbound-mail/${id}` })).json();
      expect(detail).toMatchObject({
        state: 'processed',
        outcome: 'filed',
        caseNumber: kase.number,
        reason: { kind: 'filed-by-hand', caseNumber: kase.number },
      });

      const note = (await timelineAs(agent, kase.id)).find((e) => e.mail?.id === id);
      expect(note).toMatchObject({ visibility: 'internal', mail: { reason: { kind: 'filed-by-hand' } } });
      expect(note?.body).toContain('Weitergeleitet: Toner Lieferung');
      expect(note?.mail?.reasonText).toContain(`filed into ${kase.number}`);
      const audit = await server.deps.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', id)
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['inbound_mail.filed']);
    });

    it('opens a new case from a needs-attention mail for the chosen customer', async () => {
      const { id } = await loopMail('Neuer Auftrag');
      const filed = await agent.request({
        method: 'POST',
        url: `/api/inbound-mail/${id}/file`,
        payload: { customerId: channel.customerA2.id },
      });
      expect(filed.statusCode).toBe(200);
      const kase = await agent.request({ method: 'GET', url: `/api/cases/${filed.json().caseNumber}` });
      expect(kase.json()).toMatchObject({
        subject: 'Neuer Auftrag',
        channel: 'email',
        customer: { id: channel.customerA2.id },
      });
    });

    it('keeps the attachments of a mail filed by hand', async () => {
      const { id } = await receive(
        mail([
          `From: Printwerk Service <${MAILBOX}>`,
          `To: ${MAILBOX}`,
          'Subject: Lieferschein weitergeleitet',
          'MIME-Version: 1.0',
          'Content-Type: multipart/mixed; boundary="m"',
          '',
          '--m',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Der Lieferschein im Anhang.',
          '--m',
          'Content-Type: text/plain; charset=utf-8; name="lieferschein.txt"',
          'Content-Disposition: attachment; filename="lieferschein.txt"',
          '',
          'Lieferschein 2026-0815: 2 Toner',
          '--m--',
        ]),
      );
      const target = await openCase('Toner fehlt');
      const filed = await agent.request({
        method: 'POST',
        url: `/api/inbound-mail/${id}/file`,
        payload: { caseNumber: target.number },
      });
      expect(filed.statusCode).toBe(200);
      const note = (await timelineAs(agent, target.id)).find((e) =>
        (e as { body?: string }).body?.includes('Der Lieferschein im Anhang.'),
      ) as { attachments?: { id: string; fileName: string }[] } | undefined;
      expect(note?.attachments?.map((a) => a.fileName)).toEqual(['lieferschein.txt']);
      const download = await agent.request({
        method: 'GET',
        url: `/api/cases/${target.id}/attachments/${note!.attachments![0]!.id}`,
      });
      expect(download.body).toBe('Lieferschein 2026-0815: 2 Toner');
    });

    it('dismisses a needs-attention mail once, audited', async () => {
      const { id } = await loopMail('Nur Rauschen');
      const dismissed = await agent.request({ method: 'POST', url: `/api/inbound-mail/${id}/dismiss` });
      expect(dismissed.statusCode).toBe(204);
      const again = await agent.request({ method: 'POST', url: `/api/inbound-mail/${id}/dismiss` });
      expect(again.statusCode).toBe(409);
      const listed = (
        await agent.request({ method: 'GET', url: '/api/inbound-mail?state=needs_attention&limit=200' })
      ).json().items as Summary[];
      expect(listed.map((m) => m.id)).not.toContain(id);
      const audit = await server.deps.db
        .selectFrom('audit_log')
        .select(['action', 'actor_person_id'])
        .where('entity_id', '=', id)
        .execute();
      expect(audit).toEqual([{ action: 'inbound_mail.dismissed', actor_person_id: channel.users.agent.id }]);
    });

    it('tells the operator why a mail joined its case, and never the customer', async () => {
      const sender = channel.users.customer_user;
      const { id, outcome } = await receive(
        mail([
          `From: ${sender.name} <${sender.email}>`,
          `To: ${MAILBOX}`,
          'Subject: Papierstau im Fach 2',
          'Message-ID: <papierstau-1@kunde.example>',
          'MIME-Version: 1.0',
          'Content-Type: text/html; charset=utf-8',
          '',
          '<p>Papierstau seit heute.</p><img src="https://tracker.example/pixel.png" alt="">',
        ]),
      );
      expect(outcome).toBe('new_case');
      const detail = (await agent.request({ method: 'GET', url: `/api/inbound-mail/${id}` })).json();
      expect(detail).toMatchObject({ outcome: 'new_case', reasonText: 'new case: no match' });

      const operatorView = (await timelineAs(agent, detail.caseId)).find((e) => e.kind === 'message');
      expect(operatorView?.mail).toEqual({
        id,
        reason: { kind: 'new-case' },
        reasonText: 'new case: no match',
        remoteImages: 1,
      });
      const customerView = await timelineAs(customer, detail.caseId);
      const message = customerView.find((e) => e.kind === 'message');
      expect(message?.body).toContain('Papierstau');
      expect(customerView.every((e) => !('mail' in e))).toBe(true);
    });

    it('refuses every mail route to partners and customers', async () => {
      const { id } = await loopMail('Nicht für Partner');
      const partner = await logIn(server.app, channel.users.partner_admin.email, TEST_PASSWORD);
      const routes = [
        { method: 'GET', url: '/api/mailboxes' },
        { method: 'POST', url: '/api/mailboxes', payload: { address: 'p@example.com', name: 'Partner' } },
        { method: 'PATCH', url: `/api/mailboxes/${id}`, payload: { name: 'X' } },
        { method: 'GET', url: '/api/inbound-mail' },
        { method: 'GET', url: `/api/inbound-mail/${id}` },
        { method: 'GET', url: `/api/inbound-mail/${id}/raw` },
        { method: 'POST', url: `/api/inbound-mail/${id}/file`, payload: { caseNumber: 'CD-2026-000001' } },
        { method: 'POST', url: `/api/inbound-mail/${id}/dismiss` },
      ] as const;
      for (const session of [partner, customer]) {
        for (const route of routes) {
          const response = await session.request(route);
          expect([403, 404], `${route.method} ${route.url}`).toContain(response.statusCode);
        }
      }
      const still = (await agent.request({ method: 'GET', url: `/api/inbound-mail/${id}` })).json();
      expect(still.state).toBe('needs_attention');
    });
  });
}
