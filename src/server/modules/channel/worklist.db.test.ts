import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { buildOrganisation, type Channel, TEST_PASSWORD } from '../../../../test/factories';
import { logIn, type Session, startTestServer, type TestServer } from '../../../../test/test-server';
import { seedDemoData } from '../demo/seed';

type Item = {
  kind: string;
  severity: string;
  organisation: { id: string; number: string; name: string };
  partner?: { id: string; name: string; status?: string };
  asset?: { id: string; serial: string };
  detail: { code: string; params: Record<string, string> };
  fixPath: string;
};
type Worklist = { items: Item[]; counts: Record<string, number>; total: number };

for (const dialect of DIALECTS) {
  describe(`channel worklist [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let manager: Session;
    let admin: Session;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      ({ server, channel, manager, admin } = await startChannelServer(dialect, {
        manager: 'channel_manager',
        admin: 'operator_admin',
      }));
      const put = async (url: string, payload: Record<string, unknown>, method: 'PUT' | 'PATCH' = 'PUT') => {
        const response = await manager.request({ method, url, payload });
        expect(response.statusCode, response.body).toBe(200);
      };
      // Nordwest IT is located where it is; Systemhaus Süd has no profile at all.
      await put(`/api/organisations/${channel.partnerA.id}/partner-profile`, { status: 'active' });
      // A suspended and an inactive partner, each still reseller of record for one customer.
      const suspended = await buildOrganisation(server.deps, { kind: 'partner', name: 'Pausiert IT GmbH' });
      const inactive = await buildOrganisation(server.deps, { kind: 'partner', name: 'Geschlossen IT GmbH' });
      const ofSuspended = await buildOrganisation(server.deps, {
        kind: 'customer',
        name: 'Praxis Weber',
        resellerOfRecordId: suspended.id,
      });
      const ofInactive = await buildOrganisation(server.deps, {
        kind: 'customer',
        name: 'Tischlerei Lange',
        resellerOfRecordId: inactive.id,
      });
      await put(`/api/organisations/${suspended.id}/partner-profile`, { status: 'suspended' });
      await put(`/api/organisations/${inactive.id}/partner-profile`, { status: 'inactive' });
      // A partner that moved after it was located.
      const moved = await buildOrganisation(server.deps, { kind: 'partner', name: 'Umzug IT GmbH' });
      await put(`/api/organisations/${moved.id}/partner-profile`, { status: 'active' });
      await put(`/api/organisations/${moved.id}`, { postalCode: '28195', city: 'Bremen' }, 'PATCH');
      // Two printers of Bäckerei Sommer (Nordwest IT): one with Systemhaus Süd as its own record.
      for (const [serial, partnerId] of [
        ['WL-CONFLICT', channel.partnerB.id],
        ['WL-SAME', channel.partnerA.id],
      ] as const) {
        const response = await admin.request({
          method: 'POST',
          url: '/api/assets',
          payload: {
            serial,
            productModel: 'Printwerk LX 500',
            productLine: 'printers',
            customerId: channel.customerA1.id,
            resellerOfRecord: { partnerId, reason: 'Wartungsvertrag' },
          },
        });
        expect(response.statusCode, response.body).toBe(201);
      }
      Object.assign(ids, {
        suspended: suspended.id,
        inactive: inactive.id,
        ofSuspended: ofSuspended.id,
        ofInactive: ofInactive.id,
        moved: moved.id,
      });
    });
    afterAll(async () => server.close());

    const worklist = async (session: Session, query = ''): Promise<Worklist> => {
      const response = await session.request({ method: 'GET', url: `/api/channel/worklist${query}` });
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };

    it('lists customers whose reseller of record is suspended or inactive, most severe first', async () => {
      const list = await worklist(manager);
      const items = list.items.filter((item) => item.kind === 'reseller_inactive');
      expect(items.map((i) => [i.organisation.name, i.partner?.name, i.partner?.status, i.fixPath])).toEqual(
        expect.arrayContaining([
          ['Praxis Weber', 'Pausiert IT GmbH', 'suspended', `/organisations/${ids.ofSuspended}`],
          ['Tischlerei Lange', 'Geschlossen IT GmbH', 'inactive', `/organisations/${ids.ofInactive}`],
        ]),
      );
      expect(items).toHaveLength(2);
      expect(list.items[0]!.severity).toBe('high');
      expect(list.counts.reseller_inactive).toBe(2);
    });

    it('lists customers without a reseller of record', async () => {
      const list = await worklist(manager, '?kind=customer_without_reseller');
      expect(list.items.map((i) => [i.organisation.name, i.fixPath])).toEqual([
        ['Hotel Lindenhof', `/organisations/${channel.directCustomer.id}`],
      ]);
      expect(list.counts.customer_without_reseller).toBe(1);
    });

    it('lists active partners without a profile, without coordinates or moved since they were located', async () => {
      const list = await worklist(manager, '?kind=partner_without_coordinates');
      const byName = Object.fromEntries(list.items.map((i) => [i.organisation.name, i]));
      expect(Object.keys(byName).sort()).toEqual(['Systemhaus Süd GmbH', 'Umzug IT GmbH']);
      expect(byName['Systemhaus Süd GmbH']!.detail.code).toBe('partner_without_profile');
      expect(byName['Umzug IT GmbH']!.detail).toEqual({
        code: 'partner_moved',
        params: { located: '26121', postalCode: '28195' },
      });
      expect(byName['Umzug IT GmbH']!.fixPath).toBe(`/organisations/${ids.moved}`);
      // Located at their own postal code (suspended or not): nothing to do.
      expect(byName['Nordwest IT GmbH']).toBeUndefined();
      expect(byName['Pausiert IT GmbH']).toBeUndefined();
    });

    it('lists assets whose own reseller of record differs from their customer’s', async () => {
      const list = await worklist(manager, '?kind=asset_reseller_conflict');
      expect(
        list.items.map((i) => [i.asset?.serial, i.organisation.name, i.partner?.name, i.fixPath]),
      ).toEqual([
        [
          'WL-CONFLICT',
          'Bäckerei Sommer GmbH',
          'Systemhaus Süd GmbH',
          `/organisations/${channel.customerA1.id}`,
        ],
      ]);
      expect(list.items[0]!.detail.code).toBe('asset_reseller_differs');
      expect(list.counts.asset_reseller_conflict).toBe(1);
    });

    it('pages the list but counts all of it', async () => {
      const all = await worklist(admin);
      const page = await worklist(admin, '?limit=2&offset=1');
      expect(page.items).toEqual(all.items.slice(1, 3));
      expect(page.counts).toEqual(all.counts);
      expect(page.total).toBe(all.items.length);
      const bad = await admin.request({ method: 'GET', url: '/api/channel/worklist?limit=0' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('limit');
    });

    it('refuses partners, customers and other operator roles', async () => {
      for (const user of [
        channel.users.partner_admin,
        channel.users.customer_user,
        channel.users.agent,
      ] as const) {
        const session = await logIn(server.app, user.email, TEST_PASSWORD);
        const response = await session.request({ method: 'GET', url: '/api/channel/worklist' });
        expect(response.statusCode).toBe(403);
        expect(response.body).not.toContain('Tischlerei Lange');
      }
    });
  });

  describe(`channel worklist on the demo data [${dialect}]`, () => {
    let server: TestServer;

    beforeAll(async () => {
      server = await startTestServer(dialect);
      const seeded = await seedDemoData(server.deps);
      expect(seeded).not.toBeNull();
    }, 120_000);
    afterAll(async () => server.close());

    it('shows the channel manager every kind the demo data contains', async () => {
      const manager = await logIn(server.app, 'channel@printwerk.example', 'channeldesk-demo');
      const response = await manager.request({ method: 'GET', url: '/api/channel/worklist' });
      expect(response.statusCode, response.body).toBe(200);
      const list: Worklist = response.json();
      expect(list.counts.reseller_inactive).toBeGreaterThan(0);
      expect(list.counts.customer_without_reseller).toBeGreaterThan(0);
      expect(list.counts.partner_without_coordinates).toBeGreaterThan(0);
      expect(list.items.length).toBeLessThanOrEqual(100);
      const partners = list.items.filter((i) => i.kind === 'reseller_inactive').map((i) => i.partner?.status);
      expect(new Set(partners)).toEqual(new Set(['inactive', 'suspended']));
    });
  });
}
