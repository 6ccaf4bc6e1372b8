import { execFile, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import SQLite from 'better-sqlite3';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundledCli } from '../../test/cli-bundle';
import { DIALECTS } from '../../test/dialects';
import { createTestDatabase, type TestDatabase } from '../../test/test-db';
import { buildProgram, runCli as runCommandLine } from './cli-program';

/** The shipped entry point (tsx over the sources): started once, to show it runs the CLI. */
const BIN = fileURLToPath(new URL('../../bin/channeldesk.mjs', import.meta.url));

type Run = { code: number; stdout: string; stderr: string };

/**
 * Runs `channeldesk …` as its own process. The bundle of the same sources starts in a fraction of
 * tsx's time (test/cli-bundle.ts), which on this file's some 20 starts per dialect is minutes.
 */
async function runCli(args: string[], env: Record<string, string>, entry?: string): Promise<Run> {
  const script = entry ?? (await bundledCli());
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [script, ...args],
      { env: { ...process.env, LOG_LEVEL: 'silent', DEMO_DATA: 'false', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

/**
 * Runs a command line in this process, as cli.ts does in its own: what it prints and its exit code.
 * For the checks that are about a command's work; the real processes above cover what only a
 * process shows (exit codes on the way out, progress bars, two runs at once, serving).
 */
async function runInProcess(args: string[], env: Record<string, string>): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const program = buildProgram();
  const quiet = (command: Command): void => {
    command.exitOverride().configureOutput({
      writeOut: (text) => {
        stdout += text;
      },
      writeErr: (text) => {
        stderr += text;
      },
    });
    for (const sub of command.commands) quiet(sub);
  };
  quiet(program);
  for (const [name, value] of Object.entries({ LOG_LEVEL: 'silent', DEMO_DATA: 'false', ...env }))
    vi.stubEnv(name, value);
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    stdout += `${format(...parts)}\n`;
  });
  const error = vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
    stderr += `${format(...parts)}\n`;
  });
  // Progress bars go to stderr, as in a process.
  const bar = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  });
  const exitCodeBefore = process.exitCode;
  process.exitCode = undefined;
  try {
    const code = await runCommandLine(['node', 'channeldesk', ...args], program);
    return { code: code || Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    process.exitCode = exitCodeBefore;
    log.mockRestore();
    error.mockRestore();
    bar.mockRestore();
    vi.unstubAllEnvs();
  }
}

