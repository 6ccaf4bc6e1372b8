import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countCases, startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { buildOrganisation, type Channel } from '../../../../test/factories';
import type { Session, TestServer } from '../../../../test/test-server';

type Problem = { status: number; errors?: { field: string; message: string }[] };
type Fact = { key: string; value: string; source: string; state: string };

for (const dialect of DIALECTS) {
  describe(`fields only the operator sets on a case [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let admin: Session;
    let customer: Session;
    let partner: Session;
    let operatorOnly: Record<string, unknown>;

    beforeAll(async () => {
      ({ server, channel, admin, customer, partner } = await startChannelServer(dialect, {
        admin: 'operator_admin',
        customer: 'customer_user',
        partner: 'partner_agent',
      }));
      const carrier = await buildOrganisation(server.deps, { kind: 'third_party', name: 'Netz AG' });
      const created = async (url: string, payload: object) =>
        (await admin.request({ method: 'POST', url, payload })).json<{ id: string }>().id;
      const category = await created('/api/causes', { nameDe: 'Versand', nameEn: 'Shipping' });
      // Real values, so the refusal is about who sends them, not about what they name.
      operatorOnly = {
        tags: ['eilig'],
        priority: 'urgent',
        assigneeId: channel.users.agent.id,
        groupId: await created('/api/groups', { name: 'Versand' }),
        thirdPartyId: carrier.id,
        causeId: await created('/api/causes', { parentId: category, nameDe: 'Zu spät', nameEn: 'Late' }),
      };
    });
    afterAll(async () => server.close());

    const newCase = (extra: object) => ({
      type: 'complaint',
      subject: 'Lieferung unvollständig',
      description: 'Es fehlt ein Netzteil.',
      ...extra,
    });

    for (const who of ['customer', 'partner'] as const) {
      it(`refuses each operator-only field from a ${who} with a 400 naming it, and opens no case`, async () => {
        const session = who === 'customer' ? customer : partner;
        const extra = who === 'partner' ? { customerId: channel.customerA1.id } : {};
        const before = await countCases(server);
        for (const [field, value] of Object.entries(operatorOnly)) {
          const response = await session.request({
            method: 'POST',
            url: '/api/cases',
            payload: newCase({ ...extra, [field]: value }),
          });
          expect(response.statusCode, `${field}: ${response.body}`).toBe(400);
          expect(response.json<Problem>().errors?.map((e) => e.field)).toEqual([field]);
        }
        const all = await session.request({
          method: 'POST',
          url: '/api/cases',
          payload: newCase({ ...extra, ...operatorOnly }),
        });
        expect(all.statusCode).toBe(400);
        expect(
          all
            .json<Problem>()
            .errors?.map((e) => e.field)
            .sort(),
        ).toEqual(Object.keys(operatorOnly).sort());
        expect(await countCases(server)).toBe(before);
      });

      it(`records a ${who}’s urgency as a fact of the case, not as its priority`, async () => {
        const session = who === 'customer' ? customer : partner;
        const extra = who === 'partner' ? { customerId: channel.customerA1.id } : {};
        const response = await session.request({
          method: 'POST',
          url: '/api/cases',
          payload: newCase({ ...extra, urgency: 'urgent' }),
        });
        expect(response.statusCode, response.body).toBe(201);
        const created = response.json<{ id: string; priority: string; facts: Fact[] }>();
        expect(created.priority).toBe('normal');
        expect(created.facts).toContainEqual(
          expect.objectContaining({ key: 'urgency', value: 'urgent', source: who }),
        );
        // The operator sees the same fact and still decides the priority.
        const seen = await admin.request({ method: 'GET', url: `/api/cases/${created.id}` });
        expect(seen.json<{ facts: Fact[] }>().facts).toContainEqual(
          expect.objectContaining({ key: 'urgency', value: 'urgent', source: who }),
        );
        // And so does the customer.
        const customerView = await customer.request({ method: 'GET', url: `/api/cases/${created.id}` });
        expect(customerView.json<{ facts: Fact[] }>().facts).toContainEqual(
          expect.objectContaining({ key: 'urgency', value: 'urgent' }),
        );
      });

      it(`keeps a ${who} from changing operator-only fields of an existing case`, async () => {
        const session = who === 'customer' ? customer : partner;
        const opened = await customer.request({ method: 'POST', url: '/api/cases', payload: newCase({}) });
        const id = opened.json<{ id: string }>().id;
        const patch = await session.request({
          method: 'PATCH',
          url: `/api/cases/${id}`,
          payload: { priority: 'urgent' },
        });
        expect(patch.statusCode).toBe(403);
        const tags = await session.request({
          method: 'PUT',
          url: `/api/cases/${id}/tags`,
          payload: { tags: ['eilig'] },
        });
        expect(tags.statusCode).toBe(403);
        const detail = await admin.request({ method: 'GET', url: `/api/cases/${id}` });
        expect(detail.json()).toMatchObject({ priority: 'normal', tags: [] });
      });
    }

    it('lets the operator set every one of them when opening a case', async () => {
      const response = await admin.request({
        method: 'POST',
        url: '/api/cases',
        payload: newCase({ customerId: channel.customerA1.id, ...operatorOnly }),
      });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json()).toMatchObject({
        priority: 'urgent',
        tags: ['eilig'],
        assignee: { id: channel.users.agent.id },
        group: { id: operatorOnly.groupId },
        thirdParty: { id: operatorOnly.thirdPartyId },
        cause: { id: operatorOnly.causeId },
      });
    });
  });
}
