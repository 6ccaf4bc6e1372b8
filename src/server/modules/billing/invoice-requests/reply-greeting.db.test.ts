import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../../test/dialects';
import { buildChannel, type Channel, TEST_PASSWORD } from '../../../../../test/factories';
import { createTestMailbox } from '../../../../../test/mail';
import { logIn, type Session, startTestServer, type TestServer } from '../../../../../test/test-server';
import { seedDemoBilling } from '../demo-seed';
import { handleInvoiceRequestTimer } from './fulfil';

// The reply with the invoices greets its contact the way every mail does (users/greeting.ts):
// formally by surname when the contact has a salutation, in the contact's language.

for (const dialect of DIALECTS) {
  describe(`the invoice-request reply greets its contact [${dialect}]`, { timeout: 60_000 }, () => {
    let server: TestServer;
    let channel: Channel;
    let clerk: Session;
    let customer: Session;

    beforeAll(async () => {
      server = await startTestServer(dialect);
      channel = await buildChannel(server.deps);
      await seedDemoBilling(server.deps);
      await createTestMailbox(server.deps, 'service@printwerk.example');
      clerk = await logIn(server.app, channel.users.billing_clerk.email, TEST_PASSWORD);
      customer = await logIn(server.app, channel.users.customer_user.email, TEST_PASSWORD);
    });
    afterAll(async () => {
      await server.close();
    });

    it('opens with "Sehr geehrte Frau …" for a contact with the salutation ms', async () => {
      const contact = channel.users.customer_user;
      await server.deps.db
        .updateTable('person')
        .set({ salutation: 'ms' })
        .where('id', '=', contact.id)
        .execute();
      const charged = await clerk.request({
        method: 'POST',
        url: `/api/accounts/${channel.customerA1.id}/charges`,
        payload: { type: 'topup', amountCents: 5000, description: 'Aufladung', serviceDate: '2026-11-20' },
      });
      expect(charged.statusCode, charged.body).toBe(201);
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
      const timer = await server.deps.db
        .selectFrom('timer')
        .selectAll()
        .where('kind', '=', 'invoice_request')
        .where('subject_id', '=', caseId)
        .executeTakeFirstOrThrow();
      await handleInvoiceRequestTimer(server.deps, timer);

      const timeline = await customer.request({ method: 'GET', url: `/api/cases/${caseId}/timeline` });
      expect(timeline.statusCode, timeline.body).toBe(200);
      const reply = timeline
        .json<{ items: { direction?: string; body?: string }[] }>()
        .items.find((item) => item.direction === 'outbound');
      const surname = contact.name.trim().split(/\s+/).at(-1);
      expect(reply?.body?.split('\n')[0]).toBe(`Sehr geehrte Frau ${surname},`);
      expect(reply?.body).not.toContain(`Guten Tag ${contact.name}`);
    });
  });
}
