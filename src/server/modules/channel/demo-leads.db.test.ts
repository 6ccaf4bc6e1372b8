import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects';
import { logIn, type Session, startTestServer, type TestServer } from '../../../../test/test-server';
import { seedDemoData } from '../demo/seed';
import type { Lead } from './lead-schemas';

for (const dialect of DIALECTS) {
  describe(`leads in the demo data [${dialect}]`, () => {
    let server: TestServer;
    let manager: Session;

    beforeAll(async () => {
      server = await startTestServer(dialect);
      expect(await seedDemoData(server.deps)).not.toBeNull();
      manager = await logIn(server.app, 'channel@printwerk.example', 'channeldesk-demo');
    }, 180_000);
    afterAll(async () => server.close());

    it('has leads in every state, with real routing explanations and histories', async () => {
      const leads: Lead[] = (await manager.request({ method: 'GET', url: '/api/leads?limit=200' })).json()
        .items;
      const statuses = new Set(leads.map((lead) => lead.status));
      for (const status of ['queued', 'offered', 'accepted', 'won', 'lost'])
        expect(statuses).toContain(status);
      const accepted = leads.find((lead) => lead.status === 'accepted');
      expect(accepted).toMatchObject({ stage: 'offer_sent', expectedValueCents: 480_000 });
      expect(leads.find((lead) => lead.status === 'won')?.outcome?.valueCents).toBe(312_000);
      const queued = leads.find((lead) => lead.status === 'queued');
      expect(queued?.routing.explanation?.code).toBe('reseller_of_record_not_active');
      const histories = await Promise.all(
        leads.map(
          async (lead) =>
            (await manager.request({ method: 'GET', url: `/api/leads/${lead.id}` })).json() as Lead,
        ),
      );
      const declined = histories.find((lead) => lead.history?.some((step) => step.action === 'declined'));
      expect(declined?.history?.map((step) => step.action)).toEqual([
        'created',
        'routed',
        'declined',
        'routed',
      ]);
      const worklist = (
        await manager.request({ method: 'GET', url: '/api/channel/worklist?kind=lead_queued' })
      ).json();
      expect(worklist.counts.lead_queued).toBeGreaterThan(0);
    });

    it('leaves Bäckerei Sommer’s printer to the renewal job, which routes it to Nordwest IT', async () => {
      const before: Lead[] = (await manager.request({ method: 'GET', url: '/api/leads?limit=200' })).json()
        .items;
      expect(before.some((lead) => lead.customer.name === 'Bäckerei Sommer GmbH')).toBe(false);
      const run = await manager.request({ method: 'POST', url: '/api/leads/renewals', payload: {} });
      expect(run.statusCode, run.body).toBe(200);
      expect(run.json().created).toBeGreaterThan(0);
      const leads: Lead[] = (
        await manager.request({ method: 'GET', url: '/api/leads?kind=warranty_extension&limit=200' })
      ).json().items;
      const sommer = leads.find((lead) => lead.customer.name === 'Bäckerei Sommer GmbH');
      expect(sommer).toMatchObject({
        status: 'offered',
        source: 'renewal_job',
        partner: { name: 'Nordwest IT GmbH' },
        routing: { rule: 'reseller_of_record' },
      });
    });
  });
}
