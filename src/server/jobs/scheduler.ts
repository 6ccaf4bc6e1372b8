import type { FastifyBaseLogger } from 'fastify';
import type { DatabaseContext } from '../db/database';
import { skipLocked } from '../db/dialect';
import type { Clock } from '../shared/clock';
import { type Poller, startPoller } from './poller';
import type { TimerRow } from './timer.table';

/**
 * What the timers claimed together share: a handler reads something once per batch (the partners
 * lead routing needs) instead of once per timer. A failed read is not kept: the next timer tries again.
 */
export type TimerBatch = { once<T>(key: string, load: () => Promise<T>): Promise<T> };

export function createTimerBatch(): TimerBatch {
  const loaded = new Map<string, Promise<unknown>>();
  return {
    once<T>(key: string, load: () => Promise<T>): Promise<T> {
      let value = loaded.get(key) as Promise<T> | undefined;
      if (!value) {
        value = load();
        loaded.set(key, value);
        value.catch(() => loaded.delete(key));
      }
      return value;
    },
  };
}

export type TimerHandlers = Record<TimerRow['kind'], (timer: TimerRow, batch: TimerBatch) => Promise<void>>;

const LEASE_SECONDS = 60;

/**
 * Claims due timers: on PostgreSQL, concurrent workers skip rows another worker holds, and the lease
 * hides a claimed timer until it is handled. A handler must be idempotent: it recomputes from the
 * current state and reschedules or deletes its timer.
 */
export async function claimDueTimers(
  database: DatabaseContext,
  clock: Clock,
  limit: number,
): Promise<TimerRow[]> {
  const now = clock.now();
  const nowIso = now.toISOString();
  const lease = new Date(now.getTime() + LEASE_SECONDS * 1000).toISOString();
  return database.db.transaction().execute(async (trx) => {
    const due = await skipLocked(
      database.dialect,
      trx
        .selectFrom('timer')
        .select('id')
        .where('due_at', '<=', nowIso)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', nowIso)]))
        .orderBy('due_at')
        .limit(limit),
    ).execute();
    if (due.length === 0) return [];
    return trx
      .updateTable('timer')
      .set({ locked_until: lease })
      .where(
        'id',
        'in',
        due.map((d) => d.id),
      )
      .returningAll()
      .execute();
  });
}

export type Scheduler = Poller;

/** Runs due timers every `intervalMs`, plus periodic sweeps (auto-close) every `sweepMs`. */
export function startScheduler(options: {
  database: DatabaseContext;
  clock: Clock;
  handlers: TimerHandlers;
  sweeps?: (() => Promise<void>)[];
  logger: FastifyBaseLogger;
  intervalMs?: number;
  sweepMs?: number;
  autoStart?: boolean;
}): Scheduler {
  const { database, clock, handlers, logger } = options;
  let stopped = false;
  let lastSweep = 0;

  async function pass(): Promise<number> {
    let handled = 0;
    for (;;) {
      const timers = await claimDueTimers(database, clock, 50);
      const batch = createTimerBatch();
      for (const due of timers) {
        try {
          await handlers[due.kind](due, batch);
        } catch (error) {
          // Left claimed: the lease runs out and the timer is tried again.
          logger.error({ err: error, timerId: due.id, kind: due.kind }, 'timer failed');
        }
      }
      handled += timers.length;
      if (timers.length < 50 || stopped) break;
    }
    if (Date.now() - lastSweep >= (options.sweepMs ?? 60_000)) {
      lastSweep = Date.now();
      for (const sweep of options.sweeps ?? []) await sweep();
    }
    return handled;
  }

  const poller = startPoller(pass, {
    intervalMs: options.intervalMs ?? 1000,
    logger,
    label: 'scheduler',
    autoStart: options.autoStart,
  });
  return {
    runOnce: poller.runOnce,
    async stop() {
      stopped = true;
      await poller.stop();
    },
  };
}
