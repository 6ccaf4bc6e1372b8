import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import type { Channel } from '../../../../test/factories';
import type { Session, TestServer } from '../../../../test/test-server';
import { seedDemoBilling } from './demo-seed';

type Problem = { code: string; errors?: { field: string; message: string }[] };
type Charge = {
  id: string;
  type: { code: string };
  vatTreatment: string;
  vatCategory: string;
  quantity: number;
  amountCents: number;
  lineNetCents: number;
  invoiceId: string | null;
};

const SELLER = {
  legalName: 'Printwerk Test AG',
  street: 'Am Druckerhafen 1',
  postalCode: '20099',
  city: 'Hamburg',
  country: 'DE',
  vatId: 'DE812345678',
  taxNumber: null,
  registerCourt: 'Amtsgericht Hamburg',
  registerNumber: 'HRB 123456',
  managingDirectors: ['Dr. Henrike Albers'],
  bankName: 'Hansebank',
  iban: 'DE89 3704 0044 0532 0130 00',
  bic: 'COBADEFFXXX',
  invoiceFooter: 'Sitz Hamburg',
  contactName: 'Maren Lüders',
  contactPhone: '+49 40 3344 5500',
  contactEmail: 'buchhaltung@printwerk.example',
  paymentTermsDays: 14,
  invoiceNumberSeries: { prefix: 'RE-', numbering: 'per_year' },
};

