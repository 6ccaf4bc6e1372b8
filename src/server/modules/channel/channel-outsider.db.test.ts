import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { buildUser, type Channel, TEST_PASSWORD } from '../../../../test/factories';
import { logIn, type Session, type TestServer } from '../../../../test/test-server';

// Another partner and customers try every channel route that takes an id, with ids of things
// that exist but belong to Nordwest IT and its customer Bäckerei Sommer, with ids of nothing and
// with garbage. The authorisation matrix proves which roles reach a route at all; this proves
// that reaching it gives an outsider nothing: a 403 or 404 (a 400 for garbage), never a 2xx or a
// 5xx, no data of others in the answer, and every row exactly as it was.

type Request = { method: 'GET' | 'PUT' | 'PATCH' | 'POST'; url: string; payload?: Record<string, unknown> };
type Route = {
  name: string;
  /** Which kind of id the route takes: the operator's wrong-kind guesses use all the others. */
  kind: 'partner' | 'customer' | 'asset' | 'lead' | 'registration';
  request: (id: string) => Request;
};

const GARBAGE = [
  'nope',
  '%00',
  'x'.repeat(65),
  '%27%20OR%201%3D1--',
  '..%2F..%2Fusers',
  '%F0%9F%92%A5',
  '12345',
  '00000000-0000-7000-8000-00000000000g',
];

const PARTNER_WORK = ['PATCH lead', 'POST lead accept', 'POST lead decline', 'POST lead outcome'];

const ROUTES: Route[] = [
  {
    name: 'GET partner-profile',
    kind: 'partner',
    request: (id) => ({ method: 'GET', url: `/api/organisations/${id}/partner-profile` }),
  },
  {
    name: 'PUT partner-profile',
    kind: 'partner',
    request: (id) => ({
      method: 'PUT',
      url: `/api/organisations/${id}/partner-profile`,
      payload: { status: 'suspended', capacity: 0 },
    }),
  },
  {
    name: 'GET reseller-of-record history',
    kind: 'customer',
    request: (id) => ({ method: 'GET', url: `/api/organisations/${id}/reseller-of-record/history` }),
  },
  {
    name: 'PUT reseller-of-record',
    kind: 'customer',
    request: (id) => ({
      method: 'PUT',
      url: `/api/organisations/${id}/reseller-of-record`,
      payload: { partnerId: null, reason: 'Übernahme durch Wettbewerber' },
    }),
  },
  { name: 'GET asset', kind: 'asset', request: (id) => ({ method: 'GET', url: `/api/assets/${id}` }) },
  {
    name: 'PATCH asset',
    kind: 'asset',
    request: (id) => ({ method: 'PATCH', url: `/api/assets/${id}`, payload: { productModel: 'Gekapert 1' } }),
  },
  { name: 'GET lead', kind: 'lead', request: (id) => ({ method: 'GET', url: `/api/leads/${id}` }) },
  {
    name: 'PATCH lead',
    kind: 'lead',
    request: (id) => ({
      method: 'PATCH',
      url: `/api/leads/${id}`,
      payload: { stage: 'negotiation', expectedValueCents: 1 },
    }),
  },
  {
    name: 'POST lead accept',
    kind: 'lead',
    request: (id) => ({ method: 'POST', url: `/api/leads/${id}/accept` }),
  },
  {
    name: 'POST lead decline',
    kind: 'lead',
    request: (id) => ({
      method: 'POST',
      url: `/api/leads/${id}/decline`,
      payload: { reason: 'Kein Interesse' },
    }),
  },
  {
    name: 'POST lead outcome',
    kind: 'lead',
    request: (id) => ({
      method: 'POST',
      url: `/api/leads/${id}/outcome`,
      payload: { outcome: 'lost', date: '2026-11-24', reason: 'Abgeworben', valueCents: 0 },
    }),
  },
  {
    name: 'POST lead reroute',
    kind: 'lead',
    request: (id) => ({
      method: 'POST',
      url: `/api/leads/${id}/reroute`,
      payload: { reason: 'Umverteilen' },
    }),
  },
  {
    name: 'POST lead cancel',
    kind: 'lead',
    request: (id) => ({
      method: 'POST',
      url: `/api/leads/${id}/cancel`,
      payload: { reason: 'Storniert von außen' },
    }),
  },
  {
    name: 'GET deal registration',
    kind: 'registration',
    request: (id) => ({ method: 'GET', url: `/api/deal-registrations/${id}` }),
  },
  {
    name: 'POST registration approve',
    kind: 'registration',
    request: (id) => ({
      method: 'POST',
      url: `/api/deal-registrations/${id}/approve`,
      payload: { reason: 'Passt' },
    }),
  },
  {
    name: 'POST registration reject',
    kind: 'registration',
    request: (id) => ({
      method: 'POST',
      url: `/api/deal-registrations/${id}/reject`,
      payload: { reason: 'Passt nicht' },
    }),
  },
  {
    name: 'GET direct contacts',
    kind: 'customer',
    request: (id) => ({ method: 'GET', url: `/api/organisations/${id}/direct-contacts` }),
  },
  {
    name: 'POST direct contact',
    kind: 'customer',
    request: (id) => ({
      method: 'POST',
      url: `/api/organisations/${id}/direct-contacts`,
      payload: { kind: 'call', note: 'Rückruf erbeten' },
    }),
  },
];

