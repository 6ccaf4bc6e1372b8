import argon2 from 'argon2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DIALECTS } from '../../../../test/dialects';
import { buildChannel, buildUser, type Channel, TEST_PASSWORD } from '../../../../test/factories';
import { startMailDispatcher } from '../../../../test/mail';
import { startSmtpSink } from '../../../../test/smtp-sink';
import { logIn, startTestServer, type TestServer } from '../../../../test/test-server';

for (const dialect of DIALECTS) {
  describe(`authentication [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;

    beforeAll(async () => {
      // The per-address rate limit stays out of the way: the parallel-login test sends 20 at once.
      server = await startTestServer(dialect, { maxFailures: 3, lockMinutes: 15, rateLimitPerMinute: 1000 });
      channel = await buildChannel(server.deps);
    });
    afterAll(async () => server.close());

    const login = (email: string, password: string) =>
      server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
    const requestReset = (email: string) =>
      server.app.inject({ method: 'POST', url: '/api/auth/password-reset/request', payload: { email } });
    const confirmReset = (token: string, password: string) =>
      server.app.inject({
        method: 'POST',
        url: '/api/auth/password-reset/confirm',
        payload: { token, password },
      });
    /** The token of the reset link mailed to `email`, as it waits in the outbox. */
    const mailedResetToken = async (email: string) => {
      const row = await server.deps.db
        .selectFrom('outbox')
        .select('payload')
        .where('payload', 'like', '%reset-password?token=%')
        .where('payload', 'like', `%${email}%`)
        .executeTakeFirstOrThrow();
      return decodeURIComponent(JSON.parse(row.payload).text.match(/token=(\S+)/)[1]);
    };

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

    // What a caller can compare: everything but the request id.
    const answer = (response: { statusCode: number; json(): Record<string, unknown> }) => {
      const { requestId: _id, ...body } = response.json();
      return { status: response.statusCode, body };
    };

    it('gives the same answer for an unknown e-mail, a wrong password and a locked account', async () => {
      const user = await buildUser(server.deps, channel.operator, ['agent']);
      const unknown = await login('nobody@test.example', TEST_PASSWORD);
      const wrong = await login(user.email, 'wrong password!');
      for (let i = 0; i < 2; i++) await login(user.email, 'wrong password!');
      const locked = await login(user.email, TEST_PASSWORD);
      expect(unknown.statusCode).toBe(401);
      expect(answer(wrong)).toEqual(answer(unknown));
      expect(answer(locked)).toEqual(answer(unknown));
    });

    it('does the same work for every failed login: one password verification each', async () => {
      const user = await buildUser(server.deps, channel.operator, ['agent']);
      const verify = vi.spyOn(argon2, 'verify');
      try {
        const counted = async (email: string, password: string) => {
          verify.mockClear();
          const response = await login(email, password);
          return { status: response.statusCode, verifications: verify.mock.calls.length };
        };
        const unknown = await counted('nobody@test.example', TEST_PASSWORD);
        const wrong = await counted(user.email, 'wrong password!');
        await counted(user.email, 'wrong password!');
        await counted(user.email, 'wrong password!');
        const locked = await counted(user.email, TEST_PASSWORD);
        expect([unknown, wrong, locked]).toEqual([
          { status: 401, verifications: 1 },
          { status: 401, verifications: 1 },
          { status: 401, verifications: 1 },
        ]);
      } finally {
        verify.mockRestore();
      }
    });

    it('locks the account after repeated wrong passwords, even against the right one, until the lock expires', async () => {
      const user = await buildUser(server.deps, channel.operator, ['agent']);
      for (let i = 0; i < 3; i++) expect((await login(user.email, 'wrong password!')).statusCode).toBe(401);
      const locked = await login(user.email, TEST_PASSWORD);
      expect(locked.statusCode).toBe(401);
      server.clock.advanceMinutes(16);
      expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(200);
    });

    it('counts 20 parallel wrong passwords one by one: the account locks after 3 and no more are checked', async () => {
      const user = await buildUser(server.deps, channel.operator, ['agent']);
      const verify = vi.spyOn(argon2, 'verify');
      let answers: { status: number; body: Record<string, unknown> }[];
      let checked: number;
      try {
        const attempts = await Promise.all(
          Array.from({ length: 20 }, (_, i) => login(user.email, `wrong password ${i}`)),
        );
        answers = attempts.map(answer);
        // Only the real hash counts as a password check; the others ran against the dummy hash.
        checked = verify.mock.calls.filter(([hash]) => hash === user.password_hash).length;
      } finally {
        verify.mockRestore();
      }
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
      expect(answers[0]?.status).toBe(401);
      expect(checked).toBe(3);
      const row = await server.deps.db
        .selectFrom('person')
        .select(['failed_logins', 'locked_until'])
        .where('id', '=', user.id)
        .executeTakeFirstOrThrow();
      expect(row.failed_logins).toBe(3);
      expect(row.locked_until).toBe(new Date(server.clock.now().getTime() + 15 * 60_000).toISOString());
      expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(401);
      const locks = await server.deps.db
        .selectFrom('audit_log')
        .select('id')
        .where('entity_id', '=', user.id)
        .where('action', '=', 'person.locked')
        .execute();
      expect(locks).toHaveLength(1);
    });

    it('tells the owner of a locked account by mail, in their language, how to get back in', async () => {
      const user = await buildUser(server.deps, channel.partnerA, ['partner_agent'], {
        locale: 'en',
        time_zone: 'Europe/London',
      });
      for (let i = 0; i < 3; i++) await login(user.email, 'wrong password!');
      const mails = await server.deps.db
        .selectFrom('outbox')
        .select('payload')
        .where('payload', 'like', `%${user.email}%`)
        .execute();
      expect(mails).toHaveLength(1);
      const mail = JSON.parse(mails[0]!.payload);
      expect(mail).toMatchObject({ to: user.email, locale: 'en', subject: expect.stringMatching(/locked/) });
      // Now plus the 15 minutes' lock, in the user's own time zone.
      const until = new Date(server.clock.now().getTime() + 15 * 60_000);
      const clockTime = (timeZone: string) =>
        new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone }).format(until);
      expect(mail.text).toContain('after 3 wrong passwords');
      expect(mail.text).toContain(clockTime('Europe/London'));
      expect(mail.text).toContain('https://desk.example/forgot-password');

      const german = await buildUser(server.deps, channel.partnerA, ['partner_agent']);
      for (let i = 0; i < 3; i++) await login(german.email, 'falsches Passwort');
      const row = await server.deps.db
        .selectFrom('outbox')
        .select('payload')
        .where('payload', 'like', `%${german.email}%`)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(row.payload)).toMatchObject({
        locale: 'de',
        subject: expect.stringMatching(/gesperrt/),
      });
      expect(JSON.parse(row.payload).text).toContain(clockTime('Europe/Berlin'));
      expect(clockTime('Europe/Berlin')).not.toBe(clockTime('Europe/London'));
    });

    it('lifts a lock with a password reset', async () => {
      const user = await buildUser(server.deps, channel.operator, ['agent']);
      for (let i = 0; i < 3; i++) await login(user.email, 'wrong password!');
      await requestReset(user.email);
      const reset = await confirmReset(await mailedResetToken(user.email), 'ein ganz neues Passwort');
      expect(reset.statusCode).toBe(204);
      expect((await login(user.email, 'ein ganz neues Passwort')).statusCode).toBe(200);
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
      // Only this test's mail is delivered: earlier tests left lock notices in the outbox.
      await server.deps.db.deleteFrom('outbox').execute();
      const sink = await startSmtpSink();
      const dispatcher = startMailDispatcher(server, sink.url);
      try {
        const user = await buildUser(server.deps, channel.partnerA, ['partner_agent']);
        expect((await requestReset(user.email)).statusCode).toBe(202);
        expect((await requestReset('nobody@test.example')).statusCode).toBe(202);

        expect(await dispatcher.runOnce()).toBe(1);
        expect(sink.received).toHaveLength(1);
        const mail = sink.received[0]!;
        expect(mail.to).toEqual([user.email]);
        expect(mail.subject).toMatch(/Passwort/);
        const link = mail.text.match(/https:\/\/desk\.example\/reset-password\?token=(\S+)/);
        expect(link).not.toBeNull();
        const token = decodeURIComponent(link![1]!);

        const tooShort = await confirmReset(token, 'short');
        expect(tooShort.statusCode).toBe(400);
        expect(tooShort.json().errors[0].field).toBe('password');

        const confirmed = await confirmReset(token, 'ein ganz neues Passwort');
        expect(confirmed.statusCode).toBe(204);
        expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(401);
        expect((await login(user.email, 'ein ganz neues Passwort')).statusCode).toBe(200);

        const again = await confirmReset(token, 'noch ein Passwort!');
        expect(again.statusCode).toBe(400);
        expect(again.json().errors[0].field).toBe('token');
      } finally {
        await dispatcher.stop();
        await sink.close();
      }
    });

    it('rejects an expired reset link', async () => {
      const user = await buildUser(server.deps, channel.partnerA, ['partner_agent']);
      await requestReset(user.email);
      const token = await mailedResetToken(user.email);
      server.clock.advanceMinutes(61);
      const response = await confirmReset(token, 'ein ganz neues Passwort');
      expect(response.statusCode).toBe(400);
    });

    it('retries a failed mail delivery later with backoff instead of losing it', async () => {
      const dispatcher = startMailDispatcher(server, 'smtp://127.0.0.1:1');
      const user = await buildUser(server.deps, channel.partnerA, ['partner_agent']);
      await requestReset(user.email);
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
    });
  });
}
