import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../test/channel-server';
import { DIALECTS } from '../../../test/dialects';
import { buildUser, type Channel, TEST_PASSWORD } from '../../../test/factories';
import { createTestMailbox, mail, receiveMail } from '../../../test/mail';
import { logIn, type Session, type TestServer } from '../../../test/test-server';
import { seedDemoBilling } from '../modules/billing/demo-seed';
import { INTERNET_FAULT_CHECKLIST } from '../modules/triage/internet-fault-checklist';

// Another partner and another organisation's customer guess ids on the newest routes: the status
// links of a case that is not theirs, the sender review list, moving and confirming senders, the
// bulk queue. The authorisation matrix proves which roles reach a route at all; this proves that
// ids of other tenants get nothing: a 403 or 404 whether the id exists or not, no data of others
// in the answer, nothing changed, and never a 5xx.

const MAILBOX = 'service@printwerk.example';
const MISSING_UUID = '00000000-0000-7000-8000-000000000000';

type Link = { id: string; url: string | null; state: string };

for (const dialect of DIALECTS) {
  describe(`ids of other tenants on the new routes [${dialect}]`, { timeout: 60_000 }, () => {
    let server: TestServer;
    let channel: Channel;
    let agent: Session;
    let customer: Session;
    let partnerOfCase: Session;
    let otherPartner: Session;
    let otherCustomer: Session;
    let caseA: { id: string; number: string };
    let caseB: { id: string; number: string };
    let linkA: Link;
    let linkB: Link;
    let reviewSender: { id: string; email: string; organisationId: string };

    /** The answers every guess must satisfy: no 2xx, no 5xx, nothing of the other tenant in the body. */
    function refused(response: LightMyRequestResponse, allowed: number[], ...secrets: string[]) {
      expect(allowed, `${response.statusCode} ${response.body}`).toContain(response.statusCode);
      for (const secret of secrets) expect(response.body).not.toContain(secret);
    }

    beforeAll(async () => {
      ({ server, channel, agent, customer, partnerOfCase, otherPartner } = await startChannelServer(
        dialect,
        {
          agent: 'agent',
          customer: 'customer_user',
          partnerOfCase: 'partner_agent',
          otherPartner: 'otherPartnerAdmin',
        },
        { rateLimitPerMinute: 100_000 },
      ));
      const strangerUser = await buildUser(server.deps, channel.customerB1, ['customer_user']);
      otherCustomer = await logIn(server.app, strangerUser.email, TEST_PASSWORD);

      const open = async (by: Session, subject: string) => {
        const response = await by.request({
          method: 'POST',
          url: '/api/cases',
          payload: { type: 'complaint', subject, description: `${subject}: bitte prüfen` },
        });
        expect(response.statusCode, response.body).toBe(201);
        return response.json<{ id: string; number: string }>();
      };
      caseA = await open(customer, 'Etikettendrucker Filiale Nord');
      caseB = await open(otherCustomer, 'Autohaus Werkstattdrucker');
      const link = async (by: Session, caseId: string) => {
        const response = await by.request({ method: 'POST', url: `/api/cases/${caseId}/status-links` });
        expect(response.statusCode, response.body).toBe(201);
        return response.json<Link>();
      };
      linkA = await link(customer, caseA.id);
      linkB = await link(otherCustomer, caseB.id);

      // A newsletter in the bulk queue, and an unknown sender on the review list.
      await createTestMailbox(server.deps, MAILBOX);
      const newsletter = await receiveMail(
        server.deps,
        mail([
          'From: Großhandel Nord <newsletter@grosshandel-nord.example>',
          `To: ${MAILBOX}`,
          'Subject: Neu im Sortiment',
          'Precedence: bulk',
          'List-Unsubscribe: <mailto:abmelden@grosshandel-nord.example>',
          '',
          'Jetzt 10 % Rabatt.',
        ]),
        [MAILBOX],
      );
      expect(newsletter.outcome).toBe('bulk');
      await receiveMail(
        server.deps,
        mail([
          'From: Jana Vogt <j.vogt@netzbau-ost.example>',
          `To: ${MAILBOX}`,
          'Subject: Leitungsstörung Auftrag 4711',
          '',
          'Der Techniker kommt am Montag.',
        ]),
        [MAILBOX],
      );
      const review = await agent.request({ method: 'GET', url: '/api/mail-senders/review' });
      expect(review.statusCode, review.body).toBe(200);
      const listed = review
        .json<{ items: { id: string; email: string; organisation: { id: string } }[] }>()
        .items.find((item) => item.email === 'j.vogt@netzbau-ost.example');
      if (!listed) throw new Error('the unknown sender should be on the review list');
      reviewSender = { id: listed.id, email: listed.email, organisationId: listed.organisation.id };
    });
    afterAll(async () => server?.close());

    const linksOf = async (by: Session, caseId: string) => {
      const response = await by.request({ method: 'GET', url: `/api/cases/${caseId}/status-links` });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{ items: Link[] }>().items;
    };

    it('gives another customer a 404 for every status-link route of a case that is not theirs', async () => {
      const secrets = [linkA.id, linkA.url ?? '', 'Etikettendrucker'];
      for (const ref of [
        caseA.id,
        caseA.number,
        caseA.number.toLowerCase(),
        MISSING_UUID,
        'CD-2026-999999',
      ]) {
        refused(
          await otherCustomer.request({ method: 'GET', url: `/api/cases/${ref}/status-links` }),
          [404],
          ...secrets,
        );
        refused(
          await otherCustomer.request({ method: 'POST', url: `/api/cases/${ref}/status-links` }),
          [404],
          ...secrets,
        );
        refused(
          await otherCustomer.request({
            method: 'DELETE',
            url: `/api/cases/${ref}/status-links/${linkA.id}`,
          }),
          [404],
          ...secrets,
        );
      }
      // Their own case with the other customer's link id: still not found, and the link still works.
      refused(
        await otherCustomer.request({
          method: 'DELETE',
          url: `/api/cases/${caseB.id}/status-links/${linkA.id}`,
        }),
        [404],
        ...secrets,
      );
      const [kept] = await linksOf(customer, caseA.id);
      expect(kept).toMatchObject({ id: linkA.id, state: 'active' });
      expect((await linksOf(customer, caseA.id)).map((l) => l.id)).toEqual([linkA.id]);
      // Their own list shows only their own link.
      expect((await linksOf(otherCustomer, caseB.id)).map((l) => l.id)).toEqual([linkB.id]);
    });

    it('gives every partner the same 403 for status links, whether the case is theirs, another’s or none', async () => {
      for (const partner of [partnerOfCase, otherPartner]) {
        for (const ref of [caseA.id, caseB.id, caseA.number, MISSING_UUID]) {
          for (const request of [
            { method: 'GET' as const, url: `/api/cases/${ref}/status-links` },
            { method: 'POST' as const, url: `/api/cases/${ref}/status-links` },
            { method: 'POST' as const, url: `/api/cases/${ref}/status-link` },
            { method: 'DELETE' as const, url: `/api/cases/${ref}/status-links/${linkA.id}` },
            { method: 'DELETE' as const, url: `/api/cases/${ref}/status-links/${linkB.id}` },
          ]) {
            refused(
              await partner.request(request),
              [403],
              linkA.id,
              linkB.id,
              linkA.url ?? '',
              linkB.url ?? '',
            );
          }
        }
      }
      expect((await linksOf(agent, caseA.id)).every((l) => l.state === 'active')).toBe(true);
      expect((await linksOf(agent, caseB.id)).every((l) => l.state === 'active')).toBe(true);
    });

    it('answers odd case and link ids with a 4xx naming nothing of others, never a 5xx', async () => {
      const odd = [
        '%00',
        `${caseB.id}%00`,
        'x'.repeat(65),
        '..%2F..%2Fusers',
        '%27%20OR%201%3D1--',
        caseB.id.toUpperCase(),
        '%F0%9F%92%A5',
        ' ',
      ];
      for (const ref of odd) {
        const response = await otherCustomer.request({
          method: 'GET',
          url: `/api/cases/${ref}/status-links`,
        });
        refused(response, [400, 404], linkA.id, linkB.id);
      }
      for (const linkId of ['%00', 'nope', linkB.id.toUpperCase(), `${linkB.id}x`, '0'.repeat(200)]) {
        const response = await otherCustomer.request({
          method: 'DELETE',
          url: `/api/cases/${caseA.id}/status-links/${linkId}`,
        });
        refused(response, [400, 404], linkA.id);
      }
      expect((await linksOf(otherCustomer, caseB.id))[0]?.state).toBe('active');
    });

    it('keeps the sender review list, moving and confirming to the operator’s staff, whatever id is guessed', async () => {
      const outsiders = [partnerOfCase, otherPartner, customer, otherCustomer];
      for (const outsider of outsiders) {
        refused(
          await outsider.request({ method: 'GET', url: '/api/mail-senders/review?limit=200' }),
          [403],
          reviewSender.email,
          reviewSender.id,
        );
        for (const personId of [reviewSender.id, channel.users.customer_user.id, MISSING_UUID]) {
          for (const organisationId of [channel.customerB1.id, channel.partnerB.id, channel.customerA1.id]) {
            refused(
              await outsider.request({
                method: 'POST',
                url: `/api/mail-senders/${personId}/move`,
                payload: { organisationId },
              }),
              [403],
              reviewSender.email,
            );
          }
          refused(
            await outsider.request({ method: 'POST', url: `/api/mail-senders/${personId}/confirm` }),
            [403],
            reviewSender.email,
          );
        }
      }
      const review = await agent.request({ method: 'GET', url: '/api/mail-senders/review?limit=200' });
      const still = review.json().items.find((item: { id: string }) => item.id === reviewSender.id);
      expect(still?.organisation.id).toBe(reviewSender.organisationId);
    });

    it('moves only a sender that is on the review list; anyone else is not found and stays where they are', async () => {
      // A contact of a customer, without login, never on the review list.
      const contact = await buildUser(server.deps, channel.customerA1, [], {
        login: false,
        name: 'Eva Kontakt',
      });
      const moveContact = await agent.request({
        method: 'POST',
        url: `/api/mail-senders/${contact.id}/move`,
        payload: { organisationId: channel.customerB1.id },
      });
      refused(moveContact, [404]);
      const after = await server.deps.db
        .selectFrom('person')
        .select('organisation_id')
        .where('id', '=', contact.id)
        .executeTakeFirstOrThrow();
      expect(after.organisation_id).toBe(channel.customerA1.id);

      for (const [personId, organisationId, status, field] of [
        [MISSING_UUID, channel.customerA1.id, 404, null],
        [channel.customerA1.id, channel.customerA1.id, 404, null],
        [reviewSender.id, reviewSender.id, 400, 'organisationId'],
        [reviewSender.id, MISSING_UUID, 400, 'organisationId'],
        [reviewSender.id, channel.operator.id, 400, 'organisationId'],
        ['%00', channel.customerA1.id, 400, 'id'],
        ['nope', channel.customerA1.id, 400, 'id'],
      ] as const) {
        const response = await agent.request({
          method: 'POST',
          url: `/api/mail-senders/${personId}/move`,
          payload: { organisationId },
        });
        expect(response.statusCode, `${personId} → ${organisationId}: ${response.body}`).toBe(status);
        if (field) expect(response.json().errors).toContainEqual(expect.objectContaining({ field }));
      }
      for (const body of [
        undefined,
        {},
        [],
        'x',
        { organisationId: 42 },
        { organisationId: channel.customerA1.id, x: 1 },
      ]) {
        const response = await agent.request({
          method: 'POST',
          url: `/api/mail-senders/${reviewSender.id}/move`,
          ...(body === undefined ? {} : { payload: body as object }),
          headers: { 'content-type': 'application/json' },
        });
        refused(response, [400, 415]);
      }
      const confirmMissing = await agent.request({
        method: 'POST',
        url: `/api/mail-senders/${MISSING_UUID}/confirm`,
      });
      refused(confirmMissing, [404]);

      // The sender on the list is moved; a second click changes nothing; after that they are off the list.
      const move = (organisationId: string) =>
        agent.request({
          method: 'POST',
          url: `/api/mail-senders/${reviewSender.id}/move`,
          payload: { organisationId },
        });
      expect((await move(channel.customerB1.id)).statusCode).toBe(204);
      expect((await move(channel.customerB1.id)).statusCode).toBe(204);
      refused(await move(channel.customerA1.id), [404]);
      const moved = await server.deps.db
        .selectFrom('person')
        .select(['organisation_id', 'needs_review'])
        .where('id', '=', reviewSender.id)
        .executeTakeFirstOrThrow();
      expect(moved).toEqual({ organisation_id: channel.customerB1.id, needs_review: 0 });
    });

    it('leaves the bulk queue alone for outsiders and answers odd dismiss bodies with a 4xx naming the field', async () => {
      const queued = async () =>
        (await agent.request({ method: 'GET', url: '/api/inbound-mail?state=bulk' })).json<{ bulk: number }>()
          .bulk;
      expect(await queued()).toBe(1);
      const bodies: (string | undefined)[] = [
        undefined,
        '{}',
        'null',
        '[]',
        '"x"',
        '{"receivedUpTo":"gestern"}',
        '{"receivedUpTo":"2099-01-01T00:00:00Z","all":true}',
        '{"receivedUpTo":"2026-11-24T09:00:00\\u0000Z"}',
        '{"receivedUpTo":1}',
        '{',
      ];
      for (const outsider of [partnerOfCase, otherPartner, customer, otherCustomer]) {
        for (const payload of bodies) {
          refused(
            await outsider.request({
              method: 'POST',
              url: '/api/inbound-mail/bulk/dismiss',
              headers: { 'content-type': 'application/json' },
              ...(payload === undefined ? {} : { payload }),
            }),
            [403],
            'grosshandel',
          );
        }
      }
      expect(await queued()).toBe(1);

      for (const [payload, field] of [
        ['[]', null],
        ['"x"', null],
        ['{"receivedUpTo":"gestern"}', 'receivedUpTo'],
        ['{"receivedUpTo":1}', 'receivedUpTo'],
        ['{"receivedUpTo":"2026-11-24T09:00:00\\u0000Z"}', 'receivedUpTo'],
        ['{"all":true}', null],
        ['{', null],
      ] as const) {
        const response = await agent.request({
          method: 'POST',
          url: '/api/inbound-mail/bulk/dismiss',
          headers: { 'content-type': 'application/json' },
          payload,
        });
        expect(response.statusCode, `${payload}: ${response.body}`).toBe(400);
        if (field) expect(response.json().errors).toContainEqual(expect.objectContaining({ field }));
      }
      const textBody = await agent.request({
        method: 'POST',
        url: '/api/inbound-mail/bulk/dismiss',
        headers: { 'content-type': 'text/plain' },
        payload: 'alles weg',
      });
      refused(textBody, [400, 415]);
      expect(await queued()).toBe(1);

      // Up to a moment before the newsletter arrived: nothing goes; then all of it.
      const before = await agent.request({
        method: 'POST',
        url: '/api/inbound-mail/bulk/dismiss',
        payload: { receivedUpTo: '2020-01-01T00:00:00Z' },
      });
      expect(before.json()).toEqual({ dismissed: 0 });
      const all = await agent.request({ method: 'POST', url: '/api/inbound-mail/bulk/dismiss', payload: {} });
      expect(all.json()).toEqual({ dismissed: 1 });
      expect(await queued()).toBe(0);
    });

    it('gives other tenants nothing of a fault case’s checklist runs, appointments and replacement, whatever id is guessed', async () => {
      const fault = await partnerOfCase.request({
        method: 'POST',
        url: '/api/cases',
        payload: {
          type: 'fault',
          subject: 'Internet weg Filiale Nord',
          customerId: channel.customerA1.id,
          description: 'DSL blinkt',
        },
      });
      expect(fault.statusCode, fault.body).toBe(201);
      const faultId = fault.json<{ id: string }>().id;
      const checklistId = '01900000-0000-7000-8000-0000000000c1';
      await server.deps.db
        .insertInto('checklist')
        .values({
          id: checklistId,
          name: 'Störung Internetanschluss',
          case_type: 'fault',
          product_line: null,
          third_party_id: null,
          definition: JSON.stringify(INTERNET_FAULT_CHECKLIST),
          active: 1,
          created_at: '2026-11-24T09:00:00.000Z',
          updated_at: '2026-11-24T09:00:00.000Z',
        })
        .execute();
      const started = await partnerOfCase.request({
        method: 'POST',
        url: `/api/cases/${faultId}/checklist-runs`,
        payload: { checklistId },
      });
      expect(started.statusCode, started.body).toBe(201);
      const runId = started.json<{ id: string }>().id;
      for (const outsider of [otherCustomer, otherPartner]) {
        for (const ref of [faultId, MISSING_UUID, 'CD-2026-999999']) {
          for (const url of [
            `/api/cases/${ref}/triage`,
            `/api/cases/${ref}/checklist-runs`,
            `/api/cases/${ref}/appointments`,
          ])
            refused(await outsider.request({ method: 'GET', url }), [403, 404], runId, 'Filiale Nord');
          refused(
            await outsider.request({
              method: 'POST',
              url: `/api/cases/${ref}/checklist-runs/${runId}/answers`,
              payload: { stepId: 'power', value: 'yes' },
            }),
            [403, 404],
            'Filiale Nord',
          );
          refused(
            await outsider.request({
              method: 'POST',
              url: `/api/cases/${ref}/checklist-runs`,
              payload: { checklistId },
            }),
            [403, 404],
            'Filiale Nord',
          );
          refused(
            await outsider.request({
              method: 'POST',
              url: `/api/cases/${ref}/checklist-runs/${runId}/replacement`,
            }),
            [403, 404],
            runId,
            'Filiale Nord',
          );
        }
      }
      const runs = await agent.request({ method: 'GET', url: `/api/cases/${faultId}/checklist-runs` });
      expect(runs.json<{ answers: unknown[] }[]>()[0]?.answers).toEqual([]);
      const returns = await agent.request({ method: 'GET', url: `/api/cases/${faultId}/returns` });
      expect(returns.json().items).toEqual([]);
    });

    it('gives another customer and partners none of a customer’s invoice documents, whatever id is guessed', async () => {
      await seedDemoBilling(server.deps);
      const clerk = await logIn(server.app, channel.users.billing_clerk.email, TEST_PASSWORD);
      const charged = await clerk.request({
        method: 'POST',
        url: `/api/accounts/${channel.customerA1.id}/charges`,
        payload: { type: 'service', amountCents: 4990, description: 'Wartung', serviceDate: '2026-11-20' },
      });
      const issued = await clerk.request({
        method: 'POST',
        url: '/api/invoices',
        payload: { customerId: channel.customerA1.id, chargeIds: [charged.json().id] },
      });
      expect(issued.statusCode, issued.body).toBe(201);
      const invoice = issued.json().invoices[0] as { id: string; number: string };
      for (const path of ['pdf', 'xrechnung', 'xrechnung?syntax=ubl', 'zugferd']) {
        refused(
          await otherCustomer.request({ method: 'GET', url: `/api/invoices/${invoice.id}/${path}` }),
          [404],
          invoice.number,
        );
        refused(
          await otherPartner.request({ method: 'GET', url: `/api/invoices/${invoice.id}/${path}` }),
          [403],
          invoice.number,
        );
        refused(
          await partnerOfCase.request({ method: 'GET', url: `/api/invoices/${invoice.id}/${path}` }),
          [403],
          invoice.number,
        );
        refused(
          await customer.request({ method: 'GET', url: `/api/invoices/${MISSING_UUID}/${path}` }),
          [404],
        );
      }
      const own = await customer.request({ method: 'GET', url: `/api/invoices/${invoice.id}/pdf` });
      expect(own.statusCode).toBe(200);
    });

    it('keeps a customer’s payments to its own account and the payment routes to the billing roles', async () => {
      const clerk = await logIn(server.app, channel.users.billing_clerk.email, TEST_PASSWORD);
      const paid = await clerk.request({
        method: 'POST',
        url: '/api/payments',
        payload: {
          customerId: channel.customerA1.id,
          amountCents: 1234,
          bookingDate: '2026-12-04',
          payerName: 'Sommer Privatentnahme',
        },
      });
      expect(paid.statusCode, paid.body).toBe(201);
      const payment = paid.json<{ id: string }>();
      refused(
        await otherCustomer.request({ method: 'GET', url: `/api/accounts/${channel.customerA1.id}` }),
        [404],
        'Sommer Privatentnahme',
      );
      for (const session of [customer, otherCustomer, partnerOfCase, otherPartner, agent]) {
        refused(
          await session.request({ method: 'GET', url: '/api/payments' }),
          [403],
          'Sommer Privatentnahme',
        );
        for (const id of [payment.id, MISSING_UUID]) {
          refused(
            await session.request({
              method: 'POST',
              url: `/api/payments/${id}/allocate`,
              payload: { customerId: channel.customerB1.id, allocations: [] },
            }),
            [403],
          );
          refused(
            await session.request({
              method: 'POST',
              url: `/api/payments/${id}/ignore`,
              payload: { reason: 'x' },
            }),
            [403],
          );
        }
      }
      refused(
        await clerk.request({ method: 'POST', url: '/api/payments/x/ignore', payload: { reason: 'x' } }),
        [400],
      );
      refused(
        await clerk.request({
          method: 'POST',
          url: `/api/payments/${MISSING_UUID}/ignore`,
          payload: { reason: 'x' },
        }),
        [404],
      );
      const own = await customer.request({ method: 'GET', url: `/api/accounts/${channel.customerA1.id}` });
      expect(own.json().payments.map((p: { id: string }) => p.id)).toContain(payment.id);
    });

    it('gives other tenants a 404 for a customer’s return, whatever id is guessed, and changes nothing', async () => {
      const created = await customer.request({
        method: 'POST',
        url: `/api/cases/${caseA.id}/returns`,
        payload: { items: [{ product: 'Etikettendrucker ED-5', quantity: 1, reason: 'Druckkopf defekt' }] },
      });
      expect(created.statusCode, created.body).toBe(201);
      const rma = created.json<{ id: string; number: string }>();
      for (const outsider of [otherCustomer, otherPartner]) {
        for (const ref of [rma.id, MISSING_UUID, 'RMA-2026-000001', '../1']) {
          refused(
            await outsider.request({ method: 'GET', url: `/api/returns/${encodeURIComponent(ref)}` }),
            [404],
            rma.number,
            'Etikettendrucker',
          );
        }
        refused(
          await outsider.request({ method: 'GET', url: `/api/cases/${caseA.id}/returns` }),
          [404],
          rma.number,
        );
        refused(
          await outsider.request({
            method: 'POST',
            url: `/api/cases/${caseA.id}/returns`,
            payload: { items: [{ product: 'X', quantity: 1, reason: 'y' }] },
          }),
          [404],
          rma.number,
        );
        refused(
          await outsider.request({ method: 'POST', url: `/api/returns/${rma.id}/authorise` }),
          [403],
          rma.number,
        );
      }
      const after = await agent.request({ method: 'GET', url: `/api/returns/${rma.id}` });
      expect(after.json<{ state: string }>().state).toBe('requested');
    });
  });
}
