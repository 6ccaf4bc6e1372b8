// Foundation benchmark: channeldesk (HTTP + SQLite) against a bare Fastify + better-sqlite3 baseline,
// both measured in the same run on the same machine so the ratio means something.
//
// Usage: npm run bench            (BENCH_DURATION=3 npm run bench for a quick look)
//        npm run bench -- foundation | cases | web | mail | channel | billing   (or BENCH_ONLY=…) to run one
//        bench; see bench/cases.ts, bench/web.ts, bench/mail.ts, bench/channel.ts and bench/billing.ts
//
// Both servers run as child processes: autocannon in this process would otherwise compete with the
// server for one event loop, and on a 2-core machine that distorts every figure.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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
const BENCH_NAME = 'foundation';

const DURATION_SECONDS = parseDuration(process.env.BENCH_DURATION);
const WARMUP_SECONDS = 2;
const CONNECTIONS = [8, 32] as const;
const DEMO_LOGIN = { email: 'admin@printwerk.example', password: 'channeldesk-demo' };

type ServerName = 'channeldesk' | 'baseline';

type Scenario = {
  id: string;
  label: string;
  describe: string;
  targets: Record<ServerName, LoadTarget>;
};

type Row = Measurement & {
  scenario: string;
  server: ServerName;
  method: string;
  url: string;
  warmupNon2xx: number;
  warmupErrors: number;
};

function parseDuration(value: string | undefined): number {
  if (value === undefined || value === '') return 8;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 120) {
    throw new Error(`BENCH_DURATION must be a number of seconds between 1 and 120, got "${value}"`);
  }
  return seconds;
}

/** Logs in as the demo admin and creates a read/write API token, as an integration would. */
async function createWriteToken(baseUrl: string): Promise<string> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_LOGIN),
    signal: AbortSignal.timeout(15_000),
  });
  if (login.status !== 200) throw new Error(`login failed: HTTP ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((header) => header.split(';')[0]!)
    .find((pair) => pair.startsWith('cd_session='));
  const { csrfToken } = (await login.json()) as { csrfToken?: string };
  if (!cookie || !csrfToken) throw new Error('login answered without cd_session cookie or csrfToken');

  const created = await fetch(`${baseUrl}/api/api-tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: 'bench', scopes: ['read', 'write'] }),
    signal: AbortSignal.timeout(15_000),
  });
  if (created.status !== 201)
    throw new Error(`creating the API token failed: HTTP ${created.status} ${await created.text()}`);
  const { token } = (await created.json()) as { token?: string };
  if (!token) throw new Error('POST /api/api-tokens answered without a token');
  return token;
}

// Names only need to be distinct within a run; the run tag keeps reruns on a kept database apart too.
function organisationBodies(): () => string {
  const runTag = Date.now().toString(36);
  let counter = 0;
  return () => {
    counter += 1;
    return JSON.stringify({
      kind: 'customer',
      name: `Bench Kunde ${runTag}-${counter}`,
      postalCode: '26121',
      city: 'Oldenburg',
    });
  };
}

function scenarios(channeldesk: string, baseline: string, token: string): Scenario[] {
  const json = { 'content-type': 'application/json' };
  return [
    {
      id: 'health',
      label: 'GET health',
      describe:
        'channeldesk `GET /api/health` (public route: auth-guard hook, onSend headers, zod response serializer, logger) vs. baseline `GET /health`. At 20,000+ req/s autocannon’s one core is usually the limit, so a ratio near 1 means channeldesk keeps up, not that it costs the same as bare Fastify.',
      targets: {
        channeldesk: { url: `${channeldesk}/api/health`, method: 'GET' },
        baseline: { url: `${baseline}/health`, method: 'GET' },
      },
    },
    {
      id: 'create-organisation',
      label: 'POST organisation',
      describe:
        'channeldesk `POST /api/organisations` with a write API token (token lookup, zod validation, one transaction with number counter + insert + audit row, then a read-back) vs. baseline `POST /organisations` (one INSERT).',
      targets: {
        channeldesk: {
          url: `${channeldesk}/api/organisations`,
          method: 'POST',
          headers: { ...json, authorization: `Bearer ${token}` },
          body: organisationBodies(),
        },
        baseline: {
          url: `${baseline}/organisations`,
          method: 'POST',
          headers: json,
          body: organisationBodies(),
        },
      },
    },
  ];
}

