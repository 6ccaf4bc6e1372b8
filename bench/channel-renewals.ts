// The renewal job over a million assets on SQLite: a temporary DATA_DIR with the demo data, plus
// generated partners, customers and assets (warranty ends spread evenly over twelve years, so about
// 1/12 × 60/365 of them fall within the 60-day window), then the job in a child process
// (bench/channel-renewals-job.ts) with its time, peak RSS and heap, and the leads it made.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { loadPostalCodes } from '../src/server/modules/geo/postal-codes';
import { createRandom } from './lib/german-corpus';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TODAY = '2027-03-01';
const WINDOW_DAYS = 60;
const SPREAD_YEARS = 12;
const PARTNERS = 500;
const CUSTOMERS = 50_000;
const MODELS = [
  ['Printwerk LX 500', 'printers'],
  ['Printwerk MF 300', 'multifunction'],
  ['Libra 14', 'notebooks'],
  ['NetBox 8', 'networking'],
] as const;
const PRODUCT_LINES = ['printers', 'multifunction', 'notebooks', 'networking', 'service_contracts'];
// A safety stop, not the expected time: the job reads partners once per run and should finish
// well inside it.
const JOB_BUDGET_SECONDS = Number(process.env.BENCH_CHANNEL_JOB_SECONDS ?? 600);

const DAY_MS = 86_400_000;
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

type Progress = { done: number; total: number; seconds: number; peakRss: number; peakHeap: number };

export type RenewalsResult = {
  assets: number;
  customers: number;
  partners: number;
  setupSeconds: number;
  databaseMiB: number;
  query: { seconds: number; due: number };
  /** null when the job did not finish within the budget; `progress` then says how far it got. */
  job: {
    seconds: number;
    created: number;
    checked: number;
    peakRss: number;
    peakHeap: number;
    maxRssFromOs: number;
  } | null;
  progress: Progress | null;
  budgetSeconds: number;
  leadsInDatabase: number;
};

function childEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extra };
  // A developer's shell may point at Postgres or a mail server; this bench is SQLite without mail.
  for (const name of ['DATABASE_URL', 'SMTP_URL', 'DEMO_DATA']) delete env[name];
  return env;
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code) =>
      code === 0 ? resolvePromise() : reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`)),
    );
  });
}

/** Partners, customers and assets straight into SQLite: what an import would leave behind. */
function generate(file: string, assetCount: number): { customers: number; partners: number } {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const rng = createRandom(20270301);
  const places = loadPostalCodes().all();
  const now = new Date().toISOString();

  const columns = (table: string) =>
    (db.prepare(`pragma table_info(${table})`).all() as { name: string }[]).map((column) => column.name);
  const insert = (table: string) => {
    const names = columns(table);
    const statement = db.prepare(
      `insert into ${table} (${names.join(', ')}) values (${names.map((name) => `@${name}`).join(', ')})`,
    );
    return (row: Record<string, unknown>) => statement.run(row);
  };
  const insertOrganisation = insert('organisation');
  const insertProfile = insert('partner_profile');
  const insertAsset = insert('asset');
  const customerTemplate = db
    .prepare("select * from organisation where kind = 'customer' limit 1")
    .get() as Record<string, unknown>;
  const partnerTemplate = db
    .prepare(
      "select o.* from organisation o join partner_profile p on p.organisation_id = o.id where o.kind = 'partner' limit 1",
    )
    .get() as Record<string, unknown>;
  const profileTemplate = db
    .prepare('select * from partner_profile where organisation_id = ?')
    .get(partnerTemplate.id) as Record<string, unknown>;
  const existingPartners = (
    db.prepare("select count(*) as n from organisation where kind = 'partner'").get() as {
      n: number;
    }
  ).n;

  db.transaction(() => {
    for (let index = existingPartners; index < PARTNERS; index += 1) {
      const place = rng.pick(places);
      const id = `bench-partner-${index}`;
      insertOrganisation({
        ...partnerTemplate,
        id,
        number: `BP-${index}`,
        name: `Systemhaus ${place.place} ${index}`,
        postal_code: place.postalCode,
        city: place.place,
        email: `info@bench-partner-${index}.example`,
        created_at: now,
        updated_at: now,
      });
      insertProfile({
        ...profileTemplate,
        organisation_id: id,
        grade_code: rng.pick(['gold', 'silver', 'bronze']),
        capacity: rng.chance(0.2) ? null : rng.int(10, 80),
        service_radius_km: rng.int(20, 150),
        product_lines: JSON.stringify(PRODUCT_LINES.filter(() => rng.chance(0.6))),
        lead_contact_ids: '[]',
        latitude: place.latitude,
        longitude: place.longitude,
        location_approximate: 0,
        location_postal_code: place.postalCode,
        updated_at: now,
      });
    }
    for (let index = 0; index < CUSTOMERS; index += 1) {
      const place = rng.pick(places);
      insertOrganisation({
        ...customerTemplate,
        id: `bench-customer-${index}`,
        number: `BK-${index}`,
        name: `Kunde ${place.place} ${index}`,
        postal_code: place.postalCode,
        city: place.place,
        email: `office@bench-customer-${index}.example`,
        vat_id: null,
        created_at: now,
        updated_at: now,
      });
    }
  })();

  const customerIds = (
    db.prepare("select id from organisation where kind = 'customer'").all() as { id: string }[]
  ).map((row) => row.id);
  const spreadDays = SPREAD_YEARS * 365;
  const batch = db.transaction((from: number, to: number) => {
    for (let index = from; index < to; index += 1) {
      const [model, line] = rng.pick(MODELS);
      const warrantyEnd = addDays(TODAY, rng.int(-spreadDays / 2, spreadDays / 2 - 1));
      insertAsset({
        // Zero-padded, so ids and serials arrive in index order: a bulk load, not random inserts.
        id: `bench-asset-${String(index).padStart(8, '0')}`,
        serial: `BN-${String(index).padStart(8, '0')}`,
        product_model: model,
        product_line: line,
        customer_id: rng.pick(customerIds),
        purchase_date: addDays(warrantyEnd, -730),
        warranty_end: warrantyEnd,
        specs: '{}',
        created_at: now,
        updated_at: now,
      });
    }
  });
  // Secondary indexes dropped during the load and built again after (a sort, not a million
  // random inserts), with their own definitions.
  const indexes = db
    .prepare(
      "select name, sql from sqlite_master where type = 'index' and tbl_name = 'asset' and sql is not null",
    )
    .all() as { name: string; sql: string }[];
  for (const index of indexes) db.exec(`drop index ${index.name}`);
  for (let from = 0; from < assetCount; from += 50_000) batch(from, Math.min(assetCount, from + 50_000));
  for (const index of indexes) db.exec(index.sql);
  db.close();
  return { customers: customerIds.length, partners: PARTNERS };
}

/** Runs the job in its own process; stops it after the budget and reports how far it got. */
function runJob(dataDir: string): Promise<{
  query: RenewalsResult['query'];
  job: RenewalsResult['job'];
  progress: Progress | null;
}> {
  return new Promise((resolvePromise, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['bin/run-ts.mjs', 'bench/channel-renewals-job.ts'], {
      cwd: REPO_ROOT,
      env: childEnv(dataDir, { BENCH_TODAY: TODAY, BENCH_UNTIL: addDays(TODAY, WINDOW_DAYS) }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let query: RenewalsResult['query'] = { seconds: Number.NaN, due: 0 };
    let job: RenewalsResult['job'] = null;
    let progress: Progress | null = null;
    let stderr = '';
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const message = JSON.parse(line) as {
        event: string;
        peakHeap: number;
        peakRss: number;
        seconds: number;
        due: number;
        done: number;
        total: number;
      };
      if (message.event === 'query') query = { seconds: message.seconds, due: message.due };
      if (message.event === 'progress') {
        progress = message as unknown as Progress;
        process.stdout.write(
          `\r  renewal job: ${message.done}/${message.total} assets, ${message.seconds.toFixed(0)} s, peak heap ${mib(message.peakHeap)}, RSS ${mib(message.peakRss)}`,
        );
      }
      if (message.event === 'done') job = message as unknown as NonNullable<RenewalsResult['job']>;
    });
    const stop = setTimeout(() => {
      console.log(`\n  renewal job: stopped after the ${JOB_BUDGET_SECONDS} s budget`);
      child.kill('SIGTERM');
    }, JOB_BUDGET_SECONDS * 1000);
    child.on('exit', (code, signal) => {
      clearTimeout(stop);
      process.stdout.write('\n');
      if (code !== 0 && signal !== 'SIGTERM') reject(new Error(`renewal job exited ${code}: ${stderr}`));
      else resolvePromise({ query, job, progress });
    });
  });
}

export async function runRenewalsBench(assetCount: number): Promise<RenewalsResult> {
  const tempRoot = mkdtempSync(join(tmpdir(), 'channeldesk-renewals-'));
  const dataDir = join(tempRoot, 'data');
  try {
    console.log(`Renewal job over ${assetCount.toLocaleString('en-US')} assets (SQLite in ${tempRoot}) …`);
    const setupStarted = performance.now();
    await run(['bin/channeldesk.mjs', 'seed', '--demo'], childEnv(dataDir));
    const file = join(dataDir, 'channeldesk.sqlite');
    const { customers, partners } = generate(file, assetCount);
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    const databaseMiB = statSync(file).size / 1024 ** 2;
    console.log(`  database ready in ${setupSeconds.toFixed(1)} s (${databaseMiB.toFixed(0)} MiB)`);

    const { query, job, progress } = await runJob(dataDir);
    const db = new SQLite(file, { readonly: true });
    const leadsInDatabase = (
      db.prepare("select count(*) as n from lead where source = 'renewal_job'").get() as { n: number }
    ).n;
    db.close();
    return {
      assets: assetCount,
      customers,
      partners,
      setupSeconds,
      databaseMiB,
      query,
      job,
      progress,
      budgetSeconds: JOB_BUDGET_SECONDS,
      leadsInDatabase,
    };
  } finally {
    rmSync(tempRoot, { recursive: true, force: true });
  }
}

const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;

/** `loadAverage`: the machine's 1-minute load average around the run, as text for the table. */
export function renewalsSection(result: RenewalsResult, loadAverage?: string): string {
  const { job, progress, query } = result;
  const rate = job
    ? job.checked / job.seconds
    : progress && progress.seconds > 0
      ? progress.done / progress.seconds
      : 0;
  const rows = [
    [
      'Assets / customers / partners',
      `${result.assets.toLocaleString('en-US')} / ${result.customers.toLocaleString('en-US')} / ${result.partners}`,
    ],
    [`Due within 60 days of ${TODAY}`, query.due.toLocaleString('en-US')],
    ['Due-asset query alone', `${query.seconds.toFixed(2)} s`],
    [
      'Job (query, then per asset: insert lead, route, store)',
      job
        ? `${job.seconds.toFixed(1)} s`
        : `stopped after ${result.budgetSeconds} s at ${progress?.done ?? 0} of ${progress?.total ?? query.due} assets; about ${rate > 0 ? Math.round(query.due / rate) : '?'} s for all at that rate`,
    ],
    ['Leads created', result.leadsInDatabase.toLocaleString('en-US')],
    ['Assets per second', rate.toFixed(1)],
    [
      'Leads per second',
      job ? (job.created / job.seconds).toFixed(1) : progress ? `${rate.toFixed(1)} (up to the stop)` : '—',
    ],
    [
      'Peak RSS / heap used (job process)',
      job
        ? `${mib(job.peakRss)} / ${mib(job.peakHeap)}`
        : progress
          ? `${mib(progress.peakRss)} / ${mib(progress.peakHeap)}`
          : '—',
    ],
    ...(loadAverage ? [['Machine load (1-minute load average)', loadAverage]] : []),
  ];
  return `### Renewal job over ${result.assets.toLocaleString('en-US')} assets (SQLite)

