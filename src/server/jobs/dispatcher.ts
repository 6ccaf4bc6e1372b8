import type { FastifyBaseLogger } from 'fastify';
import type { DatabaseContext } from '../db/database';
import type { Clock } from '../shared/clock';
import { claimDueOutbox, markOutboxDone, markOutboxFailed, type OutboxMessage } from './outbox';
import { type Poller, startPoller } from './poller';

export type OutboxHandlers = {
  [T in OutboxMessage['topic']]: (payload: Extract<OutboxMessage, { topic: T }>['payload']) => Promise<void>;
};

export type OutboxDispatcher = Poller;

/** Polls the outbox and delivers due messages with their topic's handler. */
export function startOutboxDispatcher(options: {
  database: DatabaseContext;
  clock: Clock;
  handlers: OutboxHandlers;
  logger: FastifyBaseLogger;
  intervalMs?: number;
  batchSize?: number;
  autoStart?: boolean;
}): OutboxDispatcher {
  const { database, clock, handlers, logger } = options;
  const intervalMs = options.intervalMs ?? 1000;
  const batchSize = options.batchSize ?? 20;
  async function deliver(): Promise<number> {
    const rows = await claimDueOutbox(database.db, database.dialect, clock, batchSize);
    for (const row of rows) {
      const handler = handlers[row.topic as OutboxMessage['topic']];
      try {
        if (!handler) throw new Error(`no handler for topic ${row.topic}`);
        await handler(JSON.parse(row.payload));
        await markOutboxDone(database.db, clock, row.id);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        logger.warn(
          { outboxId: row.id, topic: row.topic, attempt: row.attempts + 1, err: message },
          'outbox delivery failed',
        );
        await markOutboxFailed(database.db, clock, row, message);
      }
    }
    return rows.length;
  }

  return startPoller(deliver, { intervalMs, logger, label: 'outbox', autoStart: options.autoStart });
}