for (const dialect of DIALECTS) {
  describe(`channel routes tried by outsiders [${dialect}]`, { timeout: 120_000 }, () => {
    let server: TestServer;
    let channel: Channel;
    let manager: Session;
    let owner: Session;
    let otherPartner: Session;
    let otherPartnerAgent: Session;
    let otherCustomer: Session;
    let customerOfOwner: Session;
    /** Nordwest IT's things (and Bäckerei Sommer's), by the kind of id. */
    let ids: Record<Route['kind'], string[]>;
    let before: unknown;
    /** A direct contact: no route takes its id, so an outsider tries it everywhere. */
    let contactId: string;
    /** What an outsider must never read in an answer. */
    const SECRETS = ['Nordwest', 'Sommer', 'SN-OUTSIDER-1', 'Drucker für die Filialen', 'Wartungsvertrag'];

    function refused(label: string, response: LightMyRequestResponse, allowed: number[]) {
      expect(allowed, `${label}: ${response.statusCode} ${response.body}`).toContain(response.statusCode);
      for (const secret of SECRETS) expect(response.body, label).not.toContain(secret);
    }

    /** Every row an outsider's request could change, in a stable order, to compare before and after. */
    async function snapshot() {
      const db = server.deps.db;
      const entityIds = [...Object.values(ids).flat(), contactId];
      return {
        profiles: await db.selectFrom('partner_profile').selectAll().orderBy('organisation_id').execute(),
        organisations: await db
          .selectFrom('organisation')
          .select(['id', 'active', 'updated_at'])
          .orderBy('id')
          .execute(),
        records: await db.selectFrom('reseller_of_record').selectAll().orderBy('id').execute(),
        assets: await db.selectFrom('asset').selectAll().orderBy('id').execute(),
        leads: await db.selectFrom('lead').selectAll().orderBy('id').execute(),
        steps: await db.selectFrom('lead_step').selectAll().orderBy('id').execute(),
        registrations: await db.selectFrom('deal_registration').selectAll().orderBy('id').execute(),
        contacts: await db.selectFrom('direct_contact').selectAll().orderBy('id').execute(),
        outbox: await db.selectFrom('outbox').select(['id', 'topic']).orderBy('id').execute(),
        audit: await db
          .selectFrom('audit_log')
          .select(['id', 'action', 'entity_id'])
          .where('entity_id', 'in', entityIds)
          .orderBy('id')
          .execute(),
      };
    }

    beforeAll(async () => {
      ({ server, channel, manager, owner, otherPartner, customerOfOwner } = await startChannelServer(
        dialect,
        {
          manager: 'channel_manager',
          owner: 'partner_admin',
          otherPartner: 'otherPartnerAdmin',
          customerOfOwner: 'customer_user',
        },
        { rateLimitPerMinute: 1_000_000 },
      ));
      const agent = await logIn(server.app, channel.users.agent.email, TEST_PASSWORD);
      const agentB = await buildUser(server.deps, channel.partnerB, ['partner_agent']);
      otherPartnerAgent = await logIn(server.app, agentB.email, TEST_PASSWORD);
      const brandlUser = await buildUser(server.deps, channel.customerB1, ['customer_user']);
      otherCustomer = await logIn(server.app, brandlUser.email, TEST_PASSWORD);

      const ok = async (session: Session, request: Request, status = 200) => {
        const response = await session.request(request);
        expect(response.statusCode, `${request.method} ${request.url}: ${response.body}`).toBe(status);
        return response.json<{ id: string }>();
      };
      // Both partners have profiles: the other partner's own is not a way into Nordwest's.
      for (const partner of [channel.partnerA, channel.partnerB]) {
        await ok(manager, {
          method: 'PUT',
          url: `/api/organisations/${partner.id}/partner-profile`,
          payload: { serviceRadiusKm: 80, capacity: 10, productLines: [] },
        });
      }
      const asset = await ok(
        agent,
        {
          method: 'POST',
          url: '/api/assets',
          payload: {
            serial: 'SN-OUTSIDER-1',
            productModel: 'LaserPro 5000',
            productLine: 'printers',
            customerId: channel.customerA1.id,
            warrantyEnd: '2027-01-31',
          },
        },
        201,
      );
      // An offered lead and an accepted one, both held by Nordwest IT as reseller of record.
      const offered = await ok(
        manager,
        {
          method: 'POST',
          url: '/api/leads',
          payload: {
            customerId: channel.customerA1.id,
            kind: 'new_device',
            note: 'Drucker für die Filialen',
          },
        },
        201,
      );
      const accepted = await ok(
        manager,
        {
          method: 'POST',
          url: '/api/leads',
          payload: { customerId: channel.customerA2.id, kind: 'service_contract', note: 'Wartungsvertrag' },
        },
        201,
      );
      await ok(owner, { method: 'POST', url: `/api/leads/${accepted.id}/accept` });
      const registration = await ok(
        owner,
        {
          method: 'POST',
          url: '/api/deal-registrations',
          payload: {
            customerId: channel.customerA1.id,
            productLine: 'printers',
            expectedValueCents: 990_000,
            closeDate: '2027-03-31',
            note: 'Drucker für die Filialen',
          },
        },
        201,
      );
      const contact = await ok(
        agent,
        {
          method: 'POST',
          url: `/api/organisations/${channel.customerA1.id}/direct-contacts`,
          payload: { kind: 'call', note: 'Wartungsvertrag besprochen' },
        },
        201,
      );
      ids = {
        partner: [channel.partnerA.id],
        customer: [channel.customerA1.id, channel.customerA2.id],
        asset: [asset.id],
        lead: [offered.id, accepted.id],
        registration: [registration.id],
      };
      contactId = contact.id;
      // The owner sees each of them: the refusals below are about who asks, not about broken ids.
      for (const url of [
        `/api/organisations/${channel.partnerA.id}/partner-profile`,
        `/api/organisations/${channel.customerA1.id}/reseller-of-record/history`,
        `/api/assets/${asset.id}`,
        `/api/leads/${offered.id}`,
        `/api/leads/${accepted.id}`,
        `/api/deal-registrations/${registration.id}`,
      ]) {
        await ok(owner, { method: 'GET', url });
      }
      before = await snapshot();
    });
    afterAll(async () => server?.close());

    const othersIds = () => [...new Set([...Object.values(ids).flat(), contactId])];

    it('refuses another partner’s people on every route, for ids of Nordwest IT’s things and for ids of nothing', async () => {
      for (const [who, session] of [
        ['other partner admin', otherPartner],
        ['other partner agent', otherPartnerAgent],
      ] as const) {
        for (const route of ROUTES) {
          for (const id of [...othersIds(), channel.operator.id, randomUUID(), randomUUID()]) {
            const request = route.request(id);
            refused(`${who} ${route.name} ${id}`, await session.request(request), [403, 404]);
          }
        }
      }
      expect(await snapshot()).toEqual(before);
    });

    it('refuses customers on every route: another reseller’s customer, and Nordwest’s own customer where the thing is not its own', async () => {
      for (const route of ROUTES) {
        for (const id of [...othersIds(), channel.operator.id, channel.partnerB.id, randomUUID()]) {
          const request = route.request(id);
          refused(`other customer ${route.name} ${id}`, await otherCustomer.request(request), [403, 404]);
          // Bäckerei Sommer may read its own asset; everything else is not its to see or change.
          if (route.name === 'GET asset' && id === ids.asset[0]) continue;
          const response = await customerOfOwner.request(request);
          expect([403, 404], `own customer ${route.name} ${id}: ${response.body}`).toContain(
            response.statusCode,
          );
        }
      }
      expect(await snapshot()).toEqual(before);
    });

    it('answers garbage ids with a 400, 403 or 404 and never a 5xx, for outsiders and the channel manager alike', async () => {
      for (const session of [otherPartner, otherCustomer, manager]) {
        for (const route of ROUTES) {
          for (const id of GARBAGE) {
            const response = await session.request(route.request(id));
            refused(`${route.name} ${id}`, response, [400, 403, 404]);
          }
        }
      }
      expect(await snapshot()).toEqual(before);
    });

    it('gives those who may call a route (the channel manager; Nordwest IT for its lead work) a 404 for an id of the wrong kind or of nothing, never a 5xx, and changes nothing', async () => {
      const wrongKind = (kind: Route['kind']) => [
        ...Object.entries(ids)
          .filter(
            ([k]) =>
              k !== kind &&
              !(k === 'partner' && kind === 'customer') &&
              !(k === 'customer' && kind === 'partner'),
          )
          .flatMap(([, list]) => list),
        ...(kind === 'partner' ? [channel.customerA1.id, channel.operator.id] : []),
        ...(kind === 'customer' ? [channel.partnerA.id, channel.operator.id] : []),
        randomUUID(),
      ];
      for (const route of ROUTES) {
        for (const id of wrongKind(route.kind)) {
          // The routes of the holding partner's work are tried by Nordwest IT itself.
          const caller = PARTNER_WORK.includes(route.name) ? owner : manager;
          const response = await caller.request(route.request(id));
          expect([400, 404], `${route.name} ${id}: ${response.body}`).toContain(response.statusCode);
        }
      }
      expect(await snapshot()).toEqual(before);
    });

    it('gives a partner that lost a lead, a customer or an asset nothing of the new holder, and no way to act on them', async () => {
      const step = async (session: Session, request: Request, status = 200) => {
        const response = await session.request(request);
        expect(response.statusCode, `${request.method} ${request.url}: ${response.body}`).toBe(status);
        return response.json<{ id: string }>();
      };
      // Nordwest IT declines a lead of Bäckerei Sommer; the channel manager gives it to Systemhaus Süd.
      const lead = await step(
        manager,
        {
          method: 'POST',
          url: '/api/leads',
          payload: { customerId: channel.customerA1.id, kind: 'other', note: 'Netzwerkdrucker Lager' },
        },
        201,
      );
      await step(owner, {
        method: 'POST',
        url: `/api/leads/${lead.id}/decline`,
        payload: { reason: 'Keine Kapazität' },
      });
      await step(manager, {
        method: 'POST',
        url: `/api/leads/${lead.id}/reroute`,
        payload: { reason: 'Süd übernimmt', partnerId: channel.partnerB.id },
      });
      // Kanzlei Ahrens and its asset move to Systemhaus Süd.
      const asset = await step(
        manager,
        {
          method: 'POST',
          url: '/api/assets',
          payload: {
            serial: 'SN-MOVED-1',
            productModel: 'Scan 200',
            productLine: 'scanners',
            customerId: channel.customerA2.id,
          },
        },
        201,
      );
      await step(manager, {
        method: 'PUT',
        url: `/api/organisations/${channel.customerA2.id}/reseller-of-record`,
        payload: { partnerId: channel.partnerB.id, reason: 'Kunde wünscht Wechsel' },
      });
      const rows = async () => ({
        lead: await server.deps.db
          .selectFrom('lead')
          .selectAll()
          .where('id', '=', lead.id)
          .executeTakeFirst(),
        steps: await server.deps.db
          .selectFrom('lead_step')
          .select('id')
          .where('lead_id', '=', lead.id)
          .execute(),
        asset: await server.deps.db
          .selectFrom('asset')
          .selectAll()
          .where('id', '=', asset.id)
          .executeTakeFirst(),
      });
      const kept = await rows();
      expect(kept.lead?.partner_id).toBe(channel.partnerB.id);

      const newHolder = ['Systemhaus Süd', channel.partnerB.id, 'Süd übernimmt', 'Kunde wünscht Wechsel'];
      const seen = await owner.request({ method: 'GET', url: `/api/leads/${lead.id}` });
      expect([200, 404], seen.body).toContain(seen.statusCode);
      for (const secret of newHolder) expect(seen.body, `lead seen by the old holder`).not.toContain(secret);
      const history = await owner.request({
        method: 'GET',
        url: `/api/organisations/${channel.customerA2.id}/reseller-of-record/history`,
      });
      expect(history.statusCode, history.body).toBe(200);
      for (const secret of newHolder)
        expect(history.body, 'history seen by the old record').not.toContain(secret);
      const list = await owner.request({ method: 'GET', url: '/api/leads?limit=100' });
      for (const secret of newHolder) expect(list.body, 'lead list of the old holder').not.toContain(secret);

      for (const route of ROUTES.filter((r) => r.kind === 'lead')) {
        const response = await owner.request(route.request(lead.id));
        if (route.name === 'GET lead') continue;
        refused(`old holder ${route.name}`, response, [403, 404, 409]);
      }
      refused(
        'old record GET asset',
        await owner.request({ method: 'GET', url: `/api/assets/${asset.id}` }),
        [404],
      );
      refused(
        'old record PATCH asset',
        await owner.request({
          method: 'PATCH',
          url: `/api/assets/${asset.id}`,
          payload: { productModel: 'x' },
        }),
        [403, 404],
      );
      expect(await rows()).toEqual(kept);

      // The new holder sees its lead, but not who had it before or why it was declined.
      const held = await otherPartner.request({ method: 'GET', url: `/api/leads/${lead.id}` });
      expect(held.statusCode, held.body).toBe(200);
      for (const secret of ['Nordwest', channel.partnerA.id, 'Keine Kapazität']) {
        expect(held.body, 'lead seen by the new holder').not.toContain(secret);
      }
    });
  });
}
