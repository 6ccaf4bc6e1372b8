// Billing benchmark: issuing invoices with their documents (PDF, XRechnung CII and UBL, ZUGFeRD)
// against issuing alone, both measured in the same run on the same database, so the ratio says
// what rendering and storing the documents costs. SQLite always, PostgreSQL when reachable.
//
// Usage: npm run bench -- billing
//   BENCH_BILLING_INVOICES=10000   invoices issued with documents per database (default 10,000)
//   BENCH_BILLING_BASELINE=…       invoices issued without documents (default: the same count, at most 2,000)
//   BENCH_BILLING_PG=postgres://…  the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres);
//                                  BENCH_BILLING_PG=off skips it
//   BENCH_BILLING_DRY=1            prints only, writes neither the doc nor bench/results
// A quick look: BENCH_BILLING_INVOICES=200 npm run bench -- billing
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SingleBar } from 'cli-progress';
import pg from 'pg';
import { parseConfig } from '../src/server/config';
import { connectDatabase } from '../src/server/db/connect';
import type { DialectName } from '../src/server/db/dialect';
import { migrateToLatest } from '../src/server/db/migrate';
import { invoiceDocumentFiles, issueInvoices } from '../src/server/modules/billing/service';
import { seedDemoData } from '../src/server/modules/demo/seed';
import { systemClock } from '../src/server/shared/clock';
import type { Deps } from '../src/server/shared/deps';
import { newId } from '../src/server/shared/ids';
import { systemScope } from '../src/server/shared/scope';
import {
  consoleTable,
  describeMachine,
  machineInfo,
  machineWasBusy,
  markdownTable,
  type Table,
  updateBenchmarksDoc,
} from './lib/report';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');
const DOC_PATH = join(REPO_ROOT, 'docs', 'benchmarks.md');
const BENCH_NAME = 'billing';
const TARGET_PER_SECOND = 200;
/** Invoices whose documents are rendered at once: enough to keep every render thread busy. */
const DOCUMENTS_IN_FLIGHT = Number(process.env.BENCH_BILLING_IN_FLIGHT ?? 8);

const count = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};

type Phase = { invoices: number; seconds: number; perSecond: number; bytes: number };
type DialectResult = {
  dialect: DialectName;
  baseline: Phase;
  withDocuments: Phase;
  renderMs: Record<string, number>;
};

/** Uninvoiced charges spread over the demo customers, written directly: setup, not measured. */
async function makeCharges(deps: Deps, total: number): Promise<{ customerId: string; chargeId: string }[]> {
  const customers = await deps.db
    .selectFrom('organisation')
    .select('id')
    .where('kind', '=', 'customer')
    .orderBy('id')
    .execute();
  const types = [
    ['service', 'standard', 'Wartungspauschale Drucker „Büro“', 4990],
    ['topup', 'standard', 'Tonerkontingent November', 12_500],
    ['device', 'standard', 'Etikettendrucker ZD421 (Leihgerät)', 3_999],
  ] as const;
  const rows = Array.from({ length: total }, (_, index) => {
    const [type, treatment, description, cents] = types[index % types.length]!;
    const quantity = 1000 * (1 + (index % 3));
    return {
      id: newId(),
      customer_id: customers[index % customers.length]!.id,
      type_code: type,
      vat_treatment: treatment,
      exemption_note: null,
      description,
      quantity_thousandths: quantity,
      unit_price_cents: cents,
      line_net_cents: (cents * quantity) / 1000,
      service_date: '2026-11-20',
      service_date_to: null,
      case_id: null,
      invoice_id: null,
      created_by_person_id: null,
      created_at: new Date().toISOString(),
    };
  });
  for (let start = 0; start < rows.length; start += 200) {
    await deps.db
      .insertInto('charge')
      .values(rows.slice(start, start + 200))
      .execute();
  }
  return rows.map((row) => ({ customerId: row.customer_id, chargeId: row.id }));
}

