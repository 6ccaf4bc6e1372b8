import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { connectDatabase } from '../src/server/db/connect';
import type { DatabaseContext } from '../src/server/db/database';
import type { DialectName } from '../src/server/db/dialect';
import { migrateToLatest } from '../src/server/db/migrate';
import { waitForConnectionsToClose } from './pg-admin';

export type TestDatabase = DatabaseContext & { url: string; dataDir: string; drop(): Promise<void> };

/**
 * A fresh, migrated database for one test file: a new SQLite file, or a new PostgreSQL
 * database created next to TEST_DATABASE_URL's and dropped afterwards. Both start as a copy of
 * the run's migrated template (test/db-template.setup.ts) where there is one.
 */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'channeldesk-test-'));
  if (dialect === 'sqlite') {
    const file = join(dataDir, 'test.sqlite');
    const template = inject('sqliteTemplate');
    if (template !== undefined) copyFileSync(template, file);
    const context = connectDatabase({ dialect: 'sqlite', file });
    if (template === undefined) await migrateToLatest(context.db, 'sqlite');
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
  const template = inject('postgresTemplate');
  await admin.query(
    template === undefined ? `create database ${name}` : `create database ${name} template ${template}`,
  );
  // A commit then returns before its WAL reaches the disk. Only a crash of PostgreSQL itself could
  // lose such a commit, which no test does (the crash tests kill our server, not the database),
  // and the many small transactions of a test no longer each wait for an fsync.
  await admin.query(`alter database ${name} set synchronous_commit = off`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const context = connectDatabase({ dialect: 'postgres', url: url.toString() }, { poolSize: 5 });
  if (template === undefined) await migrateToLatest(context.db, 'postgres');
  return {
    ...context,
    url: url.toString(),
    dataDir,
    drop: async () => {
      await context.close();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await waitForConnectionsToClose(client, name);
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
