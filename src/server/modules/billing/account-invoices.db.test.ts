import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceCharge } from '../../../../test/billing';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import type { Channel } from '../../../../test/factories';
import type { Session, TestServer } from '../../../../test/test-server';
import { seedDemoBilling } from './demo-seed';

// The account's invoice list says what is still open of each invoice, so the customer portal can
// show paid, partly paid, open and cancelled without asking again per invoice.

type ListedInvoice = { id: string; number: string; kind: string; status: string; openCents: number };

for (const dialect of DIALECTS) {
  describe(`open amounts on the account's invoices [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let clerk: Session;
    let customer: Session;

    const invoiceFor = (type: string, amountCents: number) =>
      invoiceCharge(clerk, channel.customerA1.id, {
        type,
        amountCents,
        description: `${type} ${amountCents}`,
      });
    const pay = async (invoiceId: string, amountCents: number) => {
      const response = await clerk.request({
        method: 'POST',
        url: '/api/payments',
        payload: {
          customerId: channel.customerA1.id,
          amountCents,
          bookingDate: '2026-11-25',
          invoiceIds: [invoiceId],
        },
      });
      expect(response.statusCode, response.body).toBe(201);
    };

    beforeAll(async () => {
      ({ server, channel, clerk, customer } = await startChannelServer(dialect, {
        clerk: 'billing_clerk',
        customer: 'customer_user',
      }));
      await seedDemoBilling(server.deps);
    });
    afterAll(async () => server.close());

    it('lists a paid invoice with 0 open, a partly paid one with the rest, an unpaid one in full and a cancelled pair with 0', async () => {
      const paid = await invoiceFor('topup', 5000);
      const partly = await invoiceFor('service', 10000);
      const unpaid = await invoiceFor('fee_return_debit', 300);
      const cancelled = await invoiceFor('device', 2000);
      await pay(paid.id, paid.amountDueCents);
      await pay(partly.id, 1900);
      const cancel = await clerk.request({
        method: 'POST',
        url: `/api/invoices/${cancelled.id}/cancel`,
        payload: { reason: 'wrong device' },
      });
      expect(cancel.statusCode, cancel.body).toBe(201);
      const cancellation = cancel.json().cancellation as { id: string };

      // The customer reads the same figures on its own account.
      const response = await customer.request({
        method: 'GET',
        url: `/api/accounts/${channel.customerA1.id}`,
      });
      expect(response.statusCode, response.body).toBe(200);
      const invoices = response.json().invoices as ListedInvoice[];
      const open = (id: string) => invoices.find((invoice) => invoice.id === id)?.openCents;
      expect(open(paid.id)).toBe(0);
      expect(open(partly.id)).toBe(11900 - 1900);
      expect(open(unpaid.id)).toBe(300);
      expect(open(cancelled.id)).toBe(0);
      expect(open(cancellation.id)).toBe(0);
    });

    it('opens an invoice again in the list when its payment comes back as a return debit', async () => {
      const invoice = await invoiceFor('topup', 1000);
      await pay(invoice.id, invoice.amountDueCents);
      await pay(invoice.id, -invoice.amountDueCents);
      const invoices = (
        await clerk.request({ method: 'GET', url: `/api/accounts/${channel.customerA1.id}` })
      ).json().invoices as ListedInvoice[];
      expect(invoices.find((listed) => listed.id === invoice.id)?.openCents).toBe(invoice.amountDueCents);
    });
  });
}
