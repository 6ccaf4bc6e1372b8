#!/usr/bin/env node
// `npm test`: every check the project has, with each stage's time in the log so a slow stage shows.
//
// On two cores the type check (one thread) runs beside lint and the unit tests; the database tests
// (two forks next to PostgreSQL) and the browser tests (two shards, each with its server, Chromium
// and runner) each get the machine to themselves, since their timeouts and the crash tests' kill
// timing need the CPU.
// A stage that fails stops the run after the stages running beside it have ended.
import { spawn } from 'node:child_process';

const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** Runs an npm script; `quiet` keeps its output until it ends, so parallel stages do not interleave. */
function run(script, { quiet = false } = {}) {
  return runCommand(script, 'npm', ['run', '--silent', script], { quiet });
}

/** Runs a command under a name for the log; `env` is added to this process's environment. */
function runCommand(name, command, args, { quiet = false, env = {} } = {}) {
  return new Promise((resolve) => {
    const since = Date.now();
    console.log(`==> ${name}: started`);
    const child = spawn(command, args, {
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: { ...process.env, ...env },
    });
    const output = [];
    child.stdout?.on('data', (chunk) => output.push(chunk));
    child.stderr?.on('data', (chunk) => output.push(chunk));
    child.on('close', (code, signal) => {
      if (output.length > 0) process.stdout.write(Buffer.concat(output));
      const ok = code === 0;
      console.log(
        `==> ${name}: ${ok ? 'passed' : `FAILED (${signal ?? `exit ${code}`})`} in ${seconds(since)}`,
      );
      resolve(ok);
    });
  });
}

/** Runs scripts one after the other; stops at the first that fails. */
async function sequence(...scripts) {
  for (const script of scripts) if (!(await run(script))) return false;
  return true;
}

/**
 * The browser tests in two shards side by side, each with its own server, data directory, ports
 * and output directory: a journey spends most of its time waiting on the page, so two of them
 * share the two cores well. Each spec file stays whole in one shard, in its order.
 */
async function browserTests() {
  if (!(await run('build:web'))) return false;
  const shards = [1, 2].map((shard) =>
    runCommand(`test:e2e shard ${shard}/2`, 'npx', ['playwright', 'test', `--shard=${shard}/2`], {
      quiet: true,
      env: {
        E2E_PORT: String(3100 + shard - 1),
        E2E_SMTP_PORT: String(2525 + shard - 1),
        E2E_OUTPUT_DIR: `test-results/shard-${shard}`,
      },
    }),
  );
  return (await Promise.all(shards)).every(Boolean);
}

const stages = [
  () => Promise.all([run('typecheck', { quiet: true }), sequence('lint', 'test:unit')]),
  () => run('test:db'),
  browserTests,
];

for (const stage of stages) {
  const results = [await stage()].flat();
  if (results.includes(false)) {
    console.log(`==> npm test: FAILED after ${seconds(started)}`);
    process.exit(1);
  }
}
console.log(`==> npm test: passed in ${seconds(started)}`);
