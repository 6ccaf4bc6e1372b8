import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { type Channel, TEST_PASSWORD } from '../../../../test/factories';
import { createTestMailbox, outboxMails } from '../../../../test/mail';
import { logIn, type Session, type TestServer } from '../../../../test/test-server';

const NOVEMBER = 'from=2026-11-01&to=2026-11-30';

for (const dialect of DIALECTS) {
  describe(`cause and survey reports [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let admin: Session;
    let agent: Session;
    const causes: Record<'postOffice' | 'pickup', string> = { postOffice: '', pickup: '' };
    const numbers: string[] = [];

    const openCase = async (customerId: string, contactId: string | null, causeId: string) => {
      const response = await agent.request({
        method: 'POST',
        url: '/api/cases',
        payload: {
          type: 'complaint',
          subject: 'Paket nicht angekommen',
          customerId,
          ...(contactId ? { contactId } : {}),
          description: 'Anruf.',
        },
      });
      expect(response.statusCode, response.body).toBe(201);
      const kase = response.json<{ id: string; number: string }>();
      const patched = await agent.request({
        method: 'PATCH',
        url: `/api/cases/${kase.id}`,
        payload: { causeId },
      });
      expect(patched.statusCode, patched.body).toBe(200);
      numbers.push(kase.number);
      return kase;
    };
    const resolveAfter = async (caseId: string, minutes: number, extra: Record<string, unknown> = {}) => {
      server.clock.advanceMinutes(minutes);
      const response = await agent.request({
        method: 'PATCH',
        url: `/api/cases/${caseId}`,
        payload: { status: 'resolved', ...extra },
      });
      expect(response.statusCode, response.body).toBe(200);
    };
    const answer = async (caseNumber: string, score: number, comment?: string) => {
      const mail = (await outboxMails(server.deps)).find((m) =>
        m.subject.startsWith(`[${caseNumber}] Ihr Anliegen ist erledigt`),
      );
      const token = decodeURIComponent(/\/survey\/(\S+)/.exec(mail!.text)![1]!);
      const response = await server.app.inject({
        method: 'POST',
        url: `/api/public/surveys/${encodeURIComponent(token)}`,
        payload: { score, ...(comment ? { comment } : {}) },
      });
      expect(response.statusCode, response.body).toBe(200);
    };

    beforeAll(async () => {
      ({ server, channel, admin, agent } = await startChannelServer(dialect, {
        admin: 'operator_admin',
        agent: 'agent',
      }));
      await createTestMailbox(server.deps, 'service@printwerk.example');
      const category = await admin.request({
        method: 'POST',
        url: '/api/causes',
        payload: { nameDe: 'Versand', nameEn: 'Shipping' },
      });
      for (const [key, nameDe, nameEn] of [
        ['postOffice', 'Paket in Filiale', 'Parcel at post office'],
        ['pickup', 'Nach Abholzeit bestellt', 'Ordered after pickup'],
      ] as const) {
        const made = await admin.request({
          method: 'POST',
          url: '/api/causes',
          payload: { parentId: category.json().id, nameDe, nameEn },
        });
        causes[key] = made.json().id;
      }
      const contact = channel.users.customer_user.id;
      // 24 Nov 09:00: Bäckerei Sommer, parcel at the post office, resolved in 2 hours; answered 5.
      const first = await openCase(channel.customerA1.id, contact, causes.postOffice);
      await resolveAfter(first.id, 120, {
        assigneeId: channel.users.agent.id,
        partnerId: channel.partnerA.id,
      });
      // A day later the same customer with the same cause again (a repeat contact), handled without the
      // reseller, resolved in 4 hours; answered 2.
      server.clock.advanceMinutes(24 * 60);
      const again = await openCase(channel.customerA1.id, contact, causes.postOffice);
      await resolveAfter(again.id, 240, { partnerId: null });
      // Another customer with that cause: no repeat; still open.
      await openCase(channel.customerA2.id, null, causes.postOffice);
      // Bäckerei Sommer with another cause: no repeat; resolved in 10 hours, not answered.
      const pickup = await openCase(channel.customerA1.id, contact, causes.pickup);
      await resolveAfter(pickup.id, 600);
      // A return on the repeat case: two items, one came back as old newspapers; rejected.
      const requested = await agent.request({
        method: 'POST',
        url: `/api/cases/${again.id}/returns`,
        payload: {
          items: [
            { product: 'Toner TN-2420', quantity: 1, reason: 'falsch geliefert' },
            { product: 'Drucker HL-L2350', quantity: 1, reason: 'defekt' },
          ],
        },
      });
      expect(requested.statusCode, requested.body).toBe(201);
      const returnId = requested.json().id;
      for (const step of ['authorise', 'receive']) {
        const stepped = await agent.request({ method: 'POST', url: `/api/returns/${returnId}/${step}` });
        expect(stepped.statusCode, stepped.body).toBe(200);
      }
      const inspected = await agent.request({
        method: 'POST',
        url: `/api/returns/${returnId}/inspect`,
        payload: {
          items: [{ condition: 'as_described' }, { condition: 'wrong_contents', notes: 'Zeitungspapier' }],
          outcome: 'rejected',
          reason: 'Im Paket lag Zeitungspapier statt des Druckers.',
        },
      });
      expect(inspected.statusCode, inspected.body).toBe(200);
      await answer(first.number, 5, 'Sehr schnell, danke');
      await answer(again.number, 2);
    });
    afterAll(async () => server?.close());

    it('keeps both reports from partners and customers', async () => {
      for (const role of ['partner_admin', 'partner_agent', 'customer_user', 'billing_clerk'] as const) {
        const session = await logIn(server.app, channel.users[role].email, TEST_PASSWORD);
        for (const url of ['/api/reports/causes', '/api/reports/surveys']) {
          expect((await session.request({ method: 'GET', url })).statusCode, `${role} ${url}`).toBe(403);
        }
      }
      expect((await server.app.inject({ method: 'GET', url: '/api/reports/causes' })).statusCode).toBe(401);
    });

    it('counts cases by cause, against the last period, with hours to resolve and repeat contacts', async () => {
      const response = await admin.request({ method: 'GET', url: `/api/reports/causes?${NOVEMBER}` });
      expect(response.statusCode, response.body).toBe(200);
      const report = response.json();
      expect(report.period).toEqual({ from: '2026-11-01', to: '2026-11-30' });
      expect(report.previousPeriod).toEqual({ from: '2026-10-02', to: '2026-10-31' });
      expect(report.granularity).toBe('week');
      expect(report.causes).toEqual(
        expect.arrayContaining([
          {
            id: causes.postOffice,
            nameDe: 'Versand › Paket in Filiale',
            nameEn: 'Shipping › Parcel at post office',
          },
        ]),
      );
      expect(report.overTime.rows).toEqual([
        { bucket: '2026-11-23', causeId: causes.postOffice, count: 3 },
        { bucket: '2026-11-23', causeId: causes.pickup, count: 1 },
      ]);
      expect(report.topCauses.rows).toEqual([
        { causeId: causes.postOffice, count: 3, previousCount: 0, change: 3 },
        { causeId: causes.pickup, count: 1, previousCount: 0, change: 1 },
      ]);
      expect(report.timeToResolve.rows).toEqual([
        { causeId: causes.postOffice, resolved: 2, medianHours: 3, p90Hours: 4 },
        { causeId: causes.pickup, resolved: 1, medianHours: 10, p90Hours: 10 },
      ]);
      expect(report.repeatContacts).toMatchObject({
        windowDays: 30,
        total: 1,
        rows: [{ causeId: causes.postOffice, repeats: 1, customers: 1 }],
        cases: [
          {
            caseNumber: numbers[1],
            previousCaseNumber: numbers[0],
            customer: 'Bäckerei Sommer GmbH',
            causeId: causes.postOffice,
          },
        ],
      });
      expect(report.returns).toEqual({
        available: true,
        byOutcome: [{ outcome: 'rejected', count: 1 }],
        byCondition: [
          { condition: 'as_described', count: 1 },
          { condition: 'wrong_contents', count: 1 },
        ],
      });
      // Only returns inspected in the period count.
      const october = await admin.request({
        method: 'GET',
        url: '/api/reports/causes?from=2026-10-01&to=2026-10-31',
      });
      expect(october.json().returns).toMatchObject({ byOutcome: [], byCondition: [] });
    });

    it('exports a section as CSV for German Excel, and asks for the section', async () => {
      const csv = await admin.request({
        method: 'GET',
        url: `/api/reports/causes?${NOVEMBER}&format=csv&section=timeToResolve`,
      });
      expect(csv.statusCode, csv.body).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toBe(
        'attachment; filename="causes-report_timeToResolve_2026-11-01_2026-11-30.csv"',
      );
      expect(csv.body).toBe(
        '\uFEFFcause_id;cause_de;cause_en;resolved;median_hours;p90_hours\r\n' +
          `${causes.postOffice};Versand › Paket in Filiale;Shipping › Parcel at post office;2;3;4\r\n` +
          `${causes.pickup};Versand › Nach Abholzeit bestellt;Shipping › Ordered after pickup;1;10;10\r\n`,
      );
      const noSection = await admin.request({ method: 'GET', url: '/api/reports/causes?format=csv' });
      expect(noSection.statusCode).toBe(400);
      expect(noSection.json().errors).toEqual([expect.objectContaining({ field: 'section' })]);
    });

    it('shows the survey answers per agent, partner, cause and type', async () => {
      const response = await admin.request({ method: 'GET', url: `/api/reports/surveys?${NOVEMBER}` });
      expect(response.statusCode, response.body).toBe(200);
      const report = response.json();
      expect(report.sent).toBe(3);
      expect(report.summary).toEqual({ answers: 2, average: 3.5, distribution: [0, 1, 0, 0, 1] });
      expect(report.byAgent).toEqual([
        expect.objectContaining({
          key: channel.users.agent.id,
          name: channel.users.agent.name,
          answers: 1,
          average: 5,
        }),
        expect.objectContaining({ key: null, name: null, answers: 1, average: 2 }),
      ]);
      expect(report.byPartner).toEqual([
        expect.objectContaining({
          key: channel.partnerA.id,
          name: 'Nordwest IT GmbH',
          answers: 1,
          average: 5,
        }),
        expect.objectContaining({ key: null, answers: 1, average: 2 }),
      ]);
      expect(report.byCause).toEqual([
        expect.objectContaining({
          key: causes.postOffice,
          name: 'Versand › Paket in Filiale',
          answers: 2,
          average: 3.5,
        }),
      ]);
      expect(report.byType).toEqual([expect.objectContaining({ key: 'complaint', answers: 2 })]);
      expect(report.comments).toEqual([
        expect.objectContaining({ caseNumber: numbers[0], score: 5, comment: 'Sehr schnell, danke' }),
      ]);
      const csv = await admin.request({
        method: 'GET',
        url: `/api/reports/surveys?${NOVEMBER}&format=csv&section=byAgent`,
      });
      expect(csv.body.split('\r\n')[1]).toBe(
        `${channel.users.agent.id};${channel.users.agent.name};1;5;0;0;0;0;1`,
      );
      // October had none.
      const october = await admin.request({
        method: 'GET',
        url: '/api/reports/surveys?from=2026-10-01&to=2026-10-31',
      });
      expect(october.json().summary).toEqual({ answers: 0, average: null, distribution: [0, 0, 0, 0, 0] });
    });
  });
}
