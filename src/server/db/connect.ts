import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  type SqliteDatabase,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import pg from 'pg';
import type { DatabaseTarget } from '../config';
import type { Database, DatabaseContext } from './database';

// int8 (counts, bigint counters) arrives as a string by default; our values fit in a double.
pg.types.setTypeParser(20, (value) => Number(value));

// SQLite's default (deferred) transaction takes the write lock only at its first write and fails
// at once with SQLITE_BUSY if another process wrote meanwhile. BEGIN IMMEDIATE takes the lock up
// front, so a second process (CLI import, a worker) waits out the busy timeout instead of failing.
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

// Kysely prepares every statement anew; preparing costs about as much as running a small
// statement. The same SQL text recurs all the time, so keep the prepared statements (LRU).
// Safe because the driver hands its single connection to one query at a time.
const STATEMENT_CACHE_SIZE = 1000;

function withStatementCache(database: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}

function sqliteDialect(database: SQLite.Database): Dialect {
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new ImmediateSqliteDriver({ database: withStatementCache(database) }),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
}

/** Opens the database the config names. */
export function connectDatabase(
  target: DatabaseTarget,
  options: { poolSize?: number } = {},
): DatabaseContext {
  if (target.dialect === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: options.poolSize ?? 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  if (target.file !== ':memory:') mkdirSync(dirname(target.file), { recursive: true });
  const sqlite = new SQLite(target.file);
  // WAL lets readers run while one writer commits; NORMAL sync is durable across process
  // crashes (kill -9) in WAL mode; the busy timeout queues writers instead of failing them.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // No ANALYZE on purpose: measured at 1M cases, statistics made SQLite loop over the small
  // organisation table first and sort every case (2.6 s instead of 4 ms for the plain list).

  const db = new Kysely<Database>({ dialect: sqliteDialect(sqlite) });
  return {
    db,
    dialect: 'sqlite',
    close: () => db.destroy(),
    backup: async (file, onProgress) => {
      await sqlite.backup(file, {
        progress: ({ totalPages, remainingPages }) => {
          onProgress(totalPages - remainingPages, totalPages);
          return 100;
        },
      });
    },
  };
}
