import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { buildOrganisation, type Channel } from '../../../../test/factories';
import type { Session, TestServer } from '../../../../test/test-server';

for (const dialect of DIALECTS) {
  describe(`partner profile [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let admin: Session;
    let channelManager: Session;
    let agent: Session;
    let partner: Session;
    let otherPartner: Session;
    let customer: Session;

    beforeAll(async () => {
      ({ server, channel, admin, channelManager, agent, partner, otherPartner, customer } =
        await startChannelServer(dialect, {
          admin: 'operator_admin',
          channelManager: 'channel_manager',
          agent: 'agent',
          partner: 'partner_admin',
          otherPartner: 'otherPartnerAdmin',
          customer: 'customer_user',
        }));
    });
    afterAll(async () => server.close());

    const url = (id: string) => `/api/organisations/${id}/partner-profile`;

    it('shows a partner without a saved profile as active, ungraded and not yet located', async () => {
      const response = await admin.request({ method: 'GET', url: url(channel.partnerB.id) });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        status: 'active',
        grade: null,
        capacity: null,
        productLines: [],
        leadContactIds: [],
        location: null,
        updatedAt: null,
      });
    });

    it('saves the profile and locates the partner from its postal code (26121 Oldenburg)', async () => {
      const response = await channelManager.request({
        method: 'PUT',
        url: url(channel.partnerA.id),
        payload: {
          gradeCode: 'gold',
          capacity: 12,
          serviceRadiusKm: 80,
          productLines: ['printers', 'multifunction'],
          leadContactIds: [channel.users.partner_admin.id],
        },
      });
      expect(response.statusCode, response.body).toBe(200);
      const profile = response.json();
      expect(profile).toMatchObject({
        status: 'active',
        grade: { code: 'gold', weight: 3 },
        capacity: 12,
        serviceRadiusKm: 80,
        productLines: ['printers', 'multifunction'],
        leadContactIds: [channel.users.partner_admin.id],
        location: { approximate: false },
      });
      expect(profile.location.latitude).toBeCloseTo(53.14, 1);
      expect(profile.location.longitude).toBeCloseTo(8.22, 1);

      // Fields left out keep their value.
      const again = await admin.request({
        method: 'PUT',
        url: url(channel.partnerA.id),
        payload: { capacity: null },
      });
      expect(again.json()).toMatchObject({ capacity: null, grade: { code: 'gold' }, serviceRadiusKm: 80 });
    });

    it('marks a point found only for the postal-code area as approximate, and keeps none for a foreign partner', async () => {
      const unknownCode = await buildOrganisation(server.deps, { kind: 'partner', postal_code: '26199' });
      const located = await admin.request({ method: 'PUT', url: url(unknownCode.id), payload: {} });
      expect(located.statusCode, located.body).toBe(200);
      expect(located.json().location).toMatchObject({ approximate: true });

      const foreign = await buildOrganisation(server.deps, {
        kind: 'partner',
        country: 'AT',
        postal_code: '1010',
        city: 'Wien',
      });
      const unlocated = await admin.request({ method: 'PUT', url: url(foreign.id), payload: {} });
      expect(unlocated.json().location).toBeNull();
    });

    it('names the field of a bad value', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ gradeCode: 'platinum' }, 'gradeCode'],
        [{ capacity: -1 }, 'capacity'],
        [{ serviceRadiusKm: 0 }, 'serviceRadiusKm'],
        [{ status: 'sleeping' }, 'status'],
        [{ productLines: ['printers', 'printers'] }, 'productLines'],
        [{ leadContactIds: [channel.users.otherPartnerAdmin.id] }, 'leadContactIds'],
      ];
      for (const [payload, field] of cases) {
        const response = await admin.request({ method: 'PUT', url: url(channel.partnerA.id), payload });
        expect(response.statusCode, JSON.stringify(payload)).toBe(400);
        expect(response.json().errors[0].field, JSON.stringify(payload)).toBe(field);
      }
    });

    it('keeps the status in step with the organisation’s active flag, both ways', async () => {
      const partnerC = await buildOrganisation(server.deps, { kind: 'partner' });
      const deactivated = await admin.request({
        method: 'PATCH',
        url: `/api/organisations/${partnerC.id}`,
        payload: { active: false },
      });
      expect(deactivated.statusCode).toBe(200);
      expect((await admin.request({ method: 'GET', url: url(partnerC.id) })).json().status).toBe('inactive');

      const reactivated = await admin.request({
        method: 'PUT',
        url: url(partnerC.id),
        payload: { status: 'active' },
      });
      expect(reactivated.json().status).toBe('active');
      const organisation = await admin.request({ method: 'GET', url: `/api/organisations/${partnerC.id}` });
      expect(organisation.json().active).toBe(true);

      // Suspended: the organisation stays active (its people log in), it only receives no leads.
      const suspended = await admin.request({
        method: 'PUT',
        url: url(partnerC.id),
        payload: { status: 'suspended' },
      });
      expect(suspended.json().status).toBe('suspended');
      expect(
        (await admin.request({ method: 'GET', url: `/api/organisations/${partnerC.id}` })).json().active,
      ).toBe(true);

      const inactive = await admin.request({
        method: 'PUT',
        url: url(partnerC.id),
        payload: { status: 'inactive' },
      });
      expect(inactive.json().status).toBe('inactive');
      expect(
        (await admin.request({ method: 'GET', url: `/api/organisations/${partnerC.id}` })).json().active,
      ).toBe(false);
    });

    it('audits a profile change', async () => {
      await admin.request({ method: 'PUT', url: url(channel.partnerB.id), payload: { gradeCode: 'bronze' } });
      const audit = await admin.request({ method: 'GET', url: `/api/audit?entityId=${channel.partnerB.id}` });
      expect(audit.json().items[0]).toMatchObject({
        action: 'partner_profile.updated',
        after: { grade_code: 'bronze' },
      });
    });

    it('lets the partner read its own profile and nobody else read or change it', async () => {
      expect((await partner.request({ method: 'GET', url: url(channel.partnerA.id) })).statusCode).toBe(200);
      expect((await agent.request({ method: 'GET', url: url(channel.partnerA.id) })).statusCode).toBe(200);
      expect((await otherPartner.request({ method: 'GET', url: url(channel.partnerA.id) })).statusCode).toBe(
        404,
      );
      expect((await customer.request({ method: 'GET', url: url(channel.partnerA.id) })).statusCode).toBe(404);
      expect(
        (await partner.request({ method: 'PUT', url: url(channel.partnerA.id), payload: { capacity: 99 } }))
          .statusCode,
      ).toBe(403);
      // A customer has no partner profile.
      expect((await admin.request({ method: 'GET', url: url(channel.customerA1.id) })).statusCode).toBe(404);
    });
  });
}
