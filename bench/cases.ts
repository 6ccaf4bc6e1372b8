// Cases benchmark: channeldesk on a large generated data set (default 1,000,000 cases with about
// 5,000,000 messages), on SQLite and on PostgreSQL in one run: case creation via the API at 8 and
// 32 connections (with the foundation's bare Fastify + better-sqlite3 baseline measured alongside),
// filtered list and full-text search latencies, and SSE fan-out to 200 clients.
//
// Usage: npm run bench -- cases   (or BENCH_ONLY=cases npm run bench)
//   BENCH_CASES=100000   data set size (default 1000000; generated once, then kept under os.tmpdir())
//   BENCH_DIALECTS=sqlite,postgres   BENCH_DURATION=8   BENCH_PG_URL=postgres://…/test
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { parseConfig } from '../src/server/config';
import type { Database } from '../src/server/db/database';
import { listCases } from '../src/server/modules/cases/list';
import { ListCasesQuery } from '../src/server/modules/cases/schemas';
import type { Deps } from '../src/server/shared/deps';
import type { Scope } from '../src/server/shared/scope';
import {
  type BenchDialect,
  ensureGenerated,
  type GeneratedMeta,
  PG_BASE_URL,
  parseCaseCount,
  pgDatabaseName,
  pgUrl,
  sqliteDataDir,
} from './generate-cases';
import { createRandom, messageBody, SEARCH_WORDS, subjectFor } from './lib/german-corpus';
import {
  authHeaders,
  type Credential,
  createApiToken,
  login,
  openSse,
  type SseClient,
  type Stats,
  stats,
  timedGet,
} from './lib/http';
import { type LoadTarget, type Measurement, measure } from './lib/load';
import { type ChildServer, freePort, startChildServer } from './lib/processes';
import {
  consoleTable,
  describeMachine,
  type Machine,
  machineInfo,
  machineWasBusy,
  markdownTable,
  type Table,
  updateBenchmarksDoc,
} from './lib/report';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');
const DOC_PATH = join(REPO_ROOT, 'docs', 'benchmarks.md');
const BENCH_NAME = 'cases';
const PASSWORD = 'channeldesk-demo';
const WARMUP_SECONDS = 2;
const CONNECTIONS = [8, 32] as const;
const LIST_REQUESTS_PER_SCENARIO = 30;
const SEARCH_REQUESTS = 300;
const SSE_CLIENTS = 200;
const SSE_CHANGES = 50;
const TARGETS = {
  createPerSecondSqlite32: 1_100,
  listP95Ms: 20,
  searchP95Ms: { sqlite: 50, postgres: 100 } as Record<BenchDialect, number>,
};

type Row = Measurement & { warmupNon2xx: number; warmupErrors: number };
type CreationRow = { server: string; connections: number; row: Row };
type LatencyRow = { scenario: string; as: string; url: string; stats: Stats; dbMs?: Stats; plan?: string };
type SseResult = {
  clients: { operator: number; partner: number; customer: number };
  changes: number;
  expected: number;
  delivered: number;
  afterResponse: Stats;
  afterRequestStart: Stats;
  earlyArrivals: number;
  postMs: Stats;
  errors: string[];
};
type DialectResult = {
  dialect: BenchDialect;
  dataset: GeneratedMeta & { reused: boolean };
  copySeconds: number;
  creation: CreationRow[];
  list: LatencyRow[];
  search: LatencyRow[];
  sse: SseResult;
  problems: string[];
};

function parseDuration(value: string | undefined): number {
  if (value === undefined || value === '') return 8;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 120)
    throw new Error(`BENCH_DURATION must be a number of seconds between 1 and 120, got "${value}"`);
  return seconds;
}

function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'PUBLIC_URL', 'SESSION_SECRET', 'SMTP_URL', 'TRUST_PROXY'])
    delete env[name];
  return { ...env, ...overrides };
}

const fmt = (value: number, digits = 0) =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '—';
const ms = (value: number) => (Number.isFinite(value) ? (value < 10 ? fmt(value, 1) : fmt(value)) : '—');

// ---------------------------------------------------------------------------------------------
// Reference ids from the working copy

type Ids = {
  adminPersonId: string;
  operatorOrgId: string;
  agentId: string;
  partnerOrgId: string;
  customerOrgId: string;
  bigCustomerId: string;
  customerIds: string[];
  caseNumbers: string[];
  sseCaseId: string;
};

