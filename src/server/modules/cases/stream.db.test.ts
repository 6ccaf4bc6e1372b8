import { get as httpGet, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects';
import { buildChannel, buildOrganisation, type Channel, TEST_PASSWORD } from '../../../../test/factories';
import { logIn, type Session, startTestServer, type TestServer } from '../../../../test/test-server';
import { buildApp } from '../../app';
import type { DatabaseTarget } from '../../config';
import { connectDatabase } from '../../db/connect';
import type { LiveCaseChanges } from './live';

type SseEvent = { event: string; data: Record<string, unknown> };

/** A client reading the case stream over a real socket, as a browser's EventSource would. */
type EventStream = {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body of an error response (a stream's events are parsed into `events` instead). */
  text: Promise<string>;
  events: SseEvent[];
  /** Resolves when the response is over: the server ended it or the client closed it. */
  ended: Promise<void>;
  waitUntil(check: (events: SseEvent[]) => boolean, what: string): Promise<void>;
  close(): void;
};

const WAIT_MS = 5_000;

function parseFrame(frame: string): SseEvent | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of frame.split('\n')) {
    if (line.startsWith('event: ')) event = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  return data.length > 0 ? { event, data: JSON.parse(data.join('\n')) } : null; // comments only: no event
}

// node:http rather than fetch: aborting a streamed fetch response makes Node 20's fetch open a
// spare connection that never sends a request, and app.close() then waits ~60 s for it.
async function openStream(baseUrl: string, cookie?: string): Promise<EventStream> {
  const request = httpGet(`${baseUrl}/api/cases/stream`, { headers: cookie ? { cookie } : {}, agent: false });
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    request.once('response', resolve).once('error', reject);
  });
  request.on('error', () => {}); // close() destroys the request on purpose
  response.setEncoding('utf8');
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };
  let buffer = '';
  let text = '';
  response.on('data', (chunk: string) => {
    if (response.statusCode !== 200) {
      text += chunk;
      return;
    }
    buffer += chunk;
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const parsed = parseFrame(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (parsed) events.push(parsed);
    }
    notify();
  });
  const ended = new Promise<void>((resolve) => response.once('close', resolve));
  const stream: EventStream = {
    status: response.statusCode ?? 0,
    headers: response.headers,
    text: ended.then(() => text),
    events,
    ended,
    waitUntil: (check, what) =>
      new Promise((resolve, reject) => {
        const attempt = () => {
          if (!check(events)) return;
          clearTimeout(timer);
          waiters.delete(attempt);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(attempt);
          reject(new Error(`no ${what} within ${WAIT_MS} ms; received ${JSON.stringify(events)}`));
        }, WAIT_MS);
        waiters.add(attempt);
        attempt();
      }),
    close: () => request.destroy(),
  };
  if (stream.status === 200) await stream.waitUntil((seen) => seen[0]?.event === 'ready', 'ready event');
  return stream;
}

const caseEvents = (events: SseEvent[], caseId: string, type?: string) =>
  events.filter((e) => e.event === 'case' && e.data.caseId === caseId && (!type || e.data.type === type));

function baseUrlOf(app: FastifyInstance): string {
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the app is not listening');
  return `http://127.0.0.1:${address.port}`;
}

