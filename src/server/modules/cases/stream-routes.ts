import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { PassThrough } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database';
import { requireUser, SESSION_COOKIE } from '../../http/auth-guard';
import type { Deps } from '../../shared/deps';
import type { UserScope } from '../../shared/scope';
import { resolveApiToken, resolveSession } from '../auth/service';
import { ROLES } from '../users/person.table';
import { currentCustomersOf, entryReaderOf } from './access';
import type { CaseChange } from './live';
import { findCase } from './repository';
import { type StreamViewer, sseFrame, streamEventOf, streamVerdict } from './stream-filter';

// Proxies close connections that stay silent (nginx after 60 s); a comment line every 25 s keeps them open.
const HEARTBEAT_MS = 25_000;
// How old a partner's list of customers may be when a change is judged by it; see createResellerBook.
const RESELLER_BOOK_MAX_AGE_MS = 10_000;
// A client that stops reading must not make the server buffer without end: it is dropped, and
// EventSource reconnects (and the web app refetches) once it reads again.
const MAX_BUFFERED_BYTES = 256 * 1024;
const RECONNECT_AFTER_MS = 3_000;
const SHUTDOWN_GRACE_MS = 1_000;

type OpenStream = { end(): void; closed: Promise<void>; response: ServerResponse };

/**
 * The customers each partner is the current reseller of record for, shared by every stream of
 * this process.
 *
 * A change names its case's partner (`partnerId`), which decides most partner events without a
 * lookup; only a change of a case the partner is not on needs the partner's customers.
 * Asking the database per event and stream would cost up to one query per open partner stream for
 * every change in the system. Instead the list is loaded once per partner (concurrent loads are
 * shared), fresh when a stream connects, and reloaded when it is older than RESELLER_BOOK_MAX_AGE_MS
 * at the moment a change needs it: at most one query per partner organisation per 10 s, none while
 * nothing changes. A change the book says yes to is confirmed against the database
 * (`caseVisibleTo`), so a former reseller of record never hears of its old customer's cases; the
 * price of the book is only that for up to 10 s after the reseller of record changes, the new
 * one can miss events of its new customer's cases. Memory is bounded by the number of partners
 * with a stream since the process started.
 */
function createResellerBook(db: Db) {
  const books = new Map<string, { customers: ReadonlySet<string>; loadedAt: number }>();
  const loads = new Map<string, Promise<ReadonlySet<string>>>();

  function load(partnerId: string): Promise<ReadonlySet<string>> {
    let pending = loads.get(partnerId);
    if (!pending) {
      const startedAt = performance.now();
      pending = currentCustomersOf(db, partnerId)
        .then((rows) => {
          const customers = new Set(rows);
          books.set(partnerId, { customers, loadedAt: startedAt });
          return customers;
        })
        .finally(() => loads.delete(partnerId));
      loads.set(partnerId, pending);
    }
    return pending;
  }

  return {
    /** Reloads the partner's customers (on connect, so a reconnect always sees the current list). */
    refresh: load,
    /** The partner's customers, at most RESELLER_BOOK_MAX_AGE_MS old. */
    async customersOf(partnerId: string): Promise<ReadonlySet<string>> {
      const book = books.get(partnerId);
      if (book && performance.now() - book.loadedAt < RESELLER_BOOK_MAX_AGE_MS) return book.customers;
      return load(partnerId);
    },
  };
}

/**
 * Whether the credential that opened the stream still stands for the same person in the same
 * organisation. Checked with each heartbeat, so a stream ends within 25 s of a logout, a revoked
 * token or a deactivated account instead of running on until the browser tab closes.
 */
async function stillSignedIn(deps: Deps, request: FastifyRequest, scope: UserScope): Promise<boolean> {
  const authorization = request.headers.authorization;
  const cookie = request.cookies[SESSION_COOKIE];
  let current: UserScope | undefined;
  if (authorization?.startsWith('Bearer ')) {
    current = (await resolveApiToken(deps, authorization.slice(7).trim()))?.scope;
  } else if (cookie) {
    current = (await resolveSession(deps, cookie))?.scope;
  }
  return current?.personId === scope.personId && current.organisationId === scope.organisationId;
}