async function lookupIds(db: Kysely<Database>): Promise<Ids> {
  const person = (email: string) =>
    db
      .selectFrom('person')
      .select(['id', 'organisation_id'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
  const admin = await person('admin@printwerk.example');
  const agent = await person('agent@printwerk.example');
  const partner = await person('technik@nordwest-it.example');
  const customer = await person('buero@baeckerei-sommer.example');
  const customers = await db
    .selectFrom('organisation')
    .select('id')
    .where('kind', '=', 'customer')
    .where('active', '=', 1)
    .orderBy('number')
    .limit(20)
    .execute();
  const numbers = await db
    .selectFrom('support_case')
    .select('number')
    .where('customer_id', '=', customers[0]!.id)
    .orderBy('id', 'desc')
    .limit(20)
    .execute();
  const sseCase = await db
    .selectFrom('support_case')
    .select('id')
    .where('customer_id', '=', customer.organisation_id)
    .where('partner_id', '=', partner.organisation_id)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return {
    adminPersonId: admin.id,
    operatorOrgId: admin.organisation_id,
    agentId: agent.id,
    partnerOrgId: partner.organisation_id,
    customerOrgId: customer.organisation_id,
    bigCustomerId: customers[0]!.id,
    customerIds: customers.map((c) => c.id),
    caseNumbers: numbers.map((n) => n.number),
    sseCaseId: sseCase.id,
  };
}

// ---------------------------------------------------------------------------------------------
// Query plans: the list query as the server builds it (listCases), captured and explained in-process.

type Captured = { sql: string; parameters: readonly unknown[]; ms: number };

function explainingDb(dialect: BenchDialect, location: string) {
  const captured: Captured[] = [];
  const log = (event: {
    level: string;
    query: { sql: string; parameters: readonly unknown[] };
    queryDurationMillis: number;
  }) => {
    if (event.level === 'query')
      captured.push({
        sql: event.query.sql,
        parameters: event.query.parameters,
        ms: event.queryDurationMillis,
      });
  };
  if (dialect === 'sqlite') {
    const sqlite = new SQLite(location, { readonly: true });
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), log });
    return {
      db,
      captured,
      explain: async (query: Captured) =>
        (
          sqlite.prepare(`explain query plan ${query.sql}`).all(...(query.parameters as unknown[])) as {
            detail: string;
          }[]
        )
          .map((row) => row.detail)
          .join('\n'),
      close: () => db.destroy(),
    };
  }
  const pool = new pg.Pool({ connectionString: location, max: 2 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
  return {
    db,
    captured,
    explain: async (query: Captured) => {
      const { rows } = await pool.query(
        `explain (analyze, buffers) ${query.sql}`,
        query.parameters as unknown[],
      );
      return rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
    },
    close: () => db.destroy(),
  };
}

function scopeFor(kind: 'operator' | 'partner' | 'customer', ids: Ids): Scope {
  const organisationId =
    kind === 'operator' ? ids.operatorOrgId : kind === 'partner' ? ids.partnerOrgId : ids.customerOrgId;
  return {
    kind: 'user',
    personId: ids.adminPersonId,
    name: 'bench',
    email: 'bench@example.invalid',
    organisationId,
    organisationKind: kind,
    roles: [],
    via: 'token',
  };
}

// ---------------------------------------------------------------------------------------------
// Scenarios

type Viewer = 'operator' | 'partner' | 'customer';
type ListScenario = { scenario: string; as: Viewer; query: string };

function listScenarios(ids: Ids): ListScenario[] {
  return [
    { scenario: 'all, newest updated', as: 'operator', query: '' },
    { scenario: 'status open,new', as: 'operator', query: 'status=open,new' },
    { scenario: 'status open,new, 2nd page (cursor)', as: 'operator', query: 'status=open,new&page=2' },
    {
      scenario: 'my open cases (assignee)',
      as: 'operator',
      query: `status=open,new,waiting_customer&assignee=${ids.agentId}`,
    },
    { scenario: 'unassigned new', as: 'operator', query: 'status=new&assignee=none' },
    { scenario: 'breaching', as: 'operator', query: 'breaching=true' },
    { scenario: 'customer (biggest)', as: 'operator', query: `customerId=${ids.bigCustomerId}` },
    {
      scenario: 'partner filter',
      as: 'operator',
      query: `partnerId=${ids.partnerOrgId}&status=open,new,waiting_partner`,
    },
    {
      scenario: 'high/urgent complaints',
      as: 'operator',
      query: 'type=complaint&priority=high,urgent&status=open',
    },
    { scenario: 'partner: all (scoped)', as: 'partner', query: '' },
    { scenario: 'partner: open (scoped)', as: 'partner', query: 'status=open,new' },
    { scenario: 'customer: all (scoped)', as: 'customer', query: '' },
  ];
}

type SearchScenario = { scenario: string; as: Viewer; q: string };
function searchScenarios(ids: Ids): SearchScenario[] {
  return [
    ...SEARCH_WORDS.common.map((q) => ({ scenario: 'common word', as: 'operator' as const, q })),
    ...SEARCH_WORDS.rare.map((q) => ({
      scenario: 'less common word (~5 % of cases)',
      as: 'operator' as const,
      q,
    })),
    ...SEARCH_WORDS.pairs.map((q) => ({ scenario: 'two words', as: 'operator' as const, q })),
    ...SEARCH_WORDS.prefix.map((q) => ({ scenario: 'prefix (typing)', as: 'operator' as const, q })),
    ...ids.caseNumbers.slice(0, 6).map((q) => ({ scenario: 'case number', as: 'operator' as const, q })),
    ...ids.caseNumbers
      .slice(6, 9)
      .map((q) => ({ scenario: 'case number, partly typed', as: 'operator' as const, q: q.slice(0, -2) })),
    ...SEARCH_WORDS.common
      .slice(0, 4)
      .map((q) => ({ scenario: 'partner: common word', as: 'partner' as const, q })),
    ...SEARCH_WORDS.pairs
      .slice(0, 4)
      .map((q) => ({ scenario: 'partner: two words', as: 'partner' as const, q })),
  ];
}

function creationBodies(customerIds: string[]): () => string {
  const random = createRandom(Date.now() & 0xffffff);
  let serial = 0;
  return () => {
    serial += 1;
    const year = 2026;
    return JSON.stringify({
      type: 'complaint',
      customerId: random.pick(customerIds),
      subject: subjectFor(random, 'complaint', year),
      description: messageBody(random, year, 'inbound', 'Bench Kunde'),
      facts: [{ key: 'serial_number', label: 'Seriennummer', value: `BENCH${serial}` }],
    });
  };
}

// ---------------------------------------------------------------------------------------------
// Measurements

async function sequentialLatencies(
  url: (index: number) => string,
  headers: Record<string, string>,
  count: number,
): Promise<number[]> {
  for (let i = 0; i < 3; i++) await timedGet(url(i), headers); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < count; i++) samples.push((await timedGet(url(i), headers)).ms);
  return samples;
}