/** One request per target before the load, so a broken route fails in a second with its answer, not after 8 s of 4xx. */
async function probe(name: string, target: LoadTarget): Promise<void> {
  const response = await fetch(target.url, {
    method: target.method,
    headers: target.headers,
    body: target.body?.(),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) {
    throw new Error(
      `${name} ${target.method} ${target.url} answered HTTP ${response.status}: ${await response.text()}`,
    );
  }
}

const failures = (row: Row) => row.errors + row.non2xx;

function formatNumber(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

// autocannon records latency in whole milliseconds, so 0 means "under 1 ms", not free.
function formatLatency(ms: number): string {
  return ms < 1 ? '<1' : formatNumber(ms);
}

function formatFailures(row: Row): string {
  if (failures(row) === 0) return '0';
  const codes = Object.entries(row.statusCodes)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, count]) => `${count}×${code}`);
  const timeouts = row.timeouts > 0 ? ` (${row.timeouts} timeouts)` : '';
  return `⚠ ${row.errors} errors${timeouts} / ${row.non2xx} non-2xx${codes.length > 0 ? ` [${codes.join(', ')}]` : ''}`;
}

function resultTable(rows: Row[]): Table {
  const table: Table = [
    [
      'Scenario',
      'Server',
      'Connections',
      'req/s (mean)',
      'p50 ms',
      'p99 ms',
      'Errors / non-2xx',
      'channeldesk ÷ baseline',
    ],
  ];
  for (const row of rows) {
    const baseline = rows.find(
      (other) =>
        other.server === 'baseline' &&
        other.scenario === row.scenario &&
        other.connections === row.connections,
    );
    const ratio =
      row.server === 'channeldesk' && baseline && baseline.requestsPerSecond > 0
        ? `${(row.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)}×`
        : '—';
    table.push([
      row.scenario,
      row.server,
      String(row.connections),
      formatNumber(row.requestsPerSecond),
      formatLatency(row.latencyP50Ms),
      formatLatency(row.latencyP99Ms),
      formatFailures(row),
      ratio,
    ]);
  }
  return table;
}

function introSection(machine: Machine): string {
  return `Run with \`npm run bench\` (about ${Math.round(estimatedSeconds())} s; \`BENCH_DURATION=3 npm run bench\` for a quick look). CI never runs it.

The script starts channeldesk (\`node bin/channeldesk.mjs serve\`, SQLite in a fresh temporary \`DATA_DIR\`, \`DEMO_DATA=true\`, \`LOG_LEVEL=warn\`) and a baseline server as child processes on 127.0.0.1, loads each with [autocannon](https://github.com/mcollina/autocannon) from the bench process after a ${WARMUP_SECONDS} s warm-up, and rewrites its own section of this file (between \`<!-- bench:… -->\` markers) plus \`bench/results/<date>-<bench>.json\`.

**Baseline** (\`bench/baseline-server.ts\`): bare Fastify without plugins, logger, validation or auth, doing one synchronous better-sqlite3 \`INSERT\` per POST into a table with the same pragmas as channeldesk (WAL, \`synchronous = NORMAL\`, \`busy_timeout\`). It is the floor for this machine; read channeldesk's figures as the ratio to it, absolute req/s only compare within one machine.

Machine of the latest run: ${describeMachine(machine)}. Load generator and both servers share this machine.`;
}

function foundationSection(
  date: string,
  machine: Machine,
  plan: Scenario[],
  rows: Row[],
  problems: string[],
): string {
  const failed = rows.filter((row) => failures(row) > 0);
  const warning =
    failed.length > 0
      ? `\n> **⚠ This run had failed requests** in ${failed.length} measurement(s); see the Errors column and \`bench/results/${date}-${BENCH_NAME}.json\`.\n`
      : '';
  const busy = machineWasBusy(machine)
    ? `\n> **Note:** the machine was already busy when this run started (1-minute load average ${machine.loadAverageAtStart} on ${machine.cpus} CPUs); the figures are lower and noisier than on an idle machine.\n`
    : '';
  const serverProblems =
    problems.length > 0
      ? `\nServer log problems during the run:\n\n${problems.map((line) => `- ${line}`).join('\n')}\n`
      : '';
  return `## Foundation (HTTP + SQLite)

Measured ${date}, ${DURATION_SECONDS} s per measurement after a ${WARMUP_SECONDS} s warm-up, on ${describeMachine(machine)}.
${warning}${busy}
${markdownTable(resultTable(rows))}

${plan.map((scenario) => `- **${scenario.label}**: ${scenario.describe}`).join('\n')}
- req/s is autocannon's mean of per-second samples; p50/p99 are request latencies in whole ms as autocannon records them; the ratio is channeldesk req/s ÷ baseline req/s at the same connection count.
- One run on a small shared machine where autocannon takes a core of its own: figures moved by up to 2× between runs while other work shared the machine, so compare ratios and orders of magnitude, not single digits.
${serverProblems}`;
}

