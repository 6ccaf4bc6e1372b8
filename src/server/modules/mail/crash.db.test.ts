import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledCli } from '../../../../test/cli-bundle';
import { DIALECTS } from '../../../../test/dialects';
import { createTestDatabase, type TestDatabase } from '../../../../test/test-db';
import { DEMO_MAILBOX_ADDRESS } from '../demo/seed-mail';

/**
 * The crash test of the e-mail intake: mails are sent continuously over SMTP while the real server is
 * killed with SIGKILL at random moments and started again. Every mail that got its 250 must end up in
 * exactly one case; a mail offered again after a lost 250 (same bytes, as an MTA retries) never twice.
 */

/**
 * The server is started from the bundle of its sources (test/cli-bundle.ts): through tsx each of the
 * twelve starts costs several seconds on a busy machine, and the kills are about the intake, not the loader.
 */
let bin: string;
beforeAll(async () => {
  bin = await bundledCli();
}, 120_000);
const KILLS = 11;
const SENDERS = 4;
/** Mail the run must have acknowledged, so its checks cover more than a handful of sends. */
const ENOUGH_ACKNOWLEDGED = 100;
/** How long a server lives before its kill; short enough that most kills meet a DATA or a filing in flight. */
const LIFETIME_MS = { min: 150, max: 1_800 };

/** Every server process this file started, so none outlives a failed test. */
const children = new Set<ChildProcess>();
const killAll = () => {
  for (const child of children) child.kill('SIGKILL');
};
process.once('exit', killAll);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

type Server = { child: ChildProcess; exited: Promise<void>; output: () => string };