async function measureSse(
  baseUrl: string,
  credentials: Record<Viewer, Credential[]>,
  admin: Credential,
  caseId: string,
): Promise<SseResult> {
  const mix: [Viewer, number][] = [
    ['operator', 100],
    ['partner', 60],
    ['customer', 40],
  ];
  const arrivals: number[][] = []; // per client: arrival times of events for caseId, in order
  const clients: SseClient[] = [];
  for (const [viewer, count] of mix) {
    for (let i = 0; i < count; i++) {
      const index = arrivals.length;
      arrivals.push([]);
      const credential = credentials[viewer][i % credentials[viewer].length]!;
      clients.push(
        openSse(`${baseUrl}/api/cases/stream`, authHeaders(credential), (event, data, at) => {
          if (event === 'case' && (data as { caseId?: string }).caseId === caseId) arrivals[index]!.push(at);
        }),
      );
    }
  }
  try {
    await Promise.all(clients.map((client) => client.ready));
    const sent: { start: number; end: number }[] = [];
    const postMs: number[] = [];
    for (let k = 0; k < SSE_CHANGES; k++) {
      const start = performance.now();
      const response = await fetch(`${baseUrl}/api/cases/${caseId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authHeaders(admin) },
        body: JSON.stringify({
          body: `Kurze Rückmeldung ${k + 1}: Das Austauschgerät ist unterwegs.`,
          visibility: 'public',
        }),
        signal: AbortSignal.timeout(15_000),
      });
      const end = performance.now();
      if (!response.ok)
        throw new Error(`POST message answered HTTP ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
      sent.push({ start, end });
      postMs.push(end - start);
      // Wait until every stream has this change (or 2 s), so each change is measured on its own.
      const deadline = performance.now() + 2_000;
      while (arrivals.some((list) => list.length < k + 1) && performance.now() < deadline)
        await new Promise((resolveWait) => setTimeout(resolveWait, 2));
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));
    const afterResponse: number[] = [];
    const afterStart: number[] = [];
    let early = 0;
    let delivered = 0;
    for (const list of arrivals) {
      list.slice(0, SSE_CHANGES).forEach((at, k) => {
        delivered += 1;
        const latency = at - sent[k]!.end;
        if (latency < 0) early += 1;
        afterResponse.push(Math.max(0, latency));
        afterStart.push(at - sent[k]!.start);
      });
    }
    return {
      clients: { operator: 100, partner: 60, customer: 40 },
      changes: SSE_CHANGES,
      expected: SSE_CLIENTS * SSE_CHANGES,
      delivered,
      afterResponse: stats(afterResponse),
      afterRequestStart: stats(afterStart),
      earlyArrivals: early,
      postMs: stats(postMs),
      errors: clients.flatMap((client) => client.errors).slice(0, 5),
    };
  } finally {
    for (const client of clients) client.close();
  }
}

// ---------------------------------------------------------------------------------------------

type WorkingCopy = { env: Record<string, string>; location: string; seconds: number; drop(): Promise<void> };

