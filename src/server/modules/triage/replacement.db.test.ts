import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { createInternetFaultChecklist, LINE_FAULT, runChecklist } from '../../../../test/checklists';
import { DIALECTS } from '../../../../test/dialects';
import type { Channel } from '../../../../test/factories';
import type { Session, TestServer } from '../../../../test/test-server';

// Scenario S3's device fault: the checklist run that classifies `device` offers a replacement, a
// return in warranty or a new-device lead for the reseller of record after it, opened once per case.

type Run = { id: string; classification: string | null };
type Replacement = {
  runId: string;
  kind: string;
  return: { id: string; number: string; state: string } | null;
  lead: { id: string; number: string; status: string; partner: { id: string; name: string } | null } | null;
};

// The test clock's day is 2026-11-24.
const IN_WARRANTY = '2027-06-30';
const EXPIRED = '2026-11-23';
const DEVICE: [string, string][] = [
  ['power', 'no'],
  ['other_socket', 'no'],
];

for (const dialect of DIALECTS) {
  describe(`replacement after a device fault [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let agent: Session;
    let partner: Session;
    let otherPartner: Session;
    let customer: Session;
    let checklistId: string;
    let serial = 0;

    const asset = async (customerId: string, warrantyEnd: string | null) => {
      serial += 1;
      const created = await agent.request({
        method: 'POST',
        url: '/api/assets',
        payload: {
          serial: `NB-${dialect}-${serial}`,
          productModel: 'NetBox 8',
          productLine: 'networking',
          customerId,
          warrantyEnd,
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      return created.json<{ id: string; serial: string }>();
    };
    const openFault = async (as: Session, customerId: string, assetId?: string) => {
      const response = await as.request({
        method: 'POST',
        url: '/api/cases',
        payload: { type: 'fault', subject: 'Router tot', customerId, description: 'Keine LED.', assetId },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ id: string; number: string }>();
    };
    const run = (as: Session, caseId: string, answers: [string, string][]) =>
      runChecklist<Run>(as, caseId, checklistId, answers);
    const replace = (as: Session, caseId: string, runId: string) =>
      as.request({ method: 'POST', url: `/api/cases/${caseId}/checklist-runs/${runId}/replacement` });
    const triage = async (as: Session, caseId: string) => {
      const response = await as.request({ method: 'GET', url: `/api/cases/${caseId}/triage` });
      expect(response.statusCode, response.body).toBe(200);
      return response.json().replacement;
    };
    const timeline = async (as: Session, caseId: string) =>
      (await as.request({ method: 'GET', url: `/api/cases/${caseId}/timeline` })).body;

    beforeAll(async () => {
      const started = await startChannelServer(dialect, {
        admin: 'operator_admin',
        agent: 'agent',
        partner: 'partner_agent',
        otherPartner: 'otherPartnerAdmin',
        customer: 'customer_user',
      });
      ({ server, channel, agent, partner, otherPartner, customer } = started);
      checklistId = await createInternetFaultChecklist(started.admin);
    });
    afterAll(async () => server.close());

    it('opens a return for a device in warranty, once, with the asset as its item', async () => {
      const router = await asset(channel.customerA1.id, IN_WARRANTY);
      const kase = await openFault(partner, channel.customerA1.id, router.id);
      const device = await run(partner, kase.id, DEVICE);
      expect(device.classification).toBe('device');
      expect(await triage(partner, kase.id)).toMatchObject({
        offer: {
          runId: device.id,
          kind: 'return',
          warranty: 'valid',
          device: {
            product: 'NetBox 8',
            serial: router.serial,
            warrantyEnd: IN_WARRANTY,
            inInstalledBase: true,
          },
        },
        opened: null,
      });

      const first = await replace(partner, kase.id, device.id);
      expect(first.statusCode, first.body).toBe(201);
      const opened = first.json<Replacement>();
      expect(opened).toMatchObject({ runId: device.id, kind: 'return', lead: null });
      expect(opened.return?.number).toMatch(/^RMA-2026-\d{6}$/);

      const returns = (
        await customer.request({ method: 'GET', url: `/api/cases/${kase.id}/returns` })
      ).json();
      expect(returns.items).toHaveLength(1);
      expect(returns.items[0]).toMatchObject({
        id: opened.return?.id,
        state: 'requested',
        items: [{ product: 'NetBox 8', serial: router.serial, quantity: 1 }],
      });
      // The customer reads the replacement on the timeline: it has to send the device in.
      expect(await timeline(customer, kase.id)).toContain('replacement_return_opened');

      // Again, by the agent or on a second device run: the same return, no second one.
      const again = await replace(agent, kase.id, device.id);
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json<Replacement>().return?.id).toBe(opened.return?.id);
      const rerun = await run(partner, kase.id, DEVICE);
      const onRerun = await replace(partner, kase.id, rerun.id);
      expect(onRerun.statusCode).toBe(200);
      expect(onRerun.json<Replacement>()).toMatchObject({
        runId: device.id,
        return: { id: opened.return?.id },
      });
      const after = (await agent.request({ method: 'GET', url: `/api/cases/${kase.id}/returns` })).json();
      expect(after.items).toHaveLength(1);
      expect(await triage(partner, kase.id)).toMatchObject({ offer: null, opened: { kind: 'return' } });
    });

    it('opens a return when the installed base knows no warranty end (the agent checks it before authorising)', async () => {
      const router = await asset(channel.customerA1.id, null);
      const kase = await openFault(agent, channel.customerA1.id, router.id);
      const device = await run(agent, kase.id, DEVICE);
      expect(await triage(agent, kase.id)).toMatchObject({ offer: { kind: 'return', warranty: 'unknown' } });
      const opened = await replace(agent, kase.id, device.id);
      expect(opened.statusCode, opened.body).toBe(201);
      expect(opened.json<Replacement>().kind).toBe('return');
    });

    it('offers a device out of warranty as a new-device lead to the reseller of record, once', async () => {
      const router = await asset(channel.customerA1.id, EXPIRED);
      const kase = await openFault(partner, channel.customerA1.id, router.id);
      const device = await run(partner, kase.id, DEVICE);
      expect(await triage(partner, kase.id)).toMatchObject({
        offer: {
          kind: 'new_device_lead',
          warranty: 'expired',
          to: 'reseller_of_record',
          partner: { id: channel.partnerA.id, name: 'Nordwest IT GmbH' },
        },
      });

      // Two presses at once: one lead.
      const [a, b] = await Promise.all([
        replace(partner, kase.id, device.id),
        replace(agent, kase.id, device.id),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
      const opened = a.json<Replacement>();
      expect(b.json<Replacement>().lead?.id).toBe(opened.lead?.id);
      expect(opened).toMatchObject({
        kind: 'new_device_lead',
        return: null,
        lead: { status: 'offered', partner: { id: channel.partnerA.id } },
      });

      const lead = (await partner.request({ method: 'GET', url: `/api/leads/${opened.lead?.id}` })).json();
      expect(lead).toMatchObject({
        kind: 'new_device',
        source: 'partner',
        status: 'offered',
        assetId: router.id,
        productLine: 'networking',
        partner: { id: channel.partnerA.id },
        routing: { rule: 'reseller_of_record' },
      });
      expect(lead.note).toContain(kase.number);
      const leads = (
        await agent.request({
          method: 'GET',
          url: `/api/leads?customerId=${channel.customerA1.id}&kind=new_device`,
        })
      ).json();
      expect(leads.items.filter((l: { assetId: string }) => l.assetId === router.id)).toHaveLength(1);
      // The lead is between the operator and the reseller: the partner reads it on the case, the customer does not.
      expect(await timeline(partner, kase.id)).toContain('replacement_lead_opened');
      expect(await timeline(customer, kase.id)).not.toContain('replacement_lead_opened');
      expect((await customer.request({ method: 'GET', url: `/api/returns?limit=10` })).statusCode).toBe(403);
    });

    it('sends the lead of a customer without a reseller of record into lead routing', async () => {
      const router = await asset(channel.directCustomer.id, EXPIRED);
      const kase = await openFault(agent, channel.directCustomer.id, router.id);
      const device = await run(agent, kase.id, DEVICE);
      expect(await triage(agent, kase.id)).toMatchObject({
        offer: { kind: 'new_device_lead', to: 'routing', partner: null },
      });
      const opened = await replace(agent, kase.id, device.id);
      expect(opened.statusCode, opened.body).toBe(201);
      const lead = (
        await agent.request({ method: 'GET', url: `/api/leads/${opened.json().lead.id}` })
      ).json();
      // No partner of the test channel has a location, so routing leaves it to the channel manager.
      expect(lead).toMatchObject({ kind: 'new_device', source: 'operator', status: 'queued', partner: null });
    });

    it('offers no replacement for a line fault or a case that names no device', async () => {
      const router = await asset(channel.customerA1.id, IN_WARRANTY);
      const lineCase = await openFault(partner, channel.customerA1.id, router.id);
      const line = await run(partner, lineCase.id, LINE_FAULT);
      expect(await triage(partner, lineCase.id)).toEqual({ offer: null, opened: null });
      const refused = await replace(partner, lineCase.id, line.id);
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json().code).toBe('replacement_not_offered');

      const bare = await openFault(partner, channel.customerA1.id);
      const device = await run(partner, bare.id, DEVICE);
      expect(await triage(partner, bare.id)).toMatchObject({
        offer: { kind: 'device_unknown', device: null },
      });
      const unknown = await replace(partner, bare.id, device.id);
      expect(unknown.statusCode, unknown.body).toBe(409);
      expect(unknown.json().code).toBe('replacement_not_offered');
      expect(
        (await agent.request({ method: 'GET', url: `/api/cases/${bare.id}/returns` })).json().items,
      ).toEqual([]);
    });

    it('refuses the customer and gives another partner nothing, whatever case or run it names', async () => {
      const router = await asset(channel.customerA1.id, IN_WARRANTY);
      const kase = await openFault(partner, channel.customerA1.id, router.id);
      const device = await run(partner, kase.id, DEVICE);
      const asCustomer = await replace(customer, kase.id, device.id);
      expect(asCustomer.statusCode).toBe(403);
      for (const ref of [kase.id, kase.number]) {
        const guess = await replace(otherPartner, ref, device.id);
        expect(guess.statusCode, guess.body).toBe(404);
        expect(guess.body).not.toContain('NetBox');
      }
      // A run of another case is not this case's run.
      const other = await openFault(partner, channel.customerA2.id);
      expect((await replace(partner, other.id, device.id)).statusCode).toBe(404);
      expect((await replace(partner, kase.id, 'not-a-run')).statusCode).toBe(404);
      expect(
        (await agent.request({ method: 'GET', url: `/api/cases/${kase.id}/returns` })).json().items,
      ).toEqual([]);
    });
  });
}
