import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { type Channel, createStandardSlaPolicy } from '../../../../test/factories';
import type { Session, TestServer } from '../../../../test/test-server';
import { connectDatabase } from '../../db/connect';
import type { DatabaseContext } from '../../db/database';
import { type Scheduler, startScheduler } from '../../jobs/scheduler';
import type { Deps } from '../../shared/deps';
import { handleBlockLiftTimer, handleDunningTimer, handleInvoiceRequestTimer } from '../billing/service';
import { handleLeadProtectionTimer } from '../channel/lead-placement';
import { handleRenewalTimer } from '../channel/renewals';
import { handleNotificationTimer } from '../notifications/worker';
import { closeResolvedCases, handleClockTimer, handleCommitmentTimer } from './escalation';

function schedulerFor(
  deps: Deps,
  server: TestServer,
  database: DatabaseContext = server.database,
): Scheduler {
  return startScheduler({
    database,
    clock: server.clock,
    logger: server.app.log,
    autoStart: false,
    handlers: {
      case_clock: (timer) => handleClockTimer({ ...deps, db: database.db }, timer),
      commitment: (timer) => handleCommitmentTimer({ ...deps, db: database.db }, timer),
      lead_protection: (timer) => handleLeadProtectionTimer({ ...deps, db: database.db }, timer),
      lead_renewals: (timer) => handleRenewalTimer({ ...deps, db: database.db }, timer),
      billing_dunning: (timer) => handleDunningTimer({ ...deps, db: database.db }, timer),
      billing_block_lift: (timer) => handleBlockLiftTimer({ ...deps, db: database.db }, timer),
      invoice_request: (timer) => handleInvoiceRequestTimer({ ...deps, db: database.db }, timer),
      notification: (timer) => handleNotificationTimer({ ...deps, db: database.db }, timer),
    },
  });
}

