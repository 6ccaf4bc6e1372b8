import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects';
import { buildChannel, buildOrganisation, TEST_PASSWORD } from '../../../../test/factories';
import { logIn, startTestServer } from '../../../../test/test-server';
import type { DialectName } from '../../db/dialect';
import { startScheduler } from '../../jobs/scheduler';
import { handleLeadProtectionTimer } from './lead-placement';

// Timeouts claimed together share one read of the partners (as a renewal run does). The leads must
// end up exactly where timer-by-timer handling with fresh reads puts them: capacity filled by an
// earlier lead of the batch counts for the later ones.

type Outcome = { status: string; partner: string | null; rule: string; code: string | undefined };

/** Three Oldenburg leads offered to Nordwest IT time out; Hansa Systeme (Bremen) takes one lead at most. */
async function timeOutThreeLeads(dialect: DialectName, batched: boolean): Promise<Outcome[]> {
  const server = await startTestServer(dialect);
  try {
    const channel = await buildChannel(server.deps);
    const bremen = await buildOrganisation(server.deps, {
      kind: 'partner',
      name: 'Hansa Systeme GmbH',
      postal_code: '28195',
      city: 'Bremen',
    });
    const manager = await logIn(server.app, channel.users.channel_manager.email, TEST_PASSWORD);
    for (const [partner, capacity] of [
      [channel.partnerA, null],
      [bremen, 1],
    ] as const) {
      const response = await manager.request({
        method: 'PUT',
        url: `/api/organisations/${partner.id}/partner-profile`,
        payload: { serviceRadiusKm: 100, capacity, productLines: [] },
      });
      expect(response.statusCode, response.body).toBe(200);
    }
    const ids: string[] = [];
    for (const kind of ['new_device', 'service_contract', 'other']) {
      const response = await manager.request({
        method: 'POST',
        url: '/api/leads',
        payload: { customerId: channel.directCustomer.id, kind },
      });
      expect(response.json().partnerId).toBe(channel.partnerA.id);
      ids.push(response.json().id);
      server.clock.advanceMinutes(1); // one after another, so the timers fall due in this order
    }
    server.clock.advanceMinutes(15 * 24 * 60);
    if (batched) {
      const scheduler = startScheduler({
        database: server.database,
        clock: server.clock,
        logger: server.app.log,
        autoStart: false,
        handlers: {
          lead_protection: (timer, batch) => handleLeadProtectionTimer(server.deps, timer, batch),
        } as Parameters<typeof startScheduler>[0]['handlers'],
      });
      expect(await scheduler.runOnce()).toBeGreaterThanOrEqual(3);
      await scheduler.stop();
    } else {
      const timers = await server.deps.db
        .selectFrom('timer')
        .selectAll()
        .where('kind', '=', 'lead_protection')
        .orderBy('due_at')
        .execute();
      for (const timer of timers) await handleLeadProtectionTimer(server.deps, timer);
    }
    const names = new Map([
      [channel.partnerA.id, channel.partnerA.name],
      [bremen.id, bremen.name],
    ]);
    const rows = await server.deps.db
      .selectFrom('lead')
      .select(['id', 'status', 'partner_id', 'routing_rule', 'routing_explanation'])
      .where('id', 'in', ids)
      .execute();
    return ids.map((id) => {
      const row = rows.find((r) => r.id === id)!;
      return {
        status: row.status,
        partner: row.partner_id === null ? null : (names.get(row.partner_id) ?? row.partner_id),
        rule: row.routing_rule,
        code: (JSON.parse(row.routing_explanation) as { code?: string }).code,
      };
    });
  } finally {
    await server.close();
  }
}

for (const dialect of DIALECTS) {
  describe(`lead timeouts in one batch [${dialect}]`, () => {
    it('place the leads as timer-by-timer handling does: the second and third find Hansa full', async () => {
      const oneByOne = await timeOutThreeLeads(dialect, false);
      expect(oneByOne).toEqual([
        { status: 'offered', partner: 'Hansa Systeme GmbH', rule: 'nearest', code: 'nearest' },
        { status: 'queued', partner: null, rule: 'queue', code: 'no_eligible_partner' },
        { status: 'queued', partner: null, rule: 'queue', code: 'no_eligible_partner' },
      ]);
      expect(await timeOutThreeLeads(dialect, true)).toEqual(oneByOne);
    });
  });
}
