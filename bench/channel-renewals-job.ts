// Child process of the renewal bench: runs the renewal job (runRenewals, as `channeldesk leads
// renewals --today` does) against DATA_DIR's SQLite database, and reports on stdout as JSON lines:
// the due-asset query alone, progress every second, and at the end time, leads and peak memory.
// Its own process, so its peak RSS is the job's, not the bench's million generated rows.
import { performance } from 'node:perf_hooks';
import { parseConfig, prepareDataDir } from '../src/server/config';
import { connectDatabase } from '../src/server/db/connect';
import { findAssetsDueForRenewal } from '../src/server/modules/channel/lead-repository';
import { runRenewals } from '../src/server/modules/channel/renewals';
import { systemClock } from '../src/server/shared/clock';

const today = process.env.BENCH_TODAY!;
const until = process.env.BENCH_UNTIL!;
const say = (message: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(message)}\n`);

let peakRss = 0;
let peakHeap = 0;
const sample = () => {
  const memory = process.memoryUsage();
  peakRss = Math.max(peakRss, memory.rss);
  peakHeap = Math.max(peakHeap, memory.heapUsed);
};
const sampler = setInterval(sample, 50);

const config = prepareDataDir(parseConfig());
const database = connectDatabase(config.database);
try {
  const deps = { db: database.db, dialect: database.dialect, clock: systemClock, config };
  sample();
  const baseline = { rss: peakRss, heap: peakHeap };

  const queryStarted = performance.now();
  const due = await findAssetsDueForRenewal(deps.db, today, until);
  sample();
  say({
    event: 'query',
    seconds: (performance.now() - queryStarted) / 1000,
    due: due.length,
    peakRss,
    peakHeap,
  });

  let last = 0;
  const started = performance.now();
  const result = await runRenewals(deps, {
    today,
    onProgress: (done, total) => {
      const now = performance.now();
      if (now - last < 1000 && done !== total) return;
      last = now;
      sample();
      say({ event: 'progress', done, total, seconds: (now - started) / 1000, peakRss, peakHeap });
    },
  });
  const seconds = (performance.now() - started) / 1000;
  sample();
  say({
    event: 'done',
    seconds,
    created: result.created,
    checked: result.checked,
    peakRss,
    peakHeap,
    maxRssFromOs: process.resourceUsage().maxRSS * 1024,
    baseline,
  });
} finally {
  clearInterval(sampler);
  await database.close();
}
