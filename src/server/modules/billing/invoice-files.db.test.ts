import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceCharge } from '../../../../test/billing';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import type { Channel } from '../../../../test/factories';
import type { Session, TestServer } from '../../../../test/test-server';
import { systemScope } from '../../shared/scope';
import { attachmentPath } from '../cases/attachments';
import { seedDemoBilling } from './demo-seed';
import { invoiceDocumentFiles } from './invoice-files';
import type { Invoice } from './invoice-schemas';

// The invoice documents through the API: who may fetch them, that each is rendered once and
// stored, that a second request (also a parallel first one) gets the same bytes, and that
// invoices issued before the seller contact existed still render.

for (const dialect of DIALECTS) {
  describe(`invoice documents [${dialect}]`, { timeout: 120_000 }, () => {
    let server: TestServer;
    let channel: Channel;
    let admin: Session;
    let clerk: Session;
    let agent: Session;
    let partner: Session;
    let customer: Session;
    let invoice: Invoice;
    let otherInvoice: Invoice;

    const issue = (customerId: string, amountCents: number) =>
      invoiceCharge<Invoice>(clerk, customerId, { amountCents, description: 'Wartung Drucker „Büro“' });
    const rows = (invoiceId: string) =>
      server.deps.db
        .selectFrom('invoice_document')
        .selectAll()
        .where('invoice_id', '=', invoiceId)
        .orderBy('format')
        .execute();

    beforeAll(async () => {
      ({ server, channel, admin, clerk, agent, partner, customer } = await startChannelServer(dialect, {
        admin: 'operator_admin',
        clerk: 'billing_clerk',
        agent: 'agent',
        partner: 'partner_admin',
        customer: 'customer_user',
      }));
      await seedDemoBilling(server.deps);
      invoice = await issue(channel.customerA1.id, 4990);
      otherInvoice = await issue(channel.customerA2.id, 1000);
    });
    afterAll(async () => server.close());

    it('serves the PDF as a download named by the invoice number, rendered once and stored', async () => {
      const first = await clerk.request({ method: 'GET', url: `/api/invoices/${invoice.id}/pdf` });
      expect(first.statusCode, first.body).toBe(200);
      expect(first.headers['content-type']).toBe('application/pdf');
      expect(first.headers['content-disposition']).toBe(`attachment; filename="${invoice.number}.pdf"`);
      expect(first.rawPayload.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
      const stored = await rows(invoice.id);
      expect(stored).toMatchObject([{ format: 'pdf', size: first.rawPayload.length }]);
      const onDisk = await readFile(attachmentPath(server.deps.config.dataDir, stored[0]!.sha256));
      expect(onDisk.equals(first.rawPayload)).toBe(true);

      const again = await customer.request({ method: 'GET', url: `/api/invoices/${invoice.id}/pdf` });
      expect(again.statusCode).toBe(200);
      expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
      expect(await rows(invoice.id)).toHaveLength(1);
    });

    it('answers two parallel first requests with the same stored XRechnung', async () => {
      const [a, b] = await Promise.all([
        clerk.request({ method: 'GET', url: `/api/invoices/${invoice.id}/xrechnung?syntax=cii` }),
        agent.request({ method: 'GET', url: `/api/invoices/${invoice.id}/xrechnung` }),
      ]);
      expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
      expect(a.rawPayload.equals(b.rawPayload)).toBe(true);
      expect(a.headers['content-disposition']).toBe(
        `attachment; filename="${invoice.number}-xrechnung-cii.xml"`,
      );
      expect(a.body).toContain(`<ram:ID>${invoice.number}</ram:ID>`);
      expect(a.body).toContain('<ram:PersonName>Maren Lüders (Buchhaltung)</ram:PersonName>');
      const cii = (await rows(invoice.id)).filter((row) => row.format === 'xrechnung_cii');
      expect(cii).toHaveLength(1);
      expect(cii[0]!.sha256).toBe(a.headers['x-content-sha256']);
    });

    it('serves UBL and ZUGFeRD, and refuses an unknown syntax naming the field', async () => {
      const ubl = await customer.request({
        method: 'GET',
        url: `/api/invoices/${invoice.id}/xrechnung?syntax=ubl`,
      });
      expect(ubl.statusCode).toBe(200);
      expect(ubl.headers['content-disposition']).toBe(
        `attachment; filename="${invoice.number}-xrechnung-ubl.xml"`,
      );
      expect(ubl.body).toContain(`<cbc:ID>${invoice.number}</cbc:ID>`);
      const zugferd = await clerk.request({ method: 'GET', url: `/api/invoices/${invoice.id}/zugferd` });
      expect(zugferd.statusCode).toBe(200);
      expect(zugferd.headers['content-disposition']).toBe(
        `attachment; filename="${invoice.number}-zugferd.pdf"`,
      );
      expect(zugferd.rawPayload.toString('latin1')).toContain('factur-x.xml');
      const wrong = await clerk.request({
        method: 'GET',
        url: `/api/invoices/${invoice.id}/xrechnung?syntax=pdf`,
      });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.body).toContain('syntax');
    });

    it('keeps another customer’s documents a 404 to a customer user and every document away from partners', async () => {
      for (const path of ['pdf', 'xrechnung', 'xrechnung?syntax=ubl', 'zugferd']) {
        const foreign = await customer.request({
          method: 'GET',
          url: `/api/invoices/${otherInvoice.id}/${path}`,
        });
        expect(foreign.statusCode, path).toBe(404);
        const partnerView = await partner.request({
          method: 'GET',
          url: `/api/invoices/${invoice.id}/${path}`,
        });
        expect(partnerView.statusCode, path).toBe(403);
      }
      expect(await rows(otherInvoice.id)).toHaveLength(0);
    });

    it('hands other modules every format stored, with file names and addresses', async () => {
      const files = await invoiceDocumentFiles(server.deps, systemScope('test'), otherInvoice.id);
      expect(files.map((f) => [f.format, f.fileName, f.mimeType])).toEqual([
        ['pdf', `${otherInvoice.number}.pdf`, 'application/pdf'],
        ['xrechnung_cii', `${otherInvoice.number}-xrechnung-cii.xml`, 'application/xml'],
        ['xrechnung_ubl', `${otherInvoice.number}-xrechnung-ubl.xml`, 'application/xml'],
        ['zugferd', `${otherInvoice.number}-zugferd.pdf`, 'application/pdf'],
      ]);
      expect((await rows(otherInvoice.id)).map((row) => row.sha256)).toEqual(files.map((f) => f.sha256));
      expect(await invoiceDocumentFiles(server.deps, systemScope('test'), otherInvoice.id)).toEqual(files);
    });

    it('renders a Stornorechnung referencing the cancelled invoice', async () => {
      const cancelled = await issue(channel.customerA1.id, 2500);
      const response = await clerk.request({
        method: 'POST',
        url: `/api/invoices/${cancelled.id}/cancel`,
        payload: { reason: 'falscher Betrag' },
      });
      expect(response.statusCode, response.body).toBe(201);
      const cancellation = response.json().cancellation as Invoice;
      const xml = await clerk.request({ method: 'GET', url: `/api/invoices/${cancellation.id}/xrechnung` });
      expect(xml.body).toContain('<ram:TypeCode>384</ram:TypeCode>');
      expect(xml.body).toContain(`<ram:IssuerAssignedID>${cancelled.number}</ram:IssuerAssignedID>`);
      expect(xml.body).toContain('<ram:GrandTotalAmount>-29.75</ram:GrandTotalAmount>');
    });

    it('still renders an invoice issued before the seller contact and buyer reference were kept', async () => {
      const old = await issue(channel.customerA1.id, 1200);
      const row = await server.deps.db
        .selectFrom('invoice')
        .select(['seller', 'buyer'])
        .where('id', '=', old.id)
        .executeTakeFirstOrThrow();
      const { contactName: _n, contactPhone: _p, contactEmail: _e, ...seller } = JSON.parse(row.seller);
      const { reference: _r, ...buyer } = JSON.parse(row.buyer);
      await server.deps.db
        .updateTable('invoice')
        .set({ seller: JSON.stringify(seller), buyer: JSON.stringify(buyer) })
        .where('id', '=', old.id)
        .execute();
      const pdf = await clerk.request({ method: 'GET', url: `/api/invoices/${old.id}/pdf` });
      expect(pdf.statusCode, pdf.body).toBe(200);
      const xml = await clerk.request({ method: 'GET', url: `/api/invoices/${old.id}/xrechnung?syntax=ubl` });
      expect(xml.statusCode, xml.body).toBe(200);
      expect(xml.body).toContain(`<cbc:BuyerReference>${old.buyer.number}</cbc:BuyerReference>`);
    });

    it('refuses to issue while the seller contact is missing, naming the fields', async () => {
      const before = await server.deps.db.selectFrom('seller_settings').selectAll().executeTakeFirstOrThrow();
      await server.deps.db
        .updateTable('seller_settings')
        .set({ contact_phone: null, contact_email: null })
        .execute();
      try {
        const charged = await clerk.request({
          method: 'POST',
          url: `/api/accounts/${channel.customerA1.id}/charges`,
          payload: { type: 'service', amountCents: 100, description: 'Test', serviceDate: '2026-11-20' },
        });
        const refused = await admin.request({
          method: 'POST',
          url: '/api/invoices',
          payload: { customerId: channel.customerA1.id, chargeIds: [charged.json().id] },
        });
        expect(refused.statusCode).toBe(409);
        expect(refused.json()).toMatchObject({
          code: 'seller_settings_missing',
          fields: ['contactPhone', 'contactEmail'],
        });
      } finally {
        await server.deps.db
          .updateTable('seller_settings')
          .set({ contact_phone: before.contact_phone, contact_email: before.contact_email })
          .execute();
      }
    });
  });
}
