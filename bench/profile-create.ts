// Diagnostic: where the time of one case creation goes. Calls the server's createCase in-process
// on a copy of a generated database and sums the time of every SQL statement (Kysely's log).
//
// Usage: DATA_DIR=/path/with/channeldesk.sqlite-copy [DATABASE_URL=postgres://…] node bin/run-ts.mjs bench/profile-create.ts [count]
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { parseConfig } from '../src/server/config';
import type { Database } from '../src/server/db/database';
import { createCase } from '../src/server/modules/cases/service';
import { systemClock } from '../src/server/shared/clock';
import type { Deps } from '../src/server/shared/deps';
import type { UserScope } from '../src/server/shared/scope';
import { createRandom, messageBody, subjectFor } from './lib/german-corpus';

const count = Number(process.argv[2] ?? 300);
const config = parseConfig();
const perSql = new Map<string, { count: number; ms: number }>();
let recording = false;
const log = (event: { level: string; query: { sql: string }; queryDurationMillis: number }) => {
  if (!recording) return;
  const key = event.query.sql.replace(/\s+/g, ' ').slice(0, 160);
  const entry = perSql.get(key) ?? { count: 0, ms: 0 };
  entry.count += 1;
  entry.ms += event.queryDurationMillis;
  perSql.set(key, entry);
};
let db: Kysely<Database>;
if (config.database.dialect === 'sqlite') {
  const sqlite = new SQLite(config.database.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), log });
} else {
  db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: config.database.url }) }),
    log,
  });
}
const deps: Deps = { db, dialect: config.database.dialect, clock: systemClock, config };
const admin = await db
  .selectFrom('person')
  .innerJoin('organisation', 'organisation.id', 'person.organisation_id')
  .select(['person.id', 'person.name', 'person.email', 'person.organisation_id', 'person.roles'])
  .where('person.email', '=', 'admin@printwerk.example')
  .executeTakeFirstOrThrow();
const scope: UserScope = {
  kind: 'user',
  personId: admin.id,
  name: admin.name,
  email: admin.email,
  organisationId: admin.organisation_id,
  organisationKind: 'operator',
  roles: JSON.parse(admin.roles),
  via: 'token',
};
const customers = (
  await db
    .selectFrom('organisation')
    .select('id')
    .where('kind', '=', 'customer')
    .orderBy('number')
    .limit(20)
    .execute()
).map((c) => c.id);
const random = createRandom(1);
const body = () => ({
  type: 'complaint' as const,
  customerId: random.pick(customers),
  subject: subjectFor(random, 'complaint', 2026),
  description: messageBody(random, 2026, 'inbound', 'Bench'),
  priority: 'normal' as const,
  tags: [],
  facts: [{ key: 'serial_number', label: 'Seriennummer', value: `P${random.int(1, 1e9)}` }],
});
for (let i = 0; i < 20; i++) await createCase(deps, scope, body());
recording = true;
const started = performance.now();
for (let i = 0; i < count; i++) await createCase(deps, scope, body());
const total = performance.now() - started;
recording = false;
const sqlMs = [...perSql.values()].reduce((sum, e) => sum + e.ms, 0);
console.log(
  `${count} creations: ${(total / count).toFixed(2)} ms each (${(count / (total / 1000)).toFixed(0)}/s sequential), SQL ${(sqlMs / count).toFixed(2)} ms of it`,
);
for (const [sql, e] of [...perSql].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25))
  console.log(
    `${(e.ms / count).toFixed(3).padStart(7)} ms/creation  ${String(e.count / count).padStart(4)}×  ${sql}`,
  );
await db.destroy();
void join;
