import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { createInternetFaultChecklist, LINE_FAULT, runChecklist } from '../../../../test/checklists';
import { DIALECTS } from '../../../../test/dialects';
import { buildOrganisation, type Channel } from '../../../../test/factories';
import { createTestMailbox } from '../../../../test/mail';
import type { Session, TestServer } from '../../../../test/test-server';
import type { OrganisationRow } from '../organisations/organisation.table';

type Run = {
  id: string;
  next: { id: string } | null;
  classification: string | null;
  answers: { stepId: string }[];
};

for (const dialect of DIALECTS) {
  describe(`fault triage through the reseller [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let admin: Session;
    let agent: Session;
    let partner: Session;
    let otherPartner: Session;
    let customer: Session;
    let accepting: OrganisationRow;
    let refusing: OrganisationRow;
    let checklistId: string;

    const openFault = async (as: Session, subject: string) => {
      const response = await as.request({
        method: 'POST',
        url: '/api/cases',
        payload: {
          type: 'fault',
          subject,
          customerId: channel.customerA1.id,
          description: 'Kein Internet seit heute früh.',
        },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ id: string; number: string }>();
    };
    const run = (as: Session, caseId: string, answers: [string, string][]) =>
      runChecklist<Run>(as, caseId, checklistId, answers);

    beforeAll(async () => {
      ({ server, channel, admin, agent, partner, otherPartner, customer } = await startChannelServer(
        dialect,
        {
          admin: 'operator_admin',
          agent: 'agent',
          partner: 'partner_agent',
          otherPartner: 'otherPartnerAdmin',
          customer: 'customer_user',
        },
      ));
      accepting = await buildOrganisation(server.deps, {
        kind: 'third_party',
        name: 'Fernmeldenetz Nord GmbH',
        email: 'stoerung@fernmeldenetz-nord.example',
      });
      refusing = await buildOrganisation(server.deps, {
        kind: 'third_party',
        name: 'Glasfaser West AG',
        email: 'noc@glasfaser-west.example',
      });
      await createTestMailbox(server.deps, 'service@printwerk.example', { autoReply: false });
      for (const [org, accepts, phone, hours] of [
        [accepting, true, '0800 111 222', 'Mo–So 0–24 Uhr'],
        [refusing, false, '0800 333 444', 'Mo–Fr 8–18 Uhr'],
      ] as const) {
        const patched = await admin.request({
          method: 'PATCH',
          url: `/api/organisations/${org.id}`,
          payload: { acceptsPartnerEscalation: accepts, phone, serviceHours: hours },
        });
        expect(patched.statusCode, patched.body).toBe(200);
        expect(patched.json()).toMatchObject({ acceptsPartnerEscalation: accepts, serviceHours: hours });
      }
      checklistId = await createInternetFaultChecklist(admin, { thirdPartyId: accepting.id });
    });
    afterAll(async () => server.close());

    it('an operator admin configures checklists; a broken definition is refused naming the field', async () => {
      const broken = await admin.request({
        method: 'POST',
        url: '/api/checklists',
        payload: {
          name: 'Kaputt',
          caseType: 'fault',
          definition: {
            steps: [{ id: 'a', question: { de: 'A?', en: 'A?' }, kind: 'yes_no', next: { yes: 'b' } }],
            rules: [],
          },
        },
      });
      expect(broken.statusCode).toBe(400);
      expect(broken.json().errors[0].field).toBe('definition.steps.0.next.yes');
      const renamed = await admin.request({
        method: 'PATCH',
        url: `/api/checklists/${checklistId}`,
        payload: { name: 'Störung Internetanschluss (DSL)' },
      });
      expect(renamed.statusCode, renamed.body).toBe(200);
      expect(renamed.json()).toMatchObject({
        name: 'Störung Internetanschluss (DSL)',
        productLine: 'networking',
      });
      expect(
        (
          await agent.request({
            method: 'PATCH',
            url: `/api/checklists/${checklistId}`,
            payload: { name: 'x y' },
          })
        ).statusCode,
      ).toBe(403);
      const listed = await partner.request({ method: 'GET', url: '/api/checklists?caseType=fault' });
      expect(listed.json().map((c: { id: string }) => c.id)).toContain(checklistId);
    });

    it('the partner runs the checklist on its customer’s fault case: answers are partner facts, the classification a fact and an event', async () => {
      const kase = await openFault(partner, 'Internet ausgefallen');
      const triage = await partner.request({ method: 'GET', url: `/api/cases/${kase.id}/triage` });
      expect(triage.statusCode, triage.body).toBe(200);
      expect(triage.json().checklists.map((c: { id: string }) => c.id)).toContain(checklistId);
      expect(triage.json().thirdParty).toMatchObject({
        name: 'Fernmeldenetz Nord GmbH',
        acceptsPartnerEscalation: true,
      });

      const wrong = await run(partner, kase.id, [['power', 'yes']]);
      const refused = await partner.request({
        method: 'POST',
        url: `/api/cases/${kase.id}/checklist-runs/${wrong.id}/answers`,
        payload: { stepId: 'dsl_led', value: 'purple' },
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().errors[0]).toEqual({
        field: 'value',
        message: 'dsl_led takes one of steady, blinking, off',
      });

      const done = await run(partner, kase.id, LINE_FAULT);
      expect(done).toMatchObject({ next: null, classification: 'line' });
      const detail = await partner.request({ method: 'GET', url: `/api/cases/${kase.id}` });
      const facts = detail.json().facts as { key: string; value: string; source: string }[];
      expect(facts.find((f) => f.key === 'triage_dsl_led')).toMatchObject({
        value: 'blinkt',
        source: 'partner',
      });
      expect(facts.find((f) => f.key === 'fault_classification')).toMatchObject({
        value: 'line',
        source: 'partner',
      });

      // The customer sees the classification (fact and event), not the runs.
      const seen = await customer.request({ method: 'GET', url: `/api/cases/${kase.id}/timeline` });
      const classified = (seen.json().items as { type?: string; data?: Record<string, unknown> }[]).find(
        (e) => e.type === 'fault_classified',
      );
      expect(classified?.data).toMatchObject({ classification: 'line' });
      expect((await customer.request({ method: 'GET', url: `/api/cases/${kase.id}` })).json().facts).toEqual(
        expect.arrayContaining([expect.objectContaining({ key: 'fault_classification', value: 'line' })]),
      );
      const runs = await agent.request({ method: 'GET', url: `/api/cases/${kase.id}/checklist-runs` });
      expect(runs.json()).toHaveLength(2);
      expect(runs.json()[1]).toMatchObject({ source: 'partner', classification: 'line' });
    });

    it('an agent’s answers are agent facts', async () => {
      const kase = await openFault(agent, 'Router tot');
      const done = await run(agent, kase.id, [
        ['power', 'no'],
        ['other_socket', 'no'],
      ]);
      expect(done.classification).toBe('device');
      const facts = (await agent.request({ method: 'GET', url: `/api/cases/${kase.id}` })).json().facts;
      expect(facts).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ key: 'fault_classification', value: 'device', source: 'agent' }),
        ]),
      );
    });

    it('customers cannot run checklists; a partner of another customer does not find the case', async () => {
      const kase = await openFault(partner, 'Kein Sync');
      const byCustomer = await customer.request({
        method: 'POST',
        url: `/api/cases/${kase.id}/checklist-runs`,
        payload: { checklistId },
      });
      expect(byCustomer.statusCode).toBe(403);
      expect(
        (await customer.request({ method: 'GET', url: `/api/cases/${kase.id}/triage` })).statusCode,
      ).toBe(403);
      const byOther = await otherPartner.request({
        method: 'POST',
        url: `/api/cases/${kase.id}/checklist-runs`,
        payload: { checklistId },
      });
      expect(byOther.statusCode).toBe(404);
      const started = await run(partner, kase.id, []);
      const answerByOther = await otherPartner.request({
        method: 'POST',
        url: `/api/cases/${kase.id}/checklist-runs/${started.id}/answers`,
        payload: { stepId: 'power', value: 'yes' },
      });
      expect(answerByOther.statusCode).toBe(404);
      expect(
        (await otherPartner.request({ method: 'GET', url: `/api/cases/${kase.id}/triage` })).statusCode,
      ).toBe(404);
    });

    it('the partner escalates a line fault to a carrier that accepts it, and is told to have the customer call the other', async () => {
      const kase = await openFault(partner, 'Leitung gestört');
      await run(partner, kase.id, LINE_FAULT);
      const accepted = await partner.request({
        method: 'POST',
        url: `/api/cases/${kase.id}/escalations`,
        payload: {
          thirdPartyId: accepting.id,
          note: 'Leitungsstörung laut Checkliste; Ersatzrouter synchronisiert nicht.',
        },
      });
      expect(accepted.statusCode, accepted.body).toBe(201);
      expect(accepted.json()).toMatchObject({
        status: 'waiting_third_party',
        thirdParty: { id: accepting.id },
      });

      const other = await openFault(partner, 'Glasfaser gestört');
      const refused = await partner.request({
        method: 'POST',
        url: `/api/cases/${other.id}/escalations`,
        payload: { thirdPartyId: refusing.id, note: 'Bitte prüfen.' },
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({
        code: 'partner_escalation_not_accepted',
        phone: '0800 333 444',
        hours: 'Mo–Fr 8–18 Uhr',
      });
      expect(refused.json().detail ?? refused.json().message).toContain('0800 333 444');
      // The operator still escalates to it.
      const byAgent = await agent.request({
        method: 'POST',
        url: `/api/cases/${other.id}/escalations`,
        payload: { thirdPartyId: refusing.id, note: 'Bitte prüfen.' },
      });
      expect(byAgent.statusCode, byAgent.body).toBe(201);
    });

    it('a technician appointment is visible to customer and partner', async () => {
      const kase = await openFault(partner, 'Techniker nötig');
      const invalid = await agent.request({
        method: 'POST',
        url: `/api/cases/${kase.id}/appointments`,
        payload: { date: '2026-11-26', from: '12:00', to: '08:00' },
      });
      expect(invalid.statusCode).toBe(400);
      expect(invalid.json().errors[0].field).toBe('to');
      const byPartner = await partner.request({
        method: 'POST',
        url: `/api/cases/${kase.id}/appointments`,
        payload: { date: '2026-11-26', from: '08:00', to: '12:00' },
      });
      expect(byPartner.statusCode).toBe(403);
      const created = await agent.request({
        method: 'POST',
        url: `/api/cases/${kase.id}/appointments`,
        payload: {
          date: '2026-11-26',
          from: '08:00',
          to: '12:00',
          note: 'Techniker braucht Zugang zum Keller.',
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      for (const who of [customer, partner]) {
        const list = await who.request({ method: 'GET', url: `/api/cases/${kase.id}/appointments` });
        expect(list.json()).toEqual([
          expect.objectContaining({
            date: '2026-11-26',
            from: '08:00',
            to: '12:00',
            note: 'Techniker braucht Zugang zum Keller.',
          }),
        ]);
        const timeline = await who.request({ method: 'GET', url: `/api/cases/${kase.id}/timeline` });
        expect(timeline.json().items.some((e: { type?: string }) => e.type === 'appointment_scheduled')).toBe(
          true,
        );
      }
      expect(
        (await otherPartner.request({ method: 'GET', url: `/api/cases/${kase.id}/appointments` })).statusCode,
      ).toBe(404);
    });

    it('reports time to restore per third party in wall-clock and business hours', async () => {
      const spans: [OrganisationRow, string, string][] = [
        // Tue 10:00–14:00 Berlin: 4 h, all business time.
        [accepting, '2026-11-03T09:00:00.000Z', '2026-11-03T13:00:00.000Z'],
        // Tue 16:00 – Wed 10:00: 18 h, of it 1 + 2 business hours.
        [accepting, '2026-11-03T15:00:00.000Z', '2026-11-04T09:00:00.000Z'],
        // Fri 16:00 – Mon 09:00: 65 h, of it 1 + 1 business hours.
        [accepting, '2026-11-06T15:00:00.000Z', '2026-11-09T08:00:00.000Z'],
        [refusing, '2026-11-03T09:00:00.000Z', '2026-11-03T10:30:00.000Z'],
      ];
      for (const [org, from, to] of spans) {
        const kase = await openFault(agent, `Messung ${from}`);
        await server.deps.db
          .updateTable('support_case')
          .set({ third_party_id: org.id, created_at: from, resolved_at: to, status: 'resolved' })
          .where('id', '=', kase.id)
          .execute();
      }
      const report = await agent.request({
        method: 'GET',
        url: '/api/reports/time-to-restore?from=2026-11-01&to=2026-11-15',
      });
      expect(report.statusCode, report.body).toBe(200);
      expect(report.json().rows).toEqual([
        expect.objectContaining({
          thirdParty: expect.objectContaining({ name: 'Fernmeldenetz Nord GmbH' }),
          count: 3,
          medianHours: 18,
          p90Hours: 65,
          medianBusinessHours: 3,
          p90BusinessHours: 4,
        }),
        expect.objectContaining({
          thirdParty: expect.objectContaining({ name: 'Glasfaser West AG' }),
          count: 1,
          medianHours: 1.5,
          medianBusinessHours: 1.5,
        }),
      ]);
      const csv = await agent.request({
        method: 'GET',
        url: '/api/reports/time-to-restore?from=2026-11-01&to=2026-11-15&format=csv',
      });
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.body).toContain('Fernmeldenetz Nord GmbH;3;18;65;3;4');
      expect((await partner.request({ method: 'GET', url: '/api/reports/time-to-restore' })).statusCode).toBe(
        403,
      );
    });
  });
}
