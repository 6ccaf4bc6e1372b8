import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { buildOrganisation, buildUser, type Channel, TEST_PASSWORD } from '../../../../test/factories';
import { logIn, type Session, type TestServer } from '../../../../test/test-server';

type OrganisationJson = {
  id: string;
  number: string;
  name: string;
  kind: string;
  resellerOfRecord: { id: string } | null;
};

for (const dialect of DIALECTS) {
  describe(`organisations [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let operator: Session;
    let partner: Session;
    let customer: Session;

    beforeAll(async () => {
      ({ server, channel, operator, partner, customer } = await startChannelServer(dialect, {
        operator: 'operator_admin',
        partner: 'partner_admin',
        customer: 'customer_user',
      }));
    });
    afterAll(async () => server.close());

    const names = (body: { items: OrganisationJson[] }) => body.items.map((o) => o.name).sort();

    it('requires a login', async () => {
      const response = await server.app.inject({ method: 'GET', url: '/api/organisations' });
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
    });

    it('shows the operator every organisation', async () => {
      const response = await operator.request({ method: 'GET', url: '/api/organisations' });
      expect(response.statusCode).toBe(200);
      expect(response.json().items).toHaveLength(7);
    });

    it('shows a partner only itself and the customers it is reseller of record for', async () => {
      const response = await partner.request({ method: 'GET', url: '/api/organisations' });
      expect(names(response.json())).toEqual(['Bäckerei Sommer GmbH', 'Kanzlei Ahrens', 'Nordwest IT GmbH']);
    });

    it('does not let a partner read another partner or its customers by guessing ids', async () => {
      for (const id of [
        channel.partnerB.id,
        channel.customerB1.id,
        channel.directCustomer.id,
        channel.operator.id,
      ]) {
        const response = await partner.request({ method: 'GET', url: `/api/organisations/${id}` });
        expect(response.statusCode).toBe(404);
        const people = await partner.request({ method: 'GET', url: `/api/organisations/${id}/people` });
        expect(people.statusCode).toBe(404);
      }
      const own = await partner.request({
        method: 'GET',
        url: `/api/organisations/${channel.customerA1.id}`,
      });
      expect(own.statusCode).toBe(200);
    });

    it('does not let a partner filter its way to another partner’s customers', async () => {
      const response = await partner.request({
        method: 'GET',
        url: `/api/organisations?resellerId=${channel.partnerB.id}`,
      });
      expect(response.json().items).toEqual([]);
    });

    it('shows a customer only its own organisation', async () => {
      const response = await customer.request({ method: 'GET', url: '/api/organisations' });
      expect(names(response.json())).toEqual(['Bäckerei Sommer GmbH']);
      const other = await customer.request({
        method: 'GET',
        url: `/api/organisations/${channel.customerA2.id}`,
      });
      expect(other.statusCode).toBe(404);
    });

    it('searches by name and city, case-insensitively', async () => {
      const response = await operator.request({ method: 'GET', url: '/api/organisations?q=bäckerei' });
      const body = response.json();
      expect(body.items.map((o: OrganisationJson) => o.name)).toContain('Bäckerei Sommer GmbH');
      const byKind = await operator.request({ method: 'GET', url: '/api/organisations?kind=partner' });
      expect(names(byKind.json())).toEqual(['Nordwest IT GmbH', 'Systemhaus Süd GmbH']);
    });

    it('pages through the list with a cursor without repeating or skipping anyone', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/organisations?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
        const body: { items: OrganisationJson[]; nextCursor: string | null } = (
          await operator.request({ method: 'GET', url })
        ).json();
        seen.push(...body.items.map((o) => o.id));
        cursor = body.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(7);
      expect(new Set(seen).size).toBe(7);
    });

    it('creates an organisation with the next number of its series and audits it', async () => {
      const response = await operator.request({
        method: 'POST',
        url: '/api/organisations',
        payload: {
          kind: 'customer',
          name: 'Zahnarztpraxis Dr. Körner',
          postalCode: '01067',
          city: 'Dresden',
          vatId: 'de 123 456 789',
          resellerOfRecordId: channel.partnerA.id,
        },
      });
      expect(response.statusCode).toBe(201);
      const created = response.json();
      expect(created).toMatchObject({ kind: 'customer', postalCode: '01067', vatId: 'DE123456789' });
      expect(created.number).toMatch(/^K-\d+$/);
      expect(created.resellerOfRecord.id).toBe(channel.partnerA.id);
      // The partner now sees its new customer.
      const seen = await partner.request({ method: 'GET', url: `/api/organisations/${created.id}` });
      expect(seen.statusCode).toBe(200);
      const audit = await operator.request({ method: 'GET', url: `/api/audit?entityId=${created.id}` });
      expect(audit.json().items[0]).toMatchObject({
        action: 'organisation.created',
        entityType: 'organisation',
      });
    });

    it('rejects bad input with a 400 naming each field', async () => {
      const response = await operator.request({
        method: 'POST',
        url: '/api/organisations',
        payload: { kind: 'customer', name: 'X', postalCode: '2612', email: 'nope' },
      });
      expect(response.statusCode).toBe(400);
      const problem = response.json();
      expect(problem.status).toBe(400);
      expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'email',
        'name',
        'postalCode',
      ]);
      expect(problem.detail).toContain('postalCode');
    });

    it('changes the reseller of record only with a reason in the audit log, and only to an active partner', async () => {
      const inactive = await operator.request({
        method: 'PATCH',
        url: `/api/organisations/${channel.partnerB.id}`,
        payload: { active: false },
      });
      expect(inactive.json().active).toBe(false);
      const refused = await operator.request({
        method: 'PUT',
        url: `/api/organisations/${channel.directCustomer.id}/reseller-of-record`,
        payload: { partnerId: channel.partnerB.id, reason: 'Kunde wechselt' },
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().errors[0].field).toBe('partnerId');

      const changed = await operator.request({
        method: 'PUT',
        url: `/api/organisations/${channel.directCustomer.id}/reseller-of-record`,
        payload: { partnerId: channel.partnerA.id, reason: 'Kunde hat bei Nordwest IT gekauft' },
      });
      expect(changed.statusCode).toBe(200);
      expect(changed.json().resellerOfRecord.id).toBe(channel.partnerA.id);
      const audit = await operator.request({
        method: 'GET',
        url: `/api/audit?entityId=${channel.directCustomer.id}`,
      });
      expect(audit.json().items[0]).toMatchObject({
        action: 'organisation.reseller_of_record_changed',
        before: { partnerId: null },
        after: { partnerId: channel.partnerA.id, reason: 'Kunde hat bei Nordwest IT gekauft' },
      });
    });

    it('does not let a partner change organisations', async () => {
      const response = await partner.request({
        method: 'PATCH',
        url: `/api/organisations/${channel.customerA1.id}`,
        payload: { name: 'Übernommen GmbH' },
      });
      expect(response.statusCode).toBe(403);
    });

    it('lists the people of a visible organisation, contacts included', async () => {
      const response = await partner.request({
        method: 'GET',
        url: `/api/organisations/${channel.customerA1.id}/people`,
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().items.map((p: { email: string }) => p.email)).toContain(
        channel.users.customer_user.email,
      );
    });

    it('shuts a deactivated organisation out (login, sessions, API tokens) and lets it back in on reactivation', async () => {
      const reseller = await buildOrganisation(server.deps, { kind: 'partner', name: 'Küstenrechner GmbH' });
      const owner = await buildUser(server.deps, reseller, ['partner_admin']);
      const session = await logIn(server.app, owner.email, TEST_PASSWORD);
      const created = await session.request({
        method: 'POST',
        url: '/api/api-tokens',
        payload: { name: 'ERP', scopes: ['read'] },
      });
      const bearer = { authorization: `Bearer ${created.json().token}` };
      const setActive = (active: boolean) =>
        operator.request({ method: 'PATCH', url: `/api/organisations/${reseller.id}`, payload: { active } });
      const login = (password: string) =>
        server.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: owner.email, password },
        });

      expect((await setActive(false)).json().active).toBe(false);
      const viaSession = await session.request({ method: 'GET', url: '/api/auth/session' });
      const viaToken = await server.app.inject({ method: 'GET', url: '/api/organisations', headers: bearer });
      const viaLogin = await login(TEST_PASSWORD);
      for (const response of [viaSession, viaToken, viaLogin]) {
        expect(response.statusCode).toBe(401);
        expect(response.json()).toMatchObject({
          code: 'organisation_inactive',
          detail: expect.stringMatching(/deactivated/),
        });
      }
      // A wrong password still says only that: the organisation's state is no one else's business.
      expect((await login('wrong password!')).json().code).toBe('unauthenticated');
      // Pages anyone may open stay open to a browser that still has the cookie.
      expect((await session.request({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);

      expect((await setActive(true)).json().active).toBe(true);
      expect((await session.request({ method: 'GET', url: '/api/auth/session' })).statusCode).toBe(200);
      expect(
        (await server.app.inject({ method: 'GET', url: '/api/organisations', headers: bearer })).statusCode,
      ).toBe(200);
      expect((await login(TEST_PASSWORD)).statusCode).toBe(200);
    });

    it('refuses to deactivate the operator, which would shut out everyone who could undo it', async () => {
      const response = await operator.request({
        method: 'PATCH',
        url: `/api/organisations/${channel.operator.id}`,
        payload: { active: false },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].field).toBe('active');
    });

    it('keeps a phone number on a third party that wants the customer to call, naming the field', async () => {
      const carrier = await buildOrganisation(server.deps, {
        kind: 'third_party',
        name: 'Kabelnetz Ems GmbH',
      });
      const url = `/api/organisations/${carrier.id}`;
      const refused = await operator.request({
        method: 'PATCH',
        url,
        payload: { acceptsPartnerEscalation: false, phone: '' },
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().errors).toEqual([
        { field: 'phone', message: 'is required while partners cannot escalate: customers call this number' },
      ]);
      const saved = await operator.request({
        method: 'PATCH',
        url,
        payload: { acceptsPartnerEscalation: false, phone: '0800 555 6000', serviceHours: 'Mo–Fr 8–18 Uhr' },
      });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json()).toMatchObject({
        acceptsPartnerEscalation: false,
        phone: '0800 555 6000',
        serviceHours: 'Mo–Fr 8–18 Uhr',
      });
      const accepting = await operator.request({
        method: 'PATCH',
        url,
        payload: { acceptsPartnerEscalation: true },
      });
      expect(accepting.json()).toMatchObject({ acceptsPartnerEscalation: true });
      const tooLong = await operator.request({
        method: 'PATCH',
        url,
        payload: { serviceHours: 'x'.repeat(101) },
      });
      expect(tooLong.statusCode).toBe(400);
      expect(tooLong.json().errors[0].field).toBe('serviceHours');
    });
  });
}
