import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { type Config, parseConfig, prepareDataDir } from './config';
import { connectDatabase } from './db/connect';
import type { DatabaseContext } from './db/database';
import { migrateToLatest } from './db/migrate';
import { type OutboxDispatcher, startOutboxDispatcher } from './jobs/dispatcher';
import { type Scheduler, startScheduler } from './jobs/scheduler';
import {
  ensureBlockLiftTimer,
  ensureDunningTimer,
  handleBlockLiftTimer,
  handleDunningTimer,
  handleInvoiceRequestTimer,
} from './modules/billing/service';
import { closeResolvedCases, handleClockTimer, handleCommitmentTimer } from './modules/cases/escalation';
import { createLiveCaseChanges } from './modules/cases/live';
import { handleLeadProtectionTimer } from './modules/channel/lead-placement';
import { ensureRenewalTimer, handleRenewalTimer } from './modules/channel/renewals';
import { seedDemoData } from './modules/demo/seed';
import { createMailSender } from './modules/mail/outbound';
import { type MailIntakeRuntime, startMailIntake } from './modules/mail/runtime';
import { startFeedPolling } from './modules/monitoring/poll';
import { handleNotificationTimer } from './modules/notifications/worker';
import { systemClock } from './shared/clock';
import type { Deps } from './shared/deps';

export type ServerRole = 'all' | 'web' | 'worker';

export type RunningServer = {
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
};

/**
 * Prints how far a rebuild of the case search has come (after an upgrade that changed what it
 * holds), every tenth of the way: on a large database it takes minutes before the server listens.
 */
function searchRebuildLog(): (done: number, total: number) => void {
  let nextTenth = 0;
  return (done, total) => {
    if (total === 0) return;
    const tenth = Math.floor((done / total) * 10);
    if (done > 0 && tenth < nextTenth) return;
    console.log(`Rebuilding the case search: ${done} of ${total} cases`);
    nextTenth = tenth + 1;
  };
}

/**
 * Starts channeldesk: migrates, seeds demo data into an empty database, serves HTTP (roles all/web)
 * and runs the background workers (roles all/worker). Stops gracefully on SIGINT/SIGTERM.
 */
export async function startServer(
  role: ServerRole,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningServer> {
  const config: Config = prepareDataDir(parseConfig(env));
  const database: DatabaseContext = connectDatabase(config.database);
  const clock = systemClock;
  await migrateToLatest(database.db, database.dialect, searchRebuildLog());

  let app: FastifyInstance | undefined;
  const live = createLiveCaseChanges({
    dialect: database.dialect,
    postgresUrl: config.database.dialect === 'postgres' ? config.database.url : undefined,
    onError: (error) =>
      app?.log.warn({ err: error }, 'live updates: LISTEN connection problem; reconnecting'),
  });
  app = await buildApp({ config, database, clock, live });
  const log = app.log;
  const deps: Deps = { db: database.db, dialect: database.dialect, clock, config, live };

  let seeded: Awaited<ReturnType<typeof seedDemoData>> = null;
  if (config.demoData && role !== 'worker') seeded = await seedDemoData(deps);

  let dispatcher: OutboxDispatcher | undefined;
  let scheduler: Scheduler | undefined;
  let mail: ReturnType<typeof createMailSender> | undefined;
  let mailIntake: MailIntakeRuntime | undefined;
  let feedPolling: ReturnType<typeof startFeedPolling> | undefined;
  if (role !== 'web') {
    mail = createMailSender({ smtpUrl: config.smtpUrl, from: config.mailFrom, dataDir: config.dataDir });
    const sender = mail;
    dispatcher = startOutboxDispatcher({
      database,
      clock,
      logger: log,
      handlers: { 'mail.send': (payload) => sender.send(payload) },
    });
    await ensureRenewalTimer(database.db, clock.now());
    await ensureDunningTimer(database.db, clock.now());
    await ensureBlockLiftTimer(database.db, clock.now());
    scheduler = startScheduler({
      database,
      clock,
      logger: log,
      handlers: {
        case_clock: (timer) => handleClockTimer(deps, timer),
        commitment: (timer) => handleCommitmentTimer(deps, timer),
        lead_protection: (timer, batch) => handleLeadProtectionTimer(deps, timer, batch),
        lead_renewals: (timer) => handleRenewalTimer(deps, timer),
        billing_dunning: (timer) => handleDunningTimer(deps, timer),
        billing_block_lift: (timer) => handleBlockLiftTimer(deps, timer),
        invoice_request: (timer) => handleInvoiceRequestTimer(deps, timer),
        notification: (timer) => handleNotificationTimer(deps, timer),
      },
      sweeps: [async () => void (await closeResolvedCases(deps))],
    });
    mailIntake = await startMailIntake(deps, log);
    feedPolling = startFeedPolling(deps, log);
  }

  let url = '';
  if (role !== 'worker') {
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  } else {
    await app.ready();
  }

  printBanner(role, url, config, seeded, mailIntake?.smtpPort ?? null);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await app.close(); // stops accepting, lets in-flight requests finish
      await mailIntake?.stop(); // answers the SMTP messages in flight, files the mail in hand
      await scheduler?.stop();
      await feedPolling?.stop();
      await dispatcher?.stop();
      mail?.close();
      await database.close();
    })();
    return stopping;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log.info({ signal }, 'shutting down');
      stop()
        .then(() => process.exit(0))
        .catch((error: unknown) => {
          log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        });
    });
  }
  return { app, url, stop };
}

function printBanner(
  role: ServerRole,
  url: string,
  config: Config,
  seeded: Awaited<ReturnType<typeof seedDemoData>>,
  smtpPort: number | null,
) {
  const lines = [`channeldesk (${role}) on ${config.database.dialect}`];
  if (url) lines.push(`  Open ${url}`, `  API docs ${url}/api/docs`);
  if (config.database.dialect === 'sqlite') lines.push(`  Database ${config.database.file}`);
  if (smtpPort !== null) lines.push(`  Receiving mail by SMTP on ${config.mail.smtp?.host}:${smtpPort}`);
  if (seeded) {
    lines.push(
      `  Demo data loaded: ${seeded.organisations} organisations, ${seeded.people} people, ${seeded.cases} cases.`,
    );
    lines.push(`  Demo logins (password "${seeded.password}"):`);
    for (const login of seeded.logins) lines.push(`    ${login.roles.join(', ').padEnd(16)} ${login.email}`);
  } else if (config.demoData && role !== 'worker') {
    lines.push(
      '  Demo logins (if the demo data is loaded): admin@printwerk.example, inhaber@nordwest-it.example,',
    );
    lines.push('  buero@baeckerei-sommer.example — password "channeldesk-demo"');
  }
  if (!config.smtpUrl)
    lines.push(`  Outgoing mail is written to ${config.dataDir}/mail-out (set SMTP_URL to send).`);
  console.log(lines.join('\n'));
}
