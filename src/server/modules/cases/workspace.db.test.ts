import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import type { Channel } from '../../../../test/factories';
import type { Session, TestServer } from '../../../../test/test-server';

// A minimal PDF header and a PNG signature: enough for content sniffing.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4c50000000049454e44ae426082',
  'hex',
);

for (const dialect of DIALECTS) {
  describe(`case workspace [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let admin: Session;
    let agent: Session;
    let customer: Session;
    let partner: Session;
    let caseId: string;
    let caseNumber: string;

    beforeAll(async () => {
      ({ server, channel, admin, agent, customer, partner } = await startChannelServer(dialect, {
        admin: 'operator_admin',
        agent: 'agent',
        customer: 'customer_user',
        partner: 'partner_agent',
      }));
      const created = await customer.request({
        method: 'POST',
        url: '/api/cases',
        payload: { type: 'return', subject: 'Rücksendung Toner', description: 'Toner passt nicht.' },
      });
      caseId = created.json().id;
      caseNumber = created.json().number;
    });
    afterAll(async () => server.close());

    it('renders a text module with the case’s values and reports what is missing', async () => {
      const created = await agent.request({
        method: 'POST',
        url: '/api/text-modules',
        payload: {
          name: 'Eingang',
          language: 'de',
          body: 'Hallo {{contact.name}}, Fall {{case.number}} bei {{partner.name}}.',
          caseType: 'return',
        },
      });
      expect(created.statusCode).toBe(201);
      const typo = await agent.request({
        method: 'POST',
        url: '/api/text-modules',
        payload: { name: 'Tippfehler', language: 'de', body: 'Hallo {{kunde.name}}' },
      });
      expect(typo.statusCode).toBe(400);
      expect(typo.json().errors[0].field).toBe('body');
      const found = await agent.request({ method: 'GET', url: '/api/text-modules?q=eingang' });
      expect(found.json().items.map((m: { name: string }) => m.name)).toContain('Eingang');
      const rendered = await agent.request({
        method: 'POST',
        url: `/api/text-modules/${created.json().id}/render`,
        payload: { caseId: caseNumber },
      });
      expect(rendered.json().text).toBe(
        `Hallo ${channel.users.customer_user.name}, Fall ${caseNumber} bei Nordwest IT GmbH.`,
      );
      expect(rendered.json().missing).toEqual([]);
      expect((await customer.request({ method: 'GET', url: '/api/text-modules' })).statusCode).toBe(403);
    });

    it('saves list views per user and validates their filters', async () => {
      const saved = await agent.request({
        method: 'POST',
        url: '/api/saved-views',
        payload: { name: 'Meine offenen', filters: { status: ['open', 'new'], assignee: 'me' } },
      });
      expect(saved.statusCode).toBe(201);
      const bad = await agent.request({
        method: 'POST',
        url: '/api/saved-views',
        payload: { name: 'Kaputt', filters: { status: ['offen'] } },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].field).toMatch(/^filters\.status/);
      expect((await agent.request({ method: 'GET', url: '/api/saved-views' })).json().items).toHaveLength(1);
      expect((await admin.request({ method: 'GET', url: '/api/saved-views' })).json().items).toHaveLength(0);
      const foreignDelete = await admin.request({
        method: 'DELETE',
        url: `/api/saved-views/${saved.json().id}`,
      });
      expect(foreignDelete.statusCode).toBe(404);
    });

    it('keeps causes two levels deep and assigns only specific causes', async () => {
      const category = await admin.request({
        method: 'POST',
        url: '/api/causes',
        payload: { nameDe: 'Versand', nameEn: 'Shipping' },
      });
      const leaf = await admin.request({
        method: 'POST',
        url: '/api/causes',
        payload: {
          parentId: category.json().id,
          nameDe: 'Paket in Filiale',
          nameEn: 'Parcel at post office',
        },
      });
      const third = await admin.request({
        method: 'POST',
        url: '/api/causes',
        payload: { parentId: leaf.json().id, nameDe: 'Zu tief', nameEn: 'Too deep' },
      });
      expect(third.statusCode).toBe(400);
      const tree = (await agent.request({ method: 'GET', url: '/api/causes' })).json().items;
      expect(tree).toEqual([
        expect.objectContaining({
          nameDe: 'Versand',
          children: [expect.objectContaining({ nameDe: 'Paket in Filiale' })],
        }),
      ]);
      const onCategory = await agent.request({
        method: 'PATCH',
        url: `/api/cases/${caseId}`,
        payload: { causeId: category.json().id },
      });
      expect(onCategory.statusCode).toBe(400);
      const onLeaf = await agent.request({
        method: 'PATCH',
        url: `/api/cases/${caseId}`,
        payload: { causeId: leaf.json().id },
      });
      expect(onLeaf.json().cause).toEqual({ id: leaf.json().id, label: 'Versand › Paket in Filiale' });
    });

    it('stores uploads by content, sniffs the type and enforces visibility on download', async () => {
      const upload = (
        session: Session,
        body: Buffer,
        query: string,
        contentType = 'application/octet-stream',
      ) =>
        session.request({
          method: 'POST',
          url: `/api/cases/${caseId}/attachments?${query}`,
          payload: body,
          headers: { 'content-type': contentType },
        });
      // A PNG claiming to be a PDF is stored as what it is.
      const photo = await upload(customer, PNG, 'fileName=Lieferschein.pdf', 'application/pdf');
      expect(photo.statusCode, photo.body).toBe(201);
      expect(photo.json()).toMatchObject({
        mimeType: 'image/png',
        visibility: 'public',
        fileName: 'Lieferschein.pdf',
      });
      const internal = await upload(agent, PDF, 'fileName=Pr%C3%BCfbericht.pdf&visibility=internal');
      expect(internal.json().mimeType).toBe('application/pdf');
      const posted = await customer.request({
        method: 'POST',
        url: `/api/cases/${caseId}/messages`,
        payload: { body: 'Foto vom Paket', attachmentIds: [photo.json().id] },
      });
      expect(posted.statusCode).toBe(201);
      const timeline = (
        await customer.request({ method: 'GET', url: `/api/cases/${caseId}/timeline` })
      ).json().items;
      const message = timeline.find((e: { body?: string }) => e.body === 'Foto vom Paket');
      expect(message.attachments).toEqual([
        expect.objectContaining({ fileName: 'Lieferschein.pdf', mimeType: 'image/png' }),
      ]);

      const download = await customer.request({
        method: 'GET',
        url: `/api/cases/${caseId}/attachments/${photo.json().id}`,
      });
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toBe('image/png');
      expect(download.headers['content-disposition']).toMatch(/^attachment;/);
      expect(download.rawPayload.equals(PNG)).toBe(true);
      const hidden = await customer.request({
        method: 'GET',
        url: `/api/cases/${caseId}/attachments/${internal.json().id}`,
      });
      expect(hidden.statusCode).toBe(404);
      const reuse = await customer.request({
        method: 'POST',
        url: `/api/cases/${caseId}/messages`,
        payload: { body: 'nochmal', attachmentIds: [internal.json().id] },
      });
      expect(reuse.statusCode).toBe(400);
      expect(reuse.json().errors[0].field).toBe('attachmentIds');
    });

    it('keeps text and JSON files byte for byte', async () => {
      for (const [fileName, contentType, content] of [
        ['notiz.txt', 'text/plain', 'Seriennummer: SN-4711\nGekauft: 03/2026\n'],
        ['export.json', 'application/json', '{"order":"B-2026-7788","items":[1,2]}'],
      ] as const) {
        const uploaded = await customer.request({
          method: 'POST',
          url: `/api/cases/${caseId}/attachments?fileName=${fileName}`,
          payload: Buffer.from(content),
          headers: { 'content-type': contentType },
        });
        expect(uploaded.statusCode, uploaded.body).toBe(201);
        const download = await customer.request({
          method: 'GET',
          url: `/api/cases/${caseId}/attachments/${uploaded.json().id}`,
        });
        expect(download.rawPayload.toString('utf8')).toBe(content);
      }
    });

    it('refuses an upload over the size limit before storing anything', async () => {
      const big = Buffer.alloc(server.deps.config.cases.attachmentMaxBytes + 1, 1);
      const response = await agent.request({
        method: 'POST',
        url: `/api/cases/${caseId}/attachments?fileName=gross.bin`,
        payload: big,
        headers: { 'content-type': 'application/octet-stream' },
      });
      expect(response.statusCode).toBe(413);
      expect(response.headers['content-type']).toContain('application/problem+json');
    });

    // Last: it moves the clock past the link's expiry (and the sessions' lifetime).
    it('shows only public content behind a signed status link, and rejects a forged or expired one', async () => {
      await agent.request({
        method: 'POST',
        url: `/api/cases/${caseId}/messages`,
        payload: { body: 'Intern: Kunde zahlt spät', visibility: 'internal' },
      });
      await agent.request({
        method: 'POST',
        url: `/api/cases/${caseId}/messages`,
        payload: { body: 'Für Partner: Austauschgerät', visibility: 'partner' },
      });
      await agent.request({
        method: 'POST',
        url: `/api/cases/${caseId}/messages`,
        payload: { body: 'Wir holen den Toner ab.', visibility: 'public' },
      });
      const link = await agent.request({ method: 'POST', url: `/api/cases/${caseId}/status-link` });
      expect(link.statusCode).toBe(201);
      const token = decodeURIComponent(link.json().url.split('/status/')[1]);
      const view = await server.app.inject({
        method: 'GET',
        url: `/api/public/case-status/${encodeURIComponent(token)}`,
      });
      expect(view.statusCode).toBe(200);
      expect(view.json()).toMatchObject({ number: caseNumber, subject: 'Rücksendung Toner' });
      expect(view.body).toContain('Wir holen den Toner ab.');
      expect(view.body).not.toContain('zahlt spät');
      expect(view.body).not.toContain('Austauschgerät');
      const forged = await server.app.inject({
        method: 'GET',
        url: `/api/public/case-status/${encodeURIComponent(`${token.slice(0, -2)}xx`)}`,
      });
      expect(forged.statusCode).toBe(404);
      expect(
        (await partner.request({ method: 'POST', url: `/api/cases/${caseId}/status-link` })).statusCode,
      ).toBe(403);
      server.clock.advanceMinutes(31 * 24 * 60);
      const expired = await server.app.inject({
        method: 'GET',
        url: `/api/public/case-status/${encodeURIComponent(token)}`,
      });
      expect(expired.statusCode).toBe(404);
      expect(expired.json().detail).toMatch(/expired/);
    });
  });
}
