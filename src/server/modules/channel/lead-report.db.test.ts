import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { type Channel, TEST_PASSWORD } from '../../../../test/factories';
import { logIn, type Session, type TestServer } from '../../../../test/test-server';
import type { LeadStepAction } from '../../../shared/channel';
import { newId } from '../../shared/ids';
import type { LeadRow } from './lead.table';

// Leads, steps, contacts and registrations are written as rows in known states and at known
// times, so every figure of the report can be computed by hand. The test clock stands at
// 2026-11-24T09:00Z; the reseller-of-record periods of buildChannel start then.

type Report = {
  period: { from: string; to: string };
  byRoutingReason: { total: number; rows: { rule: string; code: string; count: number }[] };
  outsideResellerOfRecord: {
    leadsWithRecord: number;
    total: number;
    toOtherPartner: number;
    toNoPartner: number;
    share: number | null;
    rows: { number: string; resellerOfRecord: { name: string }; partner: { name: string } | null }[];
  };
  directContacts: {
    total: number;
    withoutPartner: number;
    byKind: { kind: string; total: number; unprotected: number; cleared: number; withoutClearance: number }[];
    rows: { kind: string; customer: { name: string }; resellerOfRecord: { name: string } | null }[];
  };
  partners: { rows: ({ partner: { name: string } } & Record<string, unknown>)[] };
  renewalsDue: { rows: { month: string; assets: number; withLead: number; withoutLead: number }[] };
};

const at = (hhmm: string, day = '2026-11-24') => `${day}T${hhmm}:00.000Z`;
const NOVEMBER = '/api/reports/leads?from=2026-11-01&to=2026-11-30';

