import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceCharge } from '../../../../test/billing';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import type { Channel } from '../../../../test/factories';
import type { Session, TestServer } from '../../../../test/test-server';
import { claimDueTimers } from '../../jobs/scheduler';
import {
  billingFactsForLeakGuard,
  ensureBlockLiftTimer,
  handleBlockLiftTimer,
  liftBlockIfSettled,
} from './block';
import { seedDemoBilling } from './demo-seed';
import { runDunning } from './dunning-run';
import { openInvoiceAmounts } from './open-items';

// The clock starts on 2026-11-24; the demo seller gives 14 days, so invoices are due 2026-12-08.

type Mail = { to: string; subject: string; text: string };

for (const dialect of DIALECTS) {
  describe(`dunning and the service block [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let admin: Session;
    let clerk: Session;
    let agent: Session;
    let partner: Session;
    let customer: Session;

    const invoice = (customerId: string, amountCents: number) =>
      invoiceCharge<{ id: string; number: string; dueDate: string }>(clerk, customerId, {
        amountCents,
        description: `Wartung ${amountCents}`,
      });
    const run = async (today: string, by = clerk) => {
      const response = await by.request({
        method: 'POST',
        url: '/api/billing/dunning/run',
        payload: { today },
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{
        feeChargeTypeUnusable: string | null;
        steps: { customerId: string; level: number; feeCents: number; blocked: boolean }[];
      }>();
    };
    const account = (customerId: string) =>
      clerk.request({ method: 'GET', url: `/api/accounts/${customerId}` }).then((r) => r.json());
    const mails = async () =>
      (await server.deps.db.selectFrom('outbox').select('payload').orderBy('created_at').execute()).map(
        (row) => JSON.parse(row.payload) as Mail,
      );
    /** The customer pays its whole balance, the open invoices named (a manual payment of the payments work). */
    const settle = async (customerId: string) => {
      const { balanceCents, invoices } = await account(customerId);
      const open = (invoices as { id: string; kind: string; status: string }[]).filter(
        (doc) => doc.kind === 'invoice' && doc.status === 'issued',
      );
      const paid = await clerk.request({
        method: 'POST',
        url: '/api/payments',
        payload: {
          customerId,
          amountCents: balanceCents,
          bookingDate: '2027-01-20',
          reference: 'Ausgleich',
          invoiceIds: open.map((doc) => doc.id),
        },
      });
      expect(paid.statusCode, paid.body).toBe(201);
    };

    beforeAll(async () => {
      ({ server, channel, admin, clerk, agent, partner, customer } = await startChannelServer(
        dialect,
        {
          admin: 'operator_admin',
          clerk: 'billing_clerk',
          agent: 'agent',
          partner: 'partner_admin',
          customer: 'customer_user',
        },
        { rateLimitPerMinute: 100_000 },
      ));
      await seedDemoBilling(server.deps);
    });
    afterAll(async () => server.close());

    it('refuses partners on every dunning and block route, and agents and customers on changes', async () => {
      const id = channel.customerA1.id;
      const routes = [
        { method: 'GET' as const, url: '/api/billing/dunning-settings' },
        { method: 'PUT' as const, url: '/api/billing/dunning-settings', payload: {} },
        { method: 'POST' as const, url: '/api/billing/dunning/run', payload: {} },
        { method: 'POST' as const, url: `/api/accounts/${id}/block`, payload: { reason: 'x' } },
        { method: 'POST' as const, url: `/api/accounts/${id}/unblock`, payload: { reason: 'x' } },
      ];
      for (const who of [partner, agent, customer]) {
        for (const route of routes) expect((await who.request(route)).statusCode, route.url).toBe(403);
      }
    });

    it('keeps the default settings until saved and refuses a fee type that does not exist, naming the field', async () => {
      const read = await clerk.request({ method: 'GET', url: '/api/billing/dunning-settings' });
      expect(read.json()).toEqual({
        levels: [
          { level: 1, days: 7, feeCents: 0 },
          { level: 2, days: 14, feeCents: 500 },
          { level: 3, days: 14, feeCents: 500 },
        ],
        blockLevel: 3,
        feeChargeType: 'fee_dunning',
        updatedAt: null,
      });
      const refused = await admin.request({
        method: 'PUT',
        url: '/api/billing/dunning-settings',
        payload: { ...(read.json() as object), feeChargeType: 'no_such_fee' },
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().errors[0].field).toBe('feeChargeType');
    });

    it('reminds, then dunns with a not-subject fee on the fee type, then blocks at level 3, one level per run', async () => {
      const id = channel.customerA1.id;
      const first = await invoice(id, 10_000);
      expect(first.dueDate).toBe('2026-12-08');

      expect((await run('2026-12-14')).steps).toEqual([]); // 6 days overdue: not yet
      const reminder = await run('2026-12-15');
      expect(reminder.steps).toMatchObject([{ customerId: id, level: 1, feeCents: 0, blocked: false }]);
      expect((await run('2026-12-15')).steps).toEqual([]); // the same day again: nothing more
      expect((await run('2026-12-28')).steps).toEqual([]); // 13 days after the reminder

      const second = await run('2026-12-29');
      expect(second.steps).toMatchObject([{ customerId: id, level: 2, feeCents: 500, blocked: false }]);
      const third = await run('2027-01-12');
      expect(third.steps).toMatchObject([{ customerId: id, level: 3, feeCents: 500, blocked: true }]);
      expect((await run('2027-06-01')).steps).toEqual([]); // level 3 is the last

      const state = await account(id);
      expect(state).toMatchObject({ dunningLevel: 3, blocked: true });
      const fees = (
        state.charges as { type: { code: string }; vatTreatment: string; description: string }[]
      ).filter((c) => c.type.code === 'fee_dunning');
      expect(fees).toHaveLength(2);
      expect(fees.every((fee) => fee.vatTreatment === 'not_subject')).toBe(true);
      expect(fees.map((fee) => fee.description).sort()).toEqual([
        `Mahngebühr 1. Mahnung zu ${first.number}`,
        `Mahngebühr 2. Mahnung zu ${first.number}`,
      ]);
      // 119,00 € invoice + two fees of 5,00 € without VAT
      expect(state.balanceCents).toBe(11_900 + 1_000);

      const sent = await mails();
      const toCustomer = sent.filter((mail) => mail.to === channel.users.customer_user.email);
      expect(toCustomer.map((mail) => mail.subject)).toEqual([
        'Zahlungserinnerung: Bäckerei Sommer GmbH',
        '1. Mahnung: Bäckerei Sommer GmbH',
        '2. Mahnung: Bäckerei Sommer GmbH',
      ]);
      expect(toCustomer[0]!.text).toContain(`Rechnung ${first.number}, fällig am 08.12.2026: offen 119,00 €`);
      expect(toCustomer[0]!.text).toContain('IBAN: DE89 3704 0044 0532 0130 00');
      expect(toCustomer[2]!.text).toContain('gesperrt');
      const partnerEmails = [channel.users.partner_admin.email, channel.users.partner_agent.email];
      expect(sent.filter((mail) => partnerEmails.includes(mail.to))).toEqual([]);

      const audit = await server.deps.db
        .selectFrom('audit_log')
        .select(['action', 'actor_label', 'actor_person_id'])
        .where('entity_id', '=', id)
        .where('action', 'in', ['billing_account.dunned', 'billing_account.blocked'])
        .execute();
      expect(audit).toHaveLength(4);
      expect(
        audit.every((entry) => entry.actor_person_id === null && entry.actor_label.startsWith('dunning run')),
      ).toBe(true);
    });

    it('shows agents the block and balance on the case, never partners or the customer', async () => {
      const opened = await agent.request({
        method: 'POST',
        url: '/api/cases',
        payload: {
          type: 'fault',
          subject: 'Drucker druckt nicht',
          description: 'Seit heute früh.',
          customerId: channel.customerA1.id,
        },
      });
      expect(opened.statusCode, opened.body).toBe(201);
      const caseId = opened.json<{ id: string }>().id;
      const reply = await agent.request({
        method: 'POST',
        url: `/api/cases/${caseId}/messages`,
        payload: { body: 'Wir kümmern uns darum.', visibility: 'public' },
      });
      expect(reply.statusCode, reply.body).toBe(201);

      const seen = await agent.request({ method: 'GET', url: `/api/cases/${caseId}` });
      expect(seen.json().billing).toMatchObject({ balanceCents: 12_900, blocked: true, dunningLevel: 3 });
      for (const who of [partner, customer]) {
        const detail = await who.request({ method: 'GET', url: `/api/cases/${caseId}` });
        expect(detail.statusCode, detail.body).toBe(200);
        expect(detail.json()).not.toHaveProperty('billing');
        const timeline = await who.request({ method: 'GET', url: `/api/cases/${caseId}/timeline` });
        expect(timeline.statusCode).toBe(200);
        for (const text of [detail.body, timeline.body]) {
          expect(text).not.toMatch(/gesperrt|Leistungssperre|blocked|129,00|dunning/i);
        }
      }
    });

    it('names the texts the leak guard must keep out of replies', async () => {
      const facts = await billingFactsForLeakGuard(server.deps, channel.customerA1.id);
      expect(facts).toEqual(
        expect.arrayContaining(['gesperrt', 'Leistungssperre', '129,00 €', '119,00 €', '€129.00']),
      );
      expect(await billingFactsForLeakGuard(server.deps, channel.customerB1.id)).toEqual([]);
    });

    it('lets the customer read its own block and level, but not another customer’s account', async () => {
      const own = await customer.request({ method: 'GET', url: `/api/accounts/${channel.customerA1.id}` });
      expect(own.json()).toMatchObject({ blocked: true, dunningLevel: 3 });
      const other = await customer.request({ method: 'GET', url: `/api/accounts/${channel.customerA2.id}` });
      expect(other.statusCode).toBe(404);
    });

    it('keeps the block while money is owed, and lifts it once settled, resetting the level and mailing the customer', async () => {
      const id = channel.customerA1.id;
      expect(await liftBlockIfSettled(server.deps, id)).toBe(false);
      await settle(id);
      expect((await account(id)).balanceCents).toBe(0);
      expect(await openInvoiceAmounts(server.deps, id)).toEqual([]); // the payment's allocation closed it
      // Recording the payment lifted the block at once; asking again changes nothing.
      expect(await liftBlockIfSettled(server.deps, id)).toBe(false);
      expect(await account(id)).toMatchObject({ blocked: false, blockedAt: null, dunningLevel: 0 });
      const lifted = (await mails()).filter((mail) => mail.subject === 'Ihr Service ist wieder verfügbar');
      expect(lifted.map((mail) => mail.to)).toEqual([channel.users.customer_user.email]);
    });

    it('dunns a customer once and charges one fee when two runs go at the same time', async () => {
      const id = channel.customerA2.id;
      const save = await clerk.request({
        method: 'PUT',
        url: '/api/billing/dunning-settings',
        payload: {
          levels: [
            { level: 1, days: 0, feeCents: 250 },
            { level: 2, days: 14, feeCents: 500 },
            { level: 3, days: 14, feeCents: 500 },
          ],
          blockLevel: 1,
          feeChargeType: 'fee_dunning',
        },
      });
      expect(save.statusCode, save.body).toBe(200);
      await invoice(id, 5_000);
      const results = await Promise.all([
        runDunning(server.deps, { today: '2026-12-09' }),
        runDunning(server.deps, { today: '2026-12-09' }),
        run('2026-12-09'),
      ]);
      const steps = results.flatMap((result) => result.steps).filter((step) => step.customerId === id);
      expect(steps).toHaveLength(1);
      const notices = await server.deps.db
        .selectFrom('dunning_notice')
        .selectAll()
        .where('customer_id', '=', id)
        .execute();
      expect(notices).toHaveLength(1);
      const state = await account(id);
      expect(
        state.charges.filter((c: { type: { code: string } }) => c.type.code === 'fee_dunning'),
      ).toHaveLength(1);
      expect(state).toMatchObject({ blocked: true, dunningLevel: 1 });
    });

    it('lifts a settled block within the 30-second timer, and leaves a manual block to a clerk', async () => {
      const id = channel.customerA2.id;
      await ensureBlockLiftTimer(server.deps.db, server.clock.now());
      server.clock.advanceMinutes(1);
      let claimed = await claimDueTimers(server.database, server.clock, 50);
      let timer = claimed.find((t) => t.kind === 'billing_block_lift');
      expect(timer).toBeDefined();
      await handleBlockLiftTimer(server.deps, timer!);
      expect((await account(id)).blocked).toBe(true); // still owed

      await settle(id);
      server.clock.advanceMinutes(1);
      claimed = await claimDueTimers(server.database, server.clock, 50);
      timer = claimed.find((t) => t.kind === 'billing_block_lift');
      expect(timer).toBeDefined();
      await handleBlockLiftTimer(server.deps, timer!);
      expect(await account(id)).toMatchObject({ blocked: false, dunningLevel: 0 });
      const next = await server.deps.db
        .selectFrom('timer')
        .select('due_at')
        .where('kind', '=', 'billing_block_lift')
        .executeTakeFirstOrThrow();
      expect(Date.parse(next.due_at) - server.clock.now().getTime()).toBe(30_000);

      const blocked = await clerk.request({
        method: 'POST',
        url: `/api/accounts/${id}/block`,
        payload: { reason: 'Lastschrift widerrufen' },
      });
      expect(blocked.statusCode, blocked.body).toBe(200);
      expect(blocked.json()).toMatchObject({ blocked: true, blockedReason: 'Lastschrift widerrufen' });
      expect(await liftBlockIfSettled(server.deps, id)).toBe(false);
      const unblocked = await clerk.request({
        method: 'POST',
        url: `/api/accounts/${id}/unblock`,
        payload: { reason: 'Geklärt' },
      });
      expect(unblocked.json()).toMatchObject({ blocked: false });
      const again = await clerk.request({
        method: 'POST',
        url: `/api/accounts/${id}/unblock`,
        payload: { reason: 'Geklärt' },
      });
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('account_not_blocked');
      const audit = await server.deps.db
        .selectFrom('audit_log')
        .select(['action', 'actor_person_id'])
        .where('entity_id', '=', id)
        .where('action', 'in', ['billing_account.blocked', 'billing_account.unblocked'])
        .orderBy('at')
        .execute();
      expect(audit.filter((entry) => entry.actor_person_id === channel.users.billing_clerk.id)).toHaveLength(
        2,
      );
    });

    it('dunns without the fee and says so when the fee charge type was deactivated', async () => {
      const id = channel.directCustomer.id;
      await invoice(id, 4_000);
      const off = await clerk.request({
        method: 'PATCH',
        url: '/api/billing/charge-types/fee_dunning',
        payload: { active: false },
      });
      expect(off.statusCode, off.body).toBe(200);
      const result = await run('2026-12-10');
      const step = result.steps.find((s) => s.customerId === id);
      expect(step).toMatchObject({ level: 1, feeCents: 0 });
      expect(result.feeChargeTypeUnusable).toBe('fee_dunning');
      const back = await clerk.request({
        method: 'PATCH',
        url: '/api/billing/charge-types/fee_dunning',
        payload: { active: true },
      });
      expect(back.statusCode, back.body).toBe(200);
      await invoice(channel.customerB1.id, 1_000);
      expect((await run('2026-12-10')).feeChargeTypeUnusable).toBeNull();
    });

    it('answers 404 for a block on an organisation that is not a customer', async () => {
      const response = await clerk.request({
        method: 'POST',
        url: `/api/accounts/${channel.partnerA.id}/block`,
        payload: { reason: 'x' },
      });
      expect(response.statusCode).toBe(404);
    });
  });
}
