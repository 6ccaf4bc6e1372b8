// Channel benchmark: lead routing at scale (bench/channel-routing.ts) and the renewal job over a
// million assets (bench/channel-renewals.ts). Rewrites the `channel` section of docs/benchmarks.md
// and bench/results/<date>-channel.json.
//
// Usage: npm run bench -- channel
//   BENCH_CHANNEL_LEADS=100000 BENCH_CHANNEL_PARTNERS=5000 BENCH_CHANNEL_ASSETS=1000000
//   BENCH_CHANNEL_SAMPLE=10000: the naive scan and the linear pass route only the first this many
//   leads (the same leads, in the same batch order); their time per lead is extrapolated
//   BENCH_CHANNEL_SKIP=renewals (or routing) to run one half; BENCH_CHANNEL_DRY=1 writes nothing
//   BENCH_CHANNEL_JOB_SECONDS=60: the renewal job is stopped after this and its rate reported
//   BENCH_CHANNEL_FROM=bench/results/<date>-channel.json rewrites the doc section from a saved run
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type RenewalsResult, renewalsSection, runRenewalsBench } from './channel-renewals';
import { type BatchRun, routeBatch, routingWorkload, type Strategy } from './channel-routing';
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
const BENCH_NAME = 'channel';
const TARGET_SECONDS = 5;
const INDEXED_RUNS = 3;

const count = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};

type Timed = BatchRun & { cpuSeconds: number };

// A full collection before each timed run, so no run pays for the garbage of the one before.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function timed(run: () => BatchRun): Timed {
  collectGarbage();
  const before = process.cpuUsage();
  const result = run();
  const used = process.cpuUsage(before);
  return { ...result, cpuSeconds: (used.user + used.system) / 1e6 };
}

const format = (value: number, digits = 0): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

type PathRun = {
  seconds: number;
  cpuSeconds: number;
  buildSeconds: number;
  /** Leads this path really routed (a sample for the slow paths; absent in older results = all). */
  leads?: number;
};

type RoutingResult = {
  leads: number;
  partners: number;
  workload: Record<string, number>;
  runs: Record<Strategy, PathRun>;
  indexedRuns: number[];
  rules: Record<string, number>;
  throughLinearPass: number;
};

function runRouting(leadCount: number, partnerCount: number, sampleSize: number): RoutingResult {
  console.log(`Routing ${format(leadCount)} leads over ${format(partnerCount)} partners …`);
  const workload = routingWorkload(partnerCount, leadCount);
  // The slow paths route the first `sample` leads only: a batch's first leads meet the same loads
  // whatever follows, so their decisions must equal the full indexed run's first ones.
  const sample = Math.min(sampleSize, leadCount);
  const sampled = { ...workload, leads: workload.leads.slice(0, sample) };

  // Production path first (three runs, median), then the linear pass, then the naive baseline.
  const indexed: Timed[] = [];
  for (let run = 0; run < INDEXED_RUNS; run += 1) {
    indexed.push(timed(() => routeBatch(workload, 'indexed', run === 0)));
    console.log(`  routeLead + partner index, run ${run + 1}: ${indexed[run]!.seconds.toFixed(2)} s`);
  }
  const linear = timed(() => routeBatch(sampled, 'linear', true));
  console.log(`  routeLead, linear pass, first ${format(sample)} leads: ${linear.seconds.toFixed(2)} s`);
  const naive = timed(() => routeBatch(sampled, 'naive', false));
  console.log(`  naive scan, first ${format(sample)} leads: ${naive.seconds.toFixed(2)} s`);

  // Fail loudly: every lead must get the same partner from all three, and the index must not
  // change a single field of any decision (explanation, counts, candidates).
  const reference = indexed[0]!;
  const problems: string[] = [];
  for (let lead = 0; lead < leadCount; lead += 1) {
    if (lead >= sample) {
      for (const run of indexed.slice(1)) {
        if (run.chosen[lead] !== reference.chosen[lead]) problems.push(`lead ${lead}: index runs disagree`);
      }
      continue;
    }
    const ids = [reference.chosen[lead], linear.chosen[lead], naive.chosen[lead]];
    if (ids[0] !== ids[1] || ids[0] !== ids[2]) {
      problems.push(`lead ${lead}: index ${ids[0]}, linear ${ids[1]}, naive ${ids[2]}`);
    } else if (JSON.stringify(reference.decisions![lead]) !== JSON.stringify(linear.decisions![lead])) {
      problems.push(`lead ${lead}: the decisions with and without the index differ`);
    }
    for (const run of indexed.slice(1)) {
      if (run.chosen[lead] !== ids[0]) problems.push(`lead ${lead}: index runs disagree`);
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `Routing paths disagree on ${problems.length} leads; first ones:\n${problems.slice(0, 10).join('\n')}`,
    );
  }
  console.log(
    `  first ${format(sample)} leads: same partner on all paths, identical decisions with and without the index; all ${format(leadCount)}: index runs agree`,
  );

  const rules: Record<string, number> = {};
  let throughLinearPass = 0;
  for (const decision of reference.decisions!) {
    const code = decision.explanation.code;
    rules[code] = (rules[code] ?? 0) + 1;
    if (
      code === 'no_eligible_partner' ||
      (code === 'nearest' && decision.explanation.params.eligibleCount < 5)
    )
      throughLinearPass += 1;
  }
  const pick = (run: Timed, leads: number): PathRun => ({
    seconds: run.seconds,
    cpuSeconds: run.cpuSeconds,
    buildSeconds: run.buildSeconds,
    leads,
  });
  const middle = indexed.find((run) => run.seconds === median(indexed.map((entry) => entry.seconds)))!;
  return {
    leads: leadCount,
    partners: partnerCount,
    workload: workload.describe,
    runs: { indexed: pick(middle, leadCount), linear: pick(linear, sample), naive: pick(naive, sample) },
    indexedRuns: indexed.map((run) => run.seconds),
    rules,
    throughLinearPass,
  };
}