| Measure | Value |
| --- | --- |
${rows.map(([label, value]) => `| ${label} | ${value} |`).join('\n')}

- Database: the demo data plus ${result.partners} partners in all and ${result.customers.toLocaleString('en-US')} customers on random real postal codes, and ${result.assets.toLocaleString('en-US')} assets with warranty ends spread evenly over ${SPREAD_YEARS} years around ${TODAY} (so about 1/${SPREAD_YEARS} × ${WINDOW_DAYS}/365 fall due), written straight into SQLite (${result.setupSeconds.toFixed(0)} s, ${result.databaseMiB.toFixed(0)} MiB). The job runs in its own process (\`runRenewals\` as \`channeldesk leads renewals --today ${TODAY}\` calls it), sampled every 50 ms for memory.
- **Memory** does not grow with the number of assets: \`findAssetsDueForRenewal\` (lead-repository.ts) selects only the assets due in the window (index \`asset_warranty_end\`), not all of them, and the job holds just that list (one row of four short columns per due asset; it is read whole, not streamed, which is fine at this share).
- **Once per run, not per asset**: \`runRenewals\` reads every partner with its profile, grade and open-lead count once (\`loadRoutingPartnerSet\` in lead-routing-input.ts) and builds the partner index once; each lead it places raises its partner's count in memory after the asset's transaction commits, so capacity holds across the run. Per asset remain the lead's own statements in its own transaction: the insert that ignores a renewal_key conflict, the lead number, the steps, the reseller-of-record look-ups, the placement, the protection timer and the offer mail in the outbox. Before this change every asset re-read all partners and ran a GROUP BY over all held leads, then routed without the index: 82 assets/s (38 in another run) on the same database and machine, about 170 s for the 13,997 due assets (bench/results/2026-12-06-channel-before-renewal-fix.json, 1-minute load average 6.85 at its start). Both runs shared the machine with other work, so the ratio is rough, but the run after the change had the busier machine.`;
}