async function prepareWorkingCopy(
  dialect: BenchDialect,
  cases: number,
  tempRoot: string,
): Promise<WorkingCopy> {
  const started = performance.now();
  if (dialect === 'sqlite') {
    const dataDir = join(tempRoot, 'sqlite');
    mkdirSync(dataDir, { recursive: true });
    copyFileSync(join(sqliteDataDir(cases), 'channeldesk.sqlite'), join(dataDir, 'channeldesk.sqlite'));
    return {
      env: { DATA_DIR: dataDir },
      location: join(dataDir, 'channeldesk.sqlite'),
      seconds: (performance.now() - started) / 1000,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const database = `bench_cases_run_${cases}`;
  const admin = new pg.Client({ connectionString: PG_BASE_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${database} with (force)`);
  await admin.query(`create database ${database} template ${pgDatabaseName(cases)}`);
  await admin.end();
  const url = pgUrl(database);
  return {
    env: { DATA_DIR: join(tempRoot, 'postgres'), DATABASE_URL: url },
    location: url,
    seconds: (performance.now() - started) / 1000,
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_BASE_URL });
      await client.connect();
      await client.query(`drop database if exists ${database} with (force)`);
      await client.end();
    },
  };
}

async function benchDialect(
  dialect: BenchDialect,
  dataset: GeneratedMeta & { reused: boolean },
  cases: number,
  duration: number,
  tempRoot: string,
  servers: ChildServer[],
): Promise<DialectResult> {
  console.log(`\n=== ${dialect}: ${fmt(dataset.totalCases)} cases ===`);
  const copy = await prepareWorkingCopy(dialect, cases, tempRoot);
  console.log(`working copy ready in ${fmt(copy.seconds, 1)} s`);
  const explaining = explainingDb(dialect, copy.location);
  let server: ChildServer | undefined;
  try {
    const ids = await lookupIds(explaining.db);
    const port = await freePort();
    server = await startChildServer({
      name: `channeldesk-${dialect}`,
      args: ['bin/channeldesk.mjs', 'serve'],
      cwd: REPO_ROOT,
      env: childEnv({
        ...copy.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        DEMO_DATA: 'false',
      }),
      port,
      readyPath: '/api/ready',
      timeoutMs: 120_000,
    });
    servers.push(server);
    const base = server.url;
    const adminSession = await login(base, 'admin@printwerk.example', PASSWORD);
    const admin: Credential = { kind: 'token', token: await createApiToken(base, adminSession) };
    const partnerSessions = [
      await login(base, 'technik@nordwest-it.example', PASSWORD),
      await login(base, 'inhaber@nordwest-it.example', PASSWORD),
      await login(base, 'technik@nordwest-it.example', PASSWORD),
    ];
    const customerSessions = [
      await login(base, 'buero@baeckerei-sommer.example', PASSWORD),
      await login(base, 'buero@baeckerei-sommer.example', PASSWORD),
    ];
    const credentials: Record<Viewer, Credential[]> = {
      operator: [admin, { kind: 'session', session: adminSession }],
      partner: partnerSessions.map((session) => ({ kind: 'session', session })),
      customer: customerSessions.map((session) => ({ kind: 'session', session })),
    };
    const headersFor = (viewer: Viewer) => authHeaders(credentials[viewer][0]!);
    const problemsBefore = server.problems().count;

    // List and search first, on the data set as generated; creation then adds cases.
    const list: LatencyRow[] = [];
    for (const scenario of listScenarios(ids)) {
      let query = scenario.query;
      if (query.endsWith('&page=2')) {
        query = query.replace('&page=2', '');
        const first = await timedGet(`${base}/api/cases?${query}`, headersFor(scenario.as));
        const cursor = (first.body as { nextCursor: string | null }).nextCursor;
        if (cursor) query = `${query}&cursor=${cursor}`;
      }
      const url = `${base}/api/cases${query ? `?${query}` : ''}`;
      const samples = await sequentialLatencies(
        () => url,
        headersFor(scenario.as),
        LIST_REQUESTS_PER_SCENARIO,
      );
      list.push({
        scenario: scenario.scenario,
        as: scenario.as,
        url: url.slice(base.length),
        stats: stats(samples),
      });
      process.stdout.write(
        `list   ${scenario.scenario.padEnd(36)} p50 ${ms(stats(samples).p50)} ms, p95 ${ms(stats(samples).p95)} ms\n`,
      );
    }
    const searches = searchScenarios(ids);
    const searchSamples = new Map<string, { as: Viewer; urls: Set<string>; samples: number[] }>();
    for (let i = 0; i < 3; i++)
      await timedGet(`${base}/api/cases?q=${encodeURIComponent(searches[i]!.q)}`, headersFor('operator'));
    for (let i = 0; i < SEARCH_REQUESTS; i++) {
      const search = searches[i % searches.length]!;
      const url = `${base}/api/cases?q=${encodeURIComponent(search.q)}`;
      const { ms: took } = await timedGet(url, headersFor(search.as));
      const entry = searchSamples.get(search.scenario) ?? { as: search.as, urls: new Set(), samples: [] };
      entry.urls.add(search.q);
      entry.samples.push(took);
      searchSamples.set(search.scenario, entry);
    }
    const search: LatencyRow[] = [...searchSamples].map(([scenario, entry]) => ({
      scenario,
      as: entry.as,
      url: [...entry.urls].slice(0, 4).join(' · '),
      stats: stats(entry.samples),
    }));
    search.push({
      scenario: 'all searches',
      as: 'mixed',
      url: `${SEARCH_REQUESTS} requests`,
      stats: stats([...searchSamples.values()].flatMap((entry) => entry.samples)),
    });
    for (const row of search)
      console.log(
        `search ${row.scenario.padEnd(36)} p50 ${ms(row.stats.p50)} ms, p95 ${ms(row.stats.p95)} ms`,
      );

    // Plans and database-only times for list scenarios and the slowest search queries.
    await explainSlow(explaining, ids, list, search, searches, dialect);

    // SSE fan-out before the creation load, on an idle server.
    process.stdout.write(`sse    ${SSE_CLIENTS} clients × ${SSE_CHANGES} changes … `);
    const sse = await measureSse(base, credentials, admin, ids.sseCaseId);
    console.log(
      `${sse.delivered}/${sse.expected} delivered, p50 ${ms(sse.afterResponse.p50)} ms, p95 ${ms(sse.afterResponse.p95)} ms, max ${ms(sse.afterResponse.max)} ms`,
    );

    const creation: CreationRow[] = [];
    const target: LoadTarget = {
      url: `${base}/api/cases`,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders(admin) },
      body: creationBodies(ids.customerIds),
    };
    const probe = await fetch(target.url, { method: 'POST', headers: target.headers, body: target.body!() });
    if (probe.status !== 201)
      throw new Error(`POST /api/cases answered HTTP ${probe.status}: ${await probe.text()}`);
    for (const connections of CONNECTIONS) {
      process.stdout.write(`create ${String(connections).padStart(2)} conn … `);
      const row = await measure(target, connections, duration, WARMUP_SECONDS);
      creation.push({ server: `channeldesk ${dialect}`, connections, row });
      console.log(
        `${fmt(row.requestsPerSecond)} req/s, p50 ${row.latencyP50Ms} ms, p99 ${row.latencyP99Ms} ms, non-2xx ${row.non2xx}`,
      );
    }

    const { count, lines } = server.problems();
    const problems =
      count > problemsBefore
        ? [
            `${server.name}: ${count - problemsBefore} warn/error log lines, e.g. ${(lines[problemsBefore] ?? lines.at(-1) ?? '').slice(0, 300)}`,
          ]
        : [];
    return { dialect, dataset, copySeconds: copy.seconds, creation, list, search, sse, problems };
  } finally {
    await server?.stop();
    await explaining.close();
    await copy.drop();
  }
}

async function explainSlow(
  explaining: ReturnType<typeof explainingDb>,
  ids: Ids,
  list: LatencyRow[],
  search: LatencyRow[],
  searches: SearchScenario[],
  dialect: BenchDialect,
): Promise<void> {
  const deps = {
    db: explaining.db,
    dialect,
    config: parseConfig({ LOG_LEVEL: 'silent' }),
  } as unknown as Deps;
  const run = async (as: Viewer, params: Record<string, string>) => {
    explaining.captured.length = 0;
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      explaining.captured.length = 0;
      const started = performance.now();
      await listCases(deps, scopeFor(as, ids), ListCasesQuery.parse(params));
      times.push(performance.now() - started);
    }
    const query = explaining.captured.at(-1);
    return { dbMs: stats(times), plan: query ? await explaining.explain(query) : undefined };
  };
  for (const row of list) {
    const params = Object.fromEntries(new URL(`http://x${row.url}`).searchParams);
    const result = await run(row.as as Viewer, params);
    row.dbMs = result.dbMs;
    if (row.stats.p95 >= TARGETS.listP95Ms) row.plan = result.plan;
  }
  for (const row of search) {
    if (row.as === 'mixed') continue;
    const q = searches.find((s) => s.scenario === row.scenario)!;
    const result = await run(q.as, { q: q.q });
    row.dbMs = result.dbMs;
    if (row.stats.p95 >= TARGETS.searchP95Ms[dialect]) row.plan = `q=${q.q}\n${result.plan}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function creationTable(results: DialectResult[], baseline: CreationRow[]): Table {
  const table: Table = [
    ['Server', 'Connections', 'req/s (mean)', 'p50 ms', 'p99 ms', 'Errors / non-2xx', '÷ baseline'],
  ];
  const rows = [...results.flatMap((r) => r.creation), ...baseline];
  for (const { server, connections, row } of rows) {
    const base = baseline.find((b) => b.connections === connections)?.row.requestsPerSecond ?? 0;
    table.push([
      server,
      String(connections),
      fmt(row.requestsPerSecond),
      row.latencyP50Ms < 1 ? '<1' : String(row.latencyP50Ms),
      String(row.latencyP99Ms),
      `${row.errors} / ${row.non2xx}`,
      server.startsWith('baseline') || base === 0 ? '—' : `${(row.requestsPerSecond / base).toFixed(2)}×`,
    ]);
  }
  return table;
}

function latencyTable(results: DialectResult[], pick: (r: DialectResult) => LatencyRow[]): Table {
  const table: Table = [
    [
      'Scenario',
      'As',
      'Request',
      ...results.flatMap((r) => [`${r.dialect} p50`, 'p95', 'p99', 'DB only p50']),
    ],
  ];
  const first = pick(results[0]!);
  first.forEach((row, index) => {
    table.push([
      row.scenario,
      row.as,
      `\`${row.url.length > 70 ? `${row.url.slice(0, 67)}…` : row.url}\``,
      ...results.flatMap((r) => {
        const other = pick(r)[index];
        return other
          ? [
              ms(other.stats.p50),
              ms(other.stats.p95),
              ms(other.stats.p99),
              other.dbMs ? ms(other.dbMs.p50) : '—',
            ]
          : ['—', '—', '—', '—'];
      }),
    ]);
  });
  return table;
}