/** Seconds per lead of a path's run (its own lead count: a sample for the slow paths). */
const perLead = (result: RoutingResult, run: PathRun, seconds: number) =>
  seconds / (run.leads ?? result.leads);

function routingTable(result: RoutingResult): Table {
  const naive = result.runs.naive;
  const rows: [string, Strategy][] = [
    ['Naive scan (baseline): haversine to every partner, filter, sort', 'naive'],
    ['routeLead, linear pass (one lead at a time, no index)', 'linear'],
    ['routeLead + partner index (production batch path, index build included)', 'indexed'],
  ];
  const all = format(result.leads);
  const table: Table = [
    [
      'Path',
      'Leads timed',
      'Wall s',
      'CPU s',
      `Wall s for ${all}`,
      `CPU s for ${all}`,
      'Leads/s (wall)',
      'Naive ÷ this (wall)',
      'Naive ÷ this (CPU)',
    ],
  ];
  for (const [label, strategy] of rows) {
    const run = result.runs[strategy];
    const timedLeads = run.leads ?? result.leads;
    const sampled = timedLeads < result.leads;
    // A sample's figure for all leads is its time per lead times the lead count: an estimate.
    const forAll = (seconds: number) =>
      sampled
        ? `≈ ${format(perLead(result, run, seconds) * result.leads, 1)} (extrapolated)`
        : format(seconds, 2);
    table.push([
      label,
      sampled ? `${format(timedLeads)} (sample)` : format(timedLeads),
      format(run.seconds, 2),
      format(run.cpuSeconds, 2),
      forAll(run.seconds),
      forAll(run.cpuSeconds),
      format(timedLeads / run.seconds),
      strategy === 'naive'
        ? '1×'
        : `${format(perLead(result, naive, naive.seconds) / perLead(result, run, run.seconds), 1)}×`,
      strategy === 'naive'
        ? '1×'
        : `${format(perLead(result, naive, naive.cpuSeconds) / perLead(result, run, run.cpuSeconds), 1)}×`,
    ]);
  }
  return table;
}

function samplingNote(result: RoutingResult): string {
  const sample = Math.min(result.runs.naive.leads ?? result.leads, result.runs.linear.leads ?? result.leads);
  if (sample >= result.leads)
    return 'Every lead got the same partner on all three paths, and every decision (explanation, counts per exclusion reason, top-5 candidates) was identical with and without the index; the bench fails otherwise.';
  return `**Only the index path routed all ${format(result.leads)} leads.** The naive scan and the linear pass routed the first ${format(sample)} of the same batch (a sample, to keep the bench to a few minutes); their figures for all ${format(result.leads)} leads are that time per lead × ${format(result.leads)}, an extrapolation, and the ratios compare time per lead. Both look at every partner for every lead, so their cost per lead hardly depends on how far the batch has got. On the sample every lead got the same partner on all three paths and every decision (explanation, counts per exclusion reason, top-5 candidates) was identical with and without the index; the three index runs agreed on all ${format(result.leads)} leads; the bench fails otherwise.`;
}

