import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { type Config, parseConfig, prepareDataDir } from './config';
import { connectDatabase } from './db/connect';
import type { DatabaseContext } from './db/database';
import { migrateToLatest } from './db/migrate';
import { type OutboxDispatcher, startOutboxDispatcher } from './jobs/dispatcher';
import { seedDemoData } from './modules/demo/seed';
import { createMailSender } from './modules/mail/outbound';
import { systemClock } from './shared/clock';

export type ServerRole = 'all' | 'web' | 'worker';

export type RunningServer = {
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
};

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
  await migrateToLatest(database.db, database.dialect);

  const app = await buildApp({ config, database, clock });
  const log = app.log;

  let seeded: Awaited<ReturnType<typeof seedDemoData>> = null;
  if (config.demoData && role !== 'worker') seeded = await seedDemoData({ db: database.db, clock });

  let dispatcher: OutboxDispatcher | undefined;
  let mail: ReturnType<typeof createMailSender> | undefined;
  if (role !== 'web') {
    mail = createMailSender({ smtpUrl: config.smtpUrl, from: config.mailFrom, dataDir: config.dataDir });
    const sender = mail;
    dispatcher = startOutboxDispatcher({
      database,
      clock,
      logger: log,
      handlers: { 'mail.send': (payload) => sender.send(payload) },
    });
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

  printBanner(role, url, config, seeded);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await app.close(); // stops accepting, lets in-flight requests finish
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
) {
  const lines = [`channeldesk (${role}) on ${config.database.dialect}`];
  if (url) lines.push(`  Open ${url}`, `  API docs ${url}/api/docs`);
  if (config.database.dialect === 'sqlite') lines.push(`  Database ${config.database.file}`);
  if (seeded) {
    lines.push(`  Demo data loaded: ${seeded.organisations} organisations, ${seeded.people} people.`);
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
