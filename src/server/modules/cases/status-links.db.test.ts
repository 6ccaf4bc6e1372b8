import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { buildUser, type Channel, TEST_PASSWORD } from '../../../../test/factories';
import { logIn, type Session, type TestServer } from '../../../../test/test-server';
import { signToken } from '../../shared/signed-token';
import { statusLinkFor } from './status-link';

type Link = { id: string; url: string | null; state: string; origin: string; revokedBy: string | null };

for (const dialect of DIALECTS) {
  describe(`status links [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let admin: Session;
    let agent: Session;
    let customer: Session;
    let otherCustomer: Session;
    let partner: Session;
    let caseId: string;

    beforeAll(async () => {
      ({ server, channel, admin, agent, customer, partner } = await startChannelServer(dialect, {
        admin: 'operator_admin',
        agent: 'agent',
        customer: 'customer_user',
        partner: 'partner_admin',
      }));
      const stranger = await buildUser(server.deps, channel.customerB1, ['customer_user']);
      otherCustomer = await logIn(server.app, stranger.email, TEST_PASSWORD);
      const opened = await customer.request({
        method: 'POST',
        url: '/api/cases',
        payload: { type: 'complaint', subject: 'Festplatte erkennt Notebook nicht', description: 'USB-C' },
      });
      expect(opened.statusCode, opened.body).toBe(201);
      caseId = opened.json().id;
      await agent.request({
        method: 'POST',
        url: `/api/cases/${caseId}/messages`,
        payload: { body: 'Wir prüfen die Kompatibilität.', visibility: 'public' },
      });
    });
    afterAll(async () => server?.close());

    const tokenOf = (url: string) => decodeURIComponent(url.split('/status/')[1] ?? '');
    const view = (token: string) =>
      server.app.inject({ method: 'GET', url: `/api/public/case-status/${encodeURIComponent(token)}` });
    const list = async (by: Session) => {
      const response = await by.request({ method: 'GET', url: `/api/cases/${caseId}/status-links` });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{ items: Link[] }>().items;
    };

    it('lets the operator and the customer create links, and not a partner', async () => {
      const byCustomer = await customer.request({ method: 'POST', url: `/api/cases/${caseId}/status-links` });
      expect(byCustomer.statusCode, byCustomer.body).toBe(201);
      expect(byCustomer.json()).toMatchObject({ origin: 'manual', state: 'active', revokedAt: null });
      const byAgent = await agent.request({ method: 'POST', url: `/api/cases/${caseId}/status-link` });
      expect(byAgent.statusCode, byAgent.body).toBe(201);
      for (const url of [`/api/cases/${caseId}/status-links`, `/api/cases/${caseId}/status-link`]) {
        const byPartner = await partner.request({ method: 'POST', url });
        expect(byPartner.statusCode).toBe(403);
      }
      // A customer cannot make links to another customer's case: it does not exist for them.
      const foreign = await otherCustomer.request({
        method: 'POST',
        url: `/api/cases/${caseId}/status-links`,
      });
      expect(foreign.statusCode).toBe(404);

      const view1 = await view(tokenOf(byCustomer.json().url));
      expect(view1.statusCode).toBe(200);
      expect(view1.body).toContain('Wir prüfen die Kompatibilität.');
    });

    it('lists the case’s links for the operator and the customer, newest first; not for a partner', async () => {
      const forCustomer = await list(customer);
      const forOperator = await list(admin);
      expect(forCustomer.length).toBe(2);
      expect(forOperator.map((l) => l.id)).toEqual(forCustomer.map((l) => l.id));
      expect(
        forCustomer.every((l) => l.state === 'active' && l.url?.startsWith('https://desk.example/status/')),
      ).toBe(true);
      expect(
        (await partner.request({ method: 'GET', url: `/api/cases/${caseId}/status-links` })).statusCode,
      ).toBe(403);
      expect(
        (await otherCustomer.request({ method: 'GET', url: `/api/cases/${caseId}/status-links` })).statusCode,
      ).toBe(404);
    });

    it('revokes a link: it then answers that it was withdrawn, and the other links keep working', async () => {
      const [newest, older] = await list(customer);
      if (!newest?.url || !older?.url) throw new Error('two active links expected');
      const revoked = await customer.request({
        method: 'DELETE',
        url: `/api/cases/${caseId}/status-links/${newest.id}`,
      });
      expect(revoked.statusCode, revoked.body).toBe(200);
      expect(revoked.json()).toMatchObject({
        state: 'revoked',
        url: null,
        revokedBy: channel.users.customer_user.name,
      });

      const gone = await view(tokenOf(newest.url));
      expect(gone.statusCode).toBe(410);
      expect(gone.json()).toMatchObject({ code: 'status_link_revoked' });
      expect(gone.json().detail).toMatch(/withdrawn/);
      expect(gone.body).not.toContain('Festplatte');
      expect((await view(tokenOf(older.url))).statusCode).toBe(200);

      // Revoking twice changes nothing; an unknown link or another case's link is not found.
      const again = await agent.request({
        method: 'DELETE',
        url: `/api/cases/${caseId}/status-links/${newest.id}`,
      });
      expect(again.statusCode).toBe(200);
      expect(again.json().revokedBy).toBe(channel.users.customer_user.name);
      const unknown = await agent.request({
        method: 'DELETE',
        url: `/api/cases/${caseId}/status-links/00000000-0000-7000-8000-000000000000`,
      });
      expect(unknown.statusCode).toBe(404);
      const other = await agent.request({
        method: 'POST',
        url: '/api/cases',
        payload: {
          type: 'request',
          subject: 'Anderer Fall',
          description: 'x',
          customerId: channel.customerA1.id,
        },
      });
      const wrongCase = await agent.request({
        method: 'DELETE',
        url: `/api/cases/${other.json().id}/status-links/${older.id}`,
      });
      expect(wrongCase.statusCode).toBe(404);
      expect((await view(tokenOf(older.url))).statusCode).toBe(200);
      const malformed = await agent.request({
        method: 'DELETE',
        url: `/api/cases/${caseId}/status-links/nope`,
      });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().errors[0].field).toBe('linkId');

      const audit = await admin.request({
        method: 'GET',
        url: `/api/audit?entityType=case&entityId=${caseId}`,
      });
      expect(audit.body).toContain('case.status_link_revoked');
    });

    it('shares one link among the mails of a week, and makes a new one once it is revoked', async () => {
      const first = await server.deps.db
        .transaction()
        .execute((trx) => statusLinkFor(trx, server.deps, caseId, 'reply_mail'));
      const second = await server.deps.db
        .transaction()
        .execute((trx) => statusLinkFor(trx, server.deps, caseId, 'auto_reply'));
      expect(second.url).toBe(first.url);
      const mailLinks = (await list(agent)).filter((l) => l.origin !== 'manual');
      expect(mailLinks).toHaveLength(1);
      await agent.request({ method: 'DELETE', url: `/api/cases/${caseId}/status-links/${mailLinks[0]?.id}` });
      expect((await view(tokenOf(first.url))).statusCode).toBe(410);
      const third = await server.deps.db
        .transaction()
        .execute((trx) => statusLinkFor(trx, server.deps, caseId, 'reply_mail'));
      expect(third.url).not.toBe(first.url);
      expect((await view(tokenOf(third.url))).statusCode).toBe(200);
    });

    it('does not accept a signed link that names no kept link (it could not be revoked)', async () => {
      const legacy = signToken(
        server.deps.config.sessionSecret,
        'case-status',
        { c: caseId },
        new Date(server.clock.now().getTime() + 86_400_000),
      );
      const response = await view(legacy);
      expect(response.statusCode).toBe(404);
      expect(response.json().detail).toMatch(/no longer valid/);
    });
  });
}
