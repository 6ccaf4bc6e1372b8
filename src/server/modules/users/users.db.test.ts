import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { type Channel, TEST_PASSWORD } from '../../../../test/factories';
import { logIn, type Session, type TestServer } from '../../../../test/test-server';

for (const dialect of DIALECTS) {
  describe(`users [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let admin: Session;
    let partnerAdmin: Session;

    beforeAll(async () => {
      ({ server, channel, admin, partnerAdmin } = await startChannelServer(dialect, {
        admin: 'operator_admin',
        partnerAdmin: 'partner_admin',
      }));
    });
    afterAll(async () => server.close());

    it('lets an operator admin create a user who can log in at once', async () => {
      const response = await admin.request({
        method: 'POST',
        url: '/api/users',
        payload: {
          organisationId: channel.operator.id,
          name: 'Jana Petersen',
          email: 'Jana.Petersen@Printwerk.example',
          roles: ['agent'],
          password: 'sicheres Passwort 1',
        },
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({
        email: 'jana.petersen@printwerk.example',
        roles: ['agent'],
        canLogIn: true,
      });
      await expect(
        logIn(server.app, 'jana.petersen@printwerk.example', 'sicheres Passwort 1'),
      ).resolves.toBeTruthy();
    });

    it('invites a user without a password by mail', async () => {
      const response = await partnerAdmin.request({
        method: 'POST',
        url: '/api/users',
        payload: {
          organisationId: channel.partnerA.id,
          name: 'Lars Techniker',
          email: 'lars@nordwest.example',
          roles: ['partner_agent'],
        },
      });
      expect(response.statusCode).toBe(201);
      expect(response.json().canLogIn).toBe(false);
      const mail = await server.deps.db
        .selectFrom('outbox')
        .select('payload')
        .where('payload', 'like', '%lars@nordwest.example%')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(mail.payload).text).toContain('/reset-password?token=');
    });

    it('keeps a partner admin inside its own organisation', async () => {
      const elsewhere = await partnerAdmin.request({
        method: 'POST',
        url: '/api/users',
        payload: {
          organisationId: channel.partnerB.id,
          name: 'Eindringling',
          email: 'x@evil.example',
          roles: ['partner_admin'],
        },
      });
      expect(elsewhere.statusCode).toBe(404);
      const operatorRole = await partnerAdmin.request({
        method: 'POST',
        url: '/api/users',
        payload: {
          organisationId: channel.partnerA.id,
          name: 'Zu viel Macht',
          email: 'y@evil.example',
          roles: ['operator_admin'],
        },
      });
      expect(operatorRole.statusCode).toBe(400);
      expect(operatorRole.json().errors[0].field).toBe('roles');
      const list = await partnerAdmin.request({ method: 'GET', url: '/api/users' });
      const organisations = new Set(
        list.json().items.map((p: { organisationId: string }) => p.organisationId),
      );
      expect([...organisations]).toEqual([channel.partnerA.id]);
      const otherUser = await partnerAdmin.request({
        method: 'PATCH',
        url: `/api/users/${channel.users.otherPartnerAdmin.id}`,
        payload: { active: false },
      });
      expect(otherUser.statusCode).toBe(404);
    });

    it('refuses a second person with the same e-mail', async () => {
      const response = await admin.request({
        method: 'POST',
        url: '/api/users',
        payload: {
          organisationId: channel.operator.id,
          name: 'Doppelt',
          email: channel.users.agent.email.toUpperCase(),
        },
      });
      expect(response.statusCode).toBe(409);
      expect(response.json().errors[0].field).toBe('email');
    });

    it('does not tell a partner admin whether an address belongs to someone outside its organisation', async () => {
      const stranger = channel.users.otherPartnerAdmin;
      const before = await server.deps.db
        .selectFrom('person')
        .selectAll()
        .where('id', '=', stranger.id)
        .executeTakeFirstOrThrow();
      const create = (email: string) =>
        partnerAdmin.request({
          method: 'POST',
          url: '/api/users',
          payload: {
            organisationId: channel.partnerA.id,
            name: 'Neue Kollegin',
            email,
            roles: ['partner_agent'],
          },
        });
      const fresh = await create('neu.kollegin@nordwest.example');
      const taken = await create(stranger.email.toUpperCase());
      const shape = (response: { statusCode: number; json(): Record<string, unknown> }) => ({
        status: response.statusCode,
        keys: Object.keys(response.json()).sort(),
        organisationId: response.json().organisationId,
        canLogIn: response.json().canLogIn,
      });
      expect(shape(taken)).toEqual(shape(fresh));
      expect(taken.json().email).toBe(stranger.email);

      // Nothing happened to the other organisation's person, and no second person exists.
      const after = await server.deps.db
        .selectFrom('person')
        .selectAll()
        .where('email', '=', stranger.email)
        .execute();
      expect(after).toEqual([before]);
      // The owner of the address hears of it; the operator sees it in the audit log.
      const mail = await server.deps.db
        .selectFrom('outbox')
        .select('payload')
        .where('payload', 'like', `%${stranger.email}%`)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(mail.payload)).toMatchObject({
        to: stranger.email,
        subject: expect.stringMatching(/Adresse/),
        text: expect.stringContaining('Nordwest IT GmbH'),
      });
      const audit = await admin.request({ method: 'GET', url: `/api/audit?entityId=${stranger.id}` });
      expect(audit.json().items[0]).toMatchObject({ action: 'person.create_refused' });
    });

    it('names a taken address to whoever can see its owner anyway', async () => {
      const ownCustomer = await partnerAdmin.request({
        method: 'POST',
        url: '/api/users',
        payload: {
          organisationId: channel.partnerA.id,
          name: 'Doppelt',
          email: channel.users.customer_user.email,
        },
      });
      expect(ownCustomer.statusCode).toBe(409);
      expect(ownCustomer.json().errors[0].field).toBe('email');
      const forOperator = await admin.request({
        method: 'POST',
        url: '/api/users',
        payload: {
          organisationId: channel.operator.id,
          name: 'Doppelt',
          email: channel.users.otherPartnerAdmin.email,
        },
      });
      expect(forOperator.statusCode).toBe(409);
    });

    it('creates a person once when the same new address is sent several times at once', async () => {
      const responses = await Promise.all(
        Array.from({ length: 5 }, () =>
          admin.request({
            method: 'POST',
            url: '/api/users',
            payload: {
              organisationId: channel.operator.id,
              name: 'Gleichzeitig',
              email: 'gleichzeitig@printwerk.example',
              roles: ['agent'],
              password: 'sicheres Passwort 1',
            },
          }),
        ),
      );
      expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
    });

    it('blocks a deactivated user at once, and audits the change without the password hash', async () => {
      const user = channel.users.billing_clerk;
      const session = await logIn(server.app, user.email, TEST_PASSWORD);
      const response = await admin.request({
        method: 'PATCH',
        url: `/api/users/${user.id}`,
        payload: { active: false },
      });
      expect(response.json().active).toBe(false);
      expect((await session.request({ method: 'GET', url: '/api/auth/session' })).statusCode).toBe(401);
      const audit = await admin.request({ method: 'GET', url: `/api/audit?entityId=${user.id}` });
      const entry = audit.json().items[0];
      expect(entry).toMatchObject({ action: 'person.updated', before: { active: 1 }, after: { active: 0 } });
      expect(JSON.stringify(entry)).not.toContain('argon2');
    });

    it('lets every user change their own language and time zone, and rejects an unknown zone', async () => {
      const customer = await logIn(server.app, channel.users.customer_user.email, TEST_PASSWORD);
      const ok = await customer.request({
        method: 'PATCH',
        url: '/api/me',
        payload: { locale: 'en', timeZone: 'Europe/Vienna' },
      });
      expect(ok.json()).toMatchObject({ locale: 'en', timeZone: 'Europe/Vienna' });
      const bad = await customer.request({
        method: 'PATCH',
        url: '/api/me',
        payload: { timeZone: 'Mars/Olympus' },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].field).toBe('timeZone');
    });
  });
}