function routingSection(result: RoutingResult): string {
  const indexed = result.runs.indexed;
  const verdict =
    indexed.seconds < TARGET_SECONDS
      ? `under the ${TARGET_SECONDS} s target`
      : indexed.cpuSeconds < TARGET_SECONDS
        ? `**over the ${TARGET_SECONDS} s target in wall time** on this busy machine, under it in CPU time (${format(indexed.cpuSeconds, 2)} s)`
        : `**over the ${TARGET_SECONDS} s target**`;
  const rules = Object.entries(result.rules)
    .sort((a, b) => b[1] - a[1])
    .map(([code, leads]) => `${code} ${format(leads)}`)
    .join(', ');
  const w = result.workload;
  return `### Lead routing: ${format(result.leads)} leads over ${format(result.partners)} partners

${markdownTable(routingTable(result))}

- The production path routed ${format(result.leads)} leads in ${format(indexed.seconds, 2)} s (median of ${result.indexedRuns.length} runs: ${result.indexedRuns.map((seconds) => format(seconds, 2)).join(', ')} s; index build ${format(indexed.buildSeconds * 1000)} ms), ${verdict}. CPU s is this process's user + system time: on a shared machine wall time also counts waiting for a core.
- ${samplingNote(result)}
- Decisions: ${rules}. ${format(result.throughLinearPass)} leads had fewer than five eligible partners and were answered by the linear pass (the index returns them to it, since their explanation lists excluded partners and counts every exclusion).
- Workload (seed 20261206): partners on random real postal codes (GeoNames table, so dense where postal codes are), 90 % active, 6 % inactive, 4 % suspended, 3 % without coordinates; grade weight 1–3; capacity 10–80 open leads (20 % unlimited, a tenth full at the start); radius 20–150 km; 25 % serve every product line, the rest a random subset of five. Leads for customers on random real postal codes (${format(w.approximate ?? 0)} on codes missing from the table, located by their area; ${format(w.withoutCoordinates ?? 0)} without coordinates), 25 % with a customer reseller of record and 5 % with an asset one (random partners, some not active), ${format(w.retried ?? 0)} re-routes with 1–3 partners of the region that already declined. Leads are routed as one batch: each chosen partner's load grows by one, so capacity fills up during the run, on every path alike.
- **Baseline**: \`naiveRoute\` in bench/channel-routing.ts, the obvious code: the same reseller-of-record rules, then \`distanceKm\` to every partner, filter by radius, status, tried, product line and capacity, sort by shown distance, grade, load and id, take the first.
- **Linear pass**: \`routeLead\` without an index, as the lead API calls it for one lead: one pass over all partners with a cheap distance lower bound, top-5 kept without sorting.
- **Partner index** (src/server/modules/channel/partner-index.ts): built once per batch from the partners; a grid of 0.1° × 0.15° cells lists, per cell, the partners covering all of it (nearest the centre first) and those whose radius ends in it. A lead looks at its cell only: covering partners count as within radius without a distance and are measured only while they can still make the top five.
- At this size the linear pass costs about as much CPU per lead as the naive scan (it still looks at every partner for every lead); the batch speed comes from the index.`;
}

/** 1-minute load averages at the start, after routing and at the end (older results: start only). */
type Loads = { start: number; afterRouting: number | null; end: number };

type Results = {
  date: string;
  machine: Machine;
  loads?: Loads;
  totalSeconds?: number;
  routing: RoutingResult | null;
  renewals: RenewalsResult | null;
};