function sseTable(results: DialectResult[]): Table {
  const table: Table = [
    [
      'Dialect',
      'Clients (op/partner/customer)',
      'Changes',
      'Delivered / expected',
      'p50 ms',
      'p95 ms',
      'max ms',
      'from request start p50 / p95 ms',
      'POST p50 ms',
    ],
  ];
  for (const r of results) {
    const s = r.sse;
    table.push([
      r.dialect,
      `${SSE_CLIENTS} (${s.clients.operator}/${s.clients.partner}/${s.clients.customer})`,
      String(s.changes),
      `${fmt(s.delivered)} / ${fmt(s.expected)}`,
      ms(s.afterResponse.p50),
      ms(s.afterResponse.p95),
      ms(s.afterResponse.max),
      `${ms(s.afterRequestStart.p50)} / ${ms(s.afterRequestStart.p95)}`,
      ms(s.postMs.p50),
    ]);
  }
  return table;
}

function targetLines(results: DialectResult[]): { text: string; met: boolean }[] {
  const lines: { text: string; met: boolean }[] = [];
  const sqlite = results.find((r) => r.dialect === 'sqlite');
  const create32 = sqlite?.creation.find((c) => c.connections === 32)?.row;
  if (create32) {
    const met =
      create32.requestsPerSecond >= TARGETS.createPerSecondSqlite32 &&
      create32.non2xx + create32.errors === 0;
    lines.push({
      met,
      text: `Creation ≥ ${fmt(TARGETS.createPerSecondSqlite32)} cases/s at 32 connections on SQLite: ${fmt(create32.requestsPerSecond)} cases/s`,
    });
  }
  for (const r of results) {
    const worst = [...r.list].sort((a, b) => b.stats.p95 - a.stats.p95)[0]!;
    lines.push({
      met: worst.stats.p95 < TARGETS.listP95Ms,
      text: `List p95 < ${TARGETS.listP95Ms} ms on ${r.dialect}: worst scenario "${worst.scenario}" (${worst.as}) p95 ${ms(worst.stats.p95)} ms; ${r.list.filter((row) => row.stats.p95 < TARGETS.listP95Ms).length}/${r.list.length} scenarios within`,
    });
    const overall = r.search.find((row) => row.as === 'mixed')!;
    const target = TARGETS.searchP95Ms[r.dialect];
    lines.push({
      met: overall.stats.p95 < target,
      text: `Search p95 < ${target} ms on ${r.dialect}: ${ms(overall.stats.p95)} ms over all ${SEARCH_REQUESTS} searches; ${r.search.filter((row) => row.as !== 'mixed' && row.stats.p95 < target).length}/${r.search.length - 1} kinds within`,
    });
  }
  return lines;
}

