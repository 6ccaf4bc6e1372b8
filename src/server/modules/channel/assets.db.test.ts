import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { buildUser, type Channel, TEST_PASSWORD } from '../../../../test/factories';
import { logIn, type Session, type TestServer } from '../../../../test/test-server';

for (const dialect of DIALECTS) {
  describe(`installed base [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let agent: Session;
    let billing: Session;
    let partner: Session;
    let otherPartner: Session;
    let customer: Session;
    let otherCustomer: Session;
    let printerId: string;

    beforeAll(async () => {
      ({ server, channel, agent, billing, partner, otherPartner, customer } = await startChannelServer(
        dialect,
        {
          agent: 'agent',
          billing: 'billing_clerk',
          partner: 'partner_admin',
          otherPartner: 'otherPartnerAdmin',
          customer: 'customer_user',
        },
      ));
      const brandlUser = await buildUser(server.deps, channel.customerB1, ['customer_user']);
      otherCustomer = await logIn(server.app, brandlUser.email, TEST_PASSWORD);
    });
    afterAll(async () => server.close());

    it('an agent adds a printer to Bäckerei Sommer with its specs', async () => {
      const response = await agent.request({
        method: 'POST',
        url: '/api/assets',
        payload: {
          serial: 'PW-4711',
          productModel: 'Printwerk LX 500',
          productLine: 'printers',
          customerId: channel.customerA1.id,
          purchaseDate: '2024-03-01',
          warrantyEnd: '2027-02-28',
          specs: { colour: 'yes', pagesPerMinute: '45' },
        },
      });
      expect(response.statusCode, response.body).toBe(201);
      const asset = response.json();
      expect(asset).toMatchObject({
        serial: 'PW-4711',
        productModel: 'Printwerk LX 500',
        customer: { id: channel.customerA1.id, name: 'Bäckerei Sommer GmbH' },
        resellerOfRecord: null,
        warrantyEnd: '2027-02-28',
        specs: { colour: 'yes', pagesPerMinute: '45' },
      });
      printerId = asset.id;
    });

    it('refuses a second asset with the same serial with a 409 naming serial', async () => {
      const response = await agent.request({
        method: 'POST',
        url: '/api/assets',
        payload: {
          serial: 'PW-4711',
          productModel: 'X',
          productLine: 'printers',
          customerId: channel.customerA2.id,
        },
      });
      expect(response.statusCode).toBe(409);
      expect(response.json().errors).toEqual([expect.objectContaining({ field: 'serial' })]);
    });

    it('counts a serial in another case as the same serial: 409 naming serial, also when two write at once', async () => {
      const create = (serial: string) =>
        agent.request({
          method: 'POST',
          url: '/api/assets',
          payload: { serial, productModel: 'X', productLine: 'printers', customerId: channel.customerA2.id },
        });
      const response = await create('pw-4711');
      expect(response.statusCode).toBe(409);
      expect(response.json().errors).toEqual([
        { field: 'serial', message: 'an asset with this serial already exists (case ignored)' },
      ]);
      // The database holds the rule too: two writers of SN-ab12 and sn-AB12 at once, one wins.
      const pair = await Promise.all([create('SN-ab12'), create('sn-AB12')]);
      expect(pair.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      const found = await agent.request({ method: 'GET', url: '/api/assets?serial=SN-AB12' });
      expect(found.json().items).toHaveLength(1);
    });

    it('names the field of bad input', async () => {
      const missing = await agent.request({
        method: 'POST',
        url: '/api/assets',
        payload: { productModel: 'X', productLine: 'printers', customerId: channel.customerA1.id },
      });
      expect(missing.statusCode).toBe(400);
      expect(JSON.stringify(missing.json())).toContain('serial');
      const badDate = await agent.request({
        method: 'PATCH',
        url: `/api/assets/${printerId}`,
        payload: { warrantyEnd: '31.12.2027' },
      });
      expect(badDate.statusCode).toBe(400);
      expect(JSON.stringify(badDate.json())).toContain('warrantyEnd');
      const notCustomer = await agent.request({
        method: 'POST',
        url: '/api/assets',
        payload: {
          serial: 'PW-1',
          productModel: 'X',
          productLine: 'printers',
          customerId: channel.partnerA.id,
        },
      });
      expect(notCustomer.statusCode).toBe(400);
      expect(notCustomer.json().errors).toEqual([expect.objectContaining({ field: 'customerId' })]);
    });

    it('shows the asset to the operator, the customer’s partner of record and the customer; 404 to others', async () => {
      for (const session of [agent, billing, partner, customer]) {
        const response = await session.request({ method: 'GET', url: `/api/assets/${printerId}` });
        expect(response.statusCode).toBe(200);
      }
      for (const session of [otherPartner, otherCustomer]) {
        const response = await session.request({ method: 'GET', url: `/api/assets/${printerId}` });
        expect(response.statusCode).toBe(404);
        const list = await session.request({ method: 'GET', url: '/api/assets' });
        expect(list.json().items.map((a: { id: string }) => a.id)).not.toContain(printerId);
      }
      const list = await partner.request({ method: 'GET', url: '/api/assets?q=lx%20500' });
      expect(list.json().items.map((a: { serial: string }) => a.serial)).toEqual(['PW-4711']);
    });

    it('lets only operator writers change an asset; partners and customers get 403', async () => {
      const byPartner = await partner.request({
        method: 'PATCH',
        url: `/api/assets/${printerId}`,
        payload: { productModel: 'Y' },
      });
      expect(byPartner.statusCode).toBe(403);
      const byStranger = await otherCustomer.request({
        method: 'PATCH',
        url: `/api/assets/${printerId}`,
        payload: { productModel: 'Y' },
      });
      expect(byStranger.statusCode).toBe(403);
      const byAgent = await agent.request({
        method: 'PATCH',
        url: `/api/assets/${printerId}`,
        payload: { warrantyEnd: '2028-02-29', specs: { colour: 'no' } },
      });
      expect(byAgent.statusCode, byAgent.body).toBe(200);
      expect(byAgent.json()).toMatchObject({
        warrantyEnd: '2028-02-29',
        specs: { colour: 'no' },
        productModel: 'Printwerk LX 500',
      });
    });

    it('gives an asset its own reseller of record, which then sees it while the customer’s partner still does', async () => {
      const noReason = await agent.request({
        method: 'PATCH',
        url: `/api/assets/${printerId}`,
        payload: { resellerOfRecord: { partnerId: channel.partnerB.id } },
      });
      expect(noReason.statusCode).toBe(400);
      expect(JSON.stringify(noReason.json())).toContain('reason');
      const response = await agent.request({
        method: 'PATCH',
        url: `/api/assets/${printerId}`,
        payload: {
          resellerOfRecord: { partnerId: channel.partnerB.id, reason: 'service contract with Süd' },
        },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().resellerOfRecord).toMatchObject({ id: channel.partnerB.id });
      expect(
        (await otherPartner.request({ method: 'GET', url: `/api/assets/${printerId}` })).statusCode,
      ).toBe(200);
      expect((await partner.request({ method: 'GET', url: `/api/assets/${printerId}` })).statusCode).toBe(
        200,
      );
      // The customer's own record stays what it was.
      const customerRecord = await server.deps.db
        .selectFrom('reseller_of_record')
        .select('partner_id')
        .where('customer_id', '=', channel.customerA1.id)
        .where('asset_id', 'is', null)
        .where('valid_to', 'is', null)
        .executeTakeFirst();
      expect(customerRecord?.partner_id).toBe(channel.partnerA.id);
      const removed = await agent.request({
        method: 'PATCH',
        url: `/api/assets/${printerId}`,
        payload: { resellerOfRecord: { partnerId: null, reason: 'contract ended' } },
      });
      expect(removed.json().resellerOfRecord).toBeNull();
      expect(
        (await otherPartner.request({ method: 'GET', url: `/api/assets/${printerId}` })).statusCode,
      ).toBe(404);
    });

    it('filters by customer and serial and pages with a cursor without repeats', async () => {
      for (let i = 0; i < 5; i++) {
        const response = await agent.request({
          method: 'POST',
          url: '/api/assets',
          payload: {
            serial: `AH-${i}`,
            productModel: 'Printwerk MF 300',
            productLine: 'multifunction',
            customerId: channel.customerB1.id,
          },
        });
        expect(response.statusCode, response.body).toBe(201);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/assets?customerId=${channel.customerB1.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const body: { items: { serial: string }[]; nextCursor: string | null } = (
          await otherPartner.request({ method: 'GET', url })
        ).json();
        seen.push(...body.items.map((a) => a.serial));
        cursor = body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['AH-0', 'AH-1', 'AH-2', 'AH-3', 'AH-4']);
      const bySerial = await agent.request({ method: 'GET', url: '/api/assets?serial=AH-3' });
      expect(bySerial.json().items.map((a: { serial: string }) => a.serial)).toEqual(['AH-3']);
      const customerList = await otherCustomer.request({ method: 'GET', url: '/api/assets' });
      expect(customerList.json().items).toHaveLength(5);
      const badCursor = await agent.request({ method: 'GET', url: '/api/assets?cursor=nonsense' });
      expect(badCursor.statusCode).toBe(400);
    });

    it('gives a case naming an asset its model and serial as facts, from the creator', async () => {
      const byAgent = await agent.request({
        method: 'POST',
        url: '/api/cases',
        payload: {
          type: 'fault',
          subject: 'Drucker zieht kein Papier ein',
          customerId: channel.customerA1.id,
          assetId: printerId,
          description: 'Papierstau bei jedem Druck.',
        },
      });
      expect(byAgent.statusCode, byAgent.body).toBe(201);
      expect(byAgent.json().facts).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ key: 'model', value: 'Printwerk LX 500', source: 'agent' }),
          expect.objectContaining({ key: 'serial_number', value: 'PW-4711', source: 'agent' }),
        ]),
      );
      const byCustomer = await customer.request({
        method: 'POST',
        url: '/api/cases',
        payload: { type: 'fault', subject: 'Drucker defekt', assetId: printerId, description: 'Geht nicht.' },
      });
      expect(byCustomer.statusCode, byCustomer.body).toBe(201);
      expect(byCustomer.json().facts).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ key: 'serial_number', value: 'PW-4711', source: 'customer' }),
        ]),
      );
      const brandlAsset = (await agent.request({ method: 'GET', url: '/api/assets?serial=AH-0' })).json()
        .items[0];
      const foreign = await customer.request({
        method: 'POST',
        url: '/api/cases',
        payload: {
          type: 'fault',
          subject: 'Fremdes Gerät',
          assetId: brandlAsset.id,
          description: 'Geht nicht.',
        },
      });
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json().errors).toEqual([expect.objectContaining({ field: 'assetId' })]);
      const mismatched = await agent.request({
        method: 'POST',
        url: '/api/cases',
        payload: {
          type: 'fault',
          subject: 'Falscher Kunde',
          customerId: channel.customerA2.id,
          assetId: printerId,
          description: 'Geht nicht.',
        },
      });
      expect(mismatched.statusCode).toBe(400);
      expect(mismatched.json().errors).toEqual([expect.objectContaining({ field: 'assetId' })]);
    });

    it('refuses to rename an asset to a serial that exists with a 409 naming serial', async () => {
      const response = await agent.request({
        method: 'PATCH',
        url: `/api/assets/${printerId}`,
        payload: { serial: 'AH-1' },
      });
      expect(response.statusCode).toBe(409);
      expect(response.json().errors).toEqual([expect.objectContaining({ field: 'serial' })]);
    });

    it('lets an asset change the case of its own serial, not take another one in another case', async () => {
      const other = await agent.request({
        method: 'PATCH',
        url: `/api/assets/${printerId}`,
        payload: { serial: 'ah-1' },
      });
      expect(other.statusCode).toBe(409);
      expect(other.json().errors).toEqual([expect.objectContaining({ field: 'serial' })]);
      const own = await agent.request({
        method: 'PATCH',
        url: `/api/assets/${printerId}`,
        payload: { serial: 'pw-4711' },
      });
      expect(own.statusCode, own.body).toBe(200);
      expect(own.json().serial).toBe('pw-4711');
    });
  });
}