for (const dialect of DIALECTS) {
  describe(`leads report [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let manager: Session;

    async function lead(
      number: string,
      row: Partial<LeadRow> & Pick<LeadRow, 'customer_id' | 'status' | 'routing_rule'>,
      code: string,
      steps: [LeadStepAction, string | null, string][],
    ): Promise<void> {
      const id = newId();
      const created = row.created_at ?? steps[0]?.[2] ?? at('10:00');
      await server.deps.db
        .insertInto('lead')
        .values({
          id,
          number,
          kind: 'new_device',
          source: 'operator',
          product_line: null,
          asset_id: null,
          note: null,
          partner_id: null,
          assigned_person_id: null,
          protected_until: null,
          routing_explanation: JSON.stringify({ code, params: {}, summary: code }),
          routing_candidates: '[]',
          stage: null,
          next_activity_at: null,
          next_activity_note: null,
          expected_value_cents: null,
          outcome_value_cents: null,
          outcome_date: null,
          outcome_reason: null,
          renewal_key: null,
          offered_at: null,
          accepted_at: null,
          closed_at: null,
          created_by_person_id: null,
          updated_at: created,
          ...row,
          created_at: created,
        })
        .execute();
      for (const [action, partnerId, when] of steps) {
        await server.deps.db
          .insertInto('lead_step')
          .values({
            id: newId(),
            lead_id: id,
            at: when,
            action,
            actor_person_id: null,
            actor_label: 'test',
            partner_id: partnerId,
            reason: null,
            rule: null,
            explanation: null,
          })
          .execute();
      }
    }

    async function asset(serial: string, warrantyEnd: string, ownRecordId?: string): Promise<string> {
      const id = newId();
      await server.deps.db
        .insertInto('asset')
        .values({
          id,
          serial,
          product_model: 'Printwerk LX 500',
          product_line: 'printers',
          customer_id: channel.customerA1.id,
          purchase_date: null,
          warranty_end: warrantyEnd,
          specs: '{}',
          created_at: at('09:00'),
          updated_at: at('09:00'),
        })
        .execute();
      if (ownRecordId) {
        await server.deps.db
          .insertInto('reseller_of_record')
          .values({
            id: newId(),
            customer_id: channel.customerA1.id,
            partner_id: ownRecordId,
            asset_id: id,
            valid_from: at('09:00'),
            valid_to: null,
            changed_by_person_id: null,
            changed_by_label: 'test',
            reason: 'Wartungsvertrag',
          })
          .execute();
      }
      return id;
    }

    async function contact(
      customerId: string,
      kind: 'offer' | 'call' | 'mail',
      when: string,
      protectingPartnerId: string | null = null,
      clearance: 'partner_declined' | null = null,
    ): Promise<void> {
      await server.deps.db
        .insertInto('direct_contact')
        .values({
          id: newId(),
          customer_id: customerId,
          kind,
          note: 'Angebot Drucker',
          protecting_partner_id: protectingPartnerId,
          clearance,
          clearance_note: null,
          created_by_person_id: channel.users.channel_manager.id,
          created_at: when,
        })
        .execute();
    }

    async function registration(
      partnerId: string,
      status: 'pending' | 'approved' | 'rejected',
      cents: number,
    ) {
      await server.deps.db
        .insertInto('deal_registration')
        .values({
          id: newId(),
          partner_id: partnerId,
          customer_id: null,
          prospect_name: 'Neukunde GmbH',
          prospect_postal_code: '26122',
          product_line: 'printers',
          expected_value_cents: cents,
          close_date: '2027-01-31',
          note: null,
          status,
          conflicts: '[]',
          decided_by_person_id: null,
          decided_at: null,
          decision_reason: null,
          protected_until: null,
          created_by_person_id: channel.users.partner_admin.id,
          created_at: at('12:00'),
          updated_at: at('12:00'),
        })
        .execute();
    }

    beforeAll(async () => {
      ({ server, channel, manager } = await startChannelServer(dialect, {
        manager: 'channel_manager',
      }));
      const A = channel.partnerA.id;
      const B = channel.partnerB.id;
      // Warranty ends: December (no lead), January (with a renewal lead), and two outside the 12 months.
      await asset('RPT-DEC', '2026-12-10');
      const januaryAsset = await asset('RPT-JAN', '2027-01-15', B);
      await asset('RPT-PAST', '2026-10-01');
      await asset('RPT-LATE', '2027-11-01');

      // L1: Nordwest IT, reseller of record, accepts after 2 h and wins 1.500 €.
      await lead(
        'L-T-1',
        {
          customer_id: channel.customerA1.id,
          status: 'won',
          routing_rule: 'reseller_of_record',
          partner_id: A,
        },
        'reseller_of_record',
        [
          ['created', null, at('10:00')],
          ['routed', A, at('10:00')],
          ['accepted', A, at('12:00')],
          ['won', A, at('10:00', '2026-11-25')],
        ],
      );
      await server.deps.db
        .updateTable('lead')
        .set({ outcome_value_cents: 150_000, closed_at: at('10:00', '2026-11-25') })
        .where('number', '=', 'L-T-1')
        .execute();
      // L2: Nordwest IT declines after 4 h; the lead waits in the queue (outside the record, no partner).
      await lead(
        'L-T-2',
        { customer_id: channel.customerA2.id, status: 'queued', routing_rule: 'queue' },
        'reseller_of_record_tried',
        [
          ['routed', A, at('10:01')],
          ['declined', A, at('14:01')],
          ['queued', null, at('14:01')],
        ],
      );
      // L3: a customer without a record; the nearest partner accepts after 1 h and expects 800 €.
      await lead(
        'L-T-3',
        {
          customer_id: channel.directCustomer.id,
          status: 'accepted',
          routing_rule: 'nearest',
          partner_id: B,
          expected_value_cents: 80_000,
        },
        'nearest',
        [
          ['routed', B, at('10:02')],
          ['accepted', B, at('11:02')],
        ],
      );
      // L4: Autohaus Brandl's record lets it time out; the channel manager gives it to Nordwest IT.
      await lead(
        'L-T-4',
        { customer_id: channel.customerB1.id, status: 'offered', routing_rule: 'manual', partner_id: A },
        'manual',
        [
          ['routed', B, at('10:03')],
          ['timed_out', B, at('10:03', '2026-11-26')],
          ['rerouted', B, at('11:00', '2026-11-26')],
          ['routed', A, at('11:00', '2026-11-26')],
        ],
      );
      // L5: a renewal for the asset whose own record is Systemhaus Süd: not outside; accepted after 2 h, lost.
      await lead(
        'L-T-5',
        {
          customer_id: channel.customerA1.id,
          asset_id: januaryAsset,
          kind: 'warranty_extension',
          source: 'renewal_job',
          renewal_key: `${januaryAsset}:2027-01-15`,
          status: 'lost',
          routing_rule: 'reseller_of_record',
          partner_id: B,
          closed_at: at('09:00', '2026-11-27'),
        },
        'reseller_of_record',
        [
          ['routed', B, at('10:04')],
          ['accepted', B, at('12:04')],
          ['lost', B, at('09:00', '2026-11-27')],
        ],
      );
      // L6: October, outside the period asked for.
      await lead(
        'L-T-6',
        { customer_id: channel.directCustomer.id, status: 'queued', routing_rule: 'queue' },
        'no_eligible_partner',
        [['queued', null, at('10:00', '2026-10-15')]],
      );

      await contact(channel.directCustomer.id, 'offer', at('13:00'));
      await contact(channel.customerA1.id, 'call', at('13:01'), A);
      await contact(channel.customerA1.id, 'offer', at('13:02'), A, 'partner_declined');
      await contact(channel.customerB1.id, 'mail', at('13:03'));
      await contact(channel.customerB1.id, 'mail', at('13:00', '2026-10-20'));

      await registration(A, 'approved', 500_000);
      await registration(A, 'pending', 200_000);
      await registration(B, 'rejected', 100_000);
    });

    afterAll(async () => server?.close());

    it('counts leads by the rule and explanation that placed them, in the period only', async () => {
      const response = await manager.request({ method: 'GET', url: NOVEMBER });
      expect(response.statusCode, response.body).toBe(200);
      const report = response.json() as Report;
      expect(report.period).toEqual({ from: '2026-11-01', to: '2026-11-30' });
      expect(report.byRoutingReason.total).toBe(5);
      expect(report.byRoutingReason.rows).toEqual([
        { rule: 'reseller_of_record', code: 'reseller_of_record', count: 2 },
        { rule: 'manual', code: 'manual', count: 1 },
        { rule: 'nearest', code: 'nearest', count: 1 },
        { rule: 'queue', code: 'reseller_of_record_tried', count: 1 },
      ]);
    });

    it('finds the leads that left the reseller of record (the asset’s own record first)', async () => {
      const report = (await manager.request({ method: 'GET', url: NOVEMBER })).json() as Report;
      const outside = report.outsideResellerOfRecord;
      expect([outside.leadsWithRecord, outside.total, outside.toOtherPartner, outside.toNoPartner]).toEqual([
        4, 2, 1, 1,
      ]);
      expect(outside.share).toBe(0.5);
      expect(outside.rows.map((r) => [r.number, r.resellerOfRecord.name, r.partner?.name ?? null])).toEqual([
        ['L-T-4', 'Systemhaus Süd GmbH', 'Nordwest IT GmbH'],
        ['L-T-2', 'Nordwest IT GmbH', null],
      ]);
    });

    it('counts direct contacts by kind and those without partner involvement', async () => {
      const report = (await manager.request({ method: 'GET', url: NOVEMBER })).json() as Report;
      const contacts = report.directContacts;
      expect([contacts.total, contacts.withoutPartner]).toEqual([4, 3]);
      expect(contacts.byKind).toEqual([
        { kind: 'offer', total: 2, unprotected: 1, cleared: 1, withoutClearance: 0, withoutPartner: 1 },
        { kind: 'call', total: 1, unprotected: 0, cleared: 0, withoutClearance: 1, withoutPartner: 1 },
        { kind: 'mail', total: 1, unprotected: 1, cleared: 0, withoutClearance: 0, withoutPartner: 1 },
      ]);
      expect(contacts.rows.map((r) => [r.kind, r.customer.name, r.resellerOfRecord?.name ?? null])).toEqual([
        ['mail', 'Autohaus Brandl', 'Systemhaus Süd GmbH'],
        ['call', 'Bäckerei Sommer GmbH', 'Nordwest IT GmbH'],
        ['offer', 'Hotel Lindenhof', null],
      ]);
    });

    it('gives each partner its offers, answers, response time, outcomes, pipeline and registrations', async () => {
      const report = (await manager.request({ method: 'GET', url: NOVEMBER })).json() as Report;
      const byName = Object.fromEntries(report.partners.rows.map((r) => [r.partner.name, r]));
      expect(Object.keys(byName).sort()).toEqual(['Nordwest IT GmbH', 'Systemhaus Süd GmbH']);
      expect(byName['Nordwest IT GmbH']).toMatchObject({
        offered: 3,
        accepted: 1,
        declined: 1,
        timedOut: 0,
        acceptanceRate: 0.5,
        medianResponseHours: 3,
        won: 1,
        lost: 0,
        conversionRate: 1,
        wonValueCents: 150_000,
        openLeads: 1,
        pipelineExpectedValueCents: 0,
        registrations: 2,
        registrationsApproved: 1,
        registrationsRejected: 0,
        approvedRegistrationValueCents: 500_000,
      });
      expect(byName['Systemhaus Süd GmbH']).toMatchObject({
        offered: 3,
        accepted: 2,
        declined: 0,
        timedOut: 1,
        acceptanceRate: 0.6667,
        medianResponseHours: 1.5,
        won: 0,
        lost: 1,
        conversionRate: 0,
        wonValueCents: 0,
        openLeads: 1,
        pipelineExpectedValueCents: 80_000,
        registrations: 1,
        registrationsApproved: 0,
        registrationsRejected: 1,
      });
    });

    it('lists the next twelve months of warranty ends with their renewal leads, whatever the period', async () => {
      const report = (await manager.request({ method: 'GET', url: NOVEMBER })).json() as Report;
      const rows = report.renewalsDue.rows;
      expect(rows.map((r) => r.month)).toHaveLength(12);
      expect(rows[0]).toEqual({ month: '2026-11', assets: 0, withLead: 0, withoutLead: 0 });
      expect(rows[1]).toEqual({ month: '2026-12', assets: 1, withLead: 0, withoutLead: 1 });
      expect(rows[2]).toEqual({ month: '2027-01', assets: 1, withLead: 1, withoutLead: 0 });
      expect(rows.reduce((sum, r) => sum + r.assets, 0)).toBe(2);
    });

    it('defaults to the last twelve months', async () => {
      const report = (await manager.request({ method: 'GET', url: '/api/reports/leads' })).json() as Report;
      expect(report.period).toEqual({ from: '2025-11-25', to: '2026-11-24' });
      // L-T-6 (October) is inside the default period; the November leads of the 24th too.
      expect(report.byRoutingReason.total).toBe(6);
    });

    it('returns one section as CSV for German Excel, with a file name', async () => {
      const response = await manager.request({
        method: 'GET',
        url: `${NOVEMBER}&format=csv&section=partners`,
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toBe(
        'attachment; filename="leads-report_partners_2026-11-01_2026-11-30.csv"',
      );
      expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const lines = response.body.replace(/^\uFEFF/, '').split('\r\n');
      expect(
        lines[0]?.startsWith('partner_number;partner;offered;accepted;declined;timed_out;acceptance_rate;'),
      ).toBe(true);
      const nordwest = lines.find((line) => line.includes(';Nordwest IT GmbH;'));
      expect(nordwest).toBe(
        `${channel.partnerA.number};Nordwest IT GmbH;3;1;1;0;0,5;3;1;0;1;1500,00;1;0,00;2;1;0;5000,00`,
      );
      const outside = await manager.request({
        method: 'GET',
        url: `${NOVEMBER}&format=csv&section=outsideResellerOfRecord`,
      });
      expect(outside.body.split('\r\n').filter((l) => l.startsWith('L-T-'))).toHaveLength(2);
      const renewals = await manager.request({
        method: 'GET',
        url: `${NOVEMBER}&format=csv&section=renewalsDue`,
      });
      expect(renewals.body.split('\r\n')).toContain('2027-01;1;1;0');
    });

    it('names the field of a wrong request', async () => {
      const cases: [string, string][] = [
        ['?from=2026-02-30', 'from'],
        ['?to=gestern', 'to'],
        ['?from=2026-11-02&to=2026-11-01', 'to'],
        ['?format=csv', 'section'],
        ['?format=xlsx', 'format'],
        ['?format=csv&section=everything', 'section'],
      ];
      for (const [query, field] of cases) {
        const response = await manager.request({ method: 'GET', url: `/api/reports/leads${query}` });
        expect(response.statusCode, query).toBe(400);
        expect(
          (response.json() as { errors: { field: string }[] }).errors.map((e) => e.field),
          query,
        ).toContain(field);
      }
    });

    it('is the operator’s: partners, customers, agents and billing clerks get 403', async () => {
      const admin = await logIn(server.app, channel.users.operator_admin.email, TEST_PASSWORD);
      expect((await admin.request({ method: 'GET', url: NOVEMBER })).statusCode).toBe(200);
      for (const user of [
        channel.users.partner_admin,
        channel.users.otherPartnerAdmin,
        channel.users.customer_user,
        channel.users.agent,
        channel.users.billing_clerk,
      ]) {
        const session = await logIn(server.app, user.email, TEST_PASSWORD);
        for (const url of [NOVEMBER, `${NOVEMBER}&format=csv&section=partners`]) {
          expect((await session.request({ method: 'GET', url })).statusCode, user.email).toBe(403);
        }
      }
    });
  });
}

// The same report over leads made and answered through the lead API, as the product makes them.
for (const dialect of DIALECTS) {
  describe(`leads report through the lead service [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let manager: Session;
    let nordwest: Session;
    const TODAY = '/api/reports/leads?from=2026-11-24&to=2026-11-30';

    async function call(
      session: Session,
      method: 'POST' | 'PUT',
      url: string,
      payload: object,
      status = 200,
    ) {
      const response = await session.request({ method, url, payload });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(status);
      return response.json() as { id: string; partnerId: string | null; status: string };
    }

    beforeAll(async () => {
      ({ server, channel, manager, nordwest } = await startChannelServer(dialect, {
        manager: 'channel_manager',
        nordwest: 'partner_admin',
      }));
      for (const partner of [channel.partnerA, channel.partnerB]) {
        await call(manager, 'PUT', `/api/organisations/${partner.id}/partner-profile`, {
          serviceRadiusKm: 50,
          capacity: 10,
          productLines: [],
        });
      }
      server.clock.advanceMinutes(60);
      // Bäckerei Sommer's lead: Nordwest IT accepts after 90 minutes and wins 1.200 €.
      const won = await call(
        manager,
        'POST',
        '/api/leads',
        { customerId: channel.customerA1.id, kind: 'new_device' },
        201,
      );
      expect(won.partnerId).toBe(channel.partnerA.id);
      // Kanzlei Ahrens' lead: Nordwest IT declines after 30 minutes; it waits in the queue.
      const declined = await call(
        manager,
        'POST',
        '/api/leads',
        { customerId: channel.customerA2.id, kind: 'service_contract' },
        201,
      );
      server.clock.advanceMinutes(30);
      const queued = await call(nordwest, 'POST', `/api/leads/${declined.id}/decline`, {
        reason: 'Keine Kapazität',
      });
      expect(queued.status).toBe('queued');
      server.clock.advanceMinutes(60);
      await call(nordwest, 'POST', `/api/leads/${won.id}/accept`, {});
      await call(nordwest, 'POST', `/api/leads/${won.id}/outcome`, {
        outcome: 'won',
        valueCents: 120_000,
        date: '2026-11-24',
        reason: 'Angebot angenommen',
      });
      // A call while Nordwest IT protects Bäckerei Sommer, and an approved registration.
      await call(
        manager,
        'POST',
        `/api/organisations/${channel.customerA1.id}/direct-contacts`,
        { kind: 'call', note: 'Rückfrage Toner' },
        201,
      );
      const registration = await call(
        nordwest,
        'POST',
        '/api/deal-registrations',
        {
          prospectName: 'Zahnarztpraxis Meyer',
          prospectPostalCode: '26123',
          productLine: 'printers',
          expectedValueCents: 450_000,
          closeDate: '2027-02-28',
        },
        201,
      );
      await call(manager, 'POST', `/api/deal-registrations/${registration.id}/approve`, { reason: 'passt' });
    });

    afterAll(async () => server?.close());

    it('shows the routing, the decline, the contact and the approved registration', async () => {
      const response = await manager.request({ method: 'GET', url: TODAY });
      expect(response.statusCode, response.body).toBe(200);
      const report = response.json() as Report;
      expect(report.byRoutingReason.rows).toEqual([
        { rule: 'queue', code: 'reseller_of_record_tried', count: 1 },
        { rule: 'reseller_of_record', code: 'reseller_of_record', count: 1 },
      ]);
      expect(report.outsideResellerOfRecord).toMatchObject({ leadsWithRecord: 2, total: 1, toNoPartner: 1 });
      expect(report.directContacts.byKind.find((r) => r.kind === 'call')).toMatchObject({
        total: 1,
        withoutClearance: 1,
      });
      expect(report.partners.rows).toHaveLength(1);
      expect(report.partners.rows[0]).toMatchObject({
        partner: { name: 'Nordwest IT GmbH' },
        offered: 2,
        accepted: 1,
        declined: 1,
        acceptanceRate: 0.5,
        // 90 minutes to accept, 30 to decline: the median is an hour.
        medianResponseHours: 1,
        won: 1,
        conversionRate: 1,
        wonValueCents: 120_000,
        registrations: 1,
        registrationsApproved: 1,
        approvedRegistrationValueCents: 450_000,
      });
    });
  });
}