function plansSection(results: DialectResult[]): string {
  const blocks: string[] = [];
  for (const r of results) {
    for (const row of [...r.list, ...r.search]) {
      if (!row.plan) continue;
      blocks.push(
        `<details><summary>${r.dialect}: ${row.scenario} (${row.as}), p95 ${ms(row.stats.p95)} ms</summary>\n\n\`\`\`\n${row.plan.slice(0, 4000)}\n\`\`\`\n</details>`,
      );
    }
  }
  return blocks.length > 0
    ? `\n### Query plans of the scenarios over target\n\n${blocks.join('\n\n')}\n`
    : '';
}

function casesSection(
  date: string,
  machine: Machine,
  duration: number,
  results: DialectResult[],
  baseline: CreationRow[],
  analysis: string,
): string {
  const busy = machineWasBusy(machine)
    ? `\n> **Note:** the machine was already busy when this run started (1-minute load average ${machine.loadAverageAtStart} on ${machine.cpus} CPUs); figures are lower and noisier than on an idle machine.\n`
    : '';
  const datasets = results
    .map(
      (r) =>
        `- **${r.dialect}**: ${fmt(r.dataset.totalCases)} cases (${fmt(r.dataset.cases)} generated + demo), ${fmt(r.dataset.messages)} generated messages, ${fmt(r.dataset.facts)} facts; generated in ${fmt(r.dataset.seconds)} s (${fmt(r.dataset.cases / r.dataset.seconds)} cases/s${results.length > 1 ? ', both dialects in one pass' : ''})${r.dataset.reused ? ', kept from an earlier run' : ''}; working copy made in ${fmt(r.copySeconds, 1)} s.`,
    )
    .join('\n');
  const targets = targetLines(results)
    .map((line) => `- ${line.met ? '✅ met' : '❌ missed'}: ${line.text}`)
    .join('\n');
  const problems = results.flatMap((r) => r.problems);
  return `## Cases at scale (SQLite and PostgreSQL)

Measured ${date} with \`npm run bench -- cases\` on ${describeMachine(machine)}; load generator, server and PostgreSQL 15 share the machine.
${busy}
**Data set** (\`bench/generate-cases.ts\`, seeded PRNG, the same data in both databases): the demo organisations and people, plus cases spread over the demo customers (a few big customers, many small ones; partner = reseller of record) over two years, ids UUIDv7 of their creation time, numbers \`CD-<year>-<seq>\` with the \`case.<year>\` counters moved past them, statuses by age (older cases mostly closed), 1 + Binomial(8, ½) messages per case (public/internal/partner), a fact on 60 %, German subjects and bodies from templates (Drucker, Toner, Paket, Retoure, Rechnung, Garantie … with inflections, umlauts and ß), and each case's search documents (one per reader: public, the partner's, internal) made by the server's own pipeline (\`searchDocumentsOf\`, \`germanDocumentTerms\`; stored as \`writeFullText\` stores them, checked by \`bench/verify-generated.ts\`). SQLite is written through one better-sqlite3 connection in 10,000-case transactions (journal in memory, \`synchronous = OFF\`, WAL restored after; no \`ANALYZE\`, as the server never runs one); PostgreSQL through \`unnest\` multi-row inserts with the GIN index dropped during the load and rebuilt with the migration's statement, then \`VACUUM ANALYZE\`. Each run works on a copy (SQLite file copy, PostgreSQL \`CREATE DATABASE … TEMPLATE\`).

${datasets}

### Targets

${targets}

### Case creation (\`POST /api/cases\`, ${duration} s after ${WARMUP_SECONDS} s warm-up)

${markdownTable(creationTable(results, baseline))}

As an admin API token: type complaint, a German subject and description, one fact, a demo customer (its reseller of record becomes the partner). Each creation is one transaction: counter, case, message, fact, event, audit row, search document, SLA clocks/timers, outbox/live notification; then a read-back. Baseline = the foundation's bare Fastify + one better-sqlite3 \`INSERT\` (\`bench/baseline-server.ts\`), measured in the same run.

### Filtered list (\`GET /api/cases\`, ${LIST_REQUESTS_PER_SCENARIO} sequential requests per scenario after 3 warm-ups; ms over HTTP on loopback)

${markdownTable(latencyTable(results, (r) => r.list))}

"DB only p50": the same \`listCases\` call in the bench process straight on the database (5 runs), without HTTP, auth and serialisation. Limit 50 (the default), sort \`updated_at desc\`. The partner and customer scenarios use session cookies of the demo users (Nordwest IT GmbH, Bäckerei Sommer GmbH).

### Full-text search (\`GET /api/cases?q=…\`, ${SEARCH_REQUESTS} sequential requests, round robin over the queries)

${markdownTable(latencyTable(results, (r) => r.search))}

The queries: common words in most cases, rare words in few, two-word queries (both must match), half-typed words (prefix match), case numbers (whole and partly typed), and the partner's scoped search. "DB only p50": \`listCases\` with the first query of the row in the bench process straight on the database (5 runs).

### SSE fan-out (\`GET /api/cases/stream\`)

${markdownTable(sseTable(results))}

${SSE_CLIENTS} streams opened over node:http (operators with an API token or session, partners and customers with session cookies from a few logins), then ${SSE_CHANGES} public messages posted one after another to a case all of them may see; latency = arrival of the \`case\` event at a client minus the moment the POST's response arrived (an event that arrived before the response counts as 0 ms; the server announces after commit, before it answers). "From request start" includes the POST itself.
${problems.length > 0 ? `\nServer log problems during the run:\n\n${problems.map((line) => `- ${line}`).join('\n')}\n` : ''}${analysis ? `\n### Analysis\n\n${analysis.trim()}\n` : ''}${plansSection(results)}`;
}

