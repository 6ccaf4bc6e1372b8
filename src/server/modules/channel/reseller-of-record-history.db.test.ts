import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { buildOrganisation, buildUser, type Channel, TEST_PASSWORD } from '../../../../test/factories';
import { logIn, type Session, type TestServer } from '../../../../test/test-server';

type Period = {
  partner: { id: string; name: string };
  validFrom: string;
  validTo: string | null;
  current: boolean;
  changedBy: string | null;
  reason: string;
};

for (const dialect of DIALECTS) {
  describe(`reseller of record history [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let admin: Session;
    let agent: Session;
    let oldPartner: Session;
    let newPartner: Session;
    let anotherPartner: Session;
    let customer: Session;

    beforeAll(async () => {
      ({ server, channel, admin, agent, oldPartner, newPartner, customer } = await startChannelServer(
        dialect,
        {
          admin: 'channel_manager',
          agent: 'agent',
          oldPartner: 'partner_admin',
          newPartner: 'otherPartnerAdmin',
          customer: 'customer_user',
        },
      ));
      const partnerC = await buildOrganisation(server.deps, { kind: 'partner', name: 'Weserbogen IT GmbH' });
      const partnerCAdmin = await buildUser(server.deps, partnerC, ['partner_admin']);
      anotherPartner = await logIn(server.app, partnerCAdmin.email, TEST_PASSWORD);

      // Bäckerei Sommer: Nordwest IT (initial) → Systemhaus Süd → no reseller → Systemhaus Süd.
      for (const [partnerId, reason] of [
        [channel.partnerB.id, 'Kunde wechselt zu Systemhaus Süd'],
        [null, 'Vertrag mit Systemhaus Süd beendet'],
        [channel.partnerB.id, 'Neuer Vertrag mit Systemhaus Süd'],
      ] as const) {
        const response = await admin.request({
          method: 'PUT',
          url: `/api/organisations/${channel.customerA1.id}/reseller-of-record`,
          payload: { partnerId, reason },
        });
        expect(response.statusCode, response.body).toBe(200);
      }
    });
    afterAll(async () => server.close());

    const history = (session: Session, customerId = channel.customerA1.id) =>
      session.request({ method: 'GET', url: `/api/organisations/${customerId}/reseller-of-record/history` });

    it('shows the operator every period with who changed it and why', async () => {
      const response = await history(agent);
      expect(response.statusCode).toBe(200);
      const items: Period[] = response.json().items;
      expect(items.map((p) => [p.partner.name, p.reason, p.current])).toEqual([
        ['Nordwest IT GmbH', 'initial', false],
        ['Systemhaus Süd GmbH', 'Kunde wechselt zu Systemhaus Süd', false],
        ['Systemhaus Süd GmbH', 'Neuer Vertrag mit Systemhaus Süd', true],
      ]);
      expect(items[0]!.validTo).toBe(items[1]!.validFrom);
      expect(items[2]!.validTo).toBeNull();
      expect(items[1]!.changedBy).toContain(channel.users.channel_manager.email);
    });

    it('shows the old partner that and when it lost the customer, not to whom', async () => {
      const response = await history(oldPartner);
      expect(response.statusCode).toBe(200);
      const items: Period[] = response.json().items;
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        partner: { id: channel.partnerA.id },
        current: false,
        changedBy: null,
      });
      expect(items[0]!.validTo).not.toBeNull();
      expect(response.body).not.toContain('Systemhaus Süd');
      expect(response.body).not.toContain(channel.partnerB.id);
    });

    it('shows the new partner only its own periods', async () => {
      const items: Period[] = (await history(newPartner)).json().items;
      expect(items.map((p) => p.partner.id)).toEqual([channel.partnerB.id, channel.partnerB.id]);
      expect(JSON.stringify(items)).not.toContain('Nordwest');
    });

    it('shows the customer and unrelated partners nothing', async () => {
      expect((await history(customer)).statusCode).toBe(404);
      expect((await history(anotherPartner)).statusCode).toBe(404);
      expect((await history(agent, channel.partnerA.id)).statusCode).toBe(404);
    });

    it('takes the old partner’s cases away and gives the customer to the new one', async () => {
      const asOld = await oldPartner.request({
        method: 'GET',
        url: `/api/organisations/${channel.customerA1.id}`,
      });
      expect(asOld.statusCode).toBe(404);
      const asNew = await newPartner.request({
        method: 'GET',
        url: `/api/organisations/${channel.customerA1.id}`,
      });
      expect(asNew.json().resellerOfRecord.id).toBe(channel.partnerB.id);
    });

    it('refuses a change without a reason, naming the field', async () => {
      for (const payload of [
        { partnerId: channel.partnerA.id },
        { partnerId: channel.partnerA.id, reason: '  ' },
      ]) {
        const response = await admin.request({
          method: 'PUT',
          url: `/api/organisations/${channel.customerA2.id}/reseller-of-record`,
          payload,
        });
        expect(response.statusCode).toBe(400);
        expect(response.json().errors[0].field).toBe('reason');
      }
    });

    it('audits every change with its reason', async () => {
      const operatorAdmin = await logIn(server.app, channel.users.operator_admin.email, TEST_PASSWORD);
      const audit = await operatorAdmin.request({
        method: 'GET',
        url: `/api/audit?entityId=${channel.customerA1.id}`,
      });
      const changes = audit
        .json()
        .items.filter((e: { action: string }) => e.action === 'organisation.reseller_of_record_changed');
      expect(changes).toHaveLength(3);
      expect(changes.map((e: { after: { reason: string } }) => e.after.reason)).toContain(
        'Vertrag mit Systemhaus Süd beendet',
      );
    });

    it('keeps one current record when two changes arrive at once', async () => {
      const responses = await Promise.all(
        [channel.partnerA.id, channel.partnerB.id].map((partnerId) =>
          admin.request({
            method: 'PUT',
            url: `/api/organisations/${channel.directCustomer.id}/reseller-of-record`,
            payload: { partnerId, reason: 'Gleichzeitige Änderung' },
          }),
        ),
      );
      expect(responses.map((r) => r.statusCode)).toEqual([200, 200]);
      const items: Period[] = (await history(agent, channel.directCustomer.id)).json().items;
      expect(items.filter((p) => p.current)).toHaveLength(1);
      expect(items).toHaveLength(2);
    });

    it('starts the history of a customer created with a reseller of record', async () => {
      const created = await admin.request({
        method: 'POST',
        url: '/api/organisations',
        payload: { kind: 'customer', name: 'Hofladen Meyer', resellerOfRecordId: channel.partnerA.id },
      });
      expect(created.statusCode, created.body).toBe(201);
      const items: Period[] = (await history(agent, created.json().id)).json().items;
      expect(items).toMatchObject([
        { partner: { id: channel.partnerA.id }, current: true, reason: 'initial' },
      ]);
    });
  });
}
