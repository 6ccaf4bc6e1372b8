import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects';
import { createTestDatabase, type TestDatabase } from '../../../test/test-db';
import { connectDatabase } from '../db/connect';
import type { DatabaseContext } from '../db/database';
import { systemClock } from '../shared/clock';
import { startOutboxDispatcher } from './dispatcher';
import { enqueueOutbox } from './outbox';

const silent = {
  warn() {},
  error() {},
  info() {},
  debug() {},
  fatal() {},
  trace() {},
  child() {
    return silent;
  },
  level: 'silent',
  silent() {},
};

for (const dialect of DIALECTS) {
  describe(`outbox [${dialect}]`, () => {
    let database: TestDatabase;
    let second: DatabaseContext;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      // On PostgreSQL a second pool stands for a second worker process (SKIP LOCKED keeps them
      // apart). SQLite runs one writer per process: both workers share its connection, and a
      // second connection in the same thread would block on the first (better-sqlite3 is synchronous).
      second = dialect === 'postgres' ? connectDatabase({ dialect, url: database.url }) : database;
    });
    afterAll(async () => {
      if (second !== database) await second.close();
      await database.drop();
    });

    it('delivers each message exactly once when two workers run at the same time', async () => {
      const count = 60;
      for (let i = 0; i < count; i++) {
        await enqueueOutbox(database.db, systemClock, {
          topic: 'mail.send',
          payload: { to: `kunde${i}@test.example`, subject: `Nachricht ${i}`, text: 'Hallo' },
        });
      }
      const delivered: string[] = [];
      const handler = async (payload: { to: string }) => {
        // Yield so the two workers interleave.
        await new Promise((resolve) => setTimeout(resolve, 1));
        delivered.push(payload.to);
      };
      const options = {
        clock: systemClock,
        logger: silent as never,
        autoStart: false,
        batchSize: 5,
      } as const;
      const workerA = startOutboxDispatcher({ ...options, database, handlers: { 'mail.send': handler } });
      const workerB = startOutboxDispatcher({
        ...options,
        database: second,
        handlers: { 'mail.send': handler },
      });
      const drain = async (worker: typeof workerA) => {
        while ((await worker.runOnce()) > 0) {
          // keep going until nothing is due
        }
      };
      await Promise.all([drain(workerA), drain(workerB)]);
      expect(delivered).toHaveLength(count);
      expect(new Set(delivered).size).toBe(count);
      const states = await database.db.selectFrom('outbox').select('status').execute();
      expect(states.every((s) => s.status === 'done')).toBe(true);
    });
  });
}