export const caseStreamRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const live = deps.live;
  if (!live) throw new Error('The case stream needs the live case bus (deps.live)');
  const resellerBook = createResellerBook(deps.db);
  const openStreams = new Set<OpenStream>();

  // An open stream never ends on its own, so app.close() would wait for every client. End them,
  // and wait until their responses are finished: Fastify then closes the connections as idle
  // instead of waiting out the keep-alive timeout. A client that does not read gets a second.
  app.addHook('preClose', async () => {
    const closing = [...openStreams];
    for (const stream of closing) stream.end();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
    await Promise.race([Promise.all(closing.map((stream) => stream.closed)), timeout]);
    for (const { response } of closing) {
      if (!response.writableFinished && !response.destroyed) response.destroy();
    }
  });

  app.get(
    '/cases/stream',
    {
      config: { access: ROLES },
      schema: {
        tags: ['cases'],
        summary: 'Live updates: a Server-Sent Events stream of changes to the cases the caller may see',
        description:
          'text/event-stream. Starts with `event: ready`; then `event: case` with data `{ caseId, number, type, at }` for each change the caller may see (internal changes only to the operator, partner-only changes only to the partner they belong to), and `event: notification` with `{ at }` when the caller got a new notification (refetch /api/notifications). Refetch the case to see what changed, and refetch lists after a reconnect: changes made while disconnected are not replayed. A comment line every 25 s keeps proxies from closing the connection.',
        // No response schema: a schema types reply.send() to JSON bodies, and the body is a stream.
      },
    },
    async (request, reply) => {
      const scope = requireUser(request);
      const viewer: StreamViewer = entryReaderOf(scope);
      if (viewer.audience === 'partner') await resellerBook.refresh(viewer.organisationId);

      const body = new PassThrough();
      let ended = false;
      const send = (frame: string) => {
        if (ended) return;
        if (body.writableLength > MAX_BUFFERED_BYTES) {
          request.log.warn('case stream client does not read; closing its stream');
          end();
          return;
        }
        body.write(frame);
      };

      // Changes are judged in arrival order; a partner's lookup may wait for a load, so they queue.
      let judged: Promise<void> = Promise.resolve();
      const onChange = (change: CaseChange) => {
        // A new notice is personal: only its recipients' streams hear of it, and only that it exists.
        if (change.type === 'notification') {
          if (change.personIds?.includes(scope.personId)) send(sseFrame('notification', { at: change.at }));
          return;
        }
        const verdict = streamVerdict(viewer, change);
        if (verdict === 'hide') return;
        judged = judged
          .then(async () => {
            if (verdict === 'if-case-visible') {
              if (change.partnerId !== viewer.organisationId) {
                const customers = await resellerBook.customersOf(viewer.organisationId);
                if (!customers.has(change.customerId)) return;
              }
              // The book may be stale: the rule itself has the last word.
              if (!(await findCase(deps.db, scope, change.caseId))) return;
            }
            send(sseFrame('case', streamEventOf(change)));
          })
          .catch((error: unknown) => {
            request.log.error({ err: error }, 'case stream could not judge a change; closing it');
            end();
          });
      };
      const unsubscribe = live.subscribe(onChange);

      const heartbeat = setInterval(() => {
        send(': heartbeat\n\n');
        stillSignedIn(deps, request, scope).then(
          (signedIn) => {
            if (!signedIn) end();
          },
          () => end(), // cannot tell: end it; the client reconnects through the auth guard
        );
      }, HEARTBEAT_MS);
      heartbeat.unref();

      function end() {
        if (ended) return;
        ended = true;
        unsubscribe();
        clearInterval(heartbeat);
        openStreams.delete(stream);
        if (!body.destroyed) body.end();
      }
      // The response closes when the client goes away (Fastify then destroys `body`) or after end().
      const closed = new Promise<void>((resolve) => reply.raw.once('close', resolve));
      const stream: OpenStream = { end, closed, response: reply.raw };
      openStreams.add(stream);
      void closed.then(end);

      // Say "ready" only once this instance really hears changes (LISTEN is active on PostgreSQL).
      await live.listening();
      body.write(`: connected\nretry: ${RECONNECT_AFTER_MS}\n\n`);
      body.write(sseFrame('ready', {}));
      return reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('x-accel-buffering', 'no')
        .send(body);
    },
  );
};
