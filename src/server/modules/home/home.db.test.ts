import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import { type Channel, TEST_PASSWORD } from '../../../../test/factories';
import { logIn, type Session, type TestServer } from '../../../../test/test-server';

// The home page counts what the case list behind each count's link shows, for every reader: an
// agent's own, unassigned and breaching cases and today's commitments; a partner's customers'
// open cases; a customer's own. And the header's search box opens a case by its short number
// only when the reader sees exactly one case with it.

type HomeBody = {
  audience: string;
  counts: { key: string; count: number; filter: Record<string, string> }[];
  cases: { id: string; number: string }[];
  leads: { offered: number; accepted: number } | null;
};

for (const dialect of DIALECTS) {
  describe(`home page and quick search [${dialect}]`, { timeout: 30_000 }, () => {
    let server: TestServer;
    let channel: Channel;
    let agent: Session;
    let partnerA: Session;
    let partnerB: Session;
    let customer: Session;
    const cases: Record<'mine' | 'other' | 'promised' | 'later', { id: string; number: string }> =
      {} as never;

    async function json<T>(session: Session, url: string): Promise<T> {
      const response = await session.request({ method: 'GET', url });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<T>();
    }

    const home = (session: Session) => json<HomeBody>(session, '/api/home');
    const countsOf = async (session: Session) =>
      Object.fromEntries((await home(session)).counts.map((c) => [c.key, c.count]));
    const listed = async (session: Session, filter: Record<string, string>) =>
      (
        await json<{ items: { id: string }[] }>(
          session,
          `/api/cases?${new URLSearchParams({ ...filter, limit: '200' })}`,
        )
      ).items.map((item) => item.id);
    const search = (session: Session, q: string) =>
      json<{ exact: { id: string; number: string } | null; items: { id: string }[] }>(
        session,
        `/api/search?q=${encodeURIComponent(q)}`,
      );
    const sequenceOf = (number: string) => String(Number(number.split('-')[2]));

    beforeAll(async () => {
      ({ server, channel, agent, partnerA, partnerB, customer } = await startChannelServer(dialect, {
        agent: 'agent',
        partnerA: 'partner_agent',
        partnerB: 'otherPartnerAdmin',
        customer: 'customer_user',
      }));
      const open = async (subject: string, customerId: string, extra: object = {}) => {
        const created = await agent.request({
          method: 'POST',
          url: '/api/cases',
          payload: { type: 'fault', subject, description: 'Bitte prüfen.', customerId, ...extra },
        });
        expect(created.statusCode, created.body).toBe(201);
        const { id, number } = created.json<{ id: string; number: string }>();
        return { id, number };
      };
      // Nordwest IT's customers: Bäckerei (A1, with the customer login) and A2; B1 is Weserbogen's.
      cases.mine = await open('Störung Etikettendrucker', channel.customerA1.id, {
        assigneeId: channel.users.agent.id,
      });
      cases.other = await open('Störung Internetanschluss', channel.customerB1.id);
      cases.promised = await open('Rückruf zugesagt', channel.customerA2.id);
      cases.later = await open('Rückruf nächste Woche', channel.customerA1.id);
      // 09:00 UTC; the agent's day (Europe/Berlin) ends at 23:00 UTC.
      const promise = async (caseId: string, dueAt: string) => {
        const made = await agent.request({
          method: 'POST',
          url: `/api/cases/${caseId}/commitments`,
          payload: { description: 'Rückruf', dueAt },
        });
        expect(made.statusCode, made.body).toBe(201);
      };
      await promise(cases.promised.id, '2026-11-24T16:00:00.000Z');
      await promise(cases.later.id, '2026-11-27T10:00:00.000Z');
      // A breached clock is the SLA module's doing; here the flag the list filters on stands for it.
      await server.deps.db
        .updateTable('support_case')
        .set({ breaching: 1 })
        .where('id', '=', cases.other.id)
        .execute();
      const waiting = await agent.request({
        method: 'PATCH',
        url: `/api/cases/${cases.later.id}`,
        payload: { status: 'waiting_customer' },
      });
      expect(waiting.statusCode, waiting.body).toBe(200);
    });
    afterAll(async () => server.close());

    it('gives the agent its own, unassigned and breaching cases and the commitments due today', async () => {
      expect(await countsOf(agent)).toEqual({ mine: 1, unassigned: 3, breaching: 1, commitmentsDueToday: 1 });
      const body = await home(agent);
      expect(body.audience).toBe('operator');
      expect(body.cases.map((c) => c.id)).toEqual([cases.mine.id]);
      const due = body.counts.find((c) => c.key === 'commitmentsDueToday');
      expect(await listed(agent, due?.filter ?? {})).toEqual([cases.promised.id]);
    });

    it('counts exactly what the case list behind each link shows, for every reader', async () => {
      for (const session of [agent, partnerA, partnerB, customer]) {
        for (const count of (await home(session)).counts) {
          expect(await listed(session, count.filter), `${count.key}`).toHaveLength(count.count);
        }
      }
    });

    it("gives a partner its customers' open cases and no other partner's", async () => {
      const body = await home(partnerA);
      expect(body.audience).toBe('partner');
      expect(await countsOf(partnerA)).toEqual({ open: 3, waitingOnMe: 0, breaching: 0 });
      expect(body.cases.map((c) => c.id).sort()).toEqual(
        [cases.mine.id, cases.promised.id, cases.later.id].sort(),
      );
      expect(body.leads).toEqual({ offered: 0, accepted: 0 });
      const other = await home(partnerB);
      expect(await countsOf(partnerB)).toEqual({ open: 1, waitingOnMe: 0, breaching: 1 });
      expect(other.cases.map((c) => c.id)).toEqual([cases.other.id]);
    });

    it('gives a customer its own open cases and what waits on its answer', async () => {
      const body = await home(customer);
      expect(body.audience).toBe('customer');
      expect(await countsOf(customer)).toEqual({ open: 2, waitingOnMe: 1 });
      expect(body.cases.map((c) => c.id).sort()).toEqual([cases.mine.id, cases.later.id].sort());
      expect(body.leads).toBeNull();
    });

    it('opens a case by its short number, with or without the prefix, only for readers who see it', async () => {
      const short = sequenceOf(cases.mine.number);
      for (const q of [short, `CD-${short}`, `cd-${short.padStart(6, '0')}`, cases.mine.number]) {
        expect((await search(agent, q)).exact, q).toEqual(cases.mine);
        expect((await search(customer, q)).exact, q).toEqual(cases.mine);
        expect((await search(partnerA, q)).exact, q).toEqual(cases.mine);
        const outsider = await search(partnerB, q);
        expect(outsider.exact, q).toBeNull();
        expect(outsider.items.map((i) => i.id)).not.toContain(cases.mine.id);
      }
      expect(await listed(agent, { q: short })).toContain(cases.mine.id);
      expect(await listed(partnerB, { q: short })).not.toContain(cases.mine.id);
      // Weserbogen's own case by its number: the customer of Nordwest IT does not find it.
      const theirs = sequenceOf(cases.other.number);
      expect((await search(partnerB, theirs)).exact).toEqual(cases.other);
      expect((await search(customer, `CD-${theirs}`)).exact).toBeNull();
      expect(await listed(customer, { q: `CD-${theirs}` })).toEqual([]);
    });

    it('finds words in the reader scope and opens nothing directly for them', async () => {
      const found = await search(agent, 'Störung');
      expect(found.exact).toBeNull();
      expect(found.items.map((i) => i.id).sort()).toEqual([cases.mine.id, cases.other.id].sort());
      expect((await search(customer, 'Störung')).items.map((i) => i.id)).toEqual([cases.mine.id]);
      expect((await search(partnerB, 'Störung')).items.map((i) => i.id)).toEqual([cases.other.id]);
    });

    it('opens nothing directly when the short number names cases of two years', async () => {
      server.clock.advanceMinutes(60 * 24 * 40); // into 2027: the counter starts again
      agent = await logIn(server.app, channel.users.agent.email!, TEST_PASSWORD);
      const next = await agent.request({
        method: 'POST',
        url: '/api/cases',
        payload: {
          type: 'fault',
          subject: 'Neues Jahr',
          description: 'x',
          customerId: channel.customerA1.id,
        },
      });
      expect(next.statusCode, next.body).toBe(201);
      const created = next.json<{ id: string; number: string }>();
      expect(created.number).toMatch(/^CD-2027-/);
      const short = sequenceOf(created.number);
      const both = await search(agent, short);
      expect(short).toBe(sequenceOf(cases.mine.number));
      expect(both.exact).toBeNull();
      expect(both.items.map((i) => i.id)).toContain(created.id);
      expect((await search(agent, created.number)).exact).toEqual({ id: created.id, number: created.number });
    });
  });
}
