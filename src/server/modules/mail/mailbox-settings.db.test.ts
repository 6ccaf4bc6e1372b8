import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import type { Session, TestServer } from '../../../../test/test-server';

type Problem = { errors: { field: string }[] };

for (const dialect of DIALECTS) {
  describe(`an operator admin changes a mailbox's settings [${dialect}]`, () => {
    let server: TestServer;
    let admin: Session;
    let partner: Session;
    let customer: Session;
    let serviceId: string;

    beforeAll(async () => {
      ({ server, admin, partner, customer } = await startChannelServer(dialect, {
        admin: 'operator_admin',
        partner: 'partner_admin',
        customer: 'customer_user',
      }));
      for (const [address, name] of [
        ['service@printwerk.test', 'Service'],
        ['vertrieb@printwerk.test', 'Vertrieb'],
      ]) {
        const created = await admin.request({
          method: 'POST',
          url: '/api/mailboxes',
          payload: { address, name },
        });
        expect(created.statusCode).toBe(201);
        if (name === 'Service') serviceId = created.json<{ id: string }>().id;
      }
    });
    afterAll(async () => server.close());

    const patch = (session: Session, payload: object) =>
      session.request({ method: 'PATCH', url: `/api/mailboxes/${serviceId}`, payload });

    it('refuses another mailbox’s address at the address field with 409, not a server error', async () => {
      const res = await patch(admin, { address: 'Vertrieb@printwerk.test' });
      expect(res.statusCode).toBe(409);
      expect(res.json<Problem>().errors[0]?.field).toBe('address');
      // Its own address again is no conflict.
      expect((await patch(admin, { address: 'service@printwerk.test' })).statusCode).toBe(200);
    });

    it('names the field of a bad IMAP address, folder or group', async () => {
      for (const [payload, field] of [
        [{ imapUrl: 'http://mail.example' }, 'imapUrl'],
        [{ imapFolder: '' }, 'imapFolder'],
        [{ groupId: '00000000-0000-4000-8000-000000000000' }, 'groupId'],
        [{ caseType: 'holiday' }, 'caseType'],
      ] as const) {
        const res = await patch(admin, payload);
        expect(res.statusCode).toBe(400);
        expect(res.json<Problem>().errors[0]?.field).toBe(field);
      }
    });

    it('changes every setting: group, case type, language, SMTP, IMAP folders, auto-reply, active', async () => {
      const group = await admin.request({ method: 'POST', url: '/api/groups', payload: { name: 'Technik' } });
      const res = await patch(admin, {
        groupId: group.json<{ id: string }>().id,
        caseType: 'complaint',
        language: 'en',
        smtpEnabled: false,
        imapUrl: 'imaps://service:geheim@mail.printwerk.test:993',
        imapFolder: 'Posteingang',
        imapDoneFolder: 'Erledigt',
        autoReply: false,
        active: false,
      });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('geheim');
      expect(res.json()).toMatchObject({
        caseType: 'complaint',
        language: 'en',
        smtpEnabled: false,
        imap: { folder: 'Posteingang', doneFolder: 'Erledigt' },
        autoReply: false,
        active: false,
      });
    });

    it('lets neither a partner nor a customer read or change mailboxes', async () => {
      for (const session of [partner, customer]) {
        expect((await patch(session, { name: 'Übernommen' })).statusCode).toBe(403);
        expect((await session.request({ method: 'GET', url: '/api/mailboxes' })).statusCode).toBe(403);
      }
    });
  });
}