for (const dialect of DIALECTS) {
  describe(`live case stream [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let baseUrl: string;
    let agent: Session;
    let customer: Session;
    let partnerA: Session;
    let partnerB: Session;
    const streams: EventStream[] = [];

    // On PostgreSQL an instance's bus starts to LISTEN when its first stream subscribes, and the
    // stream says `ready` before LISTEN has completed: a change made in between would not reach it
    // (and closing the bus while it connects would leave the connection open). So the tests wait
    // until the expected number of instances listens before they change anything or close.
    async function listeningInstances(): Promise<number> {
      if (dialect !== 'postgres') return 0;
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and query = 'listen case_changes'`.execute(server.deps.db);
      return rows[0]?.n ?? 0;
    }

    async function untilListening(instances: number): Promise<void> {
      if (dialect !== 'postgres') return;
      const deadline = Date.now() + WAIT_MS;
      while ((await listeningInstances()) < instances) {
        if (Date.now() > deadline) throw new Error(`fewer than ${instances} instances LISTEN`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    async function streamOf(session: Session): Promise<EventStream> {
      const stream = await openStream(baseUrl, session.cookie);
      expect(stream.status).toBe(200);
      streams.push(stream);
      await untilListening(1);
      return stream;
    }

    async function openCase(by: Session, customerId?: string): Promise<string> {
      const response = await by.request({
        method: 'POST',
        url: '/api/cases',
        payload: {
          type: 'complaint',
          subject: 'Drucker zieht kein Papier ein',
          description: 'Seit dem Update.',
          ...(customerId ? { customerId } : {}),
        },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ id: string }>().id;
    }

    async function post(by: Session, caseId: string, visibility: 'public' | 'partner' | 'internal') {
      const response = await by.request({
        method: 'POST',
        url: `/api/cases/${caseId}/messages`,
        payload: { body: `Nachricht (${visibility})`, visibility },
      });
      expect(response.statusCode, response.body).toBe(201);
    }

    beforeAll(async () => {
      server = await startTestServer(dialect);
      await server.app.listen({ port: 0, host: '127.0.0.1' });
      baseUrl = baseUrlOf(server.app);
      channel = await buildChannel(server.deps);
      agent = await logIn(server.app, channel.users.agent.email, TEST_PASSWORD);
      customer = await logIn(server.app, channel.users.customer_user.email, TEST_PASSWORD);
      partnerA = await logIn(server.app, channel.users.partner_agent.email, TEST_PASSWORD);
      partnerB = await logIn(server.app, channel.users.otherPartnerAdmin.email, TEST_PASSWORD);
    });
    afterAll(async () => {
      for (const stream of streams) stream.close();
      await server?.close();
    });

    it('requires a login', async () => {
      const stream = await openStream(baseUrl);
      expect(stream.status).toBe(401);
      expect(JSON.parse(await stream.text)).toMatchObject({ code: 'unauthenticated' });
    });

    it('streams text/event-stream that proxies neither cache nor buffer', async () => {
      const stream = await streamOf(customer);
      expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      expect(stream.headers['cache-control']).toBe('no-cache');
      expect(stream.headers['x-accel-buffering']).toBe('no');
      expect(stream.headers['x-request-id']).toBeTruthy();
      stream.close();
    });

    it('tells the customer about a public reply on its case, but not about an internal note', async () => {
      const stream = await streamOf(customer);
      const caseId = await openCase(customer);
      await post(agent, caseId, 'internal');
      await post(agent, caseId, 'partner');
      await post(agent, caseId, 'public');
      // The public reply came last: once it is here, the notes would have arrived before it.
      await stream.waitUntil((events) => caseEvents(events, caseId, 'message_added').length > 0, 'reply');
      expect(caseEvents(stream.events, caseId, 'message_added')).toHaveLength(1);
      expect(caseEvents(stream.events, caseId, 'created')).toHaveLength(1);
      // Only what a refetch needs: not who else is involved.
      expect(Object.keys(caseEvents(stream.events, caseId)[0]!.data).sort()).toEqual([
        'at',
        'caseId',
        'number',
        'type',
      ]);
    });

    it('keeps partners apart: partner B never hears of partner A’s customer’s case', async () => {
      const streamA = await streamOf(partnerA);
      const streamB = await streamOf(partnerB);
      const caseOfA = await openCase(customer);
      await post(agent, caseOfA, 'public');
      await post(agent, caseOfA, 'partner');
      await streamA.waitUntil(
        (events) => caseEvents(events, caseOfA, 'message_added').length === 2,
        'partner A’s events',
      );
      expect(caseEvents(streamA.events, caseOfA, 'created')).toHaveLength(1);

      // A later case of B's own customer is the barrier: B's stream works, and anything about
      // A's case would have arrived before it.
      const caseOfB = await openCase(agent, channel.customerB1.id);
      await streamB.waitUntil((events) => caseEvents(events, caseOfB, 'created').length === 1, 'B’s case');
      expect(caseEvents(streamB.events, caseOfA)).toEqual([]);
      expect(caseEvents(streamA.events, caseOfB)).toEqual([]);
    });

    it('tells a partner about its customers’ cases it is not named on (reseller of record)', async () => {
      // A direct customer's case names no partner; the customer then moves to partner B.
      const walkIn = await buildOrganisation(server.deps, { kind: 'customer' });
      const caseId = await openCase(agent, walkIn.id);
      const admin = await logIn(server.app, channel.users.operator_admin.email, TEST_PASSWORD);
      const moved = await admin.request({
        method: 'PUT',
        url: `/api/organisations/${walkIn.id}/reseller-of-record`,
        payload: { partnerId: channel.partnerB.id, reason: 'Betreuung durch Systemhaus Süd' },
      });
      expect(moved.statusCode, moved.body).toBe(200);

      // A stream loads its partner's customers when it connects.
      const streamB = await streamOf(partnerB);
      const streamA = await streamOf(partnerA);
      await post(agent, caseId, 'public');
      await streamB.waitUntil(
        (events) => caseEvents(events, caseId).length === 1,
        'the moved customer’s case',
      );
      const barrier = await openCase(customer);
      await streamA.waitUntil((events) => caseEvents(events, barrier).length === 1, 'A’s barrier');
      expect(caseEvents(streamA.events, caseId)).toEqual([]);
    });

    it('stops telling a former reseller of record, and tells a partner only its own partner notes', async () => {
      // A customer of A with a case A is not on (partner C): A hears of it as reseller of record.
      const customerOfA = await buildOrganisation(server.deps, {
        kind: 'customer',
        resellerOfRecordId: channel.partnerA.id,
      });
      const partnerC = await buildOrganisation(server.deps, { kind: 'partner' });
      const caseOfC = await openCase(agent, customerOfA.id);
      const admin = await logIn(server.app, channel.users.operator_admin.email, TEST_PASSWORD);
      const onC = await agent.request({
        method: 'PATCH',
        url: `/api/cases/${caseOfC}`,
        payload: { partnerId: partnerC.id },
      });
      expect(onC.statusCode, onC.body).toBe(200);
      // A case A is on, of the same customer.
      const caseOfA = await openCase(partnerA, customerOfA.id);
      const streamA = await streamOf(partnerA);
      await post(agent, caseOfC, 'public');
      await streamA.waitUntil((events) => caseEvents(events, caseOfC).length === 1, 'the customer’s case');

      // The operator moves the customer to B. A's stream still holds its old customer list; the
      // rule itself is asked before anything goes out.
      const moved = await admin.request({
        method: 'PUT',
        url: `/api/organisations/${customerOfA.id}/reseller-of-record`,
        payload: { partnerId: channel.partnerB.id, reason: 'Kunde wechselt zu Systemhaus Süd' },
      });
      expect(moved.statusCode, moved.body).toBe(200);
      const streamB = await streamOf(partnerB);
      await post(agent, caseOfC, 'public');
      // The operator's partner note on A's case belongs to A: B (now reseller of record) does not hear of it.
      await post(agent, caseOfA, 'partner');
      await post(agent, caseOfA, 'public');
      await streamA.waitUntil(
        (events) => caseEvents(events, caseOfA, 'message_added').length === 2,
        'A’s own case',
      );
      expect(caseEvents(streamA.events, caseOfC)).toHaveLength(1); // nothing after the move
      await streamB.waitUntil(
        (events) =>
          caseEvents(events, caseOfC).length === 1 &&
          caseEvents(events, caseOfA, 'message_added').length === 1,
        'the new customer’s cases',
      );
      // The barrier: the public message on A's case came after the partner note.
      expect(caseEvents(streamB.events, caseOfA, 'message_added')).toHaveLength(1);
    });

    it('tells the operator everything, internal notes included', async () => {
      const stream = await streamOf(agent);
      const caseOfA = await openCase(customer);
      const caseOfB = await openCase(partnerB, channel.customerB1.id);
      await post(agent, caseOfA, 'internal');
      await post(partnerB, caseOfB, 'partner');
      await stream.waitUntil(
        (events) =>
          caseEvents(events, caseOfA, 'message_added').length === 1 &&
          caseEvents(events, caseOfB, 'message_added').length === 1,
        'both notes',
      );
      expect(caseEvents(stream.events, caseOfA, 'created')).toHaveLength(1);
      expect(caseEvents(stream.events, caseOfB, 'created')).toHaveLength(1);
    });

    it('stops listening when the client goes away', async () => {
      const live = server.deps.live as LiveCaseChanges;
      const subscribe = live.subscribe;
      let listening = 0;
      live.subscribe = (listener) => {
        listening += 1;
        const unsubscribe = subscribe(listener);
        return () => {
          listening -= 1;
          unsubscribe();
        };
      };
      try {
        const stream = await streamOf(customer);
        expect(listening).toBe(1);
        stream.close();
        const deadline = Date.now() + WAIT_MS;
        while (listening > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        expect(listening).toBe(0);
      } finally {
        live.subscribe = subscribe;
      }
    });

    /** Another instance of the app on the same database, with the bus buildApp makes from its config. */
    async function startSecondInstance(): Promise<{
      app: FastifyInstance;
      url: string;
      stop(): Promise<void>;
    }> {
      const target: DatabaseTarget =
        dialect === 'postgres'
          ? { dialect: 'postgres', url: server.database.url }
          : { dialect: 'sqlite', file: server.database.url.replace(/^sqlite:/, '') };
      const database = connectDatabase(target, { poolSize: 2 });
      const app = await buildApp({
        config: { ...server.deps.config, database: target },
        database,
        clock: server.clock,
        webRoot: '/nonexistent',
      });
      await app.listen({ port: 0, host: '127.0.0.1' });
      return {
        app,
        url: baseUrlOf(app),
        stop: async () => {
          await app.close();
          await database.close();
        },
      };
    }

    it('ends open streams when the app shuts down instead of waiting for the clients', async () => {
      const second = await startSecondInstance();
      try {
        const before = await listeningInstances();
        // Sessions live in the database: the cookie works on either instance.
        const stream = await openStream(second.url, customer.cookie);
        expect(stream.status).toBe(200);
        await untilListening(before + 1);
        await second.app.close();
        await stream.ended;
      } finally {
        await second.stop();
      }
    });

    if (dialect === 'postgres') {
      it('fans out across instances: a change made through one instance reaches a stream on another', async () => {
        const second = await startSecondInstance();
        try {
          const before = await listeningInstances();
          const stream = await openStream(second.url, agent.cookie);
          expect(stream.status).toBe(200);
          streams.push(stream);
          await untilListening(before + 1);
          const caseId = await openCase(customer); // through the first instance
          await post(agent, caseId, 'internal');
          await stream.waitUntil(
            (events) =>
              caseEvents(events, caseId)
                .map((e) => e.data.type)
                .join() === 'created,message_added',
            'the changes made on the first instance',
          );
        } finally {
          await second.stop();
        }
      });
    }
  });
}
