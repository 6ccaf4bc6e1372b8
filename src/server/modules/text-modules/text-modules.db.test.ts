import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import type { Session, TestServer } from '../../../../test/test-server';

type Module = { id: string; name: string; active: boolean; lastUsedAt: string | null };

for (const dialect of DIALECTS) {
  describe(`an admin deactivates, reactivates and deletes text modules [${dialect}]`, () => {
    let server: TestServer;
    let admin: Session;
    let agent: Session;
    let billing: Session;
    let partner: Session;
    let customer: Session;
    let caseNumber: string;

    beforeAll(async () => {
      ({ server, admin, agent, billing, partner, customer } = await startChannelServer(dialect, {
        admin: 'operator_admin',
        agent: 'agent',
        billing: 'billing_clerk',
        partner: 'partner_admin',
        customer: 'customer_user',
      }));
      const created = await customer.request({
        method: 'POST',
        url: '/api/cases',
        payload: { type: 'request', subject: 'Toner', description: 'Bitte Toner senden.' },
      });
      caseNumber = created.json<{ number: string }>().number;
    });
    afterAll(async () => server.close());

    const create = async (name: string) => {
      const res = await admin.request({
        method: 'POST',
        url: '/api/text-modules',
        payload: { name, language: 'de', body: `Hallo, ${name}.` },
      });
      expect(res.statusCode).toBe(201);
      return res.json<Module>();
    };
    const list = async (session: Session, query = '') =>
      (await session.request({ method: 'GET', url: `/api/text-modules${query}` })).json<{ items: Module[] }>()
        .items;

    it('lists a deactivated module only with includeInactive, and reactivates it', async () => {
      const module = await create('Urlaubsgruß');
      expect(module.lastUsedAt).toBeNull();
      const off = await admin.request({
        method: 'PATCH',
        url: `/api/text-modules/${module.id}`,
        payload: { active: false },
      });
      expect(off.json<Module>().active).toBe(false);
      expect((await list(agent)).map((m) => m.id)).not.toContain(module.id);
      const all = await list(admin, '?includeInactive=true');
      expect(all.find((m) => m.id === module.id)?.active).toBe(false);
      const on = await admin.request({
        method: 'PATCH',
        url: `/api/text-modules/${module.id}`,
        payload: { active: true },
      });
      expect(on.json<Module>().active).toBe(true);
      expect((await list(agent)).map((m) => m.id)).toContain(module.id);
    });

    it('deletes a module never put into a reply; a used one is refused with text_module_used', async () => {
      const unused = await create('Tippfehler-Vorlage');
      const used = await create('Eingangsbestätigung');
      const rendered = await agent.request({
        method: 'POST',
        url: `/api/text-modules/${used.id}/render`,
        payload: { caseId: caseNumber },
      });
      expect(rendered.statusCode).toBe(200);
      expect((await list(admin)).find((m) => m.id === used.id)?.lastUsedAt).not.toBeNull();

      const refused = await admin.request({ method: 'DELETE', url: `/api/text-modules/${used.id}` });
      expect(refused.statusCode).toBe(409);
      expect(refused.json<{ code: string }>().code).toBe('text_module_used');
      expect((await list(admin)).map((m) => m.id)).toContain(used.id);

      const deleted = await admin.request({ method: 'DELETE', url: `/api/text-modules/${unused.id}` });
      expect(deleted.statusCode).toBe(204);
      expect((await list(admin, '?includeInactive=true')).map((m) => m.id)).not.toContain(unused.id);
      const again = await admin.request({ method: 'DELETE', url: `/api/text-modules/${unused.id}` });
      expect(again.statusCode).toBe(404);
      const audit = await server.deps.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', unused.id)
        .execute();
      expect(audit.map((a) => a.action)).toContain('text_module.deleted');
    });

    it('refuses partners, customers and read-only operator roles', async () => {
      const module = await create('Nur intern');
      for (const session of [partner, customer, billing]) {
        const del = await session.request({ method: 'DELETE', url: `/api/text-modules/${module.id}` });
        expect(del.statusCode).toBe(403);
        const patch = await session.request({
          method: 'PATCH',
          url: `/api/text-modules/${module.id}`,
          payload: { active: false },
        });
        expect(patch.statusCode).toBe(403);
      }
      // Reading deactivated modules is for those who keep them.
      expect(
        (await billing.request({ method: 'GET', url: '/api/text-modules?includeInactive=true' })).statusCode,
      ).toBe(403);
      expect((await partner.request({ method: 'GET', url: '/api/text-modules' })).statusCode).toBe(403);
      expect((await list(admin)).find((m) => m.id === module.id)?.active).toBe(true);
    });
  });
}
