import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookCharge } from '../../../../test/billing';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import type { Channel } from '../../../../test/factories';
import type { Session, TestServer } from '../../../../test/test-server';
import { seedDemoBilling } from './demo-seed';
import type { Invoice } from './invoice-schemas';

type Issued = {
  invoices: Invoice[];
  split: { split: boolean; reasons: { invoiceId: string; reason: string }[] };
};

const sequenceOf = (number: string) => Number(number.slice(-6));

for (const dialect of DIALECTS) {
  describe(`issuing and cancelling invoices [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let admin: Session;
    let clerk: Session;
    let agent: Session;
    let partner: Session;
    let customer: Session;

    const charge = async (
      type: string,
      amountCents: number,
      customerId = channel.customerA1.id,
      description = `${type} ${amountCents}`,
    ): Promise<string> => bookCharge(clerk, customerId, { type, amountCents, description });
    const issue = (chargeIds: string[], customerId = channel.customerA1.id, by = clerk) =>
      by.request({ method: 'POST', url: '/api/invoices', payload: { customerId, chargeIds } });
    const account = (customerId = channel.customerA1.id) =>
      clerk.request({ method: 'GET', url: `/api/accounts/${customerId}` }).then((r) => r.json());

    beforeAll(async () => {
      ({ server, channel, admin, clerk, agent, partner, customer } = await startChannelServer(dialect, {
        admin: 'operator_admin',
        clerk: 'billing_clerk',
        agent: 'agent',
        partner: 'partner_admin',
        customer: 'customer_user',
      }));
      await seedDemoBilling(server.deps);
    });
    afterAll(async () => server.close());

    it('puts the top-up on a taxed invoice and the two fees on a document of their own (S2)', async () => {
      const topup = await charge('topup', 5000);
      const returnDebit = await charge('fee_return_debit', 300);
      const dunning = await charge('fee_dunning', 500);
      const balanceBefore = (await account()).balanceCents;

      const response = await issue([returnDebit, topup, dunning]);
      expect(response.statusCode, response.body).toBe(201);
      const { invoices, split } = response.json() as Issued;
      expect(invoices).toHaveLength(2);
      const [taxed, fees] = invoices as [Invoice, Invoice];
      expect(taxed).toMatchObject({
        kind: 'invoice',
        status: 'issued',
        currency: 'EUR',
        lineTotalCents: 5000,
        vatTotalCents: 950,
        grandTotalCents: 5950,
        amountDueCents: 5950,
        vatBreakdown: [
          { category: 'S', rateBasisPoints: 1900, taxableCents: 5000, vatCents: 950, exemptionNote: null },
        ],
        smallAmount: true,
        splitReason: null,
        seller: { name: expect.any(String), iban: 'DE89370400440532013000', vatId: expect.any(String) },
        buyer: { name: 'Bäckerei Sommer GmbH', street: 'Hauptstraße 1' },
        servicePeriod: { start: '2026-11-20', end: '2026-11-20' },
      });
      expect(taxed.lines?.map((l) => l.chargeId)).toEqual([topup]);
      expect(fees).toMatchObject({
        lineTotalCents: 800,
        vatTotalCents: 0,
        grandTotalCents: 800,
        vatBreakdown: [{ category: 'O', rateBasisPoints: 0, taxableCents: 800, vatCents: 0 }],
        splitReason: 'not_subject_separate',
        notes: [{ kind: 'not_subject', text: 'Nicht steuerbarer Schadensersatz; keine Umsatzsteuer' }],
      });
      expect(fees.lines?.map((l) => [l.chargeId, l.vatCategory, l.lineNetCents])).toEqual([
        [returnDebit, 'O', 300],
        [dunning, 'O', 500],
      ]);
      expect(split).toEqual({
        split: true,
        reasons: [{ invoiceId: fees.id, reason: 'not_subject_separate' }],
      });
      expect(sequenceOf(fees.number)).toBe(sequenceOf(taxed.number) + 1);
      expect(taxed.number).toMatch(/^RE-\d{4}-\d{6}$/);
      const due = new Date(`${taxed.issueDate}T00:00:00Z`);
      due.setUTCDate(due.getUTCDate() + 14);
      expect(taxed.dueDate).toBe(due.toISOString().slice(0, 10));

      const after = await account();
      expect(after.invoices.map((i: { number: string }) => i.number).sort()).toEqual(
        [taxed.number, fees.number].sort(),
      );
      expect(after.openInvoicesCents).toBe(6750);
      expect(after.balanceCents).toBe(balanceBefore);
      const invoiced = after.charges.filter((c: { id: string }) =>
        [topup, returnDebit, dunning].includes(c.id),
      );
      expect(invoiced.map((c: { invoiceId: string }) => c.invoiceId).sort()).toEqual(
        [taxed.id, fees.id, fees.id].sort(),
      );
      const audit = await server.deps.db
        .selectFrom('audit_log')
        .select(['entity_id', 'actor_person_id'])
        .where('action', '=', 'invoice.issued')
        .execute();
      expect(audit.map((a) => a.entity_id).sort()).toEqual([taxed.id, fees.id].sort());
      expect(audit[0]!.actor_person_id).toBe(channel.users.billing_clerk.id);
    });

    it('gives 50 parallel issues 50 consecutive numbers', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 50; i += 1) ids.push(await charge('service', 1000 + i, channel.customerA2.id));
      const responses = await Promise.all(ids.map((id) => issue([id], channel.customerA2.id)));
      expect(responses.map((r) => r.statusCode)).toEqual(ids.map(() => 201));
      const sequences = responses
        .map((r) => sequenceOf((r.json() as Issued).invoices[0]!.number))
        .sort((a, b) => a - b);
      const first = sequences[0]!;
      expect(sequences).toEqual(Array.from({ length: 50 }, (_, i) => first + i));
      const next = await issue([await charge('service', 999, channel.customerA2.id)], channel.customerA2.id);
      expect(sequenceOf((next.json() as Issued).invoices[0]!.number)).toBe(first + 50);
    });

    it('invoices a charge once: of two parallel requests one wins, the other is a 409 naming the charge', async () => {
      const id = await charge('service', 4200);
      const [a, b] = await Promise.all([issue([id]), issue([id])]);
      expect([a!.statusCode, b!.statusCode].sort()).toEqual([201, 409]);
      const loser = a!.statusCode === 409 ? a! : b!;
      expect(loser.json()).toMatchObject({ code: 'charge_already_invoiced', chargeIds: [id] });
      const again = await issue([id]);
      expect(again.statusCode).toBe(409);
      expect(again.json().chargeIds).toEqual([id]);
      const count = await server.deps.db
        .selectFrom('invoice_line')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('charge_id', '=', id)
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(1);
    });

    it('refuses unknown charges and charges of another customer, naming chargeIds', async () => {
      const foreign = await charge('service', 100, channel.customerA2.id);
      const response = await issue([foreign]);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([
        { field: 'chargeIds', message: `are not charges of this customer: ${foreign}` },
      ]);
      const unknown = await issue(['00000000-0000-4000-8000-000000000000']);
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().errors[0].field).toBe('chargeIds');
      const empty = await issue([]);
      expect(empty.statusCode).toBe(400);
      expect(empty.json().errors[0].field).toBe('chargeIds');
    });

    it('needs the buyer VAT ID for reverse charge and prints the note once it is there', async () => {
      const created = await clerk.request({
        method: 'POST',
        url: '/api/billing/charge-types/rc_service',
        payload: { nameDe: 'Leistung (RC)', nameEn: 'Service (RC)', vatTreatment: 'reverse_charge' },
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = await charge('rc_service', 10_000, channel.directCustomer.id);
      const missing = await issue([id], channel.directCustomer.id);
      expect(missing.statusCode).toBe(409);
      expect(missing.json()).toMatchObject({ code: 'buyer_vat_id_missing', chargeIds: [id] });
      await server.deps.db
        .updateTable('organisation')
        .set({ vat_id: 'ATU12345678' })
        .where('id', '=', channel.directCustomer.id)
        .execute();
      const issued = await issue([id], channel.directCustomer.id);
      expect(issued.statusCode, issued.body).toBe(201);
      expect((issued.json() as Issued).invoices[0]).toMatchObject({
        vatTotalCents: 0,
        grandTotalCents: 10_000,
        buyer: { vatId: 'ATU12345678' },
        vatBreakdown: [{ category: 'AE', taxableCents: 10_000, vatCents: 0 }],
        notes: [{ kind: 'reverse_charge', text: 'Steuerschuldnerschaft des Leistungsempfängers' }],
      });
    });

    it('cancels with a document of its own, releases the charges and lets them be invoiced again', async () => {
      const a = await charge('device', 123_45);
      const b = await charge('service', 10_00);
      const balanceBefore = (await account()).balanceCents;
      const original = ((await issue([a, b])).json() as Issued).invoices[0]!;

      const cancel = await clerk.request({
        method: 'POST',
        url: `/api/invoices/${original.id}/cancel`,
        payload: { reason: 'Falscher Preis für das Gerät' },
      });
      expect(cancel.statusCode, cancel.body).toBe(201);
      const { cancellation, cancelled } = cancel.json() as { cancellation: Invoice; cancelled: Invoice };
      expect(cancellation).toMatchObject({
        kind: 'cancellation',
        cancelsInvoiceId: original.id,
        status: 'issued',
        lineTotalCents: -original.lineTotalCents,
        vatTotalCents: -original.vatTotalCents,
        grandTotalCents: -original.grandTotalCents,
        cancelReason: 'Falscher Preis für das Gerät',
        buyer: original.buyer,
      });
      expect(cancellation.number.startsWith(original.number.slice(0, 8))).toBe(true);
      expect(cancellation.notes[0]).toEqual({
        kind: 'cancellation',
        text: `Stornorechnung zur Rechnung ${original.number}`,
      });
      expect(
        cancellation.lines?.map((l) => [l.chargeId, l.quantity, l.unitPriceCents, l.lineNetCents]),
      ).toEqual(original.lines?.map((l) => [l.chargeId, -l.quantity, l.unitPriceCents, -l.lineNetCents]));
      // The original document is unchanged apart from being marked cancelled.
      expect(cancelled).toEqual({ ...original, status: 'cancelled', cancelledByInvoiceId: cancellation.id });

      const released = (await account()).charges.filter((c: { id: string }) => [a, b].includes(c.id));
      expect(released.map((c: { invoiceId: string | null }) => c.invoiceId)).toEqual([null, null]);
      expect((await account()).balanceCents).toBe(balanceBefore);

      const twice = await clerk.request({
        method: 'POST',
        url: `/api/invoices/${original.id}/cancel`,
        payload: { reason: 'nochmal' },
      });
      expect(twice.statusCode).toBe(409);
      expect(twice.json().code).toBe('invoice_already_cancelled');
      const ofCancellation = await admin.request({
        method: 'POST',
        url: `/api/invoices/${cancellation.id}/cancel`,
        payload: { reason: 'x' },
      });
      expect(ofCancellation.json().code).toBe('invoice_not_cancellable');
      const noReason = await clerk.request({
        method: 'POST',
        url: `/api/invoices/${original.id}/cancel`,
        payload: {},
      });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().errors[0].field).toBe('reason');

      const reissued = await issue([a, b]);
      expect(reissued.statusCode, reissued.body).toBe(201);
      const corrected = (reissued.json() as Issued).invoices[0]!;
      expect(corrected.grandTotalCents).toBe(original.grandTotalCents);
      expect(sequenceOf(corrected.number)).toBe(sequenceOf(cancellation.number) + 1);
      expect((await account()).balanceCents).toBe(balanceBefore);
      const audit = await server.deps.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', original.id)
        .orderBy('at')
        .execute();
      expect(audit.map((e) => e.action)).toEqual(['invoice.issued', 'invoice.cancelled']);
    });

    it('shows a customer only its own invoices, agents read, partners get 403', async () => {
      const own = await customer.request({ method: 'GET', url: '/api/invoices' });
      expect(own.statusCode).toBe(200);
      const items = own.json().items as Invoice[];
      expect(items.length).toBeGreaterThan(0);
      expect(new Set(items.map((i) => i.customerId))).toEqual(new Set([channel.customerA1.id]));
      const other = await clerk.request({
        method: 'GET',
        url: `/api/invoices?customerId=${channel.customerA2.id}`,
      });
      const otherInvoice = (other.json().items as Invoice[])[0]!;
      expect(otherInvoice.customerId).toBe(channel.customerA2.id);
      expect(
        (await customer.request({ method: 'GET', url: `/api/invoices/${otherInvoice.id}` })).statusCode,
      ).toBe(404);
      expect(
        (await customer.request({ method: 'GET', url: `/api/invoices?customerId=${channel.customerA2.id}` }))
          .statusCode,
      ).toBe(404);
      const mine = await customer.request({ method: 'GET', url: `/api/invoices/${items[0]!.id}` });
      expect(mine.statusCode).toBe(200);
      expect(mine.json().lines.length).toBeGreaterThan(0);
      expect(
        (await agent.request({ method: 'GET', url: `/api/invoices/${otherInvoice.id}` })).statusCode,
      ).toBe(200);
      expect((await issue([], channel.customerA1.id, agent)).statusCode).toBe(403);
      for (const url of ['/api/invoices', `/api/invoices/${items[0]!.id}`]) {
        expect((await partner.request({ method: 'GET', url })).statusCode).toBe(403);
      }
      expect(
        (
          await customer.request({
            method: 'POST',
            url: `/api/invoices/${items[0]!.id}/cancel`,
            payload: { reason: 'x' },
          })
        ).statusCode,
      ).toBe(403);
    });

    it('issues a customer’s requested invoices at once, for all its uninvoiced charges', async () => {
      const topup = await charge('topup', 2000);
      const fee = await charge('fee_dunning', 500);
      const foreign = await charge('service', 700, channel.customerA2.id);
      const refused = await customer.request({
        method: 'POST',
        url: '/api/invoices/request',
        payload: { chargeIds: [foreign] },
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().errors[0].field).toBe('chargeIds');

      const response = await customer.request({ method: 'POST', url: '/api/invoices/request', payload: {} });
      expect(response.statusCode, response.body).toBe(201);
      const { invoices } = response.json() as Issued;
      const covered = invoices.flatMap((i) => i.lines!.map((l) => l.chargeId));
      expect(covered).toEqual(expect.arrayContaining([topup, fee]));
      expect(invoices.every((i) => i.customerId === channel.customerA1.id)).toBe(true);
      expect(invoices.at(-1)!.splitReason).toBe('not_subject_separate');
      const issuedBy = await server.deps.db
        .selectFrom('invoice')
        .select('created_by_person_id')
        .where('id', '=', invoices[0]!.id)
        .executeTakeFirstOrThrow();
      expect(issuedBy.created_by_person_id).toBe(channel.users.customer_user.id);

      const nothing = await customer.request({ method: 'POST', url: '/api/invoices/request', payload: {} });
      expect(nothing.statusCode).toBe(409);
      expect(nothing.json().code).toBe('no_uninvoiced_charges');
      expect(
        (await clerk.request({ method: 'POST', url: '/api/invoices/request', payload: {} })).statusCode,
      ).toBe(403);
    });

    it('tells the admin where to fill in the seller settings before anything is issued', async () => {
      const id = await charge('service', 100);
      const settings = await server.deps.db
        .selectFrom('seller_settings')
        .selectAll()
        .executeTakeFirstOrThrow();
      await server.deps.db.deleteFrom('seller_settings').execute();
      try {
        const response = await issue([id]);
        expect(response.statusCode).toBe(409);
        expect(response.json().code).toBe('seller_settings_missing');
        expect(response.json().detail ?? response.json().message ?? response.body).toContain(
          'Settings → Seller',
        );
        expect((await account()).charges.find((c: { id: string }) => c.id === id).invoiceId).toBeNull();
      } finally {
        await server.deps.db.insertInto('seller_settings').values(settings).execute();
      }
    });
  });
}
