import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { buildOrganisation, type Channel } from '../../../../test/factories';
import type { Session, TestServer } from '../../../../test/test-server';
import * as migration from '../../db/migrations/2026_12_06_0002_partner_entries_and_status_links';
import type { UserScope } from '../../shared/scope';
import { countCases } from './counts';

// Who sees what when the customer's reseller of record changes in the middle of a case.

for (const dialect of DIALECTS) {
  describe(`partner visibility across a change of reseller of record [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let admin: Session;
    let agent: Session;
    let customer: Session;
    let partnerA: Session;
    let partnerB: Session;
    let partnerC: { id: string };

    beforeAll(async () => {
      ({ server, channel, admin, agent, customer, partnerA, partnerB } = await startChannelServer(dialect, {
        admin: 'operator_admin',
        agent: 'agent',
        customer: 'customer_user',
        partnerA: 'partner_agent',
        partnerB: 'otherPartnerAdmin',
      }));
      partnerC = await buildOrganisation(server.deps, { kind: 'partner', name: 'Drittes Systemhaus' });
    });
    afterAll(async () => server?.close());

    async function openCase(by: Session, payload: Record<string, unknown>): Promise<string> {
      const response = await by.request({
        method: 'POST',
        url: '/api/cases',
        payload: { type: 'fault', subject: 'Leitung gestört', description: 'Seit heute früh.', ...payload },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ id: string }>().id;
    }

    async function write(
      by: Session,
      caseId: string,
      body: string,
      visibility: string,
      attachmentIds: string[] = [],
    ) {
      const response = await by.request({
        method: 'POST',
        url: `/api/cases/${caseId}/messages`,
        payload: { body, visibility, attachmentIds },
      });
      expect(response.statusCode, response.body).toBe(201);
    }

    async function timelineText(by: Session, caseId: string): Promise<string> {
      const response = await by.request({ method: 'GET', url: `/api/cases/${caseId}/timeline` });
      expect(response.statusCode, response.body).toBe(200);
      return JSON.stringify(response.json().items);
    }

    async function listed(by: Session): Promise<string[]> {
      const response = await by.request({ method: 'GET', url: '/api/cases?limit=100' });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{ items: { id: string }[] }>().items.map((c) => c.id);
    }

    async function status(by: Session, url: string): Promise<number> {
      return (await by.request({ method: 'GET', url })).statusCode;
    }

    const scopeOfPartnerA = (): UserScope => ({
      kind: 'user',
      personId: channel.users.partner_agent.id,
      name: channel.users.partner_agent.name,
      email: channel.users.partner_agent.email,
      organisationId: channel.partnerA.id,
      organisationKind: 'partner',
      roles: ['partner_agent'],
      via: 'session',
    });

    it('follows the current reseller of record and keeps each partner’s notes with that partner', async () => {
      const customerId = channel.customerA1.id;
      // Case X: partner A opens it for its customer and is its partner. A partner note with a file.
      const caseX = await openCase(partnerA, { customerId });
      const upload = await partnerA.request({
        method: 'POST',
        url: `/api/cases/${caseX}/attachments?fileName=messprotokoll.txt&visibility=partner`,
        payload: Buffer.from('Sync-LED aus, Dämpfung 42 dB'),
        headers: { 'content-type': 'text/plain' },
      });
      expect(upload.statusCode, upload.body).toBe(201);
      const fileOfA = upload.json<{ id: string }>().id;
      await write(partnerA, caseX, 'Notiz von A: Router getauscht', 'partner', [fileOfA]);
      await write(agent, caseX, 'Hinweis an A: Techniker kommt Dienstag', 'partner');
      await write(customer, caseX, 'Kunde: Danke für die schnelle Hilfe', 'public');
      await write(agent, caseX, 'Intern: Kunde zahlt spät', 'internal');
      // Case Y: the operator puts partner C on it; A sees it only as the reseller of record.
      const caseY = await openCase(agent, { customerId, partnerId: partnerC.id });

      expect(await listed(partnerA)).toEqual(expect.arrayContaining([caseX, caseY]));
      expect(await listed(partnerB)).not.toContain(caseX);
      expect((await countCases(server.deps, scopeOfPartnerA())).all).toBe(2);

      // The operator moves the customer to partner B in the middle of the case.
      const moved = await admin.request({
        method: 'PUT',
        url: `/api/organisations/${customerId}/reseller-of-record`,
        payload: { partnerId: channel.partnerB.id, reason: 'Kunde wechselt zu Systemhaus Süd' },
      });
      expect(moved.statusCode, moved.body).toBe(200);

      // A former reseller of record loses the customer's cases unless it is still the case's partner.
      expect(await listed(partnerA)).toContain(caseX);
      expect(await listed(partnerA)).not.toContain(caseY);
      expect(await status(partnerA, `/api/cases/${caseY}`)).toBe(404);
      expect(await status(partnerA, `/api/cases/${caseY}/timeline`)).toBe(404);
      expect(await status(partnerA, `/api/organisations/${customerId}`)).toBe(404);
      expect((await countCases(server.deps, scopeOfPartnerA())).all).toBe(1);
      // The counters are the operator's: a partner is not let in at all.
      expect(await status(partnerA, '/api/cases/counts')).toBe(403);
      const onX = await timelineText(partnerA, caseX);
      expect(onX).toContain('Notiz von A');
      expect(onX).toContain('Hinweis an A');

      // The new reseller of record sees both cases, but not what was A's.
      expect(await listed(partnerB)).toEqual(expect.arrayContaining([caseX, caseY]));
      expect(await status(partnerB, `/api/organisations/${customerId}`)).toBe(200);
      const seenByB = await timelineText(partnerB, caseX);
      expect(seenByB).toContain('Kunde: Danke');
      expect(seenByB).not.toContain('Notiz von A');
      expect(seenByB).not.toContain('Hinweis an A');
      expect(seenByB).not.toContain('Intern');
      expect(seenByB).not.toContain('messprotokoll');
      expect(await status(partnerB, `/api/cases/${caseX}/attachments/${fileOfA}`)).toBe(404);
      expect(await status(partnerA, `/api/cases/${caseX}/attachments/${fileOfA}`)).toBe(200);
      // B cannot send A's file along with a message of its own either.
      const reuse = await partnerB.request({
        method: 'POST',
        url: `/api/cases/${caseX}/messages`,
        payload: { body: 'weitergeleitet', visibility: 'partner', attachmentIds: [fileOfA] },
      });
      expect(reuse.statusCode).toBe(400);

      // While A is the case's partner, the operator's partner notes on X still go to A.
      await write(agent, caseX, 'Hinweis an A: Ersatzteil bestellt', 'partner');
      expect(await timelineText(partnerB, caseX)).not.toContain('Ersatzteil');
      // B's own partner note is B's.
      await write(partnerB, caseX, 'Notiz von B: übernehme ab morgen', 'partner');
      expect(await timelineText(partnerA, caseX)).not.toContain('Notiz von B');

      // The operator puts B on the case: A loses it entirely; B still does not read A's notes.
      const handedOver = await agent.request({
        method: 'PATCH',
        url: `/api/cases/${caseX}`,
        payload: { partnerId: channel.partnerB.id },
      });
      expect(handedOver.statusCode, handedOver.body).toBe(200);
      expect(await listed(partnerA)).not.toContain(caseX);
      expect(await status(partnerA, `/api/cases/${caseX}`)).toBe(404);
      expect(await status(partnerA, `/api/cases/${caseX}/timeline`)).toBe(404);
      expect(await status(partnerA, `/api/cases/${caseX}/attachments/${fileOfA}`)).toBe(404);
      expect((await countCases(server.deps, scopeOfPartnerA())).all).toBe(0);
      await write(agent, caseX, 'Hinweis an B: bitte Termin abstimmen', 'partner');
      const afterHandOver = await timelineText(partnerB, caseX);
      expect(afterHandOver).toContain('Hinweis an B');
      expect(afterHandOver).toContain('Notiz von B');
      expect(afterHandOver).toContain('partner_changed'); // told to the partner now on the case
      expect(afterHandOver).not.toContain('Notiz von A');
      expect(afterHandOver).not.toContain('Ersatzteil');

      // The operator sees everything; the customer only what is public.
      const seenByOperator = await timelineText(agent, caseX);
      for (const text of [
        'Notiz von A',
        'Hinweis an A',
        'Ersatzteil',
        'Notiz von B',
        'Hinweis an B',
        'Intern',
      ]) {
        expect(seenByOperator).toContain(text);
      }
      const seenByCustomer = await timelineText(customer, caseX);
      expect(seenByCustomer).toContain('Kunde: Danke');
      for (const text of ['Notiz von', 'Hinweis an', 'Ersatzteil', 'Intern', 'partner_changed']) {
        expect(seenByCustomer).not.toContain(text);
      }
    });

    it('hands a partner note of the operator on a case without partner to the reseller of record', async () => {
      const walkIn = await buildOrganisation(server.deps, {
        kind: 'customer',
        resellerOfRecordId: channel.partnerB.id,
      });
      const caseId = await openCase(agent, { customerId: walkIn.id });
      const dropped = await agent.request({
        method: 'PATCH',
        url: `/api/cases/${caseId}`,
        payload: { partnerId: null },
      });
      expect(dropped.statusCode, dropped.body).toBe(200);
      await write(agent, caseId, 'Hinweis an den Fachhändler', 'partner');
      expect(await timelineText(partnerB, caseId)).toContain('Hinweis an den Fachhändler');
      expect(await status(partnerA, `/api/cases/${caseId}/timeline`)).toBe(404);
    });

    it('gives existing partner entries their partner organisation when the schema is upgraded', async () => {
      const customerId = channel.customerA2.id; // reseller of record: A
      const caseOfA = await openCase(partnerA, { customerId });
      await write(partnerA, caseOfA, 'alte Notiz von A', 'partner');
      const caseOfC = await openCase(agent, { customerId, partnerId: partnerC.id });
      await write(agent, caseOfC, 'alte Notiz an C', 'partner');
      const db = server.deps.db;
      // As the entries were before the upgrade: the column did not exist.
      await migration.down(db as never);
      await migration.up(db as never, dialect);
      const owners = await db
        .selectFrom('case_message')
        .select(['body_text', 'partner_organisation_id'])
        .where('body_text', 'in', [
          'alte Notiz von A',
          'alte Notiz an C',
          'Leitung gestört',
          'Seit heute früh.',
        ])
        .execute();
      const ownerOf = Object.fromEntries(owners.map((row) => [row.body_text, row.partner_organisation_id]));
      expect(ownerOf['alte Notiz von A']).toBe(channel.partnerA.id);
      expect(ownerOf['alte Notiz an C']).toBe(partnerC.id);
      expect(ownerOf['Seit heute früh.']).toBeNull(); // public entries belong to no partner
    });
  });
}
