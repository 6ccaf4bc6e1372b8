import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordCall, startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import type { Channel } from '../../../../test/factories';
import { createTestMailbox, type OutboxMail, outboxMails } from '../../../../test/mail';
import type { Session, TestServer } from '../../../../test/test-server';
import { signToken } from '../../shared/signed-token';

const MAILBOX = 'service@printwerk.example';

for (const dialect of DIALECTS) {
  describe(`satisfaction survey and cause required [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let admin: Session;
    let agent: Session;
    let causeId: string;

    const newCase = (subject: string) => recordCall(agent, channel, subject);
    const resolve = (caseId: string, extra: Record<string, unknown> = {}) =>
      agent.request({
        method: 'PATCH',
        url: `/api/cases/${caseId}`,
        payload: { status: 'resolved', ...extra },
      });
    const resolutionMails = async (caseNumber: string): Promise<OutboxMail[]> =>
      (await outboxMails(server.deps)).filter(
        (m) =>
          m.to === channel.users.customer_user.email &&
          m.subject.includes(`[${caseNumber}]`) &&
          /erledigt|resolved/.test(m.subject),
      );
    const tokenIn = (mail: OutboxMail) => decodeURIComponent(/\/survey\/(\S+)/.exec(mail.text)![1]!);
    const publicGet = (token: string) =>
      server.app.inject({ method: 'GET', url: `/api/public/surveys/${encodeURIComponent(token)}` });
    const publicPost = (token: string, payload: unknown) =>
      server.app.inject({
        method: 'POST',
        url: `/api/public/surveys/${encodeURIComponent(token)}`,
        payload: payload as object,
      });

    beforeAll(async () => {
      ({ server, channel, admin, agent } = await startChannelServer(dialect, {
        admin: 'operator_admin',
        agent: 'agent',
      }));
      await createTestMailbox(server.deps, MAILBOX);
      const category = await admin.request({
        method: 'POST',
        url: '/api/causes',
        payload: { nameDe: 'Versand', nameEn: 'Shipping' },
      });
      const cause = await admin.request({
        method: 'POST',
        url: '/api/causes',
        payload: {
          parentId: category.json().id,
          nameDe: 'Paket in Filiale',
          nameEn: 'Parcel at post office',
        },
      });
      expect(cause.statusCode, cause.body).toBe(201);
      causeId = cause.json().id;
    });
    afterAll(async () => server?.close());

    it('mails the customer on resolution with a survey link that works once, without login', async () => {
      const kase = await newCase('Paket liegt in der Filiale');
      const resolved = await resolve(kase.id);
      expect(resolved.statusCode, resolved.body).toBe(200);
      const [mail, ...more] = await resolutionMails(kase.number);
      expect(more).toEqual([]);
      expect(mail).toMatchObject({
        subject: `[${kase.number}] Ihr Anliegen ist erledigt: Paket liegt in der Filiale`,
        locale: 'de',
      });
      expect(mail!.text).toContain('https://desk.example/survey/');
      expect(mail!.html).toContain('<a href="https://desk.example/survey/');

      const token = tokenIn(mail!);
      const shown = await publicGet(token);
      expect(shown.statusCode, shown.body).toBe(200);
      expect(shown.json()).toMatchObject({
        caseNumber: kase.number,
        subject: 'Paket liegt in der Filiale',
        language: 'de',
        answered: false,
      });

      const outOfRange = await publicPost(token, { score: 6 });
      expect(outOfRange.statusCode).toBe(400);
      expect(outOfRange.json().errors).toEqual([expect.objectContaining({ field: 'score' })]);

      const answered = await publicPost(token, { score: 4, comment: '  Schnell geholfen, danke!\u0007 ' });
      expect(answered.statusCode, answered.body).toBe(200);
      expect(answered.json()).toMatchObject({ answered: true, score: 4 });

      const twice = await publicPost(token, { score: 1 });
      expect(twice.statusCode).toBe(409);
      expect(twice.json().code).toBe('survey_already_answered');
      expect((await publicGet(token)).json()).toMatchObject({ answered: true, score: 4 });

      // The operator sees the answer on the case's timeline.
      const timeline = await agent.request({ method: 'GET', url: `/api/cases/${kase.id}/timeline` });
      expect(timeline.statusCode, timeline.body).toBe(200);
      expect(timeline.body).toContain('survey_answered');
      expect(timeline.body).toContain('Schnell geholfen, danke!');
      expect(timeline.body).not.toContain('\\u0007');
    });

    it('answers a bad or forged link with 404 and an expired one with 410', async () => {
      const bad = await publicGet('not-a-token');
      expect(bad.statusCode).toBe(404);
      expect(bad.json().detail ?? bad.body).toMatch(/not valid/);
      const forged = signToken(
        'another-secret-another-secret-another-secret',
        'case-survey',
        { s: 'x' },
        new Date('2030-01-01'),
      );
      expect((await publicPost(forged, { score: 5 })).statusCode).toBe(404);
      const unknownRow = signToken(
        server.deps.config.sessionSecret,
        'case-survey',
        { s: 'nope' },
        new Date('2030-01-01'),
      );
      expect((await publicGet(unknownRow)).statusCode).toBe(404);
      const expired = signToken(
        server.deps.config.sessionSecret,
        'case-survey',
        { s: 'x' },
        new Date('2026-01-01'),
      );
      const gone = await publicPost(expired, { score: 5 });
      expect(gone.statusCode).toBe(410);
      expect(gone.json().code).toBe('survey_expired');
    });

    it('writes the resolution mail in the contact’s language', async () => {
      await server.deps.db
        .updateTable('person')
        .set({ locale: 'en' })
        .where('id', '=', channel.users.customer_user.id)
        .execute();
      try {
        const kase = await newCase('Toner not recognised');
        expect((await resolve(kase.id)).statusCode).toBe(200);
        const [mail] = await resolutionMails(kase.number);
        expect(mail).toMatchObject({
          subject: `[${kase.number}] Your request has been resolved: Toner not recognised`,
          locale: 'en',
        });
        expect(mail!.text).toContain('How satisfied are you');
        expect((await publicGet(tokenIn(mail!))).json().language).toBe('en');
      } finally {
        await server.deps.db
          .updateTable('person')
          .set({ locale: 'de' })
          .where('id', '=', channel.users.customer_user.id)
          .execute();
      }
    });

    it('refuses to resolve without a cause once the admin requires one, naming causeId', async () => {
      const settings = () => agent.request({ method: 'GET', url: '/api/settings/cases' });
      expect((await settings()).json()).toMatchObject({ causeRequiredToResolve: false });
      const byAgent = await agent.request({
        method: 'PUT',
        url: '/api/settings/cases',
        payload: { causeRequiredToResolve: true },
      });
      expect(byAgent.statusCode).toBe(403);
      const byAdmin = await admin.request({
        method: 'PUT',
        url: '/api/settings/cases',
        payload: { causeRequiredToResolve: true },
      });
      expect(byAdmin.statusCode, byAdmin.body).toBe(200);
      expect((await settings()).json()).toMatchObject({ causeRequiredToResolve: true });
      try {
        const kase = await newCase('Werbegeschenk fehlt');
        const refused = await resolve(kase.id);
        expect(refused.statusCode).toBe(400);
        expect(refused.json().errors).toEqual([expect.objectContaining({ field: 'causeId' })]);
        expect(await resolutionMails(kase.number)).toEqual([]);
        // The cause in the same change, or set before, lets it through.
        const withCause = await resolve(kase.id, { causeId });
        expect(withCause.statusCode, withCause.body).toBe(200);
        expect(withCause.json()).toMatchObject({ status: 'resolved' });
        expect(await resolutionMails(kase.number)).toHaveLength(1);
      } finally {
        await admin.request({
          method: 'PUT',
          url: '/api/settings/cases',
          payload: { causeRequiredToResolve: false },
        });
      }
    });
  });
}
