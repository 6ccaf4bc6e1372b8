// Web bench: the initial JS/CSS a first visit downloads (gzip) and the time until the case list is
// interactive in Chromium, on the demo database (62 cases) and on the generated 100,000-case data
// set, measured in the same run so the ratio between the two means something.
//
// Usage: npm run bench -- web   (or BENCH_ONLY=web)
//   BENCH_WEB_RUNS=15        timed page loads per dataset × view × cache state
//   BENCH_WEB_CASES=100000   size of the large data set (shared with the cases bench's cache)
//   BENCH_WEB_VIEWS=all,mine inbox views to load (/cases?view=all, /cases = the agent's "mine")
//   BENCH_WEB_SCREENSHOTS=/tmp/dir   where to put one screenshot per dataset (default os.tmpdir())
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type Browser, type BrowserContext, chromium } from '@playwright/test';
import SQLite from 'better-sqlite3';
import { ensureGenerated, parseCaseCount, sqliteDataDir } from './generate-cases';
import { login, type Stats, stats } from './lib/http';
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
const WEB_SRC = join(REPO_ROOT, 'src', 'web');
const WEB_DIST = join(REPO_ROOT, 'dist', 'web');
const BENCH_NAME = 'web';
const AGENT = { email: 'agent@printwerk.example', password: 'channeldesk-demo' };
const TARGETS = { initialJsGzipKiB: 350, interactiveMs: 1_000 };
const VIEWPORT = { width: 1280, height: 800 };
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const TOP_LAZY_CHUNKS = 8;

type View = 'all' | 'mine';
const VIEW_PATHS: Record<View, string> = { all: '/cases?view=all', mine: '/cases' };
type CacheState = 'cold' | 'warm';

// ---------------------------------------------------------------------------------------------
// Bundle sizes

