import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { connectDatabase } from '../src/server/db/connect';
import type { DatabaseContext } from '../src/server/db/database';
import type { DialectName } from '../src/server/db/dialect';
import { migrateToLatest } from '../src/server/db/migrate';

export type TestDatabase = DatabaseContext & { url: string; dataDir: string; drop(): Promise<void> };

/**
 * A fresh, migrated database for one test file: a new SQLite file, or a new PostgreSQL
 * database created next to TEST_DATABASE_URL's and dropped afterwards.
 */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'channeldesk-test-'));
  if (dialect === 'sqlite') {
    const file = join(dataDir, 'test.sqlite');
    const context = connectDatabase({ dialect: 'sqlite', file });
    await migrateToLatest(context.db, 'sqlite');
    return {
      ...context,
      url: `sqlite:${file}`,
      dataDir,
      drop: async () => {
        await context.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `cd_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const context = connectDatabase({ dialect: 'postgres', url: url.toString() }, { poolSize: 5 });
  await migrateToLatest(context.db, 'postgres');
  return {
    ...context,
    url: url.toString(),
    dataDir,
    drop: async () => {
      await context.close();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      // pg's pool.end() resolves before its sockets have closed. Dropping WITH (FORCE) at that
      // moment sends a FATAL to a client that no longer listens for errors, and the test run
      // fails on an uncaught exception. So wait for the connections to go first.
      for (let waited = 0; waited < 5000; waited += 50) {
        const open = await client.query(
          'select count(*)::int as n from pg_stat_activity where datname = $1',
          [name],
        );
        if (open.rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
