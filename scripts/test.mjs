#!/usr/bin/env node
// `npm test`: every check the project has, with each stage's time in the log so a slow stage shows.
//
// On two cores the type check (one thread) runs beside lint and the unit tests; the database tests
// (two forks next to PostgreSQL) and the browser tests (server, Chromium and runner) each get the
// machine to themselves, since their timeouts and the crash tests' kill timing need the CPU.
// A stage that fails stops the run after the stages running beside it have ended.
import { spawn } from 'node:child_process';

const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** Runs an npm script; `quiet` keeps its output until it ends, so parallel stages do not interleave. */
function run(script, { quiet = false } = {}) {
  return new Promise((resolve) => {
    const since = Date.now();
    console.log(`==> ${script}: started`);
    const child = spawn('npm', ['run', '--silent', script], {
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    const output = [];
    child.stdout?.on('data', (chunk) => output.push(chunk));
    child.stderr?.on('data', (chunk) => output.push(chunk));
    child.on('close', (code, signal) => {
      if (output.length > 0) process.stdout.write(Buffer.concat(output));
      const ok = code === 0;
      console.log(
        `==> ${script}: ${ok ? 'passed' : `FAILED (${signal ?? `exit ${code}`})`} in ${seconds(since)}`,
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

const stages = [
  () => Promise.all([run('typecheck', { quiet: true }), sequence('lint', 'test:unit')]),
  () => run('test:db'),
  () => run('test:e2e'),
];

for (const stage of stages) {
  const results = [await stage()].flat();
  if (results.includes(false)) {
    console.log(`==> npm test: FAILED after ${seconds(started)}`);
    process.exit(1);
  }
}
console.log(`==> npm test: passed in ${seconds(started)}`);