export async function runChannelBench(): Promise<void> {
  // BENCH_CHANNEL_FROM=bench/results/<date>-channel.json: rewrite the section from a run's results.
  const from = process.env.BENCH_CHANNEL_FROM;
  if (from) {
    const saved = JSON.parse(readFileSync(resolve(from), 'utf8')) as Results;
    writeDoc(
      saved.date.slice(0, 10),
      saved.machine,
      saved.routing,
      saved.renewals,
      saved.loads,
      saved.totalSeconds,
    );
    console.log(`Rewrote the channel section of ${relative(REPO_ROOT, DOC_PATH)} from ${from}.`);
    return;
  }
  const machine = machineInfo();
  const date = new Date().toISOString().slice(0, 10);
  const skip = new Set((process.env.BENCH_CHANNEL_SKIP ?? '').split(',').filter(Boolean));
  console.log(`channeldesk channel benchmark — ${describeMachine(machine)}`);
  if (machineWasBusy(machine)) {
    console.warn(
      `Warning: the 1-minute load average is ${machine.loadAverageAtStart} before start; other work skews the figures.`,
    );
  }

  const benchStarted = Date.now();
  const loadNow = () => Math.round((loadavg()[0] ?? 0) * 100) / 100;
  const routing = skip.has('routing')
    ? null
    : runRouting(
        count('BENCH_CHANNEL_LEADS', 100_000),
        count('BENCH_CHANNEL_PARTNERS', 5_000),
        count('BENCH_CHANNEL_SAMPLE', 10_000),
      );
  if (routing) console.log(`\n${consoleTable(routingTable(routing))}\n`);
  const afterRouting = routing ? loadNow() : null;
  const renewals: RenewalsResult | null = skip.has('renewals')
    ? null
    : await runRenewalsBench(count('BENCH_CHANNEL_ASSETS', 1_000_000));
  const loads: Loads = { start: machine.loadAverageAtStart, afterRouting, end: loadNow() };
  const totalSeconds = (Date.now() - benchStarted) / 1000;
  console.log(
    `Whole bench ${format(totalSeconds)} s; 1-minute load average ${loads.start} at start, ${loads.afterRouting ?? '—'} after routing, ${loads.end} at the end.`,
  );

  if (process.env.BENCH_CHANNEL_DRY === '1') {
    console.log('BENCH_CHANNEL_DRY=1: docs/benchmarks.md and bench/results left alone.');
    return;
  }
  writeDoc(date, machine, routing, renewals, loads, totalSeconds);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const resultsFile = join(RESULTS_DIR, `${date}-${BENCH_NAME}.json`);
  writeFileSync(
    resultsFile,
    `${JSON.stringify({ bench: BENCH_NAME, date: new Date().toISOString(), machine, loads, totalSeconds, routing, renewals }, null, 2)}\n`,
  );
  console.log(`Wrote ${relative(REPO_ROOT, resultsFile)} and ${relative(REPO_ROOT, DOC_PATH)}.`);
}

function writeDoc(
  date: string,
  machine: Machine,
  routing: RoutingResult | null,
  renewals: RenewalsResult | null,
  loads?: Loads,
  totalSeconds?: number,
): void {
  const loadText = loads
    ? `1-minute load average ${loads.start} at the start${loads.afterRouting === null ? '' : `, ${loads.afterRouting} after routing`}, ${loads.end} at the end, on ${machine.cpus} CPUs`
    : `1-minute load average ${machine.loadAverageAtStart} at the start on ${machine.cpus} CPUs`;
  const busy =
    machineWasBusy(machine) || (loads !== undefined && loads.end > machine.cpus / 2)
      ? `\n> **Note:** the machine was busy with other work during this run (${loadText}): several processes shared its cores, so wall times are higher and noisier than on an idle machine and the bench's own CPU time is the steadier figure. On an idle machine expect lower wall times.\n`
      : `\n> Machine load: ${loadText}.\n`;
  const duration =
    totalSeconds === undefined ? 'a few minutes' : `${format(totalSeconds / 60, 1)} minutes in this run`;
  const sections = [
    `## Channel: lead routing and the renewal job

Run with \`npm run bench -- channel\` (${duration} on this 2-core machine: routing, then building the million-asset database, then the renewal job; CI never runs it; \`BENCH_CHANNEL_FROM=bench/results/<date>-channel.json\` rewrites this section from a saved run). Pure routing in the bench process, then the renewal job on SQLite in a temporary directory. Measured ${date} on ${describeMachine(machine)}.
${busy}`,
    routing ? routingSection(routing) : '',
    renewals
      ? renewalsSection(
          renewals,
          loads
            ? `${loads.afterRouting ?? loads.start} before the job's database was built, ${loads.end} after the job, on ${machine.cpus} CPUs`
            : undefined,
        )
      : '',
  ];
  updateBenchmarksDoc(DOC_PATH, [{ id: BENCH_NAME, content: sections.filter(Boolean).join('\n\n') }]);
}
