import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A server started as a child process so the load generator never shares its event loop. */
export type ChildServer = {
  name: string;
  url: string;
  pid: number | undefined;
  /** Lines the child wrote to stdout/stderr (the last MAX_KEPT_LINES), for diagnostics. */
  output(): string[];
  /** How many lines at pino level warn or above the child wrote so far; the first ones are kept. */
  problems(): { count: number; lines: string[] };
  stop(): Promise<void>;
  /** Synchronous last resort for process 'exit' handlers, where nothing async runs any more. */
  kill(): void;
};

const MAX_KEPT_LINES = 500;
const MAX_PROBLEM_LINES = 200;

/** Asks the OS for a free port on 127.0.0.1; the tiny race until the child binds it is acceptable here. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port > 0 ? resolvePort(port) : reject(new Error('no free port'))));
    });
  });
}

// pino writes numeric levels: 40 warn, 50 error, 60 fatal.
function isProblemLine(line: string): boolean {
  const match = /"level":(\d+)/.exec(line);
  if (match) return Number(match[1]) >= 40;
  return /\b(error|warn|exception)\b/i.test(line);
}

/**
 * Spawns `node ARGS` with ENV and waits until READY_PATH answers 2xx. Rejects (after killing the
 * child) when the child exits early or READY_PATH does not answer within timeoutMs.
 */
export async function startChildServer(options: {
  name: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  port: number;
  readyPath: string;
  timeoutMs?: number;
}): Promise<ChildServer> {
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawn(process.execPath, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const problemLines: string[] = [];
  let problemCount = 0;
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line);
      if (lines.length > MAX_KEPT_LINES) lines.shift();
      if (isProblemLine(line)) {
        problemCount += 1;
        if (problemLines.length < MAX_PROBLEM_LINES) problemLines.push(line);
      }
    }
  };
  // Pipes must be drained, or a chatty child blocks on a full pipe buffer mid-benchmark.
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  let hasExited = false;
  const exited = new Promise<number | null>((resolveExit) => {
    child.once('exit', (code) => {
      hasExited = true;
      resolveExit(code);
    });
    // A spawn failure emits 'error' instead of 'exit'; unhandled it would crash the bench.
    child.once('error', (error) => {
      lines.push(`spawn failed: ${error.message}`);
      hasExited = true;
      resolveExit(null);
    });
  });

  const server: ChildServer = {
    name: options.name,
    url,
    pid: child.pid,
    output: () => [...lines],
    problems: () => ({ count: problemCount, lines: [...problemLines] }),
    stop: () => stopChild(child, exited, () => hasExited),
    kill: () => {
      if (!hasExited) child.kill('SIGKILL');
    },
  };

  try {
    await waitUntilReady(`${url}${options.readyPath}`, options.timeoutMs ?? 30_000, () => hasExited);
  } catch (error) {
    await server.stop();
    const tail = lines.slice(-20).join('\n');
    throw new Error(
      `${options.name} did not become ready: ${(error as Error).message}\n--- last output ---\n${tail}`,
    );
  }
  return server;
}

async function waitUntilReady(url: string, timeoutMs: number, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error('the process exited during start-up');
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      lastProblem = `HTTP ${response.status}: ${await response.text()}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 150));
  }
  throw new Error(`timed out after ${timeoutMs} ms (${lastProblem})`);
}

// SIGTERM lets channeldesk close its database cleanly; SIGKILL only if it hangs.
async function stopChild(
  child: ChildProcess,
  exited: Promise<number | null>,
  hasExited: () => boolean,
): Promise<void> {
  if (hasExited()) return;
  child.kill('SIGTERM');
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((resolveWait) => setTimeout(() => resolveWait(true), 5_000).unref()),
  ]);
  if (timedOut && !hasExited()) {
    child.kill('SIGKILL');
    await exited;
  }
}
