import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects';
import { buildChannel, buildUser, type Channel, TEST_PASSWORD } from '../../../../test/factories';
import { startSmtpSink } from '../../../../test/smtp-sink';
import { logIn, startTestServer, type TestServer } from '../../../../test/test-server';
import { startOutboxDispatcher } from '../../jobs/dispatcher';
import { createMailSender } from '../mail/outbound';

for (const dialect of DIALECTS) {
  describe(`authentication [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;

    beforeAll(async () => {
      server = await startTestServer(dialect, { maxFailures: 3, lockMinutes: 15 });
      channel = await buildChannel(server.deps);
    });
    afterAll(async () => server.close());

    const login = (email: string, password: string) =>
      server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });

    it('logs in with an HTTP-only, SameSite session cookie and returns the user and a CSRF token', async () => {
      const response = await login(channel.users.agent.email, TEST_PASSWORD);
      expect(response.statusCode).toBe(200);
      const cookie = response.cookies.find((c) => c.name === 'cd_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: true, path: '/' });
      expect(response.json()).toMatchObject({
        user: {
          email: channel.users.agent.email,
          roles: ['agent'],
          organisation: { name: 'Printwerk Test AG', kind: 'operator' },
        },
        csrfToken: expect.any(String),
      });
    });

    it('gives the same answer for an unknown e-mail and a wrong password', async () => {
      const unknown = await login('nobody@test.example', TEST_PASSWORD);
      const wrong = await login(channel.users.agent.email, 'wrong password!');
      expect(unknown.statusCode).toBe(401);
      expect(wrong.statusCode).toBe(401);
      expect(unknown.json().detail).toBe(wrong.json().detail);
    });

    it('locks the account after repeated wrong passwords, even against the right one, until the lock expires', async () => {
      const user = await buildUser(server.deps, channel.operator, ['agent']);
      for (let i = 0; i < 3; i++) expect((await login(user.email, 'wrong password!')).statusCode).toBe(401);
      const locked = await login(user.email, TEST_PASSWORD);
      expect(locked.statusCode).toBe(423);
      expect(locked.json().detail).toMatch(/locked until/);
      server.clock.advanceMinutes(16);
      expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(200);
    });

    it('rejects a cookie-authenticated change without the CSRF token', async () => {
      const session = await logIn(server.app, channel.users.agent.email, TEST_PASSWORD);
      const withoutToken = await server.app.inject({
        method: 'PATCH',
        url: '/api/me',
        headers: { cookie: session.cookie },
        payload: { locale: 'en' },
      });
      expect(withoutToken.statusCode).toBe(403);
      expect(withoutToken.json().detail).toMatch(/CSRF/);
      const withToken = await session.request({ method: 'PATCH', url: '/api/me', payload: { locale: 'en' } });
      expect(withToken.statusCode).toBe(200);
      expect(withToken.json().locale).toBe('en');
    });

    it('ends the session on logout', async () => {
      const session = await logIn(server.app, channel.users.agent.email, TEST_PASSWORD);
      expect((await session.request({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
      expect((await session.request({ method: 'GET', url: '/api/auth/session' })).statusCode).toBe(401);
    });

    it('logs out everywhere: every session of the user ends', async () => {
      const laptop = await logIn(server.app, channel.users.billing_clerk.email, TEST_PASSWORD);
      const phone = await logIn(server.app, channel.users.billing_clerk.email, TEST_PASSWORD);
      expect((await laptop.request({ method: 'POST', url: '/api/auth/logout-all' })).statusCode).toBe(204);
      expect((await phone.request({ method: 'GET', url: '/api/auth/session' })).statusCode).toBe(401);
      expect((await laptop.request({ method: 'GET', url: '/api/auth/session' })).statusCode).toBe(401);
    });

    it('accepts scoped, revocable API tokens that are stored only as a hash', async () => {
      const session = await logIn(server.app, channel.users.partner_admin.email, TEST_PASSWORD);
      const created = await session.request({
        method: 'POST',
        url: '/api/api-tokens',
        payload: { name: 'ERP', scopes: ['read'] },
      });
      expect(created.statusCode).toBe(201);
      const { token, id } = created.json();
      expect(token).toMatch(/^cd_/);
      const stored = await server.deps.db
        .selectFrom('api_token')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(stored.token_hash).not.toContain(token);

      const bearer = { authorization: `Bearer ${token}` };
      const read = await server.app.inject({ method: 'GET', url: '/api/organisations', headers: bearer });
      expect(read.statusCode).toBe(200);
      // Same scope as the partner itself: only its own organisation and customers.
      expect(read.json().items).toHaveLength(3);
      const write = await server.app.inject({
        method: 'PATCH',
        url: '/api/me',
        headers: bearer,
        payload: { locale: 'en' },
      });
      expect(write.statusCode).toBe(403);
      expect(write.json().detail).toMatch(/read-only/);

      const list = await session.request({ method: 'GET', url: '/api/api-tokens' });
      expect(list.json().items[0]).not.toHaveProperty('token');
      expect((await session.request({ method: 'DELETE', url: `/api/api-tokens/${id}` })).statusCode).toBe(
        204,
      );
      expect(
        (await server.app.inject({ method: 'GET', url: '/api/organisations', headers: bearer })).statusCode,
      ).toBe(401);
    });

    it('does not let customers create API tokens', async () => {
      const session = await logIn(server.app, channel.users.customer_user.email, TEST_PASSWORD);
      const response = await session.request({
        method: 'POST',
        url: '/api/api-tokens',
        payload: { name: 'x', scopes: ['read'] },
      });
      expect(response.statusCode).toBe(403);
    });

    it('resets a password through a signed link mailed over SMTP; the link works once', async () => {
      const sink = await startSmtpSink();
      const sender = createMailSender({
        smtpUrl: sink.url,
        from: 'desk@test.example',
        dataDir: server.database.dataDir,
      });
      const dispatcher = startOutboxDispatcher({
        database: server.database,
        clock: server.clock,
        handlers: { 'mail.send': (payload) => sender.send(payload) },
        logger: server.app.log,
        autoStart: false,
      });
      try {
        const user = await buildUser(server.deps, channel.partnerA, ['partner_agent']);
        const requested = await server.app.inject({
          method: 'POST',
          url: '/api/auth/password-reset/request',
          payload: { email: user.email },
        });
        expect(requested.statusCode).toBe(202);
        const unknown = await server.app.inject({
          method: 'POST',
          url: '/api/auth/password-reset/request',
          payload: { email: 'nobody@test.example' },
        });
        expect(unknown.statusCode).toBe(202);

        expect(await dispatcher.runOnce()).toBe(1);
        expect(sink.received).toHaveLength(1);
        const mail = sink.received[0]!;
        expect(mail.to).toEqual([user.email]);
        expect(mail.subject).toMatch(/Passwort/);
        const link = mail.text.match(/https:\/\/desk\.example\/reset-password\?token=(\S+)/);
        expect(link).not.toBeNull();
        const token = decodeURIComponent(link![1]!);

        const tooShort = await server.app.inject({
          method: 'POST',
          url: '/api/auth/password-reset/confirm',
          payload: { token, password: 'short' },
        });
        expect(tooShort.statusCode).toBe(400);
        expect(tooShort.json().errors[0].field).toBe('password');

        const confirmed = await server.app.inject({
          method: 'POST',
          url: '/api/auth/password-reset/confirm',
          payload: { token, password: 'ein ganz neues Passwort' },
        });
        expect(confirmed.statusCode).toBe(204);
        expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(401);
        expect((await login(user.email, 'ein ganz neues Passwort')).statusCode).toBe(200);

        const again = await server.app.inject({
          method: 'POST',
          url: '/api/auth/password-reset/confirm',
          payload: { token, password: 'noch ein Passwort!' },
        });
        expect(again.statusCode).toBe(400);
        expect(again.json().errors[0].field).toBe('token');
      } finally {
        await dispatcher.stop();
        sender.close();
        await sink.close();
      }
    });

    it('rejects an expired reset link', async () => {
      const user = await buildUser(server.deps, channel.partnerA, ['partner_agent']);
      await server.app.inject({
        method: 'POST',
        url: '/api/auth/password-reset/request',
        payload: { email: user.email },
      });
      const row = await server.deps.db
        .selectFrom('outbox')
        .select('payload')
        .where('payload', 'like', `%${user.email}%`)
        .executeTakeFirstOrThrow();
      const token = decodeURIComponent(JSON.parse(row.payload).text.match(/token=(\S+)/)[1]);
      server.clock.advanceMinutes(61);
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/auth/password-reset/confirm',
        payload: { token, password: 'ein ganz neues Passwort' },
      });
      expect(response.statusCode).toBe(400);
    });

    it('retries a failed mail delivery later with backoff instead of losing it', async () => {
      const sender = createMailSender({
        smtpUrl: 'smtp://127.0.0.1:1',
        from: 'desk@test.example',
        dataDir: server.database.dataDir,
      });
      const dispatcher = startOutboxDispatcher({
        database: server.database,
        clock: server.clock,
        handlers: { 'mail.send': (payload) => sender.send(payload) },
        logger: server.app.log,
        autoStart: false,
      });
      const user = await buildUser(server.deps, channel.partnerA, ['partner_agent']);
      await server.app.inject({
        method: 'POST',
        url: '/api/auth/password-reset/request',
        payload: { email: user.email },
      });
      await dispatcher.runOnce();
      const row = await server.deps.db
        .selectFrom('outbox')
        .selectAll()
        .where('payload', 'like', `%${user.email}%`)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });
      expect(row.last_error).toBeTruthy();
      expect(row.next_attempt_at > server.clock.now().toISOString()).toBe(true);
      // Not due yet: nothing is claimed on the next pass.
      expect(await dispatcher.runOnce()).toBe(0);
      await dispatcher.stop();
      sender.close();
    });
  });
}
