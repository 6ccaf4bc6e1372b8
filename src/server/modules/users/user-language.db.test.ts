import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { type Channel, TEST_PASSWORD } from '../../../../test/factories';
import { logIn, type Session, type TestServer } from '../../../../test/test-server';

for (const dialect of DIALECTS) {
  describe(`an operator admin sets a user's language and time zone [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let admin: Session;
    let partner: Session;
    let customer: Session;

    beforeAll(async () => {
      ({ server, channel, admin, partner, customer } = await startChannelServer(dialect, {
        admin: 'operator_admin',
        partner: 'partner_admin',
        customer: 'customer_user',
      }));
    });
    afterAll(async () => server.close());

    const patchAgent = (session: Session, payload: object) =>
      session.request({ method: 'PATCH', url: `/api/users/${channel.users.agent.id}`, payload });

    it('changes language and time zone, and the user logs in with them', async () => {
      const res = await patchAgent(admin, { locale: 'en', timeZone: 'Europe/London' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ locale: 'en', timeZone: 'Europe/London' });
      const agent = await logIn(server.app, channel.users.agent.email, TEST_PASSWORD);
      const session = await agent.request({ method: 'GET', url: '/api/auth/session' });
      expect(session.json().user).toMatchObject({ locale: 'en', timeZone: 'Europe/London' });
    });

    it('creates a user with a language and time zone', async () => {
      const res = await admin.request({
        method: 'POST',
        url: '/api/users',
        payload: {
          organisationId: channel.operator.id,
          name: 'Jana Lang',
          email: 'jana.lang@printwerk.test',
          roles: ['agent'],
          locale: 'en',
          timeZone: 'America/New_York',
        },
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ locale: 'en', timeZone: 'America/New_York' });
    });

    it('refuses an unknown language or time zone at its field', async () => {
      for (const [payload, field] of [
        [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
        [{ locale: 'fr' }, 'locale'],
      ] as const) {
        const res = await patchAgent(admin, payload);
        expect(res.statusCode).toBe(400);
        expect(res.json().errors[0].field).toBe(field);
      }
    });

    it('lets neither a partner admin nor a customer set an operator user’s language', async () => {
      for (const session of [partner, customer]) {
        const res = await patchAgent(session, { locale: 'de' });
        expect([403, 404]).toContain(res.statusCode);
      }
      const row = await server.deps.db
        .selectFrom('person')
        .select(['locale', 'time_zone'])
        .where('id', '=', channel.users.agent.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ locale: 'en', time_zone: 'Europe/London' });
    });
  });
}
