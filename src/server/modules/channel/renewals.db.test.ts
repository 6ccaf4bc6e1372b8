import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import type { Channel } from '../../../../test/factories';
import type { Session, TestServer } from '../../../../test/test-server';
import { connectDatabase } from '../../db/connect';
import { claimDueTimers } from '../../jobs/scheduler';
import { newId } from '../../shared/ids';
import { ensureRenewalTimer, handleRenewalTimer, runRenewals } from './renewals';

for (const dialect of DIALECTS) {
  describe(`renewal leads [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let manager: Session;
    let partner: Session;
    let printerId: string;

    async function addAsset(customerId: string, serial: string, warrantyEnd: string | null): Promise<string> {
      const id = newId();
      await server.deps.db
        .insertInto('asset')
        .values({
          id,
          serial,
          product_model: 'Printwerk LX 500',
          product_line: 'printers',
          customer_id: customerId,
          purchase_date: '2024-01-10',
          warranty_end: warrantyEnd,
          specs: '{}',
          created_at: '2026-11-24T09:00:00.000Z',
          updated_at: '2026-11-24T09:00:00.000Z',
        })
        .execute();
      return id;
    }

    async function renewalLeads() {
      return server.deps.db
        .selectFrom('lead')
        .select(['asset_id', 'renewal_key', 'source', 'kind', 'status', 'partner_id', 'product_line'])
        .where('source', '=', 'renewal_job')
        .orderBy('renewal_key')
        .execute();
    }

    beforeAll(async () => {
      ({ server, channel, manager, partner } = await startChannelServer(dialect, {
        manager: 'channel_manager',
        partner: 'partner_admin',
      }));
      // Today is 2026-11-24: within 60 days are warranty ends up to 2027-01-23.
      printerId = await addAsset(channel.customerA1.id, 'PW-S1', '2027-01-08');
      await addAsset(channel.customerA2.id, 'PW-LATER', '2027-06-01');
      await addAsset(channel.customerA2.id, 'PW-PAST', '2026-11-01');
      await addAsset(channel.customerB1.id, 'PW-NONE', null);
    });
    afterAll(async () => server.close());

    it('two runs at once make each lead exactly once', async () => {
      // On PostgreSQL a second connection pool, as a second worker process would have. SQLite's
      // driver is synchronous, so in one process its runs share the connection (two processes at
      // once are tried in cli.db.test.ts).
      const second =
        dialect === 'postgres' ? connectDatabase({ dialect, url: server.database.url }) : undefined;
      try {
        const results = await Promise.all([
          runRenewals(server.deps),
          runRenewals(second ? { ...server.deps, db: second.db } : server.deps),
          runRenewals(server.deps),
        ]);
        expect(results.map((r) => r.checked)).toEqual([1, 1, 1]);
        expect(results.reduce((sum, r) => sum + r.created, 0)).toBe(1);
      } finally {
        await second?.close();
      }
      const leads = await renewalLeads();
      expect(leads).toEqual([
        {
          asset_id: printerId,
          renewal_key: `${printerId}:2027-01-08`,
          source: 'renewal_job',
          kind: 'warranty_extension',
          status: 'offered',
          partner_id: channel.partnerA.id,
          product_line: 'printers',
        },
      ]);
    });

    it('a new warranty end is a new warranty period and makes a new lead', async () => {
      await server.deps.db
        .updateTable('asset')
        .set({ warranty_end: '2027-01-20' })
        .where('id', '=', printerId)
        .execute();
      const result = await runRenewals(server.deps);
      expect(result).toEqual({ created: 1, checked: 1 });
      expect((await renewalLeads()).map((lead) => lead.renewal_key)).toEqual([
        `${printerId}:2027-01-08`,
        `${printerId}:2027-01-20`,
      ]);
    });

    it('runs by hand for a given day for the channel manager, not for a partner', async () => {
      const forbidden = await partner.request({ method: 'POST', url: '/api/leads/renewals', payload: {} });
      expect(forbidden.statusCode).toBe(403);
      const bad = await manager.request({
        method: 'POST',
        url: '/api/leads/renewals',
        payload: { today: '1.4.2027' },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'today' })]);
      const run = await manager.request({
        method: 'POST',
        url: '/api/leads/renewals',
        payload: { today: '2027-04-15' },
      });
      expect(run.statusCode, run.body).toBe(200);
      expect(run.json()).toEqual({ created: 1, checked: 1 });
      const lead = (
        await manager.request({ method: 'GET', url: '/api/leads?kind=warranty_extension' })
      ).json().items[0];
      expect(lead).toMatchObject({
        source: 'renewal_job',
        asset: { serial: 'PW-LATER', warrantyEnd: '2027-06-01' },
        partnerId: channel.partnerA.id,
      });
      expect(lead.routing.rule).toBe('reseller_of_record');
    });

    it('is a daily timer claimed by one worker that sets its next run', async () => {
      await ensureRenewalTimer(server.deps.db, server.clock.now());
      await ensureRenewalTimer(server.deps.db, server.clock.now());
      const timers = await server.deps.db
        .selectFrom('timer')
        .selectAll()
        .where('kind', '=', 'lead_renewals')
        .execute();
      expect(timers).toEqual([
        expect.objectContaining({ subject_id: 'daily', due_at: '2026-11-25T02:00:00.000Z' }),
      ]);
      server.clock.advanceMinutes(18 * 60);
      const claimed = await claimDueTimers(server.database, server.clock, 10);
      const again = await claimDueTimers(server.database, server.clock, 10);
      expect(claimed.filter((t) => t.kind === 'lead_renewals')).toHaveLength(1);
      expect(again.filter((t) => t.kind === 'lead_renewals')).toHaveLength(0);
      await handleRenewalTimer(server.deps, claimed.find((t) => t.kind === 'lead_renewals')!);
      const next = await server.deps.db
        .selectFrom('timer')
        .selectAll()
        .where('kind', '=', 'lead_renewals')
        .execute();
      expect(next).toEqual([
        expect.objectContaining({
          subject_id: 'daily',
          due_at: '2026-11-26T02:00:00.000Z',
          locked_until: null,
        }),
      ]);
    });
  });
}