function estimatedSeconds(): number {
  const measurements = 2 * CONNECTIONS.length * 2;
  return measurements * (DURATION_SECONDS + WARMUP_SECONDS + 0.5) + 10;
}

function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...overrides };
  // A developer's shell may point at Postgres or a mail server; the bench wants SQLite and no mail.
  for (const name of ['DATABASE_URL', 'PUBLIC_URL', 'SESSION_SECRET', 'SMTP_URL', 'TRUST_PROXY'])
    delete env[name];
  return env;
}

async function main(): Promise<void> {
  const servers: ChildServer[] = [];
  const tempRoot = mkdtempSync(join(tmpdir(), 'channeldesk-bench-'));
  let cleaned: Promise<void> | undefined;
  const cleanup = () => {
    cleaned ??= (async () => {
      await Promise.allSettled(servers.map((server) => server.stop()));
      rmSync(tempRoot, { recursive: true, force: true });
    })();
    return cleaned;
  };
  // Last resort if something calls process.exit before cleanup finished: no orphaned servers.
  process.once('exit', () => {
    for (const server of servers) server.kill();
    rmSync(tempRoot, { recursive: true, force: true });
  });
  process.once('SIGINT', () => {
    console.error('\nInterrupted; stopping the servers.');
    void cleanup().finally(() => process.exit(130));
  });
  // Bounded in time whatever happens (a hung server, a stuck socket).
  const budgetSeconds = estimatedSeconds() + 90;
  const watchdog = setTimeout(() => {
    console.error(`\nBenchmark exceeded its ${budgetSeconds} s budget; stopping.`);
    void cleanup().finally(() => process.exit(1));
  }, budgetSeconds * 1000);
  watchdog.unref();

  try {
    const date = new Date().toISOString().slice(0, 10);
    const machine = machineInfo();
    console.log(`channeldesk foundation benchmark — ${describeMachine(machine)}`);
    console.log(
      `${DURATION_SECONDS} s per measurement, ${WARMUP_SECONDS} s warm-up, about ${Math.round(estimatedSeconds())} s in all.`,
    );
    if (machineWasBusy(machine)) {
      console.warn(
        `Warning: the 1-minute load average is ${machine.loadAverageAtStart} before start; other work skews the figures.`,
      );
    }
    console.log('');

    // Both probes listen at the same time, so the two ports differ.
    const [channeldeskPort, baselinePort] = await Promise.all([freePort(), freePort()]);
    const [channeldesk, baseline] = await Promise.all([
      startChildServer({
        name: 'channeldesk',
        args: ['bin/channeldesk.mjs', 'serve'],
        cwd: REPO_ROOT,
        env: childEnv({
          PORT: String(channeldeskPort),
          HOST: '127.0.0.1',
          DATA_DIR: join(tempRoot, 'channeldesk'),
          LOG_LEVEL: 'warn',
          DEMO_DATA: 'true',
        }),
        port: channeldeskPort,
        readyPath: '/api/ready',
        timeoutMs: 60_000,
      }).then((server) => {
        servers.push(server);
        return server;
      }),
      startChildServer({
        name: 'baseline',
        args: ['bin/run-ts.mjs', 'bench/baseline-server.ts'],
        cwd: REPO_ROOT,
        env: childEnv({
          PORT: String(baselinePort),
          HOST: '127.0.0.1',
          DATA_DIR: join(tempRoot, 'baseline'),
        }),
        port: baselinePort,
        readyPath: '/health',
      }).then((server) => {
        servers.push(server);
        return server;
      }),
    ]);
    console.log(
      `channeldesk ${channeldesk.url} (pid ${channeldesk.pid}), baseline ${baseline.url} (pid ${baseline.pid})`,
    );

    const token = await createWriteToken(channeldesk.url);
    const plan = scenarios(channeldesk.url, baseline.url, token);
    for (const scenario of plan) {
      for (const server of ['channeldesk', 'baseline'] as const)
        await probe(server, scenario.targets[server]);
    }
    // Problems logged during start-up and the probes are not load problems; count from here.
    const problemsBefore = { channeldesk: channeldesk.problems().count, baseline: baseline.problems().count };

    const rows: Row[] = [];
    for (const scenario of plan) {
      for (const connections of CONNECTIONS) {
        // Alternating servers per step keeps slow drift (thermal, page cache) from favouring one side.
        for (const server of ['channeldesk', 'baseline'] as const) {
          const target = scenario.targets[server];
          process.stdout.write(
            `${scenario.label.padEnd(18)} ${server.padEnd(11)} ${String(connections).padStart(2)} conn … `,
          );
          const measured = await measure(target, connections, DURATION_SECONDS, WARMUP_SECONDS);
          const row: Row = {
            scenario: scenario.label,
            server,
            method: target.method,
            url: target.url,
            ...measured,
          };
          rows.push(row);
          console.log(
            `${formatNumber(row.requestsPerSecond)} req/s, p99 ${formatLatency(row.latencyP99Ms)} ms${failures(row) > 0 ? `  ${formatFailures(row)}` : ''}`,
          );
        }
      }
    }

    const problems: string[] = [];
    for (const server of [channeldesk, baseline]) {
      const { count, lines } = server.problems();
      const before = problemsBefore[server.name as ServerName];
      if (count > before) {
        const example = lines[before] ?? lines.at(-1) ?? '';
        problems.push(
          `${server.name}: ${count - before} warn/error log lines, e.g. ${example.slice(0, 300)}`,
        );
      }
    }

    console.log(`\n${consoleTable(resultTable(rows))}\n`);

    mkdirSync(RESULTS_DIR, { recursive: true });
    const resultsFile = join(RESULTS_DIR, `${date}-${BENCH_NAME}.json`);
    const results = {
      bench: BENCH_NAME,
      date: new Date().toISOString(),
      machine,
      settings: {
        durationSeconds: DURATION_SECONDS,
        warmupSeconds: WARMUP_SECONDS,
        connections: CONNECTIONS,
      },
      scenarios: plan.map((scenario) => ({ label: scenario.label, describe: scenario.describe })),
      rows,
      serverLogProblems: problems,
    };
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
    updateBenchmarksDoc(DOC_PATH, [
      { id: 'intro', content: introSection(machine) },
      { id: BENCH_NAME, content: foundationSection(date, machine, plan, rows, problems) },
    ]);
    console.log(`Wrote ${relative(REPO_ROOT, resultsFile)} and ${relative(REPO_ROOT, DOC_PATH)}.`);

    const failed = rows.filter((row) => failures(row) > 0 || row.warmupErrors + row.warmupNon2xx > 0);
    if (failed.length > 0 || problems.length > 0) {
      console.error('\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
      for (const row of failed) {
        console.error(
          `!! ${row.scenario} / ${row.server} / ${row.connections} conn: ${formatFailures(row)} (warm-up: ${row.warmupErrors} errors, ${row.warmupNon2xx} non-2xx)`,
        );
      }
      for (const line of problems) console.error(`!! ${line}`);
      console.error('!! The figures above include failed requests: do not quote them as clean results.');
      console.error('!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
      process.exitCode = 1;
    }
  } finally {
    clearTimeout(watchdog);
    await cleanup();
  }
}

// `npm run bench` runs every bench; `npm run bench -- cases` (or BENCH_ONLY=cases) picks one.
const only = process.argv[2] ?? process.env.BENCH_ONLY ?? '';
const benches: Record<string, () => Promise<void>> = {
  foundation: main,
  cases: async () => (await import('./cases')).runCasesBench(),
  web: async () => (await import('./web')).runWebBench(),
  mail: async () => (await import('./mail')).runMailBench(),
  channel: async () => (await import('./channel')).runChannelBench(),
  billing: async () => (await import('./billing')).runBillingBench(),
};
const selected = only === '' ? Object.keys(benches) : only.split(',');
for (const name of selected) {
  const bench = benches[name];
  if (!bench) {
    console.error(`Unknown bench "${name}"; choose from ${Object.keys(benches).join(', ')}.`);
    process.exitCode = 2;
    break;
  }
  try {
    await bench();
  } catch (error) {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  }
}
