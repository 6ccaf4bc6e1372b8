import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import {
  buildOrganisation,
  buildUser,
  type Channel,
  createStandardSlaPolicy,
} from '../../../../test/factories';
import {
  createTestMailbox,
  deliveryReport,
  filedMail,
  mail,
  outboxMails,
  receiveMail,
  type SmtpIntake,
  sendOutbox,
  startSmtpIntake,
} from '../../../../test/mail';
import { startParsingSmtpSink } from '../../../../test/smtp-sink';
import type { Session, TestServer } from '../../../../test/test-server';
import { GENERATED_MESSAGE_ID_DOMAIN } from './message-id';
import { CASE_SUBJECT_MAX } from './subject';

// Mail that must not trip the product: overlong subjects, mails without Message-ID, auto-replies
// and newsletters, delivery reports about one of several recipients, and senders who are not the
// case's customer (a carrier nobody has set up yet).

const MAILBOX = 'service@printwerk.example';

type TimelineItem = {
  kind: string;
  type?: string;
  body?: string;
  visibility: string;
  data?: Record<string, unknown>;
};

for (const dialect of DIALECTS) {
  describe(`a mail without Message-ID, over SMTP [${dialect}]`, { timeout: 30_000 }, () => {
    let server: TestServer;
    let channel: Channel;
    let agent: Session;
    let intake: SmtpIntake;

    beforeAll(async () => {
      ({ server, channel, agent } = await startChannelServer(dialect, {
        agent: 'agent',
      }));
      await createTestMailbox(server.deps, MAILBOX);
      intake = await startSmtpIntake(server, { mailboxRefreshMs: 200, filingIntervalMs: 100 });
    });
    afterAll(async () => {
      await intake?.stop();
      await server?.close();
    });

    const filedBySubject = (subject: string) => filedMail(server.deps, { subject });

    it('gets a stable generated one, our answer refers to it, and a reply carrying it joins the case', async () => {
      const customer = channel.users.customer_user;
      // An old scanner-to-mail appliance: no Message-ID at all. Sent raw, so nothing adds one.
      await intake.smtp.sendMail({
        envelope: { from: customer.email, to: [MAILBOX] },
        raw: mail([
          `From: ${customer.email}`,
          `To: ${MAILBOX}`,
          'Subject: Zaehlerstand Kopierer Filiale 2',
          'Date: Tue, 24 Nov 2026 09:00:00 +0100',
          '',
          'Zaehlerstand: 48211',
        ]),
      });
      const stored = await filedBySubject('Zaehlerstand Kopierer Filiale 2');
      expect(stored.outcome).toBe('new_case');
      const generated = stored.message_id!;
      expect(generated).toMatch(new RegExp(`@${GENERATED_MESSAGE_ID_DOMAIN}$`));
      // The acknowledgement already answers it.
      const ack = (await outboxMails(server.deps)).find(
        (m) => m.headers?.['Auto-Submitted'] === 'auto-replied',
      );
      expect(ack?.inReplyTo).toBe(`<${generated}>`);

      // The agent answers; the answer leaves over SMTP and names the generated id.
      const answer = await agent.request({
        method: 'POST',
        url: `/api/cases/${stored.case_id}/messages`,
        payload: { body: 'Danke, der Zählerstand ist notiert.', visibility: 'public' },
      });
      expect(answer.statusCode, answer.body).toBe(201);
      const sink = await startParsingSmtpSink();
      try {
        await sendOutbox(server, sink.url);
      } finally {
        await sink.close();
      }
      const sent = sink.received.find((m) => m.text?.includes('Zählerstand ist notiert'));
      expect(sent?.inReplyTo).toBe(`<${generated}>`);

      // The customer's mail program answers with only In-Reply-To: no case number, no reply token.
      await intake.smtp.sendMail({
        envelope: { from: customer.email, to: [MAILBOX] },
        raw: mail([
          `From: ${customer.email}`,
          `To: ${MAILBOX}`,
          'Subject: Nachtrag Filiale 2',
          'Message-ID: <nachtrag-2@kunde.example>',
          `In-Reply-To: <${generated}>`,
          `References: <${generated}>`,
          '',
          'Der Zaehlerstand war 48212, nicht 48211.',
        ]),
      });
      const reply = await filedBySubject('Nachtrag Filiale 2');
      expect(reply.outcome).toBe('reply');
      expect(reply.case_id).toBe(stored.case_id);
      expect(JSON.parse(reply.thread_reason!)).toMatchObject({ kind: 'in-reply-to', messageId: generated });
    });
  });

  describe(`mail that must not trip the product [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let admin: Session;
    let agent: Session;
    let customer: Session;

    const receive = (raw: Buffer) => receiveMail(server.deps, raw, [MAILBOX]);
    const caseRow = (id: string) =>
      server.deps.db.selectFrom('support_case').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const timelineAs = async (session: Session, caseId: string): Promise<TimelineItem[]> => {
      const response = await session.request({ method: 'GET', url: `/api/cases/${caseId}/timeline` });
      expect(response.statusCode, response.body).toBe(200);
      return response.json().items;
    };
    const findCases = async (q: string): Promise<string[]> => {
      const response = await agent.request({ method: 'GET', url: `/api/cases?q=${encodeURIComponent(q)}` });
      expect(response.statusCode, response.body).toBe(200);
      return response.json().items.map((c: { id: string }) => c.id);
    };
    const customerMail = (subject: string, body: string, extra: string[] = []) =>
      mail([
        `From: ${channel.users.customer_user.email}`,
        `To: ${MAILBOX}`,
        `Subject: ${subject}`,
        ...extra,
        '',
        body,
      ]);

    beforeAll(async () => {
      ({ server, channel, admin, agent, customer } = await startChannelServer(
        dialect,
        {
          admin: 'operator_admin',
          agent: 'agent',
          customer: 'customer_user',
        },
        { rateLimitPerMinute: 100_000 },
      ));
      await createTestMailbox(server.deps, MAILBOX);
      await createStandardSlaPolicy(admin);
    });
    afterAll(async () => server.close());

    it('shortens an overlong subject at a word with a marker, keeps it whole and finds the case by its end', async () => {
      const words = Array.from({ length: 60 }, (_, i) => `Stichwort${i}`).join(' ');
      const subject = `${words} Endwortzaunkoenig`;
      const result = await receive(customerMail(subject, 'Bitte alles lesen.'));
      expect(result.outcome).toBe('new_case');
      const kase = await caseRow(result.row.case_id!);
      expect(kase.subject.length).toBeLessThanOrEqual(CASE_SUBJECT_MAX);
      expect(kase.subject.endsWith('…')).toBe(true);
      expect(subject.startsWith(`${kase.subject.slice(0, -1)} `)).toBe(true);
      expect(kase.full_subject).toBe(subject);
      expect(result.row.subject).toBe(subject);
      expect(await findCases('Endwortzaunkoenig')).toContain(kase.id);
    });

    it('keeps an out-of-office reply and list mail on a resolved case as a quiet event: not reopened, no clock restarted', async () => {
      const opened = await receive(customerMail('Toner Filiale Süd leer', 'Bitte Toner schicken.'));
      const caseId = opened.row.case_id!;
      const answer = await agent.request({
        method: 'POST',
        url: `/api/cases/${caseId}/messages`,
        payload: { body: 'Der Toner ist unterwegs.', visibility: 'public' },
      });
      expect(answer.statusCode, answer.body).toBe(201);
      const resolved = await agent.request({
        method: 'PATCH',
        url: `/api/cases/${caseId}`,
        payload: { status: 'resolved' },
      });
      expect(resolved.statusCode, resolved.body).toBe(200);
      const ourAnswer = (await outboxMails(server.deps)).find((m) =>
        m.text.includes('Der Toner ist unterwegs'),
      );
      expect(ourAnswer?.messageId).toBeDefined();
      const before = await caseRow(caseId);
      const clocksBefore = (await agent.request({ method: 'GET', url: `/api/cases/${caseId}` })).json()
        .clocks;
      expect(clocksBefore.length).toBeGreaterThan(0);
      const messagesBefore = (await timelineAs(agent, caseId)).filter((e) => e.kind === 'message').length;

      const outOfOffice = await receive(
        customerMail(`Automatische Antwort: ${ourAnswer!.subject}`, 'Ich bin bis Montag nicht im Büro.', [
          'Auto-Submitted: auto-replied',
          `In-Reply-To: ${ourAnswer!.messageId}`,
        ]),
      );
      const newsletter = await receive(
        customerMail(`[${before.number}] Unser Newsletter`, 'Neu im Sortiment.', [
          'List-Id: <news.baeckerei-sommer.example>',
          'Precedence: list',
        ]),
      );
      for (const quiet of [outOfOffice, newsletter]) {
        expect(quiet.outcome).toBe('quiet');
        expect(quiet.row.case_id).toBe(caseId);
      }
      const after = await caseRow(caseId);
      expect(after.status).toBe('resolved');
      expect(after.last_customer_message_at).toBe(before.last_customer_message_at);
      expect((await agent.request({ method: 'GET', url: `/api/cases/${caseId}` })).json().clocks).toEqual(
        clocksBefore,
      );
      const timeline = await timelineAs(agent, caseId);
      expect(timeline.filter((e) => e.kind === 'message')).toHaveLength(messagesBefore);
      const quietEvents = timeline.filter((e) => e.type === 'mail_quiet');
      expect(quietEvents).toHaveLength(2);
      expect(quietEvents.every((e) => e.visibility === 'internal')).toBe(true);
      expect(quietEvents[0]?.data).toMatchObject({ from: channel.users.customer_user.email });
      expect((await timelineAs(customer, caseId)).some((e) => e.type === 'mail_quiet')).toBe(false);
    });

    it('holds a newsletter that belongs to no case in the bulk queue, which an agent empties in one click', async () => {
      const casesBefore = await server.deps.db.selectFrom('support_case').select('id').execute();
      const first = await receive(
        mail([
          'From: Großhandel Nord <newsletter@grosshandel-nord.example>',
          `To: ${MAILBOX}`,
          'Subject: Neu im Sortiment: Etikettendrucker',
          'Precedence: bulk',
          'List-Unsubscribe: <mailto:abmelden@grosshandel-nord.example>',
          '',
          'Jetzt 10 % Rabatt.',
        ]),
      );
      expect(first.outcome).toBe('bulk');
      expect(first.row.state).toBe('bulk');
      expect(await server.deps.db.selectFrom('support_case').select('id').execute()).toHaveLength(
        casesBefore.length,
      );
      // The sender of a newsletter does not become a contact to review.
      const contact = await server.deps.db
        .selectFrom('person')
        .select('id')
        .where('email', '=', 'newsletter@grosshandel-nord.example')
        .executeTakeFirst();
      expect(contact).toBeUndefined();

      const queue = await agent.request({ method: 'GET', url: '/api/inbound-mail?state=bulk' });
      expect(queue.statusCode).toBe(200);
      expect(queue.json().bulk).toBe(1);
      expect(queue.json().items.map((m: { id: string }) => m.id)).toEqual([first.id]);
      const seenUpTo = queue.json().items[0].receivedAt as string;

      server.clock.advanceMinutes(5);
      const later = await receive(
        mail([
          'From: partner-nord@lists.example',
          `To: ${MAILBOX}`,
          'Subject: [partner-nord] Treffen im April',
          'List-Id: <partner-nord.lists.example>',
          '',
          'Wer kommt?',
        ]),
      );
      expect(later.outcome).toBe('bulk');

      const bad = await agent.request({
        method: 'POST',
        url: '/api/inbound-mail/bulk/dismiss',
        payload: { receivedUpTo: 'gestern' },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors).toContainEqual(expect.objectContaining({ field: 'receivedUpTo' }));

      // Only what the agent saw goes; the list mail that came meanwhile stays.
      const dismissed = await agent.request({
        method: 'POST',
        url: '/api/inbound-mail/bulk/dismiss',
        payload: { receivedUpTo: seenUpTo },
      });
      expect(dismissed.statusCode, dismissed.body).toBe(200);
      expect(dismissed.json()).toEqual({ dismissed: 1 });
      const remaining = (await agent.request({ method: 'GET', url: '/api/inbound-mail?state=bulk' })).json();
      expect(remaining.items.map((m: { id: string }) => m.id)).toEqual([later.id]);
      const all = await agent.request({ method: 'POST', url: '/api/inbound-mail/bulk/dismiss', payload: {} });
      expect(all.json()).toEqual({ dismissed: 1 });
      expect((await agent.request({ method: 'GET', url: '/api/inbound-mail?state=bulk' })).json().bulk).toBe(
        0,
      );
      const audit = await server.deps.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'inbound_mail.bulk_dismissed')
        .execute();
      expect(audit).toHaveLength(2);
      expect(
        (await customer.request({ method: 'POST', url: '/api/inbound-mail/bulk/dismiss', payload: {} }))
          .statusCode,
      ).toBe(403);
    });

    it('marks only the address a delivery report says failed, not the other recipients', async () => {
      const contact = channel.users.customer_user;
      const colleague = await buildUser(server.deps, channel.customerA1, [], {
        login: false,
        email: `kollegin-${dialect}@sommer-test.example`,
      });
      const later = await buildUser(server.deps, channel.customerA1, [], {
        login: false,
        email: `spaeter-${dialect}@sommer-test.example`,
      });
      const opened = await receive(customerMail('Lieferschein doppelt', 'Bitte prüfen.'));
      const ack = (await outboxMails(server.deps)).find((m) => m.subject.includes('Lieferschein doppelt'))!;
      const bounce = await receive(
        deliveryReport({
          mta: 'mx.sommer-test.example',
          to: MAILBOX,
          explanation:
            'Your mail was forwarded, and could not be delivered to one of the forwarding addresses.',
          recipients: [
            {
              address: colleague.email,
              action: 'failed',
              status: '5.1.1',
              diagnostic: 'smtp; 550 5.1.1 user unknown',
            },
            { address: later.email, action: 'delayed', status: '4.4.7' },
          ],
          original: { messageId: ack.messageId!, to: contact.email },
        }),
      );
      expect(bounce.outcome).toBe('bounce');
      expect(bounce.row.case_id).toBe(opened.row.case_id);
      const people = await server.deps.db
        .selectFrom('person')
        .select(['email', 'mail_bounced_at'])
        .where('email', 'in', [contact.email, colleague.email, later.email])
        .execute();
      const bounced = Object.fromEntries(people.map((p) => [p.email, p.mail_bounced_at !== null]));
      expect(bounced).toEqual({ [contact.email]: false, [colleague.email]: true, [later.email]: false });
      const event = (await timelineAs(agent, opened.row.case_id!)).find((e) => e.type === 'mail_bounced');
      expect(event?.data?.recipients).toEqual([colleague.email]);
    });

    it('keeps a new colleague matched only by domain internal in a case until an agent confirms them', async () => {
      const domain = `sommer-${dialect}-filiale.example`;
      await buildUser(server.deps, channel.customerA1, [], { login: false, email: `chefin@${domain}` });
      const opened = await receive(
        customerMail('Kassendrucker Filiale Ost', 'Der Kassendrucker ist ausgefallen.'),
      );
      const kase = await caseRow(opened.row.case_id!);
      const colleague = `azubi@${domain}`;
      const fromColleague = (text: string) =>
        receive(
          mail([
            `From: ${colleague}`,
            `To: ${MAILBOX}`,
            `Subject: AW: [${kase.number}] Kassendrucker`,
            '',
            text,
          ]),
        );
      const guessed = await fromColleague('Vertraulich: die Kassen-PIN ist 4711.');
      const visibility = async (messageId: string) =>
        (
          await server.deps.db
            .selectFrom('case_message')
            .select('visibility')
            .where('id', '=', messageId)
            .executeTakeFirstOrThrow()
        ).visibility;
      expect(await visibility(guessed.row.case_message_id!)).toBe('internal');
      const person = await server.deps.db
        .selectFrom('person')
        .select(['id', 'organisation_id', 'needs_review'])
        .where('email', '=', colleague)
        .executeTakeFirstOrThrow();
      expect(person).toMatchObject({ organisation_id: channel.customerA1.id, needs_review: 1 });
      expect((await timelineAs(customer, kase.id)).map((e) => e.body ?? '').join('\n')).not.toContain('4711');

      const confirmed = await agent.request({
        method: 'POST',
        url: `/api/mail-senders/${person.id}/confirm`,
      });
      expect(confirmed.statusCode).toBe(204);
      const checked = await fromColleague('Drucker läuft wieder.');
      expect(await visibility(checked.row.case_message_id!)).toBe('public');
    });

    it('keeps a mail from someone who is not the case’s customer internal and lists them for review; moved to a carrier, its ticket number is read', async () => {
      const opened = await receive(customerMail('Leitung gestört Filiale Nord', 'Seit heute kein Internet.'));
      const kase = await caseRow(opened.row.case_id!);

      // A contact of another customer writes into the case: internal, and on the review list.
      const stranger = await buildUser(server.deps, channel.customerB1, [], {
        login: false,
        email: `einkauf-${dialect}@autohaus-brandl.example`,
      });
      const foreign = await receive(
        mail([
          `From: ${stranger.email}`,
          `To: ${MAILBOX}`,
          `Subject: AW: [${kase.number}] Leitung gestört`,
          '',
          'Bei uns geht es wieder, Kennwort fuer den Router: geheim123',
        ]),
      );
      expect(foreign.outcome).toBe('reply');
      // A carrier nobody has set up yet answers with its own ticket number.
      const carrierAddress = `dispo-${dialect}@netzbau-ost.example`;
      const carrierMail = (subject: string, body: string) =>
        mail([
          `From: Netzbau Ost Disposition <${carrierAddress}>`,
          `To: ${MAILBOX}`,
          `Subject: ${subject}`,
          '',
          body,
        ]);
      const first = await receive(
        carrierMail(
          `[${kase.number}] Störung – unser Auftrag NB-100200`,
          'Techniker ist eingeplant für Donnerstag.',
        ),
      );
      expect(first.outcome).toBe('reply');
      for (const id of [foreign.row.case_message_id!, first.row.case_message_id!]) {
        const message = await server.deps.db
          .selectFrom('case_message')
          .select('visibility')
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        expect(message.visibility).toBe('internal');
      }
      const seen = (await timelineAs(customer, kase.id)).map((e) => e.body ?? '').join('\n');
      expect(seen).not.toContain('geheim123');
      expect(seen).not.toContain('Techniker ist eingeplant');
      // Not counted as the customer's answer either.
      expect((await caseRow(kase.id)).last_customer_message_at).toBe(kase.last_customer_message_at);

      const review = await agent.request({ method: 'GET', url: '/api/mail-senders/review?limit=200' });
      expect(review.statusCode, review.body).toBe(200);
      const listed = review.json().items as {
        id: string;
        email: string;
        lastMail: { caseNumber: string } | null;
      }[];
      expect(listed.map((p) => p.email)).toEqual(expect.arrayContaining([stranger.email, carrierAddress]));
      const carrierPerson = listed.find((p) => p.email === carrierAddress)!;
      expect(carrierPerson.lastMail?.caseNumber).toBe(kase.number);
      const facts = () =>
        server.deps.db.selectFrom('case_fact').selectAll().where('case_id', '=', kase.id).execute();
      expect(await facts()).toEqual([]);

      // The agent moves the person to the carrier (a third party with its ticket pattern).
      const carrier = await buildOrganisation(server.deps, {
        kind: 'third_party',
        name: `Netzbau Ost ${dialect} GmbH`,
        ticket_reference_pattern: 'NB-\\d{6}',
      });
      const toOperator = await agent.request({
        method: 'POST',
        url: `/api/mail-senders/${carrierPerson.id}/move`,
        payload: { organisationId: channel.operator.id },
      });
      expect(toOperator.statusCode).toBe(400);
      expect(toOperator.json().errors).toContainEqual(expect.objectContaining({ field: 'organisationId' }));
      const userWithLogin = await agent.request({
        method: 'POST',
        url: `/api/mail-senders/${channel.users.customer_user.id}/move`,
        payload: { organisationId: carrier.id },
      });
      expect(userWithLogin.statusCode).toBe(409);
      const moved = await agent.request({
        method: 'POST',
        url: `/api/mail-senders/${carrierPerson.id}/move`,
        payload: { organisationId: carrier.id },
      });
      expect(moved.statusCode, moved.body).toBe(204);
      const after = (
        await agent.request({ method: 'GET', url: '/api/mail-senders/review?limit=200' })
      ).json();
      expect(after.items.map((p: { email: string }) => p.email)).not.toContain(carrierAddress);
      const confirmed = await agent.request({
        method: 'POST',
        url: `/api/mail-senders/${stranger.id}/confirm`,
      });
      expect(confirmed.statusCode).toBe(204);

      // From now on the carrier's mail is the carrier's: its ticket number becomes a fact.
      const next = await receive(
        carrierMail(`[${kase.number}] Störung – unser Auftrag NB-100201`, 'Termin bestätigt.'),
      );
      expect(next.outcome).toBe('reply');
      const [fact] = await facts();
      expect(fact).toMatchObject({
        key: 'third_party_reference',
        value: 'NB-100201',
        source: 'third_party',
        label: `Vorgangsnummer ${carrier.name}`,
      });
      // Set through the case's own service: a timeline event, an audit entry, and findable.
      const timeline = await timelineAs(agent, kase.id);
      expect(timeline).toContainEqual(
        expect.objectContaining({
          kind: 'event',
          type: 'fact_added',
          data: expect.objectContaining({ to: 'NB-100201' }),
        }),
      );
      const audit = await server.deps.db
        .selectFrom('audit_log')
        .select(['action', 'actor_label'])
        .where('entity_id', '=', kase.id)
        .where('action', '=', 'case.fact_added')
        .execute();
      expect(audit).toEqual([{ action: 'case.fact_added', actor_label: 'E-Mail' }]);
      expect(await findCases('100201')).toContain(kase.id);

      // The carrier's automatic acknowledgement stays quiet, but its ticket number is still read.
      const ack = await receive(
        mail([
          `From: ${carrierAddress}`,
          `To: ${MAILBOX}`,
          `Subject: Automatische Antwort: [${kase.number}] neuer Auftrag NB-100202`,
          'Auto-Submitted: auto-generated',
          '',
          'Ihr Auftrag ist eingegangen.',
        ]),
      );
      expect(ack.outcome).toBe('quiet');
      expect((await facts())[0]).toMatchObject({ key: 'third_party_reference', value: 'NB-100202' });
    });
  });
}
