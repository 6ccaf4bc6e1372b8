// The benchmark's floor: plain Fastify (no plugins, no logger, no validation, no auth) and one
// synchronous better-sqlite3 INSERT per POST. channeldesk's figures are read as a ratio to this.
//
// Usage: PORT=… HOST=127.0.0.1 DATA_DIR=… node bin/run-ts.mjs bench/baseline-server.ts
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';

const port = Number(process.env.PORT ?? 3001);
const host = process.env.HOST ?? '127.0.0.1';
const dataDir = process.env.DATA_DIR ?? '.';

mkdirSync(dataDir, { recursive: true });
const sqlite = new SQLite(join(dataDir, 'baseline.sqlite'));
// The same pragmas as src/server/db/connect.ts, so both sides pay the same commit cost.
sqlite.pragma('journal_mode = WAL');
sqlite.pragma('synchronous = NORMAL');
sqlite.pragma('foreign_keys = ON');
sqlite.pragma('busy_timeout = 5000');
sqlite.exec(`CREATE TABLE IF NOT EXISTS organisation (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  postal_code TEXT,
  city TEXT,
  created_at TEXT NOT NULL
)`);
const insert = sqlite.prepare(
  'INSERT INTO organisation (id, kind, name, postal_code, city, created_at) VALUES (?, ?, ?, ?, ?, ?)',
);

type Body = { kind?: string; name?: string; postalCode?: string; city?: string };

const app = Fastify();

app.get('/health', async () => ({ status: 'ok' }));

app.post('/organisations', async (request, reply) => {
  const body = (request.body ?? {}) as Body;
  const row = {
    id: randomUUID(),
    kind: body.kind ?? 'customer',
    name: body.name ?? '',
    postalCode: body.postalCode ?? null,
    city: body.city ?? null,
    createdAt: new Date().toISOString(),
  };
  insert.run(row.id, row.kind, row.name, row.postalCode, row.city, row.createdAt);
  return reply.status(201).send(row);
});

const shutdown = () => {
  app
    .close()
    .then(() => {
      sqlite.close();
      process.exit(0);
    })
    .catch(() => process.exit(1));
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);

await app.listen({ port, host });