for (const dialect of DIALECTS) {
  describe(`billing settings, charge types and accounts [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let admin: Session;
    let clerk: Session;
    let agent: Session;
    let manager: Session;
    let partner: Session;
    let partnerAgent: Session;
    let customer: Session;

    const fieldOf = (body: string) => (JSON.parse(body) as Problem).errors?.map((e) => e.field);
    const charge = (payload: Record<string, unknown>, customerId = channel.customerA1.id, by = clerk) =>
      by.request({ method: 'POST', url: `/api/accounts/${customerId}/charges`, payload });
    const account = (customerId = channel.customerA1.id, by = clerk) =>
      by.request({ method: 'GET', url: `/api/accounts/${customerId}` });

    beforeAll(async () => {
      ({ server, channel, admin, clerk, agent, manager, partner, partnerAgent, customer } =
        await startChannelServer(dialect, {
          admin: 'operator_admin',
          clerk: 'billing_clerk',
          agent: 'agent',
          manager: 'channel_manager',
          partner: 'partner_admin',
          partnerAgent: 'partner_agent',
          customer: 'customer_user',
        }));
      await seedDemoBilling(server.deps);
    });
    afterAll(async () => server.close());

    describe('seller settings', () => {
      it('shows the demo seller to the billing clerk, and lets only the operator admin change it (audited)', async () => {
        const shown = await clerk.request({ method: 'GET', url: '/api/settings/seller' });
        expect(shown.statusCode, shown.body).toBe(200);
        expect(shown.json()).toMatchObject({
          configured: true,
          legalName: 'Printwerk Test AG',
          iban: 'DE89370400440532013000',
        });

        expect(
          (await clerk.request({ method: 'PUT', url: '/api/settings/seller', payload: SELLER })).statusCode,
        ).toBe(403);
        const saved = await admin.request({
          method: 'PUT',
          url: '/api/settings/seller',
          payload: {
            ...SELLER,
            legalName: 'Printwerk Systeme AG',
            invoiceNumberSeries: { prefix: 'PW-', numbering: 'continuous' },
          },
        });
        expect(saved.statusCode, saved.body).toBe(200);
        expect(saved.json()).toMatchObject({
          configured: true,
          legalName: 'Printwerk Systeme AG',
          iban: 'DE89370400440532013000',
          bic: 'COBADEFFXXX',
          managingDirectors: ['Dr. Henrike Albers'],
          invoiceNumberSeries: { prefix: 'PW-', numbering: 'continuous' },
        });
        const again = await clerk.request({ method: 'GET', url: '/api/settings/seller' });
        expect(again.json().legalName).toBe('Printwerk Systeme AG');
        const audit = await server.deps.db
          .selectFrom('audit_log')
          .select(['action', 'actor_person_id'])
          .where('entity_type', '=', 'seller_settings')
          .orderBy('at')
          .execute();
        expect(audit.map((a) => a.action)).toEqual(['seller_settings.updated', 'seller_settings.updated']);
        expect(audit[1]!.actor_person_id).toBe(channel.users.operator_admin.id);
      });

      it('keeps agents, channel managers, partners and customers out of the seller settings', async () => {
        for (const session of [agent, manager, partner, partnerAgent, customer]) {
          expect((await session.request({ method: 'GET', url: '/api/settings/seller' })).statusCode).toBe(
            403,
          );
        }
      });

      it('says what is wrong with an IBAN, naming the field', async () => {
        const put = (iban: string) =>
          admin.request({ method: 'PUT', url: '/api/settings/seller', payload: { ...SELLER, iban } });
        const typo = await put('DE89 3704 0044 0532 0130 01');
        expect(typo.statusCode).toBe(400);
        expect(typo.json().errors).toEqual([
          { field: 'iban', message: 'check digits do not match: there is a typing error in the IBAN' },
        ]);
        const short = await put('DE89 3704 0044 0532 0130');
        expect(short.json().errors).toEqual([
          { field: 'iban', message: 'must have 22 characters for DE, not 20' },
        ]);
        expect(fieldOf((await put('')).body)).toEqual(['iban']);
      });

      it('needs a VAT ID or a tax number, and checks BIC, country and the number series', async () => {
        const put = (payload: Record<string, unknown>) =>
          admin.request({ method: 'PUT', url: '/api/settings/seller', payload: { ...SELLER, ...payload } });
        const neither = await put({ vatId: null, taxNumber: null });
        expect(neither.statusCode).toBe(400);
        expect(neither.json().errors).toEqual([
          { field: 'vatId', message: 'give a VAT ID or a tax number (or both)' },
        ]);
        const taxNumberOnly = await put({ vatId: null, taxNumber: '43/123/45678' });
        expect(taxNumberOnly.statusCode, taxNumberOnly.body).toBe(200);
        expect(fieldOf((await put({ vatId: 'DE12345' })).body)).toEqual(['vatId']);
        expect(fieldOf((await put({ bic: 'COBADE' })).body)).toEqual(['bic']);
        expect(fieldOf((await put({ country: 'Deutschland' })).body)).toEqual(['country']);
        expect(fieldOf((await put({ paymentTermsDays: -1 })).body)).toEqual(['paymentTermsDays']);
        expect(
          fieldOf((await put({ invoiceNumberSeries: { prefix: 'RE-', numbering: 'monthly' } })).body),
        ).toEqual(['invoiceNumberSeries.numbering']);
      });
    });

    describe('charge types', () => {
      it('lists the demo types with their VAT treatment; the two fees are not subject to VAT', async () => {
        const response = await clerk.request({ method: 'GET', url: '/api/billing/charge-types' });
        expect(response.statusCode).toBe(200);
        const byCode = Object.fromEntries(
          response
            .json()
            .items.map(
              (t: {
                code: string;
                vatTreatment: string;
                vatCategory: string;
                vatRateBasisPoints: number;
              }) => [t.code, `${t.vatTreatment} ${t.vatCategory} ${t.vatRateBasisPoints}`],
            ),
        );
        expect(byCode).toEqual({
          device: 'standard S 1900',
          fee_dunning: 'not_subject O 0',
          fee_return_debit: 'not_subject O 0',
          service: 'standard S 1900',
          topup: 'standard S 1900',
        });
      });

      it('needs the legal basis of an exempt type and refuses a code that exists', async () => {
        const create = (code: string, payload: Record<string, unknown>) =>
          clerk.request({ method: 'POST', url: `/api/billing/charge-types/${code}`, payload });
        const base = { nameDe: 'Versicherung', nameEn: 'Insurance', vatTreatment: 'exempt' };
        const missing = await create('insurance', base);
        expect(missing.statusCode).toBe(400);
        expect(fieldOf(missing.body)).toEqual(['exemptionNote']);
        const created = await create('insurance', {
          ...base,
          exemptionNote: 'Steuerfrei nach § 4 Nr. 10 UStG',
        });
        expect(created.statusCode, created.body).toBe(201);
        expect(created.json()).toMatchObject({ code: 'insurance', vatCategory: 'E', active: true });
        const taken = await create('insurance', { ...base, exemptionNote: 'x' });
        expect(taken.statusCode).toBe(409);
        expect(taken.json().code).toBe('charge_type_exists');
        expect(fieldOf((await create('Bad-Code', { ...base, exemptionNote: 'x' })).body)).toEqual(['code']);
        expect(
          fieldOf(
            (
              await create('books', {
                nameDe: 'Buch',
                nameEn: 'Book',
                vatTreatment: 'reduced',
                exemptionNote: 'x',
              })
            ).body,
          ),
        ).toEqual(['exemptionNote']);
      });

      it('makes a fee taxable by a setting, while charges already made keep their treatment', async () => {
        const before = await charge({
          type: 'fee_dunning',
          amountCents: 500,
          description: 'Mahngebühr 1. Mahnung',
          serviceDate: '2026-11-20',
        });
        expect(before.json()).toMatchObject({ vatTreatment: 'not_subject', vatCategory: 'O' });
        const changed = await admin.request({
          method: 'PATCH',
          url: '/api/billing/charge-types/fee_dunning',
          payload: { vatTreatment: 'standard' },
        });
        expect(changed.statusCode, changed.body).toBe(200);
        expect(changed.json()).toMatchObject({
          vatTreatment: 'standard',
          vatCategory: 'S',
          vatRateBasisPoints: 1900,
        });
        const after = await charge({
          type: 'fee_dunning',
          amountCents: 500,
          description: 'Mahngebühr 2. Mahnung',
          serviceDate: '2026-11-27',
        });
        expect(after.json()).toMatchObject({ vatTreatment: 'standard', vatCategory: 'S' });
        const list = await clerk.request({
          method: 'GET',
          url: `/api/accounts/${channel.customerA1.id}/charges`,
        });
        expect(list.json().items.find((c: Charge) => c.id === before.json().id).vatTreatment).toBe(
          'not_subject',
        );
        // Back to the demo's setting for the tests below; deactivating stops new charges of the type.
        await admin.request({
          method: 'PATCH',
          url: '/api/billing/charge-types/fee_dunning',
          payload: { vatTreatment: 'not_subject' },
        });
        for (const id of [before.json().id, after.json().id]) {
          await server.deps.db.deleteFrom('charge').where('id', '=', id).execute();
        }
      });

      it('refuses charges of a deactivated type, and a PATCH of a type that does not exist', async () => {
        await clerk.request({
          method: 'PATCH',
          url: '/api/billing/charge-types/device',
          payload: { active: false },
        });
        const refused = await charge({
          type: 'device',
          amountCents: 19_900,
          description: 'Drucker',
          serviceDate: '2026-11-01',
        });
        expect(refused.statusCode).toBe(400);
        expect(refused.json().errors).toEqual([
          { field: 'type', message: 'the charge type device is deactivated' },
        ]);
        await clerk.request({
          method: 'PATCH',
          url: '/api/billing/charge-types/device',
          payload: { active: true },
        });
        const missing = await clerk.request({
          method: 'PATCH',
          url: '/api/billing/charge-types/nothing',
          payload: { active: true },
        });
        expect(missing.statusCode).toBe(404);
        const empty = await clerk.request({
          method: 'PATCH',
          url: '/api/billing/charge-types/device',
          payload: {},
        });
        expect(empty.statusCode).toBe(400);
      });

      it('is not for agents, channel managers, partners or customers', async () => {
        for (const session of [agent, manager, partner, partnerAgent, customer]) {
          expect(
            (await session.request({ method: 'GET', url: '/api/billing/charge-types' })).statusCode,
          ).toBe(403);
        }
      });
    });

    describe('accounts and charges (scenario S2)', () => {
      it('charges a top-up and two fees and shows the balance gross, with VAT only on the top-up', async () => {
        const customerId = channel.customerA2.id;
        const made = [
          await charge(
            { type: 'topup', amountCents: 5000, description: 'Aufladung', serviceDate: '2026-11-02' },
            customerId,
          ),
          await charge(
            {
              type: 'fee_return_debit',
              amountCents: 300,
              description: 'Rücklastschrift',
              serviceDate: '2026-11-10',
            },
            customerId,
          ),
          await charge(
            { type: 'fee_dunning', amountCents: 500, description: 'Mahngebühr', serviceDate: '2026-11-20' },
            customerId,
          ),
        ];
        for (const response of made) expect(response.statusCode, response.body).toBe(201);
        expect(made[0]!.json()).toMatchObject({
          quantity: 1,
          amountCents: 5000,
          lineNetCents: 5000,
          vatCategory: 'S',
          invoiceId: null,
        });
        const response = await account(customerId);
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json()).toMatchObject({
          customer: { id: customerId, name: 'Kanzlei Ahrens' },
          invoices: [],
          payments: [],
          uninvoicedNetCents: 5800,
          balanceCents: 5950 + 800,
          dunningLevel: 0,
          blocked: false,
          blockedAt: null,
        });
        expect(
          response
            .json()
            .charges.map((c: Charge) => c.type.code)
            .sort(),
        ).toEqual(['fee_dunning', 'fee_return_debit', 'topup']);
      });

      it('multiplies a decimal quantity by the unit price and rounds the line half up', async () => {
        const made = await charge({
          type: 'service',
          amountCents: 333,
          quantity: 2.5,
          description: 'Fernwartung, Stunden',
          serviceDate: '2026-11-03',
        });
        expect(made.statusCode, made.body).toBe(201);
        expect(made.json()).toMatchObject({ quantity: 2.5, amountCents: 333, lineNetCents: 833 });
        const text = await charge({
          type: 'service',
          amountCents: 1000,
          quantity: '0.125',
          description: 'Kleinteil',
          serviceDate: '2026-11-03',
        });
        expect(text.json()).toMatchObject({ quantity: 0.125, lineNetCents: 125 });
        const period = await charge({
          type: 'service',
          amountCents: 2900,
          description: 'Wartungspauschale November',
          serviceDate: '2026-11-01',
          serviceDateTo: '2026-11-30',
        });
        expect(period.json()).toMatchObject({ serviceDate: '2026-11-01', serviceDateTo: '2026-11-30' });
      });

      it('refuses bad charges with a 400 naming the field', async () => {
        const base = { type: 'service', amountCents: 1000, description: 'Test', serviceDate: '2026-11-03' };
        const cases: [Record<string, unknown>, string][] = [
          [{ quantity: 1.2345 }, 'quantity'],
          [{ quantity: 0 }, 'quantity'],
          [{ quantity: '-1' }, 'quantity'],
          [{ quantity: true }, 'quantity'],
          [{ amountCents: 10.5 }, 'amountCents'],
          [{ amountCents: 0 }, 'amountCents'],
          [{ amountCents: 3_000_000_000 }, 'amountCents'],
          [{ type: 'nothing' }, 'type'],
          [{ description: ' ' }, 'description'],
          [{ serviceDate: '03.11.2026' }, 'serviceDate'],
          [{ serviceDateTo: '2026-10-01' }, 'serviceDateTo'],
          [{ caseId: 'not-an-id' }, 'caseId'],
        ];
        for (const [change, field] of cases) {
          const response = await charge({ ...base, ...change });
          expect(response.statusCode, JSON.stringify(change)).toBe(400);
          expect(fieldOf(response.body), JSON.stringify(change)).toEqual([field]);
        }
        const { amountCents: _a, ...noAmount } = base;
        expect(fieldOf((await charge(noAmount)).body)).toEqual(['amountCents']);
      });

      it('ties a charge to a case of the customer, never to another customer’s case', async () => {
        const own = await customer.request({
          method: 'POST',
          url: '/api/cases',
          payload: { type: 'complaint', subject: 'Rechnung fehlt', description: 'Bitte Rechnung senden' },
        });
        expect(own.statusCode, own.body).toBe(201);
        const other = await agent.request({
          method: 'POST',
          url: '/api/cases',
          payload: {
            type: 'complaint',
            subject: 'Anderer Kunde',
            description: 'x',
            customerId: channel.customerB1.id,
          },
        });
        expect(other.statusCode, other.body).toBe(201);
        const base = {
          type: 'service',
          amountCents: 1000,
          description: 'Vor-Ort-Einsatz',
          serviceDate: '2026-11-03',
        };
        const tied = await charge({ ...base, caseId: own.json().id });
        expect(tied.statusCode, tied.body).toBe(201);
        expect(tied.json().caseId).toBe(own.json().id);
        const foreign = await charge({ ...base, caseId: other.json().id });
        expect(foreign.statusCode).toBe(400);
        expect(foreign.json().errors).toEqual([
          { field: 'caseId', message: 'is not a case of this customer' },
        ]);
        const unknown = await charge({ ...base, caseId: '00000000-0000-7000-8000-000000000000' });
        expect(fieldOf(unknown.body)).toEqual(['caseId']);
      });

      it('lists only uninvoiced charges when asked', async () => {
        const made = await charge(
          { type: 'topup', amountCents: 2000, description: 'Aufladung', serviceDate: '2026-11-04' },
          channel.customerB1.id,
        );
        const kept = await charge(
          { type: 'topup', amountCents: 3000, description: 'Aufladung', serviceDate: '2026-11-05' },
          channel.customerB1.id,
        );
        // Issuing is later work; an invoice id set by hand stands for an issued invoice.
        await server.deps.db
          .updateTable('charge')
          .set({ invoice_id: 'invoice-1' })
          .where('id', '=', made.json().id)
          .execute();
        const url = `/api/accounts/${channel.customerB1.id}/charges`;
        const all = await agent.request({ method: 'GET', url });
        expect(all.json().items.map((c: Charge) => c.id)).toEqual([kept.json().id, made.json().id]);
        const open = await agent.request({ method: 'GET', url: `${url}?uninvoiced=true` });
        expect(open.json().items.map((c: Charge) => c.id)).toEqual([kept.json().id]);
        expect((await agent.request({ method: 'GET', url: `${url}?uninvoiced=yes` })).statusCode).toBe(400);
        expect((await account(channel.customerB1.id)).json()).toMatchObject({
          uninvoicedNetCents: 3000,
          balanceCents: 3570,
        });
      });

      it('lets agents see a balance but not charge, and audits every charge', async () => {
        expect((await account(channel.customerA2.id, agent)).json().balanceCents).toBe(6750);
        const refused = await charge(
          { type: 'topup', amountCents: 100, description: 'x', serviceDate: '2026-11-03' },
          channel.customerA2.id,
          agent,
        );
        expect(refused.statusCode).toBe(403);
        const audited = await server.deps.db
          .selectFrom('audit_log')
          .select('entity_id')
          .where('action', '=', 'charge.created')
          .execute();
        const charges = await server.deps.db.selectFrom('charge').select('id').execute();
        expect(charges.length).toBeGreaterThan(5);
        expect(charges.every((c) => audited.some((a) => a.entity_id === c.id))).toBe(true);
      });

      it('shows a customer its own account only; another customer’s is a 404', async () => {
        const own = await account(channel.customerA1.id, customer);
        expect(own.statusCode, own.body).toBe(200);
        expect(own.json().customer.id).toBe(channel.customerA1.id);
        expect(
          (await customer.request({ method: 'GET', url: `/api/accounts/${channel.customerA1.id}/charges` }))
            .statusCode,
        ).toBe(200);
        for (const url of [
          `/api/accounts/${channel.customerA2.id}`,
          `/api/accounts/${channel.customerB1.id}/charges`,
        ]) {
          const response = await customer.request({ method: 'GET', url });
          expect(response.statusCode, url).toBe(404);
          expect(response.body).not.toContain('Kanzlei Ahrens');
        }
        const own403 = await charge(
          { type: 'topup', amountCents: 100, description: 'x', serviceDate: '2026-11-03' },
          channel.customerA1.id,
          customer,
        );
        expect(own403.statusCode).toBe(403);
      });

      it('gives partners no billing data at all, not even for their own customers (403)', async () => {
        for (const session of [partner, partnerAgent]) {
          for (const url of [
            `/api/accounts/${channel.customerA1.id}`,
            `/api/accounts/${channel.customerA1.id}/charges`,
          ]) {
            const response = await session.request({ method: 'GET', url });
            expect(response.statusCode, url).toBe(403);
            expect(response.body).not.toMatch(/balance|amountCents|Bäckerei/);
          }
          const write = await charge(
            { type: 'topup', amountCents: 100, description: 'x', serviceDate: '2026-11-03' },
            channel.customerA1.id,
            session,
          );
          expect(write.statusCode).toBe(403);
        }
        expect((await account(channel.customerA1.id, manager)).statusCode).toBe(403);
      });

      it('answers 404 for an organisation that is not a customer and 400 for a malformed id', async () => {
        expect((await account(channel.partnerA.id)).statusCode).toBe(404);
        expect((await account('00000000-0000-7000-8000-000000000000')).statusCode).toBe(404);
        const malformed = await account('K-100001');
        expect(malformed.statusCode).toBe(400);
        expect(fieldOf(malformed.body)).toEqual(['customerId']);
        const charged = await charge(
          { type: 'topup', amountCents: 100, description: 'x', serviceDate: '2026-11-03' },
          channel.partnerA.id,
        );
        expect(charged.statusCode).toBe(404);
      });
    });
  });
}