type Asset = { file: string; bytes: number; gzipBytes: number };
type BundleResult = {
  built: 'fresh' | 'rebuilt' | 'stale (build failed)';
  entry: Asset[];
  css: Asset[];
  initialJsGzip: number;
  initialJsRaw: number;
  initialCssGzip: number;
  lazyChunks: number;
  lazyJsGzip: number;
  largestLazy: Asset[];
};

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    // Tests are not part of the bundle; editing one should not force a rebuild.
    else if (!/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function ensureWebBuild(): BundleResult['built'] {
  const index = join(WEB_DIST, 'index.html');
  const sources = Math.max(newestMtime(WEB_SRC), statSync(join(REPO_ROOT, 'vite.config.ts')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return 'fresh';
  console.log('dist/web is missing or older than src/web: npm run build:web …');
  const build = spawnSync('npm', ['run', 'build:web'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (build.status === 0) return 'rebuilt';
  // Others edit src/web in the same tree; a half-edited file must not stop the measurement when an
  // earlier build exists, but the report says the figures are of that older build.
  if (existsSync(index)) {
    console.warn('Warning: npm run build:web failed; measuring the existing, older dist/web.');
    return 'stale (build failed)';
  }
  throw new Error('npm run build:web failed and there is no dist/web to measure');
}

function asset(urlPath: string): Asset {
  const file = join(WEB_DIST, urlPath.replace(/^\//, ''));
  const content = readFileSync(file);
  return { file: urlPath, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
}

/** What index.html makes the browser fetch before any lazy route: entry script, modulepreloads, CSS. */
function measureBundle(built: BundleResult['built']): BundleResult {
  const html = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
  const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]+)"`).exec(tag)?.[1];
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)]
    .map((match) => match[0])
    .filter((tag) => /type="module"/.test(tag))
    .map((tag) => attribute(tag, 'src'));
  const links = [...html.matchAll(/<link\b[^>]*>/g)].map((match) => match[0]);
  const preloads = links
    .filter((tag) => /rel="modulepreload"/.test(tag))
    .map((tag) => attribute(tag, 'href'));
  const styles = links.filter((tag) => /rel="stylesheet"/.test(tag)).map((tag) => attribute(tag, 'href'));
  const local = (list: (string | undefined)[]) =>
    list.filter((href): href is string => href?.startsWith('/') === true);
  const entry = [...new Set(local([...scripts, ...preloads]))].map(asset);
  const css = local(styles).map(asset);
  if (entry.length === 0) throw new Error('dist/web/index.html has no module script');
  const initial = new Set(entry.map((a) => a.file));
  const lazy = readdirSync(join(WEB_DIST, 'assets'))
    .filter((name) => name.endsWith('.js') && !initial.has(`/assets/${name}`))
    .map((name) => asset(`/assets/${name}`))
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
  const sum = (list: Asset[], key: 'bytes' | 'gzipBytes') => list.reduce((total, a) => total + a[key], 0);
  return {
    built,
    entry,
    css,
    initialJsGzip: sum(entry, 'gzipBytes'),
    initialJsRaw: sum(entry, 'bytes'),
    initialCssGzip: sum(css, 'gzipBytes'),
    lazyChunks: lazy.length,
    lazyJsGzip: sum(lazy, 'gzipBytes'),
    largestLazy: lazy.slice(0, TOP_LAZY_CHUNKS),
  };
}

// ---------------------------------------------------------------------------------------------
// In-page measurement

// A string, not a function: tsx compiles with keepNames, and the `__name` helpers it adds to
// serialised functions do not exist in the page.
//
// "Interactive" = the first list row is in the DOM, one animation frame later a `j` keydown on that
// row is handled by the list (it calls preventDefault), the selection highlight moves to the row
// and the app has moved focus to the row's link. Everything is timed inside the page against the
// navigation's time origin, so no CDP round trip is included.
const PAGE_SCRIPT = `(() => {
  const LIST = '[data-testid="case-list"]';
  const state = { phase: 'row', keyHandled: null, countAll: null, rowsInDom: 0, firstRow: null, error: null };
  const longTasks = [];
  window.__cdBench = state;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (error) {}
  const mark = (name) => {
    if (performance.getEntriesByName(name, 'mark').length === 0) performance.mark(name);
  };
  const step = () => {
    try {
      if (state.countAll === null) {
        const badge = document.querySelector('[data-testid="count-all"]');
        const text = badge && badge.textContent ? badge.textContent.trim() : '';
        if (text !== '') {
          mark('cd:counts');
          state.countAll = text;
        }
      }
      if (state.phase === 'row') {
        const row = document.querySelector(LIST + ' tr[data-index="0"]');
        if (!row) return;
        mark('cd:first-row');
        state.phase = 'key';
        state.firstRow = row.textContent;
        requestAnimationFrame(() => {
          const target =
            document.querySelector(LIST + ' tr[data-index="0"] a') ||
            document.querySelector(LIST + ' tr[data-index="0"]');
          state.rowsInDom = document.querySelectorAll(LIST + ' tr[data-index]').length;
          mark('cd:key');
          state.phase = 'select';
          state.keyHandled = !target.dispatchEvent(
            new KeyboardEvent('keydown', { key: 'j', code: 'KeyJ', bubbles: true, cancelable: true }),
          );
          step();
        });
        return;
      }
      if (state.phase === 'select') {
        if (!document.querySelector(LIST + ' tr.cd-row-active')) return;
        mark('cd:selected');
        state.phase = 'focus';
      }
      if (state.phase === 'focus') {
        const focused = document.activeElement;
        if (!focused || !focused.closest(LIST + ' tr.cd-row-active')) return;
        mark('cd:interactive');
        state.phase = 'done';
      }
    } catch (error) {
      state.error = String(error && error.stack ? error.stack : error);
    }
  };
  new MutationObserver(step).observe(document, {
    childList: true,
    subtree: true,
    characterData: true,
    attributes: true,
    attributeFilter: ['class'],
  });
  document.addEventListener('focusin', step, true);

  window.__cdBenchCollect = () => {
    const at = (name) => {
      const entry = performance.getEntriesByName(name, 'mark')[0];
      return entry ? entry.startTime : null;
    };
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return {
      state: { ...state },
      marks: {
        firstRow: at('cd:first-row'),
        key: at('cd:key'),
        selected: at('cd:selected'),
        interactive: at('cd:interactive'),
        counts: at('cd:counts'),
      },
      fcp: fcp ? fcp.startTime : null,
      navigation: nav
        ? {
            responseEnd: nav.responseEnd,
            domContentLoaded: nav.domContentLoadedEventEnd,
            load: nav.loadEventEnd,
            transferSize: nav.transferSize,
          }
        : null,
      resources: performance.getEntriesByType('resource').map((r) => ({
        url: r.name,
        start: r.startTime,
        end: r.responseEnd,
        duration: r.duration,
        transferSize: r.transferSize,
        encodedBodySize: r.encodedBodySize,
      })),
      longTasks: longTasks.slice(),
    };
  };
})();`;

type PageResource = {
  url: string;
  start: number;
  end: number;
  duration: number;
  transferSize: number;
  encodedBodySize: number;
};
type PageCollect = {
  state: {
    phase: string;
    keyHandled: boolean | null;
    countAll: string | null;
    rowsInDom: number;
    firstRow: string | null;
    error: string | null;
  };
  marks: Record<'firstRow' | 'key' | 'selected' | 'interactive' | 'counts', number | null>;
  fcp: number | null;
  navigation: { responseEnd: number; domContentLoaded: number; load: number; transferSize: number } | null;
  resources: PageResource[];
  longTasks: { start: number; duration: number }[];
};

type Run = {
  cache: CacheState;
  fcp: number;
  firstRow: number;
  interactive: number;
  counts: number | null;
  countAll: string | null;
  rowsInDom: number;
  /** /api/cases (the list request) and /api/cases/counts, from Resource Timing. */
  listRequest: { start: number; duration: number } | null;
  countsRequest: { start: number; duration: number } | null;
  /** JS and CSS: bytes over the wire (≈ headers only when revalidated) and their URL paths. */
  assetTransferBytes: number;
  assetPaths: string[];
  longTaskMsBeforeInteractive: number;
  waterfall: Waterfall;
};

/** Milestones of one load in ms from navigation start, to show where the time before the list goes. */
const MILESTONES = {
  html: 'HTML received',
  entryJs: 'entry JS received',
  domContentLoaded: 'DOMContentLoaded',
  firstApi: 'first API request sent',
  lastJs: 'last JS chunk received',
  listSent: '`/api/cases` sent',
  listReceived: '`/api/cases` received',
} as const;
type Waterfall = Record<keyof typeof MILESTONES, number | null>;

function toRun(cache: CacheState, page: PageCollect): Run {
  const { marks, state } = page;
  if (state.error) throw new Error(`in-page measurement failed: ${state.error}`);
  if (marks.firstRow === null || marks.interactive === null || page.fcp === null)
    throw new Error(`page did not reach the interactive list (phase ${state.phase})`);
  if (state.keyHandled !== true) throw new Error('the list did not handle the j keydown (no preventDefault)');
  const request = (match: (path: string) => boolean) => {
    const entry = page.resources.find((r) => match(new URL(r.url).pathname));
    return entry ? { start: entry.start, duration: entry.end - entry.start } : null;
  };
  const assets = page.resources.filter((r) => /\.(js|css)$/.test(new URL(r.url).pathname));
  const scripts = assets.filter((r) => r.url.endsWith('.js')).sort((a, b) => a.start - b.start);
  const api = page.resources.filter((r) => new URL(r.url).pathname.startsWith('/api/'));
  const list = page.resources.find((r) => new URL(r.url).pathname === '/api/cases');
  const waterfall: Waterfall = {
    html: page.navigation?.responseEnd ?? null,
    entryJs: scripts[0]?.end ?? null,
    domContentLoaded: page.navigation?.domContentLoaded ?? null,
    firstApi: api.length > 0 ? Math.min(...api.map((r) => r.start)) : null,
    lastJs: scripts.length > 0 ? Math.max(...scripts.map((r) => r.end)) : null,
    listSent: list?.start ?? null,
    listReceived: list?.end ?? null,
  };
  return {
    cache,
    fcp: page.fcp,
    firstRow: marks.firstRow,
    interactive: marks.interactive,
    counts: marks.counts,
    countAll: state.countAll,
    rowsInDom: state.rowsInDom,
    listRequest: request((path) => path === '/api/cases'),
    countsRequest: request((path) => path === '/api/cases/counts'),
    assetTransferBytes: assets.reduce((sum, r) => sum + r.transferSize, 0),
    assetPaths: assets.map((r) => new URL(r.url).pathname),
    longTaskMsBeforeInteractive: page.longTasks
      .filter((task) => task.start < (marks.interactive ?? 0))
      .reduce((sum, task) => sum + task.duration, 0),
    waterfall,
  };
}

// ---------------------------------------------------------------------------------------------
// Datasets and page loads

type Dataset = { id: 'demo' | 'large'; label: string; casesInDb: number; serverQuietAfterSeconds: number };
type Series = { dataset: Dataset; view: View; cache: CacheState; runs: Run[] };
type Summary = {
  dataset: string;
  casesInDb: number;
  view: View;
  cache: CacheState;
  runs: number;
  countAll: string | null;
  fcp: Stats;
  firstRow: Stats;
  interactive: Stats;
  listRequest: Stats;
  countsRequest: Stats;
  counts: Stats;
  assetTransferKiB: number;
  longTaskMs: number;
  waterfall: Record<keyof typeof MILESTONES, number>;
};

function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // A developer's shell may point at Postgres or a mail server; the bench wants SQLite and no mail.
  for (const name of ['DATABASE_URL', 'PUBLIC_URL', 'SESSION_SECRET', 'SMTP_URL', 'TRUST_PROXY'])
    delete env[name];
  return { ...env, ...overrides };
}

function countCases(dataDir: string): number {
  const sqlite = new SQLite(join(dataDir, 'channeldesk.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (sqlite.prepare('select count(*) as n from support_case').get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
}

/** CPU seconds (user + system) the process has used so far, or null where /proc is missing. */
function cpuSeconds(pid: number): number | null {
  try {
    // Fields after the command name (which may contain spaces): utime and stime are 14 and 15, in
    // clock ticks of 1/100 s on Linux.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * Waits until the server has used under 5 % of a core for two seconds in a row (at most 120 s).
 * On the large data set the scheduler's first pass after start-up (overdue SLA timers, the
 * auto-close sweep) keeps it busy for a while; page loads measured during that would time it.
 */
async function waitUntilQuiet(server: ChildServer): Promise<number> {
  const started = Date.now();
  if (server.pid === undefined || cpuSeconds(server.pid) === null) return 0;
  let quietSeconds = 0;
  let last = cpuSeconds(server.pid)!;
  while (quietSeconds < 2 && Date.now() - started < 120_000) {
    await new Promise((resolveWait) => setTimeout(resolveWait, 1_000));
    const now = cpuSeconds(server.pid);
    if (now === null) break;
    quietSeconds = now - last < 0.05 ? quietSeconds + 1 : 0;
    last = now;
  }
  return (Date.now() - started) / 1000;
}

async function loadOnce(
  context: BrowserContext,
  url: string,
  cache: CacheState,
  screenshot?: string,
): Promise<Run> {
  const page = await context.newPage();
  try {
    if (cache === 'cold') {
      // Empties the context's HTTP cache (and the V8 code cache kept with it); cookies stay.
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.clearBrowserCache');
      await cdp.detach();
    }
    await page.goto(url, { waitUntil: 'commit', timeout: 30_000 });
    // The count badges arrive independently of the list; wait for both so every run has them.
    await page.waitForFunction(
      'window.__cdBench && (window.__cdBench.error !== null || (window.__cdBench.phase === "done" && window.__cdBench.countAll !== null))',
      undefined,
      { timeout: 30_000, polling: 50 },
    );
    if (screenshot) await page.screenshot({ path: screenshot });
    return toRun(cache, (await page.evaluate('window.__cdBenchCollect()')) as PageCollect);
  } finally {
    await page.close();
  }
}

async function measureDataset(
  browser: Browser,
  server: ChildServer,
  dataset: Dataset,
  views: View[],
  runs: number,
  screenshotDir: string,
): Promise<{ series: Series[]; screenshot: string }> {
  const session = await login(server.url, AGENT.email, AGENT.password);
  const context = await browser.newContext({
    viewport: VIEWPORT,
    locale: 'en-US',
    timezoneId: 'Europe/Berlin',
  });
  try {
    const [name, value] = session.cookie.split('=', 2) as [string, string];
    await context.addCookies([{ name, value, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
    await context.addInitScript({ content: PAGE_SCRIPT });
    // One untimed load per view: the server's first queries, SQLite's page cache and the
    // browser's first process start are not what a user on a running system sees.
    for (const view of views) await loadOnce(context, `${server.url}${VIEW_PATHS[view]}`, 'cold');
    const series: Series[] = [];
    for (const view of views)
      for (const cache of ['cold', 'warm'] as const) series.push({ dataset, view, cache, runs: [] });
    const find = (view: View, cache: CacheState) => series.find((s) => s.view === view && s.cache === cache)!;
    for (let i = 0; i < runs; i++) {
      // Alternating cold and warm (and views) per round keeps slow drift from favouring one of them;
      // a warm run follows a load of the same view, so its cache holds exactly what that view needs.
      for (const view of views) {
        const url = `${server.url}${VIEW_PATHS[view]}`;
        find(view, 'cold').runs.push(await loadOnce(context, url, 'cold'));
        find(view, 'warm').runs.push(await loadOnce(context, url, 'warm'));
      }
      process.stdout.write(`\r${dataset.label}: ${i + 1}/${runs} rounds`);
    }
    process.stdout.write('\n');
    const screenshot = join(screenshotDir, `channeldesk-web-bench-${dataset.id}.png`);
    await loadOnce(context, `${server.url}${VIEW_PATHS[views[0]!]}`, 'warm', screenshot);
    return { series, screenshot };
  } finally {
    await context.close();
  }
}

function summarise(series: Series): Summary {
  const { runs } = series;
  const pick = (value: (run: Run) => number | null | undefined) =>
    stats(runs.map(value).filter((v): v is number => typeof v === 'number'));
  return {
    dataset: series.dataset.label,
    casesInDb: series.dataset.casesInDb,
    view: series.view,
    cache: series.cache,
    runs: runs.length,
    countAll: runs.at(-1)?.countAll ?? null,
    fcp: pick((r) => r.fcp),
    firstRow: pick((r) => r.firstRow),
    interactive: pick((r) => r.interactive),
    listRequest: pick((r) => r.listRequest?.duration),
    countsRequest: pick((r) => r.countsRequest?.duration),
    counts: pick((r) => r.counts),
    assetTransferKiB: stats(runs.map((r) => r.assetTransferBytes)).p50 / 1024,
    longTaskMs: stats(runs.map((r) => r.longTaskMsBeforeInteractive)).p50,
    waterfall: Object.fromEntries(
      (Object.keys(MILESTONES) as (keyof typeof MILESTONES)[]).map((key) => [
        key,
        pick((r) => r.waterfall[key]).p50,
      ]),
    ) as Record<keyof typeof MILESTONES, number>,
  };
}

/** JS and CSS the browser actually fetched for the case list on a cold load, gzipped like the bundle. */
function firstVisitAssets(series: Series[]): { js: Asset[]; css: Asset[] } {
  const cold = series.find((s) => s.cache === 'cold' && s.runs.length > 0);
  const paths = [...new Set(cold?.runs[0]?.assetPaths ?? [])].filter((path) =>
    existsSync(join(WEB_DIST, path.replace(/^\//, ''))),
  );
  return {
    js: paths.filter((path) => path.endsWith('.js')).map(asset),
    css: paths.filter((path) => path.endsWith('.css')).map(asset),
  };
}

// ---------------------------------------------------------------------------------------------
// Report

const fmt = (value: number, digits = 0) =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '—';
const kib = (bytes: number) => `${fmt(bytes / 1024, 1)} KB`;

function bundleTable(bundle: BundleResult, visit: { js: Asset[]; css: Asset[] }): Table {
  const sum = (list: Asset[], key: 'bytes' | 'gzipBytes') => list.reduce((total, a) => total + a[key], 0);
  const ratio = (bytes: number) => `${(bytes / 1024 / TARGETS.initialJsGzipKiB).toFixed(2)}×`;
  return [
    ['What', 'Files', 'Raw', 'gzip -9', '÷ 350 KB target'],
    [
      'Initial JS (index.html entry + modulepreload)',
      String(bundle.entry.length),
      kib(bundle.initialJsRaw),
      kib(bundle.initialJsGzip),
      ratio(bundle.initialJsGzip),
    ],
    [
      'Initial CSS',
      String(bundle.css.length),
      kib(sum(bundle.css, 'bytes')),
      kib(bundle.initialCssGzip),
      '—',
    ],
    [
      'JS a cold load of /cases fetched (entry + lazy route chunks)',
      String(visit.js.length),
      kib(sum(visit.js, 'bytes')),
      kib(sum(visit.js, 'gzipBytes')),
      ratio(sum(visit.js, 'gzipBytes')),
    ],
    ['All lazy JS chunks', String(bundle.lazyChunks), '—', kib(bundle.lazyJsGzip), '—'],
  ];
}

function lazyTable(bundle: BundleResult): Table {
  return [
    ['Largest lazy chunks', 'Raw', 'gzip -9'],
    ...bundle.largestLazy.map((a) => [
      `\`${a.file.replace('/assets/', '')}\``,
      kib(a.bytes),
      kib(a.gzipBytes),
    ]),
  ];
}

const msCell = (s: Stats) => (Number.isFinite(s.p50) ? `${fmt(s.p50)} / ${fmt(s.p95)}` : '—');

function loadTable(summaries: Summary[]): Table {
  const table: Table = [
    [
      'Cases in DB',
      'View',
      'Cache',
      '"All" badge',
      'FCP ms p50 / p95',
      'First row ms p50 / p95',
      'Interactive ms p50 / p95',
      '÷ demo (p50)',
      '`/api/cases` ms p50 / p95',
      '`/api/cases/counts` ms p50',
      'Badges shown ms p50',
      'Long tasks ms p50',
      'JS+CSS over wire',
    ],
  ];
  for (const s of summaries) {
    const base = summaries.find(
      (other) => other.casesInDb !== s.casesInDb && other.view === s.view && other.cache === s.cache,
    );
    const isLarge = base !== undefined && s.casesInDb > base.casesInDb;
    table.push([
      fmt(s.casesInDb),
      s.view === 'all' ? 'All (`/cases?view=all`)' : 'Mine (`/cases`)',
      s.cache,
      s.countAll ?? '—',
      msCell(s.fcp),
      msCell(s.firstRow),
      msCell(s.interactive),
      isLarge ? `${(s.interactive.p50 / base.interactive.p50).toFixed(2)}×` : '—',
      msCell(s.listRequest),
      fmt(s.countsRequest.p50),
      fmt(s.counts.p50),
      fmt(s.longTaskMs),
      `${fmt(s.assetTransferKiB, 1)} KB`,
    ]);
  }
  return table;
}

function waterfallTable(summaries: Summary[]): Table {
  const keys = Object.keys(MILESTONES) as (keyof typeof MILESTONES)[];
  const table: Table = [
    [
      'Cases in DB',
      'View',
      'Cache',
      ...keys.map((key) => MILESTONES[key]),
      'FCP',
      'first row',
      'interactive',
    ],
  ];
  for (const s of summaries)
    table.push([
      fmt(s.casesInDb),
      s.view,
      s.cache,
      ...keys.map((key) => fmt(s.waterfall[key])),
      fmt(s.fcp.p50),
      fmt(s.firstRow.p50),
      fmt(s.interactive.p50),
    ]);
  return table;
}

type TargetLine = { met: boolean; text: string };
function targetLines(bundle: BundleResult, summaries: Summary[], largeCases: number): TargetLine[] {
  const lines: TargetLine[] = [
    {
      met: bundle.initialJsGzip / 1024 < TARGETS.initialJsGzipKiB,
      text: `Initial JS < ${TARGETS.initialJsGzipKiB} KB gzip: ${kib(bundle.initialJsGzip)} (${((bundle.initialJsGzip / 1024 / TARGETS.initialJsGzipKiB) * 100).toFixed(0)} % of the budget)`,
    },
  ];
  for (const s of summaries.filter((summary) => summary.casesInDb === largeCases)) {
    lines.push({
      met: s.interactive.p95 < TARGETS.interactiveMs,
      text: `Interactive list < ${fmt(TARGETS.interactiveMs)} ms with ${fmt(largeCases)} cases, ${s.view} view, ${s.cache}: p50 ${fmt(s.interactive.p50)} ms, p95 ${fmt(s.interactive.p95)} ms (target checked against p95)`,
    });
  }
  return lines;
}

function webSection(
  date: string,
  machine: Machine,
  bundle: BundleResult,
  visit: { js: Asset[]; css: Asset[] },
  summaries: Summary[],
  datasets: Dataset[],
  largeCases: number,
  runs: number,
  chromiumVersion: string,
  problems: string[],
): string {
  const busy = machineWasBusy(machine)
    ? `\n> **Note:** the machine was already busy when this run started (1-minute load average ${machine.loadAverageAtStart} on ${machine.cpus} CPUs); figures are higher and noisier than on an idle machine.\n`
    : '';
  const stale =
    bundle.built === 'stale (build failed)'
      ? '\n> **Note:** `npm run build:web` failed during this run; the figures are of the older build in `dist/web`.\n'
      : '';
  const targets = targetLines(bundle, summaries, largeCases)
    .map((line) => `- ${line.met ? '✅ met' : '❌ missed'}: ${line.text}`)
    .join('\n');
  return `## Web app: initial bundle and time to an interactive case list

Measured ${date} with \`npm run bench -- web\` on ${describeMachine(machine)}; Chromium ${chromiumVersion} (headless, \`--disable-gpu\`), server and browser share the machine, everything on 127.0.0.1.
${busy}${stale}
### Targets

${targets}

### Initial JS and CSS (gzip level 9, \`dist/web\`)

${markdownTable(bundleTable(bundle, visit))}

${markdownTable(lazyTable(bundle))}

"Initial" is what \`dist/web/index.html\` references (module entry script, \`modulepreload\` links, stylesheets) and every visit downloads before a lazy route; each file is gzipped on its own with zlib level 9 (the server itself sends the files uncompressed). The third row is what a cold load of the case list really fetched (from Resource Timing), i.e. the entry plus the lazily loaded layout, page and shared chunks.

### Time to an interactive case list (${runs} loads per row)

${markdownTable(loadTable(summaries))}

Where the time goes (p50 of each milestone in ms from navigation start, each taken on its own, so they need not add up):

${markdownTable(waterfallTable(summaries))}

**Method.** Two servers in turn (\`node bin/channeldesk.mjs serve\`, SQLite, \`LOG_LEVEL=warn\`): the demo data set in a fresh \`DATA_DIR\` and a copy of the generated ${fmt(largeCases)}-case data set (\`bench/generate-cases.ts\`, kept under the OS temp dir and shared with the cases bench). Logged in once as the demo agent (\`${AGENT.email}\`) through \`POST /api/auth/login\`; the session cookie is put into a fresh Chromium browser context, viewport ${VIEWPORT.width}×${VIEWPORT.height}. Each load is a new page: **cold** clears the context's HTTP cache first (CDP \`Network.clearBrowserCache\`), **warm** follows a load of the same view (the server sends the hashed assets with \`Cache-Control: public, max-age=0\`, so a warm load revalidates each file with a 304, visible in the "over wire" column); cold and warm alternate, after one untimed load per view. Before the loads the bench waits until the server process uses under 5 % of a core for 2 s (its scheduler's first pass over overdue SLA timers and the auto-close sweep: ${datasets.map((d) => `${fmt(d.serverQuietAfterSeconds, 0)} s on ${d.label}`).join(', ')}). An init script, injected before the app's code, times everything inside the page against the navigation's start (Performance API): a \`MutationObserver\` marks the **first row** when \`[data-testid="case-list"] tr[data-index="0"]\` is in the DOM; in the next animation frame it dispatches a synthetic \`j\` keydown on that row's link (from inside the page, so no CDP round trip is timed), and the list counts as **interactive** once the list has handled the key (preventDefault), a row carries the selection class \`cd-row-active\` and the app has moved focus to that row's link. FCP is the \`first-contentful-paint\` entry; the \`/api/cases\` and \`/api/cases/counts\` times are Resource Timing durations (request start to response end, as the browser saw them); "badges shown" is when the inbox badge "All" got its count; long tasks are the sum of \`longtask\` entries before interactive. p95 is the ${Math.ceil(0.95 * runs)}th of the ${runs} loads in ascending order${Math.ceil(0.95 * runs) === runs ? ', i.e. the slowest' : ''} (nearest rank). "÷ demo" is the ${fmt(largeCases)}-case p50 over the demo p50 for the same view and cache state. The **All** view is the operator list over every case (sorted by last update); **Mine** is what \`/cases\` opens for an agent (assigned to me, active statuses).
${problems.length > 0 ? `\nProblems during the run:\n\n${problems.map((line) => `- ${line}`).join('\n')}\n` : ''}`;
}

// ---------------------------------------------------------------------------------------------

function parseRuns(value: string | undefined): number {
  if (value === undefined || value === '') return 15;
  const runs = Number(value);
  if (!Number.isInteger(runs) || runs < 3 || runs > 200)
    throw new Error(`BENCH_WEB_RUNS must be an integer between 3 and 200, got "${value}"`);
  return runs;
}

function parseViews(value: string | undefined): View[] {
  const views = (value ?? 'all,mine').split(',').filter(Boolean);
  if (views.length === 0 || !views.every((view): view is View => view in VIEW_PATHS))
    throw new Error(
      `BENCH_WEB_VIEWS must list some of ${Object.keys(VIEW_PATHS).join(', ')}, got "${value}"`,
    );
  return views as View[];
}

export async function runWebBench(): Promise<void> {
  const runs = parseRuns(process.env.BENCH_WEB_RUNS);
  const views = parseViews(process.env.BENCH_WEB_VIEWS);
  const largeCases = parseCaseCount(process.env.BENCH_WEB_CASES ?? '100000');
  const screenshotDir = process.env.BENCH_WEB_SCREENSHOTS ?? tmpdir();
  const servers: ChildServer[] = [];
  let browser: Browser | undefined;
  const tempRoot = mkdtempSync(join(tmpdir(), 'channeldesk-bench-web-'));
  const cleanup = async () => {
    await browser?.close().catch(() => undefined);
    await Promise.allSettled(servers.map((server) => server.stop()));
    rmSync(tempRoot, { recursive: true, force: true });
  };
  process.once('exit', () => {
    for (const server of servers) server.kill();
    rmSync(tempRoot, { recursive: true, force: true });
  });
  try {
    const date = new Date().toISOString().slice(0, 10);
    const machine = machineInfo();
    console.log(`channeldesk web benchmark — ${describeMachine(machine)}`);
    if (machineWasBusy(machine))
      console.warn(
        `Warning: the 1-minute load average is ${machine.loadAverageAtStart} before start; other work skews the figures.`,
      );

    const bundle = measureBundle(ensureWebBuild());
    console.log(
      `Initial JS ${kib(bundle.initialJsGzip)} gzip (${bundle.entry.length} files), CSS ${kib(bundle.initialCssGzip)} gzip; ${bundle.lazyChunks} lazy chunks, ${kib(bundle.lazyJsGzip)} gzip`,
    );
    const generated = (await ensureGenerated(['sqlite'], largeCases)).sqlite;

    // Generation and the build (if any) are done: the measurement itself is bounded in time.
    const budgetSeconds = 2 * views.length * (2 * runs + 2) * 6 + 180;
    const watchdog = setTimeout(() => {
      console.error(`\nWeb benchmark exceeded its ${budgetSeconds} s budget; stopping.`);
      void cleanup().finally(() => process.exit(1));
    }, budgetSeconds * 1000);
    watchdog.unref();

    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const chromiumVersion = browser.version();
    const problems: string[] = [];
    const series: Series[] = [];
    const screenshots: string[] = [];

    const start = async (label: string, env: Record<string, string>) => {
      const port = await freePort();
      const server = await startChildServer({
        name: `channeldesk-${label}`,
        args: ['bin/channeldesk.mjs', 'serve'],
        cwd: REPO_ROOT,
        env: childEnv({ ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' }),
        port,
        readyPath: '/api/ready',
        timeoutMs: 120_000,
      });
      servers.push(server);
      return server;
    };
    const finish = async (server: ChildServer) => {
      const { count, lines } = server.problems();
      if (count > 0)
        problems.push(`${server.name}: ${count} warn/error log lines, e.g. ${lines[0]?.slice(0, 300)}`);
      await server.stop();
    };

    const demoDir = join(tempRoot, 'demo');
    const largeDir = join(tempRoot, 'large');
    const plans: {
      id: Dataset['id'];
      label: string;
      env: () => Record<string, string>;
      cases: () => number;
    }[] = [
      {
        // Seeded by the server itself into a fresh data directory.
        id: 'demo',
        label: 'demo data',
        env: () => ({ DATA_DIR: demoDir, DEMO_DATA: 'true' }),
        cases: () => countCases(demoDir),
      },
      {
        // A copy, so the sessions and jobs of this run never change the kept data set.
        id: 'large',
        label: `${fmt(largeCases)} cases`,
        env: () => {
          mkdirSync(largeDir, { recursive: true });
          const source = join(sqliteDataDir(largeCases), 'channeldesk.sqlite');
          copyFileSync(source, join(largeDir, 'channeldesk.sqlite'));
          return { DATA_DIR: largeDir, DEMO_DATA: 'false' };
        },
        cases: () => generated.totalCases,
      },
    ];
    for (const plan of plans) {
      const server = await start(plan.id, plan.env());
      const quiet = await waitUntilQuiet(server);
      const dataset: Dataset = {
        id: plan.id,
        label: plan.label,
        casesInDb: plan.cases(),
        serverQuietAfterSeconds: quiet,
      };
      console.log(
        `${plan.id}: ${fmt(dataset.casesInDb)} cases in the database, ${server.url}; server quiet after ${fmt(quiet, 1)} s`,
      );
      const result = await measureDataset(browser, server, dataset, views, runs, screenshotDir);
      series.push(...result.series);
      screenshots.push(result.screenshot);
      await finish(server);
    }
    clearTimeout(watchdog);

    const summaries = series.map(summarise);
    const visit = firstVisitAssets(series);
    console.log(`\n${consoleTable(bundleTable(bundle, visit))}\n`);
    console.log(`${consoleTable(lazyTable(bundle))}\n`);
    console.log(`${consoleTable(loadTable(summaries))}\n`);
    console.log(`${consoleTable(waterfallTable(summaries))}\n`);
    for (const line of targetLines(bundle, summaries, generated.totalCases))
      console.log(`${line.met ? 'MET   ' : 'MISSED'} ${line.text}`);
    console.log(`Screenshots (warm load, ${views[0]} view): ${screenshots.join(', ')}`);

    mkdirSync(RESULTS_DIR, { recursive: true });
    const resultsFile = join(RESULTS_DIR, `${date}-${BENCH_NAME}.json`);
    writeFileSync(
      resultsFile,
      `${JSON.stringify(
        {
          bench: BENCH_NAME,
          date: new Date().toISOString(),
          machine,
          chromium: chromiumVersion,
          settings: {
            runs,
            views,
            largeCases,
            viewport: VIEWPORT,
            chromiumArgs: CHROMIUM_ARGS,
            targets: TARGETS,
          },
          dataset: generated,
          bundle,
          firstVisit: visit,
          summaries,
          series: series.map((s) => ({
            dataset: s.dataset,
            view: s.view,
            cache: s.cache,
            runs: s.runs.map(({ assetPaths: _paths, ...run }) => run),
          })),
          problems,
        },
        null,
        2,
      )}\n`,
    );
    updateBenchmarksDoc(DOC_PATH, [
      {
        id: BENCH_NAME,
        content: webSection(
          date,
          machine,
          bundle,
          visit,
          summaries,
          [...new Set(series.map((s) => s.dataset))],
          generated.totalCases,
          runs,
          chromiumVersion,
          problems,
        ),
      },
    ]);
    console.log(`Wrote ${relative(REPO_ROOT, resultsFile)} and ${relative(REPO_ROOT, DOC_PATH)}.`);
    if (problems.length > 0) {
      for (const line of problems) console.error(`!! ${line}`);
      process.exitCode = 1;
    }
  } finally {
    await cleanup();
  }
}
