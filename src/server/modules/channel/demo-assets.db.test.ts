import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects';
import { logIn, startTestServer, type TestServer } from '../../../../test/test-server';
import { seedDemoData } from '../demo/seed';
import { DEMO_ROUTERS } from '../triage/demo-seed';
import type { Asset } from './asset-schemas';

for (const dialect of DIALECTS) {
  describe(`installed base in the demo data [${dialect}]`, () => {
    let server: TestServer;

    beforeAll(async () => {
      server = await startTestServer(dialect);
      expect(await seedDemoData(server.deps)).not.toBeNull();
    }, 180_000);
    afterAll(async () => server.close());

    it('gives Bäckerei Sommer a printer whose warranty ends within 60 days, and has a few dozen assets', async () => {
      const manager = await logIn(server.app, 'channel@printwerk.example', 'channeldesk-demo');
      const all: Asset[] = (await manager.request({ method: 'GET', url: '/api/assets?limit=200' })).json()
        .items;
      expect(all.length).toBeGreaterThanOrEqual(24);
      const today = server.deps.clock.now().getTime();
      const sommer = all.filter((a) => a.customer.name === 'Bäckerei Sommer GmbH');
      const printer = sommer.find((a) => a.productLine === 'printers');
      expect(printer?.warrantyEnd).toBeTruthy();
      const days = (Date.parse(printer!.warrantyEnd!) - today) / 86_400_000;
      expect(days).toBeGreaterThan(0);
      expect(days).toBeLessThanOrEqual(60);
    });

    it('gives Bäckerei Sommer a router in warranty and one out of it, for the replacement after a device fault', async () => {
      const partner = await logIn(server.app, 'inhaber@nordwest-it.example', 'channeldesk-demo');
      const today = server.deps.clock.now().toISOString().slice(0, 10);
      const routers: Asset[] = (
        await partner.request({ method: 'GET', url: '/api/assets?q=NetBox&limit=200' })
      ).json().items;
      const sommer = routers.filter((a) => a.customer.name === 'Bäckerei Sommer GmbH');
      const end = (serial: string) => sommer.find((a) => a.serial === serial)?.warrantyEnd ?? '';
      expect(end(DEMO_ROUTERS.inWarranty) > today).toBe(true);
      expect(end(DEMO_ROUTERS.outOfWarranty)).not.toBe('');
      expect(end(DEMO_ROUTERS.outOfWarranty) < today).toBe(true);
    });

    it('has one asset whose own reseller of record differs from its customer’s', async () => {
      const manager = await logIn(server.app, 'channel@printwerk.example', 'channeldesk-demo');
      const all: Asset[] = (await manager.request({ method: 'GET', url: '/api/assets?limit=200' })).json()
        .items;
      const own = all.filter((a) => a.resellerOfRecord !== null);
      expect(own).toHaveLength(1);
      const customer = (
        await manager.request({ method: 'GET', url: `/api/organisations/${own[0]!.customer.id}` })
      ).json();
      expect(customer.resellerOfRecord?.id).not.toBe(own[0]!.resellerOfRecord!.id);
    });
  });
}