for (const dialect of DIALECTS) {
  describe(`SLA clocks and escalation [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let admin: Session;
    let agent: Session;
    let customer: Session;
    let scheduler: Scheduler;

    beforeAll(async () => {
      // The test clock starts Tuesday 2026-11-24 09:00 UTC = 10:00 in Berlin, inside business hours.
      ({ server, channel, admin, agent, customer } = await startChannelServer(dialect, {
        admin: 'operator_admin',
        agent: 'agent',
        customer: 'customer_user',
      }));
      await createStandardSlaPolicy(admin);
      scheduler = schedulerFor(server.deps, server);
    });
    afterAll(async () => {
      await scheduler?.stop();
      await server.close();
    });

    async function open(subject: string) {
      const response = await customer.request({
        method: 'POST',
        url: '/api/cases',
        payload: { type: 'complaint', subject, description: 'Bitte um Rückmeldung.' },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as { id: string; number: string };
    }
    const detail = async (id: string) =>
      (await agent.request({ method: 'GET', url: `/api/cases/${id}` })).json();
    const clock = (body: { clocks: { kind: string; dueAt?: string; state?: string }[] }, kind: string) =>
      body.clocks.find((c) => c.kind === kind);

    it('starts the clocks on a new case and shows due times in business hours', async () => {
      const created = await open('Rückruf gewünscht');
      const body = await detail(created.id);
      expect(clock(body, 'first_response')).toMatchObject({
        state: 'running',
        targetMinutes: 60,
        dueAt: '2026-11-24T10:00:00.000Z',
      });
      expect(clock(body, 'resolution')?.state).toBe('running');
      // Clocks are the operator's business: customers do not see them.
      expect(
        (await customer.request({ method: 'GET', url: `/api/cases/${created.id}` })).json(),
      ).not.toHaveProperty('clocks');
    });

    it('pauses while waiting for the customer and resumes when the customer answers', async () => {
      const created = await open('Seriennummer fehlt');
      await agent.request({
        method: 'PATCH',
        url: `/api/cases/${created.id}`,
        payload: { status: 'waiting_customer' },
      });
      expect(clock(await detail(created.id), 'first_response')).toMatchObject({
        state: 'paused',
        dueAt: null,
      });
      server.clock.advanceMinutes(30);
      await customer.request({
        method: 'POST',
        url: `/api/cases/${created.id}/messages`,
        payload: { body: 'SN 12345' },
      });
      const resumed = clock(await detail(created.id), 'first_response');
      expect(resumed?.state).toBe('running');
      // 30 minutes paused do not count: due 30 minutes later than without the pause.
      expect(resumed?.dueAt).toBe(
        new Date(Date.parse('2026-11-24T10:00:00.000Z') + 30 * 60_000).toISOString(),
      );
    });

    it('meets the first-response clock with a public reply and restarts the silence clock with every one', async () => {
      const created = await open('Antwort bitte');
      server.clock.advanceMinutes(10);
      await agent.request({
        method: 'POST',
        url: `/api/cases/${created.id}/messages`,
        payload: { body: 'Wir sind dran.', visibility: 'public' },
      });
      const body = await detail(created.id);
      expect(clock(body, 'first_response')).toMatchObject({ state: 'stopped', met: true });
      const silence = clock(body, 'silence') as { dueAt: string };
      server.clock.advanceMinutes(60);
      await agent.request({
        method: 'POST',
        url: `/api/cases/${created.id}/messages`,
        payload: { body: 'Zwischenstand.', visibility: 'public' },
      });
      const later = clock(await detail(created.id), 'silence') as { dueAt: string };
      expect(Date.parse(later.dueAt) - Date.parse(silence.dueAt)).toBe(60 * 60_000);
      // An internal note is not news for the customer: it does not restart the silence clock.
      server.clock.advanceMinutes(5);
      await agent.request({
        method: 'POST',
        url: `/api/cases/${created.id}/messages`,
        payload: { body: 'intern', visibility: 'internal' },
      });
      expect((clock(await detail(created.id), 'silence') as { dueAt: string }).dueAt).toBe(later.dueAt);
    });

    it('warns before a breach, then flags the breach, once each, and tells the assignee by mail', async () => {
      const created = await open('Drucker druckt nicht');
      await agent.request({
        method: 'PATCH',
        url: `/api/cases/${created.id}`,
        payload: { assigneeId: channel.users.agent.id },
      });
      const due = Date.parse(clock(await detail(created.id), 'first_response')?.dueAt as string);
      server.clock.advanceMinutes((due - server.clock.now().getTime()) / 60_000 - 10);
      await scheduler.runOnce();
      server.clock.advanceMinutes(11);
      await scheduler.runOnce();
      await scheduler.runOnce();
      const body = await detail(created.id);
      expect(body.breaching).toBe(true);
      expect(clock(body, 'first_response')).toMatchObject({ state: 'breached' });
      const events = (await agent.request({ method: 'GET', url: `/api/cases/${created.id}/timeline` })).json()
        .items;
      const types = events.map((e: { type?: string }) => e.type);
      expect(types.filter((t: string) => t === 'sla_warning')).toHaveLength(1);
      expect(types.filter((t: string) => t === 'sla_breached')).toHaveLength(1);
      const customerTypes = (
        await customer.request({ method: 'GET', url: `/api/cases/${created.id}/timeline` })
      )
        .json()
        .items.map((e: { type?: string }) => e.type);
      expect(customerTypes).not.toContain('sla_breached');
      const mails = await server.deps.db
        .selectFrom('outbox')
        .select('payload')
        .where('payload', 'like', `%${created.number}%`)
        .execute();
      const subjects = mails.map((m) => JSON.parse(m.payload).subject as string);
      expect(subjects.some((s) => s.includes('SLA'))).toBe(true);
      const breachingList = (
        await agent.request({ method: 'GET', url: '/api/cases?breaching=true&limit=200' })
      ).json().items;
      expect(breachingList.map((c: { id: string }) => c.id)).toContain(created.id);
    });

    it('escalates a missed commitment: broken, priority raised, owner notified, customer told', async () => {
      const created = await open('Rückruf bis Montag');
      const dueAt = new Date(server.clock.now().getTime() + 60 * 60_000).toISOString();
      await agent.request({
        method: 'POST',
        url: `/api/cases/${created.id}/commitments`,
        payload: { description: 'Rückruf bis 12 Uhr', dueAt },
      });
      server.clock.advanceMinutes(61);
      await scheduler.runOnce();
      const body = await detail(created.id);
      expect(body.commitments[0]).toMatchObject({ status: 'broken', overdue: true });
      expect(body.priority).toBe('high');
      expect(body.breaching).toBe(true);
      const customerTimeline = (
        await customer.request({ method: 'GET', url: `/api/cases/${created.id}/timeline` })
      ).json().items;
      expect(customerTimeline.map((e: { type?: string }) => e.type)).toContain('commitment_missed');
      const owner = await server.deps.db
        .selectFrom('outbox')
        .select('payload')
        .where('payload', 'like', `%${channel.users.agent.email}%`)
        .where('payload', 'like', '%Zusage verpasst%')
        .execute();
      expect(owner.length).toBeGreaterThan(0);
    });

    it('closes cases that stayed resolved past the configured days; closed is final', async () => {
      const created = await open('Erledigt');
      await agent.request({
        method: 'PATCH',
        url: `/api/cases/${created.id}`,
        payload: { status: 'resolved' },
      });
      server.clock.advanceMinutes(8 * 24 * 60);
      expect(await closeResolvedCases(server.deps)).toBeGreaterThan(0);
      expect((await detail(created.id)).status).toBe('closed');
    });

    if (dialect === 'postgres') {
      it('handles each due timer once when two workers run at the same time', async () => {
        const second = connectDatabase({ dialect: 'postgres', url: server.database.url }, { poolSize: 3 });
        try {
          const created = await open('Zwei Worker');
          server.clock.advanceMinutes(24 * 60 * 3);
          const other = schedulerFor(server.deps, server, second);
          await Promise.all([scheduler.runOnce(), other.runOnce()]);
          await other.stop();
          const events = (
            await agent.request({ method: 'GET', url: `/api/cases/${created.id}/timeline` })
          ).json().items;
          const breaches = events.filter(
            (e: { type?: string; data?: { clock?: string } }) =>
              e.type === 'sla_breached' && e.data?.clock === 'first_response',
          );
          expect(breaches).toHaveLength(1);
        } finally {
          await second.close();
        }
      });
    }
  });
}