/** Starts `channeldesk serve --role all` and resolves once its banner names the SMTP port. */
async function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, [bin, 'serve', '--role', 'all'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let hasExited = false;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      hasExited = true;
      children.delete(child);
      resolve();
    }),
  );
  const deadline = Date.now() + 45_000;
  while (!output.includes('Receiving mail by SMTP on')) {
    if (hasExited || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { child, exited, output: () => output };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const randomBetween = (min: number, max: number) => min + Math.floor(Math.random() * (max - min));

/** The exact bytes of one mail, built once: a retry offers the very same message, as an MTA does. */
async function buildMail(runId: string, n: number): Promise<Buffer> {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  // 1 to 64 KiB, so DATA often spans several reads and a kill can land inside it.
  const filler = 'Der Drucker meldet Papierstau, obwohl kein Papier im Schacht liegt. '.repeat(
    randomBetween(15, 1_000),
  );
  const info = await builder.sendMail({
    from: `Kunde ${n % 97} <kunde${n % 97}@crash.example>`,
    to: DEMO_MAILBOX_ADDRESS,
    subject: `Crash-Test ${runId}-${n}`,
    text: `Mail ${n}.\n\n${filler}`,
    messageId: `<crash-${runId}-${n}@crash.example>`,
  });
  return info.message as Buffer;
}

for (const dialect of DIALECTS) {
  describe(`mail intake survives kill -9 [${dialect}]`, () => {
    let database: TestDatabase | undefined;
    afterAll(async () => {
      killAll();
      await database?.drop();
    });

    it(`files every acknowledged mail exactly once across ${KILLS} kills`, { timeout: 210_000 }, async () => {
      database = await createTestDatabase(dialect);
      const db = database.db;
      const smtpPort = await freePort();
      const env = {
        DATA_DIR: database.dataDir,
        DATABASE_URL: database.url,
        PORT: '0',
        HOST: '127.0.0.1',
        MAIL_SMTP_PORT: String(smtpPort),
        MAIL_SMTP_HOST: '127.0.0.1',
        DEMO_DATA: 'true',
        LOG_LEVEL: 'warn',
      };
      const runId = Date.now().toString(36);

      const acknowledged = new Set<number>();
      const abandoned = new Set<number>();
      let offered = 0;
      let attempts = 0;
      let inFlight = 0;
      let next = 0;
      let sending = true;
      let senderError: unknown;

      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port: smtpPort,
        ignoreTLS: true,
        connectionTimeout: 3_000,
        greetingTimeout: 3_000,
        socketTimeout: 10_000,
      });
      /** Sends mails one after another until told to stop; a failed one is retried or, at times, given up. */
      async function sender(): Promise<void> {
        while (sending) {
          const n = next++;
          const raw = await buildMail(runId, n);
          offered += 1;
          for (;;) {
            attempts += 1;
            inFlight += 1;
            try {
              await transport.sendMail({
                envelope: { from: `kunde${n % 97}@crash.example`, to: [DEMO_MAILBOX_ADDRESS] },
                raw,
              });
              acknowledged.add(n);
              break;
            } catch (error) {
              const code = (error as { responseCode?: number }).responseCode;
              // Anything but a dead or restarting server (refused, reset, 421/451) is a bug in the intake.
              if (code !== undefined && code !== 421 && code !== 451) throw error;
              // Cut off mid-transaction, the mail may be stored without its 250. Some senders then give up
              // (such a mail may be filed, but never twice); the rest retry with the same bytes.
              const reachedServer = !String((error as Error).message).includes('ECONNREFUSED');
              if (sending && reachedServer && Math.random() < 0.3) {
                abandoned.add(n);
                break;
              }
              await sleep(150);
            } finally {
              inFlight -= 1;
            }
          }
        }
      }

      let server = await startServer(env);
      const senders = Array.from({ length: SENDERS }, () =>
        sender().catch((error: unknown) => {
          senderError = error;
          sending = false;
        }),
      );

      let kills = 0;
      let killedDuringSend = 0;
      let storedUnfiledAtKill = 0;
      try {
        while (kills < KILLS && !senderError) {
          await sleep(randomBetween(LIFETIME_MS.min, LIFETIME_MS.max));
          if (inFlight > 0) killedDuringSend += 1;
          server.child.kill('SIGKILL');
          await server.exited;
          kills += 1;
          // Stored (and so perhaps acknowledged) but not filed yet: the next server must file these.
          const pending = await db
            .selectFrom('inbound_mail')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('state', '=', 'received')
            .executeTakeFirstOrThrow();
          storedUnfiledAtKill += Number(pending.n);
          server = await startServer(env);
        }
        // Let the senders finish their mail in hand against a server that stays up (on a busy machine,
        // until enough mail is acknowledged for the checks below to mean something), then let it drain.
        const enoughBy = Date.now() + 60_000;
        await sleep(500);
        while (acknowledged.size <= ENOUGH_ACKNOWLEDGED && Date.now() < enoughBy && !senderError)
          await sleep(100);
        sending = false;
        await Promise.all(senders);
        if (senderError) throw senderError;
        const deadline = Date.now() + 30_000;
        for (;;) {
          const pending = await db
            .selectFrom('inbound_mail')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('state', '=', 'received')
            .executeTakeFirstOrThrow();
          if (Number(pending.n) === 0) break;
          if (Date.now() > deadline) throw new Error(`${pending.n} mails still unfiled:\n${server.output()}`);
          await sleep(200);
        }
      } finally {
        transport.close();
        sending = false;
        server.child.kill('SIGKILL');
        await server.exited;
      }

      const tokenOf = (text: string | null) => {
        const match = text?.match(new RegExp(`crash-${runId}-(\\d+)@`)) ?? null;
        return match ? Number(match[1]) : null;
      };
      const inbound = await db
        .selectFrom('inbound_mail')
        .select(['id', 'message_id', 'state', 'outcome', 'case_id'])
        .where('message_id', 'like', `crash-${runId}-%`)
        .execute();
      const cases = await db
        .selectFrom('support_case')
        .select(['id', 'subject'])
        .where('subject', 'like', `Crash-Test ${runId}-%`)
        .execute();
      const doubleFiled = await db
        .selectFrom('case_message')
        .select('inbound_mail_id')
        .where('inbound_mail_id', 'is not', null)
        .groupBy('inbound_mail_id')
        .having((eb) => eb.fn.countAll(), '>', 1)
        .execute();

      const rowsPerToken = new Map<number, typeof inbound>();
      for (const row of inbound) {
        const n = tokenOf(row.message_id);
        if (n === null) continue;
        rowsPerToken.set(n, [...(rowsPerToken.get(n) ?? []), row]);
      }
      const casesPerToken = new Map<number, string[]>();
      for (const kase of cases) {
        const n = Number(kase.subject.slice(`Crash-Test ${runId}-`.length));
        casesPerToken.set(n, [...(casesPerToken.get(n) ?? []), kase.id]);
      }

      console.log(
        `[${dialect}] offered ${offered} mails in ${attempts} SMTP attempts, acknowledged ${acknowledged.size}, ` +
          `abandoned ${abandoned.size} (${[...abandoned].filter((n) => rowsPerToken.has(n)).length} of these stored anyway); ${kills} kills (${killedDuringSend} with a send in flight, ` +
          `${storedUnfiledAtKill} stored-but-unfiled mails found right after the kills); ` +
          `filed ${inbound.filter((row) => row.state === 'processed').length} mails into ${cases.length} cases`,
      );

      expect(kills).toBeGreaterThanOrEqual(10);
      expect(acknowledged.size).toBeGreaterThan(ENOUGH_ACKNOWLEDGED);
      expect(doubleFiled).toEqual([]);
      for (const row of inbound)
        expect(row, 'every stored mail is filed as a new case').toMatchObject({
          state: 'processed',
          outcome: 'new_case',
        });
      const problems: string[] = [];
      for (const n of acknowledged) {
        const rows = rowsPerToken.get(n) ?? [];
        const caseIds = casesPerToken.get(n) ?? [];
        if (rows.length !== 1 || caseIds.length !== 1 || rows[0]!.case_id !== caseIds[0])
          problems.push(`acknowledged mail ${n}: ${rows.length} stored rows, ${caseIds.length} cases`);
      }
      for (let n = 0; n < next; n += 1) {
        if ((rowsPerToken.get(n)?.length ?? 0) > 1 || (casesPerToken.get(n)?.length ?? 0) > 1)
          problems.push(`mail ${n} is there twice`);
      }
      expect(problems).toEqual([]);
    });
  });
}
