import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects';
import { buildChannel, buildOrganisation, type Channel, TEST_PASSWORD } from '../../../../test/factories';
import { logIn, startTestServer, type TestServer } from '../../../../test/test-server';
import { newId } from '../../shared/ids';
import type { OrganisationRow } from '../organisations/organisation.table';
import { routeLead } from './lead-routing';
import { loadRoutingInput } from './lead-routing-input';
import { runRenewals } from './renewals';

// The renewal job reads partners and their open leads once per run; the leads it places in the run
// must still count against a partner's capacity, as they would lead by lead.

for (const dialect of DIALECTS) {
  describe(`renewal run and partner capacity [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let bremen: OrganisationRow;
    const customers: OrganisationRow[] = [];

    beforeAll(async () => {
      server = await startTestServer(dialect);
      channel = await buildChannel(server.deps);
      bremen = await buildOrganisation(server.deps, {
        kind: 'partner',
        name: 'Hansa Systeme GmbH',
        postal_code: '28195',
        city: 'Bremen',
      });
      const manager = await logIn(server.app, channel.users.channel_manager.email, TEST_PASSWORD);
      // Nordwest IT in Oldenburg takes two open leads; Hansa Systeme in Bremen (about 40 km) ten.
      for (const [partner, capacity] of [
        [channel.partnerA, 2],
        [bremen, 10],
      ] as const) {
        const response = await manager.request({
          method: 'PUT',
          url: `/api/organisations/${partner.id}/partner-profile`,
          payload: { serviceRadiusKm: 100, capacity, productLines: [] },
        });
        expect(response.statusCode, response.body).toBe(200);
      }
      // Three Oldenburg customers without a reseller of record, one printer each, due one after another.
      for (const [index, warrantyEnd] of ['2027-01-05', '2027-01-06', '2027-01-07'].entries()) {
        const customer = await buildOrganisation(server.deps, {
          kind: 'customer',
          name: `Oldenburger Kunde ${index + 1}`,
          postal_code: '26121',
          city: 'Oldenburg',
        });
        customers.push(customer);
        await server.deps.db
          .insertInto('asset')
          .values({
            id: newId(),
            serial: `PW-CAP-${index + 1}`,
            product_model: 'Printwerk LX 500',
            product_line: 'printers',
            customer_id: customer.id,
            purchase_date: '2024-01-10',
            warranty_end: warrantyEnd,
            specs: '{}',
            created_at: '2026-11-24T09:00:00.000Z',
            updated_at: '2026-11-24T09:00:00.000Z',
          })
          .execute();
      }
    });
    afterAll(async () => server.close());

    it('sends the third lead elsewhere once the nearest partner is full', async () => {
      const result = await runRenewals(server.deps);
      expect(result).toEqual({ created: 3, checked: 3 });
      const leads = await server.deps.db
        .selectFrom('lead')
        .innerJoin('asset', 'asset.id', 'lead.asset_id')
        .selectAll('lead')
        .where('lead.source', '=', 'renewal_job')
        .orderBy('asset.warranty_end')
        .execute();
      expect(
        leads.map((lead) => [lead.customer_id, lead.status, lead.partner_id, lead.routing_rule]),
      ).toEqual([
        [customers[0]!.id, 'offered', channel.partnerA.id, 'nearest'],
        [customers[1]!.id, 'offered', channel.partnerA.id, 'nearest'],
        [customers[2]!.id, 'offered', bremen.id, 'nearest'],
      ]);
      const third = leads[2]!;
      expect(JSON.parse(third.routing_candidates)).toContainEqual(
        expect.objectContaining({ partnerId: channel.partnerA.id, excluded: 'at_capacity' }),
      );
      // Single-lead routing with the same data (Nordwest IT holding two leads, Hansa Systeme none
      // besides this one) gives the same decision and explanation as the run stored.
      await server.deps.db
        .updateTable('lead')
        .set({ status: 'queued', partner_id: null })
        .where('id', '=', third.id)
        .execute();
      const alone = routeLead(await loadRoutingInput(server.deps.db, third));
      expect(alone.partnerId).toBe(bremen.id);
      expect(JSON.stringify(alone.explanation)).toBe(third.routing_explanation);
      expect(JSON.stringify(alone.candidates)).toBe(third.routing_candidates);
    });
  });
}