// ---------------------------------------------------------------------------------------------

/** Rewrites the doc section from a results file (after editing bench/cases-analysis.md), without measuring. */
function renderFromResults(file: string): void {
  const saved = JSON.parse(readFileSync(file, 'utf8')) as {
    date: string;
    machine: Machine;
    settings: { duration: number };
    baseline: CreationRow[];
    results: DialectResult[];
  };
  updateBenchmarksDoc(DOC_PATH, [
    {
      id: BENCH_NAME,
      content: casesSection(
        saved.date.slice(0, 10),
        saved.machine,
        saved.settings.duration,
        saved.results,
        saved.baseline,
        readAnalysis(),
      ),
    },
  ]);
  console.log(
    `Rewrote the cases section of ${relative(REPO_ROOT, DOC_PATH)} from ${relative(REPO_ROOT, file)}.`,
  );
}

function readAnalysis(): string {
  const file = join(REPO_ROOT, 'bench', 'cases-analysis.md');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

export async function runCasesBench(): Promise<void> {
  if (process.env.BENCH_CASES_RENDER) {
    renderFromResults(resolve(process.env.BENCH_CASES_RENDER));
    return;
  }
  const cases = parseCaseCount(process.env.BENCH_CASES);
  const duration = parseDuration(process.env.BENCH_DURATION);
  const dialects = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres')
    .split(',')
    .filter(Boolean) as BenchDialect[];
  const servers: ChildServer[] = [];
  const tempRoot = mkdtempSync(join(tmpdir(), 'channeldesk-bench-cases-run-'));
  const cleanup = async () => {
    await Promise.allSettled(servers.map((server) => server.stop()));
    rmSync(tempRoot, { recursive: true, force: true });
  };
  process.once('exit', () => {
    for (const server of servers) server.kill();
  });
  try {
    const date = new Date().toISOString().slice(0, 10);
    const machine = machineInfo();
    console.log(
      `channeldesk cases benchmark — ${describeMachine(machine)}; ${fmt(cases)} cases; ${dialects.join(', ')}`,
    );
    if (machineWasBusy(machine))
      console.warn(
        `Warning: the 1-minute load average is ${machine.loadAverageAtStart} before start; other work skews the figures.`,
      );
    const datasets = await ensureGenerated(dialects, cases);

    // Generation (if any) is done: the bench itself is bounded in time from here.
    const budgetSeconds = dialects.length * (CONNECTIONS.length * (duration + WARMUP_SECONDS + 1) + 900) + 60;
    const watchdog = setTimeout(() => {
      console.error(`\nCases benchmark exceeded its ${budgetSeconds} s budget; stopping.`);
      void cleanup().finally(() => process.exit(1));
    }, budgetSeconds * 1000);
    watchdog.unref();

    const basePort = await freePort();
    const baselineServer = await startChildServer({
      name: 'baseline',
      args: ['bin/run-ts.mjs', 'bench/baseline-server.ts'],
      cwd: REPO_ROOT,
      env: childEnv({ PORT: String(basePort), HOST: '127.0.0.1', DATA_DIR: join(tempRoot, 'baseline') }),
      port: basePort,
      readyPath: '/health',
    });
    servers.push(baselineServer);
    const baseline: CreationRow[] = [];
    let counter = 0;
    for (const connections of CONNECTIONS) {
      process.stdout.write(`baseline POST ${connections} conn … `);
      const row = await measure(
        {
          url: `${baselineServer.url}/organisations`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: () =>
            JSON.stringify({
              kind: 'customer',
              name: `Bench Kunde ${++counter}`,
              postalCode: '26121',
              city: 'Oldenburg',
            }),
        },
        connections,
        duration,
        WARMUP_SECONDS,
      );
      baseline.push({ server: 'baseline (Fastify + 1 INSERT)', connections, row });
      console.log(`${fmt(row.requestsPerSecond)} req/s`);
    }
    await baselineServer.stop();

    const results: DialectResult[] = [];
    for (const dialect of dialects)
      results.push(await benchDialect(dialect, datasets[dialect], cases, duration, tempRoot, servers));
    clearTimeout(watchdog);

    console.log(`\n${consoleTable(creationTable(results, baseline))}\n`);
    console.log(`${consoleTable(latencyTable(results, (r) => r.list))}\n`);
    console.log(`${consoleTable(latencyTable(results, (r) => r.search))}\n`);
    console.log(`${consoleTable(sseTable(results))}\n`);
    for (const line of targetLines(results)) console.log(`${line.met ? 'MET   ' : 'MISSED'} ${line.text}`);

    mkdirSync(RESULTS_DIR, { recursive: true });
    const resultsFile = join(RESULTS_DIR, `${date}-${BENCH_NAME}.json`);
    writeFileSync(
      resultsFile,
      `${JSON.stringify({ bench: BENCH_NAME, date: new Date().toISOString(), machine, settings: { cases, duration, warmupSeconds: WARMUP_SECONDS, connections: CONNECTIONS, dialects }, baseline, results }, null, 2)}\n`,
    );
    const analysis = readAnalysis();
    updateBenchmarksDoc(DOC_PATH, [
      { id: BENCH_NAME, content: casesSection(date, machine, duration, results, baseline, analysis) },
    ]);
    console.log(`Wrote ${relative(REPO_ROOT, resultsFile)} and ${relative(REPO_ROOT, DOC_PATH)}.`);
    const failed = results.some(
      (r) =>
        r.creation.some((c) => c.row.non2xx + c.row.errors > 0) ||
        r.sse.delivered < r.sse.expected ||
        r.problems.length > 0,
    );
    if (failed) {
      console.error('!! Some requests failed, events were lost or the server logged problems: see above.');
      process.exitCode = 1;
    }
  } finally {
    await cleanup();
  }
}
