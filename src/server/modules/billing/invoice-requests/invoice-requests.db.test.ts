import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../../test/dialects';
import { buildChannel, buildUser, type Channel, TEST_PASSWORD } from '../../../../../test/factories';
import {
  createTestMailbox,
  filedMail,
  type OutboxMail,
  outboxMails,
  type SmtpIntake,
  startSmtpIntake,
} from '../../../../../test/mail';
import { logIn, type Session, startTestServer, type TestServer } from '../../../../../test/test-server';
import { systemScope } from '../../../shared/scope';
import { createGroup } from '../../cases/catalog';
import type { PersonRow } from '../../users/person.table';
import { seedDemoBilling } from '../demo-seed';
import type { Invoice } from '../invoice-schemas';
import { fulfilInvoiceRequest, handleInvoiceRequestTimer } from './fulfil';

const MAILBOX = 'service@printwerk.example';

type TimelineItem = {
  kind: 'message' | 'event';
  visibility: string;
  author: string;
  direction?: string;
  body?: string;
  type?: string;
  data?: Record<string, unknown>;
  attachments?: { fileName: string; mimeType: string }[];
};

for (const dialect of DIALECTS) {
  describe(`invoice requests that arrive as cases [${dialect}]`, { timeout: 60_000 }, () => {
    let server: TestServer;
    let channel: Channel;
    let intake: SmtpIntake;
    let admin: Session;
    let clerk: Session;
    let customer: Session;
    let partner: Session;
    let billingGroupId: string;
    let mailCount = 0;

    const charge = async (customerId: string, type: string, amountCents: number): Promise<string> => {
      const response = await clerk.request({
        method: 'POST',
        url: `/api/accounts/${customerId}/charges`,
        payload: { type, amountCents, description: `${type} ${amountCents}`, serviceDate: '2026-11-20' },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id;
    };
    const invoicesOf = async (customerId: string): Promise<Invoice[]> => {
      const response = await clerk.request({ method: 'GET', url: `/api/invoices?customerId=${customerId}` });
      expect(response.statusCode, response.body).toBe(200);
      return Promise.all(
        response
          .json<{ items: Invoice[] }>()
          .items.map(async (inv) =>
            (await clerk.request({ method: 'GET', url: `/api/invoices/${inv.id}` })).json<Invoice>(),
          ),
      );
    };
    /** A real SMTP exchange with the running intake; resolves to the case the mail opened. */
    const mailFrom = async (from: PersonRow, subject: string, text: string) => {
      mailCount += 1;
      const unique = `${subject} [${mailCount}]`;
      await intake.smtp.sendMail({
        from: `${from.name} <${from.email}>`,
        to: MAILBOX,
        subject: unique,
        text,
      });
      const filed = await filedMail(server.deps, { subject: unique });
      expect(filed.case_id).toBeTruthy();
      return caseOf(filed.case_id!);
    };
    const caseOf = async (id: string) => {
      const response = await admin.request({ method: 'GET', url: `/api/cases/${id}` });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{
        id: string;
        number: string;
        type: string;
        status: string;
        group: { id: string } | null;
      }>();
    };
    const timeline = async (session: Session, caseId: string): Promise<TimelineItem[]> => {
      const response = await session.request({ method: 'GET', url: `/api/cases/${caseId}/timeline` });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{ items: TimelineItem[] }>().items;
    };
    /** Runs the worker's timer for the case's request, as the scheduler does. */
    const runRequestTimer = async (caseId: string) => {
      const timer = await server.deps.db
        .selectFrom('timer')
        .selectAll()
        .where('kind', '=', 'invoice_request')
        .where('subject_id', '=', caseId)
        .executeTakeFirstOrThrow();
      await handleInvoiceRequestTimer(server.deps, timer);
      return timer;
    };
    const mailsTo = async (address: string): Promise<OutboxMail[]> =>
      (await outboxMails(server.deps)).filter((m) => m.to === address && !m.headers?.['Auto-Submitted']);
    const auditOf = async (caseId: string) => {
      const response = await admin.request({
        method: 'GET',
        url: `/api/audit?entityType=case&entityId=${caseId}`,
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{
        items: { action: string; actor: { id: string | null; label: string }; after: unknown }[];
      }>().items;
    };

    beforeAll(async () => {
      server = await startTestServer(dialect);
      channel = await buildChannel(server.deps);
      await seedDemoBilling(server.deps);
      await createTestMailbox(server.deps, MAILBOX);
      billingGroupId = (
        await createGroup(server.deps, systemScope('test'), {
          name: 'Buchhaltung',
          leadPersonId: channel.users.billing_clerk.id,
          memberIds: [channel.users.billing_clerk.id],
        })
      ).id;
      const login = (email: string) => logIn(server.app, email, TEST_PASSWORD);
      admin = await login(channel.users.operator_admin.email);
      clerk = await login(channel.users.billing_clerk.email);
      customer = await login(channel.users.customer_user.email);
      partner = await login(channel.users.partner_admin.email);
      intake = await startSmtpIntake(server);
    });
    afterAll(async () => {
      await intake?.stop();
      await server.close();
    });

    it('answers "Bitte senden Sie mir eine Rechnung für die Gebühr" with the fee invoice, attached to a public reply, and resolves the case (S2)', async () => {
      const customerA1 = channel.customerA1.id;
      const fee = await charge(customerA1, 'fee_return_debit', 300);
      const topup = await charge(customerA1, 'topup', 5000);

      const kase = await mailFrom(
        channel.users.customer_user,
        'Gebühr',
        'Guten Tag,\n\nbitte senden Sie mir eine Rechnung für die Gebühr.\n\nViele Grüße',
      );
      expect(kase.type).toBe('invoice_request');
      expect((await invoicesOf(customerA1)).length).toBe(0);

      await runRequestTimer(kase.id);

      // The fee alone, on a document of its own without VAT (not subject, category O); the top-up was not asked for.
      const invoices = await invoicesOf(customerA1);
      expect(invoices).toHaveLength(1);
      const invoice = invoices[0]!;
      expect(invoice.lines?.map((l) => l.chargeId)).toEqual([fee]);
      expect(invoice.vatBreakdown.map((b) => b.category)).toEqual(['O']);
      expect(invoice.grandTotalCents).toBe(300);
      const uninvoiced = await clerk.request({
        method: 'GET',
        url: `/api/accounts/${customerA1}/charges?uninvoiced=true`,
      });
      expect(uninvoiced.json<{ items: { id: string }[] }>().items.map((c) => c.id)).toEqual([topup]);

      // The customer reads the reply with the PDF and the XRechnung on the case.
      const seen = await timeline(customer, kase.id);
      const reply = seen.find((e) => e.kind === 'message' && e.direction === 'outbound');
      expect(reply?.visibility).toBe('public');
      expect(reply?.author).toBe('System');
      expect(reply?.body).toContain(`Guten Tag ${channel.users.customer_user.name},`);
      expect(reply?.body).toContain(`anbei Ihre Rechnung ${invoice.number}`);
      expect(reply?.attachments?.map((a) => a.fileName)).toEqual([
        `${invoice.number}.pdf`,
        `${invoice.number}-xrechnung-cii.xml`,
      ]);
      const pdf = await customer.request({
        method: 'GET',
        url: `/api/cases/${kase.id}/attachments/${(reply as unknown as { attachments: { id: string }[] }).attachments[0]!.id}`,
      });
      expect(pdf.statusCode).toBe(200);
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

      // … and gets it by mail, with both files.
      const mails = await mailsTo(channel.users.customer_user.email);
      const answer = mails.find((m) => m.text?.includes(invoice.number));
      expect(answer?.attachments?.map((a) => a.filename)).toEqual([
        `${invoice.number}.pdf`,
        `${invoice.number}-xrechnung-cii.xml`,
      ]);

      expect((await caseOf(kase.id)).status).toBe('resolved');

      // Partners see no billing data: the customer's reseller of record (named on the case) sees
      // neither the case, nor its reply with the invoice, nor the attachment, nor the case in its list.
      for (const url of [
        `/api/cases/${kase.id}`,
        `/api/cases/${kase.id}/timeline`,
        `/api/cases/${kase.id}/attachments/${(reply as unknown as { attachments: { id: string }[] }).attachments[0]!.id}`,
      ]) {
        expect((await partner.request({ method: 'GET', url })).statusCode, url).toBe(404);
      }
      const partnerList = await partner.request({ method: 'GET', url: '/api/cases?limit=200' });
      expect(partnerList.statusCode).toBe(200);
      expect(partnerList.json<{ items: { id: string }[] }>().items.map((c) => c.id)).not.toContain(kase.id);
      const partnerOpens = await partner.request({
        method: 'POST',
        url: '/api/cases',
        payload: {
          type: 'invoice_request',
          customerId: customerA1,
          subject: 'Rechnung',
          description: 'Bitte Rechnung',
        },
      });
      expect(partnerOpens.statusCode).toBe(400);
      expect(partnerOpens.json<{ errors?: { field: string }[] }>().errors?.[0]?.field).toBe('type');

      const operatorView = await timeline(admin, kase.id);
      expect(operatorView.find((e) => e.type === 'invoice_request_fulfilled')?.data?.number).toBe(
        invoice.number,
      );
      const audit = (await auditOf(kase.id)).find((a) => a.action === 'invoice_request.fulfilled');
      expect(audit?.actor).toEqual({ id: null, label: 'System' });
      expect(audit?.after).toMatchObject({
        fulfilledAutomatically: true,
        invoices: [{ id: invoice.id, number: invoice.number }],
      });

      // The same job a second time (a worker that crashed before it deleted its timer) does nothing.
      const before = {
        items: (await timeline(admin, kase.id)).length,
        mails: (await outboxMails(server.deps)).length,
        audit: (await auditOf(kase.id)).length,
      };
      expect(await fulfilInvoiceRequest(server.deps, kase.id)).toBe('already_done');
      const timer = {
        id: 'gone',
        kind: 'invoice_request' as const,
        subject_id: kase.id,
        due_at: '',
        locked_until: null,
      };
      await handleInvoiceRequestTimer(server.deps, timer);
      expect((await invoicesOf(customerA1)).length).toBe(1);
      expect({
        items: (await timeline(admin, kase.id)).length,
        mails: (await outboxMails(server.deps)).length,
        audit: (await auditOf(kase.id)).length,
      }).toEqual(before);
    });

    it('gives a request it cannot match to the billing clerks with an internal note, and answers nothing publicly', async () => {
      const kanzlei = await buildUser(server.deps, channel.customerA2, ['customer_user']);
      const kase = await mailFrom(kanzlei, 'Rechnung fehlt', 'Uns fehlt die Rechnung für die Aufladung.');
      expect(kase.type).toBe('invoice_request');
      await runRequestTimer(kase.id);

      const after = await caseOf(kase.id);
      expect(after.group?.id).toBe(billingGroupId);
      expect(after.status).not.toBe('resolved');
      const operatorView = await timeline(admin, kase.id);
      const note = operatorView.find((e) => e.kind === 'message' && e.direction === 'note');
      expect(note?.visibility).toBe('internal');
      expect(note?.body).toContain(
        'Keine unberechneten Posten zu „Aufladung“ und keine Rechnung zu „Aufladung“ der letzten 90 Tage dieses Kunden gefunden.',
      );
      expect(operatorView.some((e) => e.kind === 'message' && e.direction === 'outbound')).toBe(false);
      expect((await mailsTo(kanzlei.email)).filter((m) => !m.subject.includes('Eingang'))).toEqual([]);
      expect(
        (await auditOf(kase.id)).find((a) => a.action === 'invoice_request.handed_over')?.actor.label,
      ).toBe('System');

      // The customer's reseller does not see the case at all, so neither the clerks' note.
      const partnerTimeline = await partner.request({ method: 'GET', url: `/api/cases/${kase.id}/timeline` });
      expect(partnerTimeline.statusCode).toBe(404);
    });

    it('does not send another customer’s invoice, nor anything about it, when a mail names its number', async () => {
      const brandl = channel.customerB1.id;
      const foreignCharge = await charge(brandl, 'service', 12_345);
      const issued = await clerk.request({
        method: 'POST',
        url: '/api/invoices',
        payload: { customerId: brandl, chargeIds: [foreignCharge] },
      });
      expect(issued.statusCode, issued.body).toBe(201);
      const foreign = issued.json<{ invoices: Invoice[] }>().invoices[0]!;
      const mailsBefore = (await mailsTo(channel.users.customer_user.email)).length;
      const invoicesBefore = (await invoicesOf(channel.customerA1.id)).length;

      const kase = await mailFrom(
        channel.users.customer_user,
        'Rechnung',
        `Bitte senden Sie mir die Rechnung ${foreign.number.toLowerCase()}.`,
      );
      expect(kase.type).toBe('invoice_request');
      await runRequestTimer(kase.id);

      expect((await caseOf(kase.id)).group?.id).toBe(billingGroupId);
      const customerView = JSON.stringify(await timeline(customer, kase.id));
      const newMails = JSON.stringify((await mailsTo(channel.users.customer_user.email)).slice(mailsBefore));
      for (const secret of [foreign.id, 'Autohaus Brandl', '123,45', '146,91', foreign.buyer.number]) {
        expect(customerView).not.toContain(secret);
        expect(newMails).not.toContain(secret);
      }
      expect(customerView).not.toContain('.pdf');
      // Nothing issued for the customer either (its top-up stays uninvoiced), and the clerks know why.
      expect((await invoicesOf(channel.customerA1.id)).length).toBe(invoicesBefore);
      const note = (await timeline(admin, kase.id)).find((e) => e.direction === 'note');
      expect(note?.body).toContain('ist keine Rechnung dieses Kunden');
      expect(note?.body).not.toContain('Autohaus Brandl');
    });

    it('fulfils an invoice request opened in the customer portal the same way', async () => {
      const created = await customer.request({
        method: 'POST',
        url: '/api/cases',
        payload: {
          type: 'invoice_request',
          subject: 'Rechnung für die Aufladung',
          description: 'Bitte schicken Sie mir die Rechnung für die Aufladung.',
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const caseId = created.json<{ id: string }>().id;
      await runRequestTimer(caseId);

      const invoices = await invoicesOf(channel.customerA1.id);
      const topupInvoice = invoices.find((inv) => inv.lines?.some((l) => l.typeCode === 'topup'));
      expect(topupInvoice?.grandTotalCents).toBe(5950);
      const reply = (await timeline(customer, caseId)).find((e) => e.direction === 'outbound');
      expect(reply?.body).toContain(`anbei Ihre Rechnung ${topupInvoice!.number}`);
      expect((await caseOf(caseId)).status).toBe('resolved');
    });

    it('takes no mail from an unknown sender for an invoice request', async () => {
      const response = await intake.smtp.sendMail({
        from: 'fremd@unbekannt.example',
        to: MAILBOX,
        subject: 'Rechnung fehlt (unbekannt)',
        text: 'Bitte senden Sie mir eine Rechnung.',
      });
      expect(response.accepted).toHaveLength(1);
      const filed = await filedMail(server.deps, { subject: 'Rechnung fehlt (unbekannt)' });
      expect((await caseOf(filed.case_id!)).type).toBe('request');
    });

    it('lets billing clerks keep the keyword rules, and a deactivated rule recognises nothing', async () => {
      const list = await clerk.request({ method: 'GET', url: '/api/billing/invoice-request-rules' });
      expect(list.statusCode).toBe(200);
      const [demo] = list.json<{ items: { id: string; name: string; wordGroups: string[][] }[] }>().items;
      expect(demo?.name).toBe('Rechnung anfordern');

      const invalid = await clerk.request({
        method: 'POST',
        url: '/api/billing/invoice-request-rules',
        payload: { name: 'Leer', wordGroups: [] },
      });
      expect(invalid.statusCode).toBe(400);
      expect(invalid.json().errors?.[0]?.field ?? invalid.body).toContain('wordGroups');

      const created = await clerk.request({
        method: 'POST',
        url: '/api/billing/invoice-request-rules',
        payload: { name: 'Gutschrift', wordGroups: [['Gutschrift'], ['  benötige ', 'fehlt']] },
      });
      expect(created.statusCode, created.body).toBe(201);
      const rule = created.json<{ id: string; wordGroups: string[][]; active: boolean; position: number }>();
      expect(rule).toMatchObject({ wordGroups: [['Gutschrift'], ['benötige', 'fehlt']], active: true });

      for (const id of [demo!.id, rule.id]) {
        const off = await clerk.request({
          method: 'PATCH',
          url: `/api/billing/invoice-request-rules/${id}`,
          payload: { active: false },
        });
        expect(off.statusCode, off.body).toBe(200);
      }
      const kase = await mailFrom(
        channel.users.customer_user,
        'Rechnung',
        'Bitte senden Sie mir eine Rechnung.',
      );
      expect(kase.type).toBe('request');

      const removed = await clerk.request({
        method: 'DELETE',
        url: `/api/billing/invoice-request-rules/${rule.id}`,
      });
      expect(removed.statusCode).toBe(204);
      const again = await clerk.request({
        method: 'DELETE',
        url: `/api/billing/invoice-request-rules/${rule.id}`,
      });
      expect(again.statusCode).toBe(404);
      const audit = await admin.request({
        method: 'GET',
        url: `/api/audit?entityType=invoice_request_rule&entityId=${rule.id}`,
      });
      expect(audit.json<{ items: { action: string }[] }>().items.map((a) => a.action)).toEqual([
        'invoice_request_rule.deleted',
        'invoice_request_rule.updated',
        'invoice_request_rule.created',
      ]);
    });
  });
}