for (const dialect of DIALECTS) {
  describe(`channeldesk CLI [${dialect}]`, () => {
    let database: TestDatabase;
    let env: Record<string, string>;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      env = { DATA_DIR: database.dataDir, DATABASE_URL: database.url };
    });
    afterAll(async () => database.drop());

    it('explains its commands', async () => {
      const run = await runInProcess(['--help'], env);
      expect(run.code).toBe(0);
      for (const command of ['serve', 'migrate', 'seed', 'user', 'import', 'backup'])
        expect(run.stdout).toContain(command);
    });

    it.skipIf(dialect !== 'sqlite')('runs from its installed entry point', async () => {
      const run = await runCli(['migrate'], env, BIN);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('Database schema is current.');
    });

    it.skipIf(dialect !== 'sqlite')(
      'names the migrations it applies to a new database, then says the schema is current',
      async () => {
        const dataDir = join(database.dataDir, 'fresh');
        const fresh = { DATA_DIR: dataDir, DATABASE_URL: `sqlite:${join(dataDir, 'fresh.sqlite')}` };
        const first = await runInProcess(['migrate'], fresh);
        expect(first.code).toBe(0);
        expect(first.stdout).toMatch(/Applied: .*create_cases/);
        expect((await runInProcess(['migrate'], fresh)).stdout).toContain('Database schema is current.');
      },
    );

    it('stops with a message naming a bad setting', async () => {
      const run = await runCli(['migrate'], { ...env, PORT: 'achtzig' });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('PORT');
    });

    it('migrates and loads the demo data, once', async () => {
      expect((await runInProcess(['migrate'], env)).stdout).toContain('current');
      const seeded = await runInProcess(['seed', '--demo'], env);
      expect(seeded.code).toBe(0);
      expect(seeded.stdout).toMatch(/Loaded \d+ organisations/);
      expect(seeded.stdout).toContain('inhaber@nordwest-it.example');
      // The demo carrier can be escalated to and its replies' ticket numbers are read.
      const carrier = await database.db
        .selectFrom('organisation')
        .select(['email', 'ticket_reference_pattern'])
        .where('kind', '=', 'third_party')
        .executeTakeFirstOrThrow();
      expect(carrier).toEqual({
        email: 'stoerung@fernmeldenetz-nord.example',
        ticket_reference_pattern: 'FN-\\d{6}',
      });
      const again = await runInProcess(['seed', '--demo'], env);
      expect(again.stdout).toContain('already has organisations');
    });

    it('reports every bad row of an import with its line number and imports nothing', async () => {
      const file = join(database.dataDir, 'bad.csv');
      writeFileSync(
        file,
        'kind,name,postal_code\ncustomer,Gute Firma GmbH,26121\ncustomer,Schlechte PLZ GmbH,2612\nkunde,Falsche Art GmbH,26121\n',
      );
      const run = await runCli(['import', 'organisations', file], env);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('Nothing was imported');
      expect(run.stderr).toContain('line 3: postal_code');
      expect(run.stderr).toContain('line 4: kind');
      const count = await database.db
        .selectFrom('organisation')
        .select('id')
        .where('name', '=', 'Gute Firma GmbH')
        .execute();
      expect(count).toHaveLength(0);
    });

    it('imports a good file with a progress bar', async () => {
      const file = join(database.dataDir, 'good.csv');
      writeFileSync(
        file,
        'kind;name;postal_code;city;reseller_number\ncustomer;Gärtnerei Öztürk;01067;Dresden;Nordwest IT GmbH\ncustomer;Weingut Maß;55116;Mainz;\n',
      );
      const run = await runCli(['import', 'organisations', file], env);
      expect(run.stderr + run.stdout).toContain('Imported 2 organisations');
      expect(run.stdout + run.stderr).toMatch(/Importing \[.*\] 100%/);
      const row = await database.db
        .selectFrom('organisation')
        .select(['postal_code'])
        .where('name', '=', 'Gärtnerei Öztürk')
        .executeTakeFirstOrThrow();
      expect(row.postal_code).toBe('01067');
    });

    it('reports every bad asset row with its line number and imports none of them', async () => {
      const file = join(database.dataDir, 'bad-assets.csv');
      writeFileSync(
        file,
        [
          'serial,product_model,product_line,customer,purchase_date,warranty_end,reseller',
          'IMP-1,Printwerk LX 500,printers,Gärtnerei Öztürk,2024-01-10,2027-01-09,',
          'IMP-2,Printwerk LX 500,printers,Gärtnerei Öztürk,10.01.2024,,',
          ',Printwerk LX 500,printers,Weingut Maß,,,',
          'IMP-1,Printwerk MF 300,multifunction,Weingut Maß,,,',
        ].join('\n'),
      );
      const run = await runInProcess(['import', 'assets', file], env);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('Nothing was imported');
      expect(run.stderr).toContain('line 3: purchase_date');
      expect(run.stderr).toContain('line 4: serial');
      expect(run.stderr).toContain('line 5: serial');
      const unknownCustomer = join(database.dataDir, 'unknown-customer.csv');
      writeFileSync(
        unknownCustomer,
        'serial,product_model,product_line,customer,reseller\nIMP-1,LX,printers,Gärtnerei Öztürk,\nIMP-2,LX,printers,Niemand GmbH,\nIMP-3,LX,printers,Weingut Maß,P-1\n',
      );
      const second = await runInProcess(['import', 'assets', unknownCustomer], env);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('line 3: customer');
      expect(second.stderr).toContain('line 4: reseller');
      expect(
        await database.db.selectFrom('asset').select('id').where('serial', 'like', 'IMP-%').execute(),
      ).toHaveLength(0);
    });

    it('imports assets with specs and a reseller, and a second import updates instead of duplicating', async () => {
      const file = join(database.dataDir, 'assets.csv');
      const write = (warrantyEnd: string) =>
        writeFileSync(
          file,
          [
            'serial;product_model;product_line;customer;purchase_date;warranty_end;reseller;spec_colour',
            `IMP-10;Printwerk LX 500;printers;Gärtnerei Öztürk;2024-01-10;${warrantyEnd};Nordwest IT GmbH;yes`,
            'IMP-11;Printwerk MF 300;multifunction;Weingut Maß;;;;',
          ].join('\n'),
        );
      write('2027-01-09');
      const first = await runCli(['import', 'assets', file], env);
      expect(first.stderr + first.stdout).toContain('Imported 2 assets');
      expect(first.stdout + first.stderr).toMatch(/Importing \[.*\] 100%/);
      write('2028-01-09');
      const again = await runInProcess(['import', 'assets', file], env);
      expect(again.stdout).toContain('0 new, 2 updated');
      const rows = await database.db
        .selectFrom('asset')
        .select(['serial', 'warranty_end', 'specs'])
        .where('serial', 'like', 'IMP-1%')
        .orderBy('serial')
        .execute();
      expect(rows).toEqual([
        { serial: 'IMP-10', warranty_end: '2028-01-09', specs: '{"colour":"yes"}' },
        { serial: 'IMP-11', warranty_end: null, specs: '{}' },
      ]);
      const periods = await database.db
        .selectFrom('reseller_of_record')
        .innerJoin('asset', 'asset.id', 'reseller_of_record.asset_id')
        .select('reseller_of_record.valid_to')
        .where('asset.serial', '=', 'IMP-10')
        .execute();
      expect(periods).toEqual([{ valid_to: null }]);
    });

    it('makes renewal leads once per asset and warranty end, with a progress bar', async () => {
      // IMP-10's warranty ends on 2028-01-09: within 60 days of 2027-12-01 (demo assets may be due too).
      // Two processes at once, as two workers would: each lead is made once, and neither fails.
      const [first, parallel] = await Promise.all([
        runCli(['leads', 'renewals', '--today', '2027-12-01'], env),
        runCli(['leads', 'renewals', '--today', '2027-12-01'], env),
      ]);
      expect(first.code, first.stderr).toBe(0);
      expect(parallel.code, parallel.stderr).toBe(0);
      const made = [first, parallel].map((run) => Number(/Made (\d+)/.exec(run.stdout)?.[1] ?? -1));
      const renewalLeads = await database.db
        .selectFrom('lead')
        .select('renewal_key')
        .where('source', '=', 'renewal_job')
        .execute();
      expect(made[0]! + made[1]!).toBe(renewalLeads.length);
      expect(new Set(renewalLeads.map((lead) => lead.renewal_key)).size).toBe(renewalLeads.length);
      expect(first.stdout + parallel.stdout).toMatch(
        /Made [1-9]\d* renewal leads? \(\d+ assets? with a warranty ending within the window\)/,
      );
      expect(first.stdout + first.stderr).toMatch(/Checking assets \[.*\] 100%/);
      const again = await runInProcess(['leads', 'renewals', '--today', '2027-12-01'], env);
      expect(again.stdout).toContain('Made 0 renewal leads');
      const leads = await database.db
        .selectFrom('lead')
        .innerJoin('asset', 'asset.id', 'lead.asset_id')
        .select(['lead.source', 'lead.kind', 'lead.renewal_key', 'lead.status'])
        .where('asset.serial', '=', 'IMP-10')
        .execute();
      expect(leads).toEqual([
        expect.objectContaining({ source: 'renewal_job', kind: 'warranty_extension', status: 'offered' }),
      ]);
      const bad = await runInProcess(['leads', 'renewals', '--today', '1.12.2027'], env);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('--today');
    });

    it('creates a user who can then log in', async () => {
      const run = await runInProcess(
        [
          'user',
          'create',
          '--email',
          'neu@printwerk.example',
          '--name',
          'Neue Kollegin',
          '--organisation',
          'O-1',
          '--role',
          'agent',
        ],
        { ...env, CHANNELDESK_PASSWORD: 'ein sicheres Passwort' },
      );
      expect(run.stdout).toContain('Created Neue Kollegin');
      const person = await database.db
        .selectFrom('person')
        .select(['roles', 'password_hash'])
        .where('email', '=', 'neu@printwerk.example')
        .executeTakeFirstOrThrow();
      expect(person.roles).toBe('["agent"]');
      expect(person.password_hash).toMatch(/^\$argon2id\$/);
      const unknownRole = await runInProcess(
        [
          'user',
          'create',
          '--email',
          'x@y.example',
          '--name',
          'X Y',
          '--organisation',
          'O-1',
          '--role',
          'chef',
        ],
        env,
      );
      expect(unknownRole.code).not.toBe(0);
      expect(unknownRole.stderr).toContain('unknown role');
    });

    it('serves HTTP, and on SIGTERM finishes and exits cleanly', async () => {
      const child = spawn(process.execPath, [await bundledCli(), 'serve', '--role', 'all'], {
        env: {
          ...process.env,
          ...env,
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'silent',
          DEMO_DATA: 'false',
        },
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const started = Date.now();
      while (!/Open (http:\/\/\S+)/.test(output) && Date.now() - started < 30_000) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const url = output.match(/Open (http:\/\/\S+)/)?.[1];
      expect(url, output).toBeDefined();
      const ready = await fetch(`${url}/api/ready`);
      expect(await ready.json()).toEqual({ status: 'ready', dialect });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    });

    if (dialect === 'sqlite') {
      it('backs up the live database into a consistent copy', async () => {
        const target = join(database.dataDir, 'backup.sqlite');
        const run = await runInProcess(['backup', target], env);
        expect(run.stdout).toContain('Backup written');
        expect(existsSync(target)).toBe(true);
        const copy = new SQLite(target, { readonly: true });
        const { n } = copy.prepare('select count(*) as n from organisation').get() as { n: number };
        copy.close();
        expect(n).toBeGreaterThan(200);
      });
    } else {
      it('prints the pg_dump command for PostgreSQL without the password', async () => {
        const run = await runInProcess(['backup', 'out.dump'], env);
        expect(run.stdout).toContain('pg_dump --format=custom --file=out.dump');
      });
    }
  });
}