async function phase(
  deps: Deps,
  label: string,
  charges: { customerId: string; chargeId: string }[],
  withDocuments: boolean,
  renderMs: Record<string, number>,
): Promise<Phase> {
  const scope = systemScope('billing bench');
  const bar = new SingleBar({
    format: `  ${label} [{bar}] {percentage}% | {value}/{total} invoices | {rate}/s | ETA {eta_formatted}`,
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 10_000,
  });
  bar.start(charges.length, 0, { rate: 0 });
  let bytes = 0;
  // As in the server, issuing runs on the event loop and the documents render on the worker
  // pool; a few invoices' documents are in flight at once (like parallel requests), so both
  // cores render while the next invoice is issued.
  const inFlight = new Set<Promise<void>>();
  let done = 0;
  const started = performance.now();
  const progress = () => {
    done += 1;
    bar.update(done, { rate: (done / ((performance.now() - started) / 1000)).toFixed(1) });
  };
  for (const charge of charges) {
    const issued = await issueInvoices(deps, scope, {
      customerId: charge.customerId,
      chargeIds: [charge.chargeId],
    });
    if (!withDocuments) {
      progress();
      continue;
    }
    const documents = (async () => {
      for (const invoice of issued.invoices) {
        const before = performance.now();
        const files = await invoiceDocumentFiles(deps, scope, invoice.id);
        renderMs.all = (renderMs.all ?? 0) + performance.now() - before;
        for (const file of files) bytes += file.size;
      }
      progress();
    })();
    inFlight.add(documents);
    void documents.finally(() => inFlight.delete(documents));
    if (inFlight.size >= DOCUMENTS_IN_FLIGHT) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  bar.stop();
  const seconds = (performance.now() - started) / 1000;
  return { invoices: charges.length, seconds, perSecond: charges.length / seconds, bytes };
}

async function runDialect(
  dialect: DialectName,
  invoices: number,
  baselineCount: number,
  pgUrl: string,
): Promise<DialectResult> {
  const tempRoot = mkdtempSync(join(tmpdir(), 'channeldesk-billing-'));
  let databaseName: string | undefined;
  let url: string | undefined;
  if (dialect === 'postgres') {
    databaseName = `bench_billing_${Date.now()}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${databaseName}`);
    await admin.end();
    const target = new URL(pgUrl);
    target.pathname = `/${databaseName}`;
    url = target.toString();
  }
  const config = parseConfig({
    DATA_DIR: join(tempRoot, 'data'),
    LOG_LEVEL: 'silent',
    ...(url ? { DATABASE_URL: url } : {}),
  });
  const database = connectDatabase(config.database);
  const deps: Deps = { db: database.db, dialect: database.dialect, clock: systemClock, config };
  try {
    console.log(`\n${dialect}: migrating and seeding the demo data …`);
    await migrateToLatest(database.db, database.dialect);
    await seedDemoData(deps);
    const charges = await makeCharges(deps, baselineCount + invoices + 1);
    // One invoice with documents first, not counted: parsing the font and compiling the
    // e-invoice schema happen once per process and would otherwise land in the first figure.
    const warmup = charges.pop()!;
    await phase(deps, `${dialect} warm-up          `, [warmup], true, {});
    const renderMs: Record<string, number> = {};
    const baseline = await phase(
      deps,
      `${dialect} issue only      `,
      charges.slice(0, baselineCount),
      false,
      renderMs,
    );
    const withDocuments = await phase(
      deps,
      `${dialect} issue + documents`,
      charges.slice(baselineCount),
      true,
      renderMs,
    );
    return { dialect, baseline, withDocuments, renderMs };
  } finally {
    await database.close();
    rmSync(tempRoot, { recursive: true, force: true });
    if (databaseName) {
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${databaseName}`);
      await admin.end();
    }
  }
}

async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const format = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export async function runBillingBench(): Promise<void> {
  const invoices = count('BENCH_BILLING_INVOICES', 10_000);
  const baselineCount = count('BENCH_BILLING_BASELINE', Math.min(invoices, 2_000));
  const pgSetting = process.env.BENCH_BILLING_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const dry = process.env.BENCH_BILLING_DRY === '1';
  const machineBefore = machineInfo();
  console.log(`channeldesk billing benchmark — ${describeMachine(machineBefore)}`);
  const results: DialectResult[] = [await runDialect('sqlite', invoices, baselineCount, pgSetting)];
  if (pgSetting !== 'off' && (await postgresReachable(pgSetting))) {
    results.push(await runDialect('postgres', invoices, baselineCount, pgSetting));
  } else {
    console.log('PostgreSQL not reachable or switched off: SQLite only.');
  }
  const machine = machineInfo();

  const table: Table = [
    [
      'database',
      'phase',
      'invoices',
      'seconds',
      'invoices/s',
      '÷ issue only',
      `target ${TARGET_PER_SECOND}/s`,
      'documents stored',
    ],
  ];
  for (const result of results) {
    for (const [label, run] of [
      ['issue only (baseline)', result.baseline],
      ['issue + PDF, XRechnung CII/UBL, ZUGFeRD', result.withDocuments],
    ] as const) {
      table.push([
        result.dialect,
        label,
        format(run.invoices),
        format(run.seconds, 1),
        format(run.perSecond, 1),
        format(run.perSecond / result.baseline.perSecond, 3),
        run === result.baseline ? '' : run.perSecond >= TARGET_PER_SECOND ? 'met' : 'missed',
        run === result.baseline ? '' : `${format(run.bytes / 1024 ** 2, 1)} MiB`,
      ]);
    }
  }
  console.log(`\n${consoleTable(table)}`);
  const busy = machineWasBusy(machineBefore) || machineWasBusy(machine);
  const perInvoice = results.map(
    (r) =>
      `${r.dialect}: ${format((r.renderMs.all ?? 0) / r.withDocuments.invoices, 1)} ms latency of rendering and storing one invoice's documents (several in flight at once)`,
  );
  const shortRun =
    invoices < 10_000
      ? ` This run issued ${format(invoices)} invoices with documents per database instead of the default 10,000 (BENCH_BILLING_INVOICES); at the rate above 10,000 take about ${format(10_000 / results[0]!.withDocuments.perSecond / 60)} min on SQLite and store about ${format(((results[0]!.withDocuments.bytes / invoices) * 10_000) / 1024 ** 2)} MiB of documents.`
      : '';
  const section = `## Billing: invoices with their documents

\`npm run bench -- billing\` (bench/billing.ts), ${describeMachine(machine)}${busy ? ' — **the machine was busy during the run; read the ratios, not the absolute figures**' : ''}.

Each invoice is one charge of a demo customer issued through \`issueInvoices\` (checks, one transaction with claim, gapless number, audit), then \`invoiceDocumentFiles\` renders and stores its four documents (PDF/A-3 with DejaVu embedded, XRechnung CII and UBL through @e-invoice-eu/core, ZUGFeRD = the PDF with the CII embedded) and writes one \`invoice_document\` row per format. The baseline issues invoices without documents in the same run on the same database.

${markdownTable(table)}

${perInvoice.join('; ')}. The target of ${TARGET_PER_SECOND} invoices/s with documents is ${results.every((r) => r.withDocuments.perSecond >= TARGET_PER_SECOND) ? 'met' : '**not met**'}: rendering is CPU work on the worker pool (one thread per core, ${DOCUMENTS_IN_FLIGHT} invoices' documents in flight while the next is issued), measured alone about 5 ms of CPU for the PDF, 1 ms for the ZUGFeRD update (the library's Factur-X CII appended to the stored PDF), 0.8 ms for XRechnung CII and 0.3 ms for UBL; the rest is storing four files and four rows and the issuing itself. The rate is bounded by the CPU the machine gives the process: on two free cores about twice the single-core rate, on a shared machine less.${shortRun}`;
  if (!dry) {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = join(RESULTS_DIR, `${new Date().toISOString().slice(0, 10)}-${BENCH_NAME}.json`);
    writeFileSync(file, `${JSON.stringify({ machine, results }, null, 2)}\n`);
    updateBenchmarksDoc(DOC_PATH, [{ id: BENCH_NAME, content: section }]);
    console.log(
      `\nwrote ${relative(REPO_ROOT, file)} and the ${BENCH_NAME} section of ${relative(REPO_ROOT, DOC_PATH)}`,
    );
  }
}
