import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { buildUser, type Channel } from '../../../../test/factories';
import { createTestMailbox, outboxMails } from '../../../../test/mail';
import type { Session, TestServer } from '../../../../test/test-server';

// A survey answer counts for the agent and group who resolved the case: a case handed to someone
// else after it was resolved (a follow-up, a clean-up of the queue) does not take the answer along.
for (const dialect of DIALECTS) {
  describe(`survey answers per agent and group [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let admin: Session;
    let agent: Session;
    let successor: { id: string; name: string };
    const groups = { shipping: '', returns: '' };

    const answerSurvey = async (caseNumber: string, score: number) => {
      const mail = (await outboxMails(server.deps)).find((m) =>
        m.subject.startsWith(`[${caseNumber}] Ihr Anliegen ist erledigt`),
      );
      const token = decodeURIComponent(/\/survey\/(\S+)/.exec(mail!.text)![1]!);
      const response = await server.app.inject({
        method: 'POST',
        url: `/api/public/surveys/${encodeURIComponent(token)}`,
        payload: { score },
      });
      expect(response.statusCode, response.body).toBe(200);
    };
    const surveyReport = async () => {
      const response = await admin.request({
        method: 'GET',
        url: '/api/reports/surveys?from=2026-11-01&to=2026-11-30',
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    const patch = async (caseId: string, payload: Record<string, unknown>) => {
      const response = await agent.request({ method: 'PATCH', url: `/api/cases/${caseId}`, payload });
      expect(response.statusCode, response.body).toBe(200);
    };

    beforeAll(async () => {
      ({ server, channel, admin, agent } = await startChannelServer(dialect, {
        admin: 'operator_admin',
        agent: 'agent',
      }));
      await createTestMailbox(server.deps, 'service@printwerk.example');
      successor = await buildUser(server.deps, channel.operator, ['agent']);
      for (const [key, name] of [
        ['shipping', 'Versand'],
        ['returns', 'Retouren'],
      ] as const) {
        const made = await admin.request({
          method: 'POST',
          url: '/api/groups',
          payload: { name, memberIds: [channel.users.agent.id, successor.id] },
        });
        expect(made.statusCode, made.body).toBe(201);
        groups[key] = made.json().id;
      }
    });
    afterAll(async () => server?.close());

    it('keeps the answer with the agent and group who resolved the case when it is reassigned', async () => {
      const created = await agent.request({
        method: 'POST',
        url: '/api/cases',
        payload: {
          type: 'complaint',
          subject: 'Zugabe fehlt in der Lieferung',
          customerId: channel.customerA1.id,
          contactId: channel.users.customer_user.id,
          description: 'Anruf.',
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const kase = created.json<{ id: string; number: string }>();
      await patch(kase.id, { assigneeId: channel.users.agent.id, groupId: groups.shipping });
      await patch(kase.id, { status: 'resolved' });
      // After the resolution the case moves to another agent and group, before and after the answer.
      await patch(kase.id, { assigneeId: successor.id, groupId: groups.returns });
      server.clock.advanceMinutes(60);
      await answerSurvey(kase.number, 5);
      await patch(kase.id, { assigneeId: successor.id, groupId: null });

      const report = await surveyReport();
      expect(report.byAgent).toEqual([
        expect.objectContaining({ key: channel.users.agent.id, name: channel.users.agent.name, answers: 1 }),
      ]);
      expect(report.byGroup).toEqual([
        expect.objectContaining({ key: groups.shipping, name: 'Versand', answers: 1, average: 5 }),
      ]);
    });

    it('credits whoever resolved a reopened case again while the survey is unanswered', async () => {
      const created = await agent.request({
        method: 'POST',
        url: '/api/cases',
        payload: {
          type: 'complaint',
          subject: 'Paket liegt in der Filiale',
          customerId: channel.customerA1.id,
          contactId: channel.users.customer_user.id,
          description: 'Anruf.',
        },
      });
      const kase = created.json<{ id: string; number: string }>();
      await patch(kase.id, {
        assigneeId: channel.users.agent.id,
        groupId: groups.shipping,
        status: 'resolved',
      });
      // The customer answers the first mail only after the case was reopened and resolved by the successor.
      await patch(kase.id, { status: 'open' });
      await patch(kase.id, { assigneeId: successor.id, groupId: groups.returns, status: 'resolved' });
      await answerSurvey(kase.number, 2);
      await patch(kase.id, { assigneeId: channel.users.agent.id, groupId: groups.shipping });

      const report = await surveyReport();
      expect(report.byAgent).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ key: successor.id, answers: 1, average: 2 }),
          expect.objectContaining({ key: channel.users.agent.id, answers: 1, average: 5 }),
        ]),
      );
      expect(report.byGroup).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ key: groups.returns, name: 'Retouren', answers: 1 }),
        ]),
      );
    });
  });
}
