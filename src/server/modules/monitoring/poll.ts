import type { FastifyBaseLogger } from 'fastify';
import { FEED_SOURCE_MANAGE_ROLES } from '../../../shared/roles';
import { skipLocked } from '../../db/dialect';
import { type Poller, startPoller } from '../../jobs/poller';
import { AppError } from '../../shared/app-error';
import { addMinutes } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { requireRole, type Scope } from '../../shared/scope';
import { FeedFetchError, type FetchOptions, fetchFeed } from './feed-fetch';
import { FeedFormatError, parseFeedEntries } from './feed-parse';
import { fileMention } from './mention';
import type { FeedSourceRow } from './monitoring.table';
import { nextPollDelayMinutes } from './poll-schedule';
import type { PollResult } from './schemas';
import { readSource } from './sources';
import { compileTerms, matchTerms } from './term-match';

// Polling: the worker claims due sources (next_poll_at passed) by moving next_poll_at ahead by
// a lease, in a transaction that skips rows another worker holds on PostgreSQL. The lease ends
// when the poll sets the real next time; a worker that dies mid-poll leaves the source to be
// taken again once the lease has run out. "Poll now" polls at once, claimed or not: the entry's
// unique key keeps a mention from being filed twice however polls overlap.

const LEASE_MINUTES = 5;
const CLAIM_BATCH = 10;

type PollOutcome = Omit<PollResult, 'source'>;

/** Test hooks: smaller limits than the real ones. */
export type PollLimits = Pick<FetchOptions, 'maxBytes' | 'timeoutMs'>;

async function pollRow(deps: Deps, source: FeedSourceRow, limits: PollLimits = {}): Promise<PollOutcome> {
  const started = deps.clock.now();
  try {
    const fetched = await fetchFeed(source.url, {
      allowPrivateNetwork: source.allow_private_network === 1,
      etag: source.etag,
      lastModified: source.last_modified,
      userAgent: `channeldesk-feed-monitor/1 (+${deps.config.publicUrl})`,
      ...limits,
    });
    if (fetched.kind === 'not_modified') {
      await recordSuccess(deps, source, started, {});
      return { outcome: 'not_modified', entries: 0, newCases: [] };
    }
    let entries: ReturnType<typeof parseFeedEntries>;
    try {
      entries = parseFeedEntries(fetched.body);
    } catch (error) {
      if (error instanceof FeedFormatError)
        throw new FeedFetchError('not_a_feed', `Not an RSS, Atom or JSON feed: ${error.message}`, {
          reason: error.message,
        });
      throw error;
    }
    const terms = compileTerms(JSON.parse(source.terms) as string[]);
    const newCases: string[] = [];
    for (const entry of entries) {
      const found = matchTerms(`${entry.title}\n${entry.text}`, terms);
      if (found.length === 0) continue;
      const number = await fileMention(deps, source, entry, found);
      if (number) newCases.push(number);
    }
    // Validators are kept only once every entry is filed: a failure above polls the whole feed again.
    await recordSuccess(deps, source, started, { etag: fetched.etag, lastModified: fetched.lastModified });
    return { outcome: 'ok', entries: entries.length, newCases };
  } catch (error) {
    if (!(error instanceof FeedFetchError)) throw error;
    await recordFailure(deps, source, error);
    return { outcome: 'error', entries: 0, newCases: [] };
  }
}

async function recordSuccess(
  deps: Deps,
  source: FeedSourceRow,
  started: Date,
  validators: { etag?: string | null; lastModified?: string | null },
): Promise<void> {
  await deps.db
    .updateTable('feed_source')
    .set({
      ...(validators.etag !== undefined ? { etag: validators.etag } : {}),
      ...(validators.lastModified !== undefined ? { last_modified: validators.lastModified } : {}),
      last_polled_at: started.toISOString(),
      next_poll_at: addMinutes(
        deps.clock.now(),
        nextPollDelayMinutes(source.interval_minutes, 0),
      ).toISOString(),
      error_count: 0,
      last_error_code: null,
      last_error: null,
      last_error_at: null,
    })
    .where('id', '=', source.id)
    .execute();
}

async function recordFailure(deps: Deps, source: FeedSourceRow, error: FeedFetchError): Promise<void> {
  const now = deps.clock.now();
  const errors = source.error_count + 1;
  await deps.db
    .updateTable('feed_source')
    .set({
      last_polled_at: now.toISOString(),
      next_poll_at: addMinutes(now, nextPollDelayMinutes(source.interval_minutes, errors)).toISOString(),
      // Counted up from what the claim read; a parallel poll's failure may count once for both.
      error_count: errors,
      last_error_code: error.code,
      last_error: JSON.stringify({ message: error.message, params: error.params }),
      last_error_at: now.toISOString(),
    })
    .where('id', '=', source.id)
    .execute();
}

/** POST /api/feed-sources/:id/poll: polls now, also a paused source, and answers with what it found. */
export async function pollFeedSourceNow(
  deps: Deps,
  scope: Scope,
  id: string,
  limits: PollLimits = {},
): Promise<PollResult> {
  requireRole(scope, FEED_SOURCE_MANAGE_ROLES);
  const source = await deps.db.selectFrom('feed_source').selectAll().where('id', '=', id).executeTakeFirst();
  if (!source) throw AppError.notFound('Feed source');
  const outcome = await pollRow(deps, source, limits);
  return { source: await readSource(deps.db, id), ...outcome };
}

/** Claims up to `limit` due active sources for this worker (see the header). */
export async function claimDueSources(deps: Deps, limit = CLAIM_BATCH): Promise<FeedSourceRow[]> {
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const lease = addMinutes(now, LEASE_MINUTES).toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const due = await skipLocked(
      deps.dialect,
      trx
        .selectFrom('feed_source')
        .select('id')
        .where('active', '=', 1)
        .where('next_poll_at', '<=', nowIso)
        .orderBy('next_poll_at')
        .limit(limit),
    ).execute();
    if (due.length === 0) return [];
    return trx
      .updateTable('feed_source')
      .set({ next_poll_at: lease })
      .where(
        'id',
        'in',
        due.map((d) => d.id),
      )
      .where('next_poll_at', '<=', nowIso)
      .returningAll()
      .execute();
  });
}

/** One worker pass: polls every due source; returns how many were polled. */
export async function pollDueSources(
  deps: Deps,
  logger?: FastifyBaseLogger,
  limits: PollLimits = {},
): Promise<number> {
  let polled = 0;
  for (;;) {
    const sources = await claimDueSources(deps);
    for (const source of sources) {
      try {
        await pollRow(deps, source, limits);
      } catch (error) {
        // Left claimed: the lease runs out and the source is polled again.
        logger?.error({ err: error, feedSourceId: source.id }, 'feed poll failed');
      }
    }
    polled += sources.length;
    if (sources.length < CLAIM_BATCH) return polled;
  }
}

/** The worker's feed poller: looks for due sources every 30 s. */
export function startFeedPolling(deps: Deps, logger: FastifyBaseLogger, intervalMs = 30_000): Poller {
  return startPoller(() => pollDueSources(deps, logger), { intervalMs, logger, label: 'feed polling' });
}
