import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { buildOrganisation, type Channel, TEST_PASSWORD } from '../../../../test/factories';
import {
  createTestMailbox,
  mail,
  type OutboxMail,
  outboxMails,
  receiveMail,
  sendOutbox,
} from '../../../../test/mail';
import { startSmtpSink } from '../../../../test/smtp-sink';
import { logIn, type Session, type TestServer } from '../../../../test/test-server';
import type { OrganisationRow } from '../organisations/organisation.table';
import { replyToken } from './reply-token';

const MAILBOX = 'service@printwerk.example';
const CARRIER = 'tickets@paketblitz.example';
const PATTERN = 'PB-\\d{4}-\\d{2}';

type Payload = OutboxMail;

for (const dialect of DIALECTS) {
  describe(`escalation to a third party [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let agent: Session;
    let admin: Session;
    let carrier: OrganisationRow;

    const receive = (raw: Buffer) => receiveMail(server.deps, raw, [MAILBOX]);
    const mailsTo = async (address: string): Promise<Payload[]> =>
      (await outboxMails(server.deps)).filter((p) => p.to === address);
    const escalate = (caseId: string, payload: Record<string, unknown>) =>
      agent.request({ method: 'POST', url: `/api/cases/${caseId}/escalations`, payload });
    const newCase = async (subject: string) => {
      const response = await agent.request({
        method: 'POST',
        url: '/api/cases',
        payload: { type: 'request', subject, customerId: channel.customerA1.id, description: 'Per Telefon.' },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ id: string; number: string }>();
    };

    beforeAll(async () => {
      ({ server, channel, agent, admin } = await startChannelServer(dialect, {
        agent: 'agent',
        admin: 'operator_admin',
      }));
      carrier = await buildOrganisation(server.deps, {
        kind: 'third_party',
        name: 'Paketblitz Logistik GmbH',
        email: CARRIER,
      });
      await createTestMailbox(server.deps, MAILBOX, { autoReply: false });
    });
    afterAll(async () => server.close());

    it('sets a third party’s ticket reference pattern only when it is a valid, short regular expression', async () => {
      const patch = (id: string, ticketReferencePattern: unknown) =>
        admin.request({
          method: 'PATCH',
          url: `/api/organisations/${id}`,
          payload: { ticketReferencePattern },
        });
      for (const bad of ['PB-(\\d{4}', 'x'.repeat(201), '(PB-\\d+)+', '(a|b*){2,}']) {
        const response = await patch(carrier.id, bad);
        expect(response.statusCode, bad).toBe(400);
        expect(response.json().errors[0].field).toBe('ticketReferencePattern');
      }
      const onCustomer = await patch(channel.customerA1.id, PATTERN);
      expect(onCustomer.statusCode).toBe(400);
      expect(onCustomer.json().errors[0].field).toBe('ticketReferencePattern');

      const saved = await patch(carrier.id, PATTERN);
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json().ticketReferencePattern).toBe(PATTERN);
      const read = await agent.request({ method: 'GET', url: `/api/organisations/${carrier.id}` });
      expect(read.json().ticketReferencePattern).toBe(PATTERN);
      const audit = await server.deps.db
        .selectFrom('audit_log')
        .select('after')
        .where('entity_id', '=', carrier.id)
        .where('action', '=', 'organisation.updated')
        .execute();
      expect(audit.some((a) => JSON.parse(a.after!).ticket_reference_pattern === PATTERN)).toBe(true);
    });

    it('sends the case to the carrier, files the carrier’s answer and keeps its ticket reference', async () => {
      const customer = channel.users.customer_user;
      const first = await receive(
        mail([
          `From: ${customer.name} <${customer.email}>`,
          `To: ${MAILBOX}`,
          'Subject: Lieferung beschädigt',
          'Message-ID: <paket-1@kunde.example>',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Der Karton mit dem Drucker kam eingedrückt an.',
        ]),
      );
      expect(first.outcome).toBe('new_case');
      const caseId = first.row.case_id!;
      const put = await agent.request({
        method: 'PUT',
        url: `/api/cases/${caseId}/facts/tracking_number`,
        payload: { label: 'Sendungsnummer', value: '00340434161234567890' },
      });
      expect(put.statusCode, put.body).toBe(204);
      server.clock.advanceMinutes(1);
      await agent.request({
        method: 'POST',
        url: `/api/cases/${caseId}/messages`,
        payload: { body: 'Intern: Kunde hat schon zweimal reklamiert.', visibility: 'internal' },
      });

      const response = await escalate(caseId, {
        thirdPartyId: carrier.id,
        note: 'Bitte prüfen Sie den Transportschaden und teilen Sie uns Ihre Vorgangsnummer mit.',
      });
      expect(response.statusCode, response.body).toBe(201);
      const escalation = response.json();
      expect(escalation).toMatchObject({
        caseId,
        status: 'waiting_third_party',
        thirdParty: { id: carrier.id, email: CARRIER },
      });
      const kase = (await agent.request({ method: 'GET', url: `/api/cases/${caseId}` })).json();
      expect(kase.status).toBe('waiting_third_party');
      expect(kase.thirdParty.id).toBe(carrier.id);

      const [sent, ...more] = await mailsTo(CARRIER);
      expect(more).toEqual([]);
      expect(sent).toMatchObject({
        from: `"Printwerk Service" <${MAILBOX}>`,
        replyTo: `service+${replyToken(caseId, server.deps.config.sessionSecret)}@printwerk.example`,
        messageId: escalation.messageId,
        subject: `[${kase.number}] Bitte um Bearbeitung: Lieferung beschädigt`,
        locale: 'de',
      });
      // The customer's Message-IDs are not the carrier's business.
      expect(sent!.inReplyTo).toBeUndefined();
      expect(sent!.references).toBeUndefined();
      for (const part of [sent!.text, sent!.html!]) {
        expect(part).toContain('Bitte prüfen Sie den Transportschaden');
        expect(part).toContain(kase.number);
        expect(part).toContain(channel.customerA1.name);
        expect(part).toContain('Sendungsnummer: 00340434161234567890');
        expect(part).toContain('Der Karton mit dem Drucker kam eingedrückt an.');
        expect(part).not.toContain('zweimal reklamiert');
      }
      expect(sent!.html).toContain('<li>');

      const reference = await server.deps.db
        .selectFrom('mail_reference')
        .selectAll()
        .where('message_id', '=', escalation.messageId.slice(1, -1))
        .executeTakeFirstOrThrow();
      expect(reference).toMatchObject({ case_id: caseId, direction: 'outbound', recipient: CARRIER });

      const timeline = (await agent.request({ method: 'GET', url: `/api/cases/${caseId}/timeline` })).json()
        .items as { kind: string; type?: string; visibility: string; data?: Record<string, unknown> }[];
      const event = timeline.find((e) => e.type === 'escalated');
      expect(event).toMatchObject({
        visibility: 'internal',
        data: { thirdPartyId: carrier.id, to: CARRIER },
      });
      const customerSession = await logIn(server.app, customer.email, TEST_PASSWORD);
      const customerTimeline = (
        await customerSession.request({ method: 'GET', url: `/api/cases/${caseId}/timeline` })
      ).json().items as { type?: string }[];
      expect(customerTimeline.some((e) => e.type === 'escalated')).toBe(false);
      const audit = await server.deps.db
        .selectFrom('audit_log')
        .selectAll()
        .where('entity_id', '=', caseId)
        .where('action', '=', 'case.escalated')
        .executeTakeFirstOrThrow();
      expect(audit.actor_person_id).toBe(channel.users.agent.id);

      // The mail goes out over a real SMTP exchange.
      const sink = await startSmtpSink();
      try {
        await sendOutbox(server, sink.url);
      } finally {
        await sink.close();
      }
      const delivered = sink.received.find((m) => m.to.includes(CARRIER));
      expect(delivered?.subject).toBe(sent!.subject);
      expect(delivered?.text).toContain('Bitte prüfen Sie den Transportschaden');

      // The carrier answers from its own address, naming its ticket.
      server.clock.advanceMinutes(30);
      const answer = await receive(
        mail([
          `From: Paketblitz Kundenservice <${CARRIER}>`,
          `To: ${sent!.replyTo}`,
          `Subject: AW: ${sent!.subject} – Ihr Vorgang PB-4711-22`,
          'Message-ID: <pb-answer-1@paketblitz.example>',
          `In-Reply-To: ${escalation.messageId}`,
          `References: ${escalation.messageId}`,
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Wir haben den Schaden unter PB-4711-22 aufgenommen und melden uns.',
        ]),
      );
      expect(answer.outcome).toBe('reply');
      expect(answer.row.case_id).toBe(caseId);
      expect(JSON.parse(answer.row.thread_reason!)).toMatchObject({ kind: 'in-reply-to' });
      const after = (await agent.request({ method: 'GET', url: `/api/cases/${caseId}` })).json();
      expect(after.facts).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            key: 'third_party_reference',
            value: 'PB-4711-22',
            source: 'third_party',
          }),
        ]),
      );

      // The agent's next reply to the customer answers the customer's mail, never the carrier's.
      server.clock.advanceMinutes(1);
      const replied = await agent.request({
        method: 'POST',
        url: `/api/cases/${caseId}/messages`,
        payload: { body: 'Der Spediteur prüft den Schaden.', visibility: 'public' },
      });
      expect(replied.statusCode).toBe(201);
      const toCustomer = (await mailsTo(customer.email)).at(-1)!;
      expect(toCustomer.inReplyTo).toBe('<paket-1@kunde.example>');
      expect(toCustomer.references).not.toContain('<pb-answer-1@paketblitz.example>');
      expect(toCustomer.references).not.toContain(escalation.messageId);
    });

    it('names thirdPartyId when the organisation cannot be escalated to', async () => {
      const kase = await newCase('Ersatzteil fehlt');
      const noThirdParty = await escalate(kase.id, { note: 'Bitte prüfen.' });
      expect(noThirdParty.statusCode).toBe(400);
      expect(noThirdParty.json().errors[0].field).toBe('thirdPartyId');

      const notThirdParty = await escalate(kase.id, {
        thirdPartyId: channel.partnerA.id,
        note: 'Bitte prüfen.',
      });
      expect(notThirdParty.statusCode).toBe(400);
      expect(notThirdParty.json().errors[0].field).toBe('thirdPartyId');

      const silent = await buildOrganisation(server.deps, { kind: 'third_party', name: 'Ohne Mail GmbH' });
      const noAddress = await escalate(kase.id, { thirdPartyId: silent.id, note: 'Bitte prüfen.' });
      expect(noAddress.statusCode).toBe(400);
      expect(noAddress.json().errors[0].field).toBe('thirdPartyId');

      const noNote = await escalate(kase.id, { thirdPartyId: carrier.id, note: ' ' });
      expect(noNote.statusCode).toBe(400);
      expect(noNote.json().errors[0].field).toBe('note');

      // Nothing of the refused attempts stuck to the case.
      const unchanged = (await agent.request({ method: 'GET', url: `/api/cases/${kase.id}` })).json();
      expect(unchanged.status).not.toBe('waiting_third_party');
      const events = await server.deps.db
        .selectFrom('case_event')
        .select('type')
        .where('case_id', '=', kase.id)
        .where('type', '=', 'escalated')
        .execute();
      expect(events).toEqual([]);

      // With the third party already on the case, the body may leave it out.
      await agent.request({
        method: 'PATCH',
        url: `/api/cases/${kase.id}`,
        payload: { thirdPartyId: carrier.id },
      });
      const byDefault = await escalate(kase.id, { note: 'Bitte Ersatzteil nachliefern.' });
      expect(byDefault.statusCode, byDefault.body).toBe(201);
      expect(byDefault.json().thirdParty.id).toBe(carrier.id);
    });
  });
}
