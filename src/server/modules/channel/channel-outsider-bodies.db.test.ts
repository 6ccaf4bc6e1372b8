import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { buildUser, type Channel, TEST_PASSWORD } from '../../../../test/factories';
import { logIn, type Session, type TestServer } from '../../../../test/test-server';

// Ids of others smuggled in through bodies and filters of the channel routes: a partner filters
// by another partner's customer or names another customer's asset; the operator names a customer
// where a partner belongs, or another partner's person as a lead contact. Each is a 4xx naming the
// field (or an empty list), never a 5xx, never data of others, and nothing changes.

const MISSING_UUID = '00000000-0000-7000-8000-000000000000';

for (const dialect of DIALECTS) {
  describe(`ids of others in bodies and filters of the channel routes [${dialect}]`, {
    timeout: 60_000,
  }, () => {
    let server: TestServer;
    let channel: Channel;
    let manager: Session;
    let agent: Session;
    let nordwest: Session;
    let sued: Session;
    let sommerAsset: { id: string };
    let sommerLead: { id: string };
    let brandlLead: { id: string };

    const call = async (session: Session, options: InjectOptions, status: number | number[]) => {
      const response = await session.request(options);
      const allowed = Array.isArray(status) ? status : [status];
      expect(allowed, `${options.method} ${options.url}: ${response.body}`).toContain(response.statusCode);
      return response;
    };
    const field = (response: { json(): { errors?: { field: string }[] } }, name: string) =>
      expect(response.json().errors).toContainEqual(expect.objectContaining({ field: name }));

    beforeAll(async () => {
      ({ server, channel, manager, agent, nordwest, sued } = await startChannelServer(
        dialect,
        {
          manager: 'channel_manager',
          agent: 'agent',
          nordwest: 'partner_admin',
          sued: 'otherPartnerAdmin',
        },
        { rateLimitPerMinute: 100_000 },
      ));
      for (const partner of [channel.partnerA, channel.partnerB]) {
        await call(
          manager,
          {
            method: 'PUT',
            url: `/api/organisations/${partner.id}/partner-profile`,
            payload: { serviceRadiusKm: 50, capacity: 10, productLines: [] },
          },
          200,
        );
      }
      sommerAsset = (
        await call(
          agent,
          {
            method: 'POST',
            url: '/api/assets',
            payload: {
              serial: 'SN-SOMMER-7',
              productModel: 'LaserPro 5000',
              productLine: 'printers',
              customerId: channel.customerA1.id,
            },
          },
          201,
        )
      ).json();
      sommerLead = (
        await call(
          manager,
          {
            method: 'POST',
            url: '/api/leads',
            payload: { customerId: channel.customerA1.id, kind: 'new_device', note: 'Filialdrucker Sommer' },
          },
          201,
        )
      ).json();
      brandlLead = (
        await call(
          manager,
          {
            method: 'POST',
            url: '/api/leads',
            payload: { customerId: channel.customerB1.id, kind: 'other' },
          },
          201,
        )
      ).json();
    });
    afterAll(async () => server?.close());

    it('gives a partner that filters by another partner’s customer or partner empty lists', async () => {
      for (const url of [
        `/api/assets?customerId=${channel.customerA1.id}`,
        '/api/assets?serial=SN-SOMMER-7',
        '/api/assets?q=Sommer',
        `/api/leads?customerId=${channel.customerA1.id}`,
        `/api/leads?partnerId=${channel.partnerA.id}`,
        `/api/deal-registrations?customerId=${channel.customerA1.id}&partnerId=${channel.partnerA.id}`,
      ]) {
        const response = await call(sued, { method: 'GET', url }, 200);
        const items = response.json<{ items: { customer?: { id: string } }[] }>().items;
        expect(
          items.filter((item) => item.customer?.id !== channel.customerB1.id),
          url,
        ).toEqual([]);
        expect(response.body, url).not.toContain('SN-SOMMER-7');
        expect(response.body, url).not.toContain('Filialdrucker');
      }
    });

    it('refuses a partner’s lead for another partner’s customer, or naming another customer’s asset, without showing it', async () => {
      const before = await server.deps.db.selectFrom('lead').select('id').execute();
      const forSommer = await call(
        sued,
        { method: 'POST', url: '/api/leads', payload: { customerId: channel.customerA1.id, kind: 'other' } },
        [400, 403, 404],
      );
      expect(forSommer.body).not.toContain('Sommer');
      const withAsset = await call(
        sued,
        {
          method: 'POST',
          url: '/api/leads',
          payload: { customerId: channel.customerB1.id, kind: 'warranty_extension', assetId: sommerAsset.id },
        },
        [400, 404],
      );
      field(withAsset, 'assetId');
      expect(withAsset.body).not.toContain('SN-SOMMER-7');
      expect(await server.deps.db.selectFrom('lead').select('id').execute()).toEqual(before);
    });

    it('refuses a case naming another customer’s asset exactly as one naming no asset, and opens nothing', async () => {
      const brandlUser = await buildUser(server.deps, channel.customerB1, ['customer_user']);
      const brandl = await logIn(server.app, brandlUser.email, TEST_PASSWORD);
      const before = await server.deps.db.selectFrom('support_case').select('id').execute();
      const base = {
        type: 'complaint',
        subject: 'Drucker defekt',
        description: 'Der Drucker druckt nicht mehr.',
      };
      const answers = new Set<string>();
      for (const [session, extra] of [
        [brandl, {}],
        [sued, { customerId: channel.customerB1.id }],
        [agent, { customerId: channel.customerB1.id }],
      ] as const) {
        for (const assetId of [sommerAsset.id, MISSING_UUID]) {
          const response = await call(
            session,
            { method: 'POST', url: '/api/cases', payload: { ...base, ...extra, assetId } },
            400,
          );
          field(response, 'assetId');
          expect(response.body).not.toContain('SN-SOMMER-7');
          answers.add(response.json<{ detail: string }>().detail);
        }
      }
      expect([...answers]).toHaveLength(1);
      expect(await server.deps.db.selectFrom('support_case').select('id').execute()).toEqual(before);
    });

    it('lets a partner admin assign its lead only to its own people', async () => {
      const response = await call(
        sued,
        {
          method: 'PATCH',
          url: `/api/leads/${brandlLead.id}`,
          payload: { assignedPersonId: channel.users.partner_agent.id },
        },
        400,
      );
      field(response, 'assignedPersonId');
      for (const id of [channel.users.customer_user.id, channel.users.agent.id, MISSING_UUID]) {
        field(
          await call(
            sued,
            { method: 'PATCH', url: `/api/leads/${brandlLead.id}`, payload: { assignedPersonId: id } },
            400,
          ),
          'assignedPersonId',
        );
      }
      field(
        await call(
          nordwest,
          {
            method: 'PATCH',
            url: `/api/leads/${sommerLead.id}`,
            payload: { assignedPersonId: channel.users.otherPartnerAdmin.id },
          },
          400,
        ),
        'assignedPersonId',
      );
      const rows = await server.deps.db
        .selectFrom('lead')
        .select('assigned_person_id')
        .where('id', 'in', [brandlLead.id, sommerLead.id])
        .execute();
      expect(rows.map((row) => row.assigned_person_id)).toEqual([null, null]);
    });

    it('refuses the channel manager’s ids of the wrong kind in bodies with a 400 or 404 naming the field, and changes nothing', async () => {
      const snapshot = async () => ({
        profiles: await server.deps.db
          .selectFrom('partner_profile')
          .selectAll()
          .orderBy('organisation_id')
          .execute(),
        records: await server.deps.db.selectFrom('reseller_of_record').selectAll().orderBy('id').execute(),
        assets: await server.deps.db.selectFrom('asset').selectAll().orderBy('id').execute(),
        leads: await server.deps.db.selectFrom('lead').selectAll().orderBy('id').execute(),
      });
      const before = await snapshot();
      // Another partner's person (or a customer's) as Nordwest IT's lead contact.
      for (const personId of [
        channel.users.otherPartnerAdmin.id,
        channel.users.customer_user.id,
        MISSING_UUID,
      ]) {
        field(
          await call(
            manager,
            {
              method: 'PUT',
              url: `/api/organisations/${channel.partnerA.id}/partner-profile`,
              payload: { leadContactIds: [personId] },
            },
            400,
          ),
          'leadContactIds',
        );
      }
      for (const partnerId of [channel.customerB1.id, channel.operator.id, MISSING_UUID]) {
        const record = await call(
          manager,
          {
            method: 'PUT',
            url: `/api/organisations/${channel.customerA1.id}/reseller-of-record`,
            payload: { partnerId, reason: 'Wechsel' },
          },
          [400, 404],
        );
        field(record, 'partnerId');
        const assetRecord = await call(
          agent,
          {
            method: 'PATCH',
            url: `/api/assets/${sommerAsset.id}`,
            payload: { resellerOfRecord: { partnerId, reason: 'Wechsel' } },
          },
          [400, 404],
        );
        field(assetRecord, 'resellerOfRecord.partnerId');
        const reroute = await call(
          manager,
          {
            method: 'POST',
            url: `/api/leads/${sommerLead.id}/reroute`,
            payload: { partnerId, reason: 'Wechsel' },
          },
          [400, 404],
        );
        field(reroute, 'partnerId');
      }
      for (const customerId of [channel.partnerA.id, channel.operator.id, MISSING_UUID]) {
        const asset = await call(
          agent,
          {
            method: 'POST',
            url: '/api/assets',
            payload: {
              serial: `SN-X-${customerId.slice(-4)}`,
              productModel: 'X',
              productLine: 'x',
              customerId,
            },
          },
          [400, 404],
        );
        field(asset, 'customerId');
        const lead = await call(
          manager,
          { method: 'POST', url: '/api/leads', payload: { customerId, kind: 'other' } },
          [400, 404],
        );
        field(lead, 'customerId');
      }
      // An asset of one customer named on a lead of another.
      field(
        await call(
          manager,
          {
            method: 'POST',
            url: '/api/leads',
            payload: { customerId: channel.customerB1.id, kind: 'other', assetId: sommerAsset.id },
          },
          [400, 404],
        ),
        'assetId',
      );
      expect(await snapshot()).toEqual(before);
    });
  });
}
