import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConfigError, parseConfig, prepareDataDir } from './config';
import { connectDatabase } from './db/connect';
import type { DatabaseContext } from './db/database';
import { migrateToLatest } from './db/migrate';
import { type ServerRole, startServer } from './main';
import { AssetImportFailed, importAssets, parseAssetCsv } from './modules/channel/asset-import';
import { runRenewals } from './modules/channel/renewals';
import { seedDemoData } from './modules/demo/seed';
import { parseOrganisationCsv } from './modules/organisations/csv-import';
import { ImportFailed, importOrganisations } from './modules/organisations/service';
import { ROLES, type Role } from './modules/users/person.table';
import { createUser } from './modules/users/service';
import { AppError } from './shared/app-error';
import { systemClock } from './shared/clock';
import type { Deps } from './shared/deps';
import { systemScope } from './shared/scope';

/** Brings the schema up to date; a rebuild of the case search after an upgrade shows a progress bar. */
async function migrateWithProgress(database: DatabaseContext): Promise<string[]> {
  let bar: SingleBar | undefined;
  try {
    return await migrateToLatest(database.db, database.dialect, (done, total) => {
      if (!bar && total > 0) {
        bar = progressBar('Rebuilding the case search');
        bar.start(total, 0);
      }
      bar?.setTotal(total);
      bar?.update(done);
    });
  } finally {
    bar?.stop();
  }
}

/** Opens and migrates the configured database, runs `work`, closes it. */
async function withDatabase<T>(
  work: (deps: Deps, database: DatabaseContext) => Promise<T>,
  options: { migrate: boolean } = { migrate: true },
): Promise<T> {
  const config = prepareDataDir(parseConfig());
  const database = connectDatabase(config.database);
  try {
    if (options.migrate) await migrateWithProgress(database);
    return await work({ db: database.db, dialect: database.dialect, clock: systemClock, config }, database);
  } finally {
    await database.close();
  }
}

function progressBar(label: string): SingleBar {
  return new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total}`,
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 1000,
  });
}

function reportImportErrors(file: string, errors: { line: number; field: string; message: string }[]): void {
  console.error(
    `Nothing was imported: ${errors.length} problem(s) in ${file}. Fix them and run the import again.`,
  );
  for (const e of errors) console.error(`  line ${e.line}: ${e.field}: ${e.message}`);
  process.exitCode = 1;
}

/** The `channeldesk` command line; cli.ts runs it as the process, tests may run it in theirs. */
export function buildProgram(): Command {
  const program = new Command()
    .name('channeldesk')
    .description(
      'Customer service for the IT sales channel: operator, resellers and customers in one helpdesk.',
    )
    .showHelpAfterError();

  program
    .command('serve')
    .description('Start the server (HTTP API, web app and background workers)')
    .addOption(
      new Option(
        '--role <role>',
        'all = web and workers in one process; web = HTTP only; worker = background work only',
      )
        .choices(['all', 'web', 'worker'])
        .default('all'),
    )
    .action(async (options: { role: ServerRole }) => {
      await startServer(options.role);
    });

  program
    .command('migrate')
    .description('Apply pending database migrations')
    .action(async () => {
      await withDatabase(
        async (_deps, database) => {
          const applied = await migrateWithProgress(database);
          console.log(
            applied.length === 0 ? 'Database schema is current.' : `Applied: ${applied.join(', ')}`,
          );
        },
        { migrate: false },
      );
    });

  program
    .command('seed')
    .description('Load fictitious German demo data into an empty database')
    .requiredOption('--demo', 'load the demo data set')
    .action(async () => {
      await withDatabase(async (deps) => {
        const result = await seedDemoData(deps);
        if (!result) {
          console.log(
            'The database already has organisations; demo data is only loaded into an empty database.',
          );
          return;
        }
        console.log(
          `Loaded ${result.organisations} organisations, ${result.people} people and ${result.cases} cases.`,
        );
        console.log(`Demo logins (password "${result.password}"):`);
        for (const login of result.logins)
          console.log(`  ${login.roles.join(', ').padEnd(16)} ${login.email}`);
      });
    });

  const user = program.command('user').description('Manage users');
  user
    .command('create')
    .description('Create a user (or a contact without roles) in an organisation')
    .requiredOption('--email <email>', 'login e-mail')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--organisation <number>', 'organisation number (e.g. O-1, P-10001) or id')
    .option(
      '--role <role>',
      `role, repeatable (${ROLES.join(', ')})`,
      (value: string, previous: Role[]) => {
        if (!(ROLES as readonly string[]).includes(value)) {
          throw new InvalidArgumentError(`unknown role; choose from ${ROLES.join(', ')}`);
        }
        return [...previous, value as Role];
      },
      [] as Role[],
    )
    .option(
      '--password <password>',
      'initial password (else CHANNELDESK_PASSWORD, else an invitation mail is sent)',
    )
    .option('--locale <locale>', 'de or en', 'de')
    .action(
      async (options: {
        email: string;
        name: string;
        organisation: string;
        role: Role[];
        password?: string;
        locale: string;
      }) => {
        await withDatabase(async (deps) => {
          const organisation = await deps.db
            .selectFrom('organisation')
            .select(['id', 'name'])
            .where((eb) =>
              eb.or([eb('number', '=', options.organisation), eb('id', '=', options.organisation)]),
            )
            .executeTakeFirst();
          if (!organisation)
            throw new AppError('not_found', `No organisation with number or id ${options.organisation}`);
          const person = await createUser(deps, systemScope('cli'), {
            organisationId: organisation.id,
            name: options.name,
            email: options.email.toLowerCase(),
            locale: options.locale === 'en' ? 'en' : 'de',
            timeZone: 'Europe/Berlin',
            roles: options.role,
            password: options.password ?? process.env.CHANNELDESK_PASSWORD,
          });
          console.log(
            `Created ${person.name} <${person.email}> in ${organisation.name} with roles [${person.roles.join(', ')}].`,
          );
          if (!person.canLogIn && person.roles.length > 0)
            console.log('An invitation mail with a link to set the password is queued.');
        });
      },
    );

  const importCommand = program.command('import').description('Import data from files');
  importCommand
    .command('organisations')
    .description(
      'Import organisations from a CSV file (columns: kind,name,street,postal_code,city,country,vat_id,tax_number,email,phone,reseller_number). All rows or none.',
    )
    .argument('<file>', 'CSV file, comma or semicolon separated, UTF-8')
    .action(async (file: string) => {
      const path = resolve(file);
      const text = readFileSync(path, 'utf8');
      const { rows, errors } = parseOrganisationCsv(text);
      if (errors.length > 0) {
        reportImportErrors(file, errors);
        return;
      }
      await withDatabase(async (deps) => {
        const bar = progressBar('Importing');
        bar.start(rows.length, 0);
        try {
          const result = await importOrganisations(deps, systemScope('cli import'), rows, (done) =>
            bar.update(done),
          );
          bar.stop();
          console.log(`Imported ${result.imported} organisations from ${file}.`);
        } catch (error) {
          bar.stop();
          if (error instanceof ImportFailed) {
            reportImportErrors(file, error.errors);
            return;
          }
          throw error;
        }
      });
    });

  importCommand
    .command('assets')
    .description(
      'Import the installed base from a CSV file (columns: serial,product_model,product_line,customer,purchase_date,warranty_end,reseller and spec_<key>). All rows or none; an existing serial is updated.',
    )
    .argument('<file>', 'CSV file, comma or semicolon separated, UTF-8')
    .action(async (file: string) => {
      const { rows, errors } = parseAssetCsv(readFileSync(resolve(file), 'utf8'));
      if (errors.length > 0) {
        reportImportErrors(file, errors);
        return;
      }
      await withDatabase(async (deps) => {
        const bar = progressBar('Importing');
        bar.start(rows.length, 0);
        try {
          const result = await importAssets(deps, systemScope('cli import'), rows, (done) =>
            bar.update(done),
          );
          bar.stop();
          console.log(
            `Imported ${rows.length} assets from ${file}: ${result.created} new, ${result.updated} updated.`,
          );
        } catch (error) {
          bar.stop();
          if (error instanceof AssetImportFailed) {
            reportImportErrors(file, error.errors);
            return;
          }
          throw error;
        }
      });
    });

  const leadsCommand = program.command('leads').description('Leads for the sales channel');
  leadsCommand
    .command('renewals')
    .description(
      'Make the warranty-extension leads for assets whose warranty ends within the configured days (once per asset and warranty end) and route them',
    )
    .option('--today <date>', 'the day to run for, YYYY-MM-DD (default: today)', (value: string) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
        throw new InvalidArgumentError('must be a date YYYY-MM-DD');
      }
      return value;
    })
    .action(async (options: { today?: string }) => {
      await withDatabase(async (deps) => {
        const bar = progressBar('Checking assets');
        bar.start(0, 0);
        try {
          const result = await runRenewals(deps, {
            today: options.today,
            onProgress: (done, total) => {
              bar.setTotal(total);
              bar.update(done);
            },
          });
          bar.stop();
          console.log(
            `Made ${result.created} renewal lead${result.created === 1 ? '' : 's'} (${result.checked} asset${result.checked === 1 ? '' : 's'} with a warranty ending within the window).`,
          );
        } catch (error) {
          bar.stop();
          throw error;
        }
      });
    });

  program
    .command('backup')
    .description(
      'Write a consistent copy of the SQLite database while it runs (on PostgreSQL: print the pg_dump command)',
    )
    .argument('<file>', 'target file')
    .action(async (file: string) => {
      const config = parseConfig();
      if (config.database.dialect === 'postgres') {
        const url = new URL(config.database.url);
        url.password = url.password ? '***' : '';
        console.log('PostgreSQL is backed up with its own tools, for example:');
        console.log(`  pg_dump --format=custom --file=${file} "${url.toString()}"`);
        console.log('(replace *** with the password, or use PGPASSWORD / ~/.pgpass)');
        return;
      }
      await withDatabase(async (_deps, database) => {
        const bar = progressBar('Backing up');
        bar.start(1, 0);
        await database.backup!(resolve(file), (done, total) => {
          bar.setTotal(total);
          bar.update(done);
        });
        bar.stop();
        console.log(`Backup written to ${resolve(file)} (${statSync(resolve(file)).size} bytes).`);
      });
    });

  return program;
}

/**
 * Runs one command line (`[node, script, ...args]`) to its end and returns the exit code; a command
 * that reports its own problems (an import's bad rows) sets process.exitCode instead and returns 0.
 * A program with exitOverride() returns commander's own code (help shown: 0, a bad option: 1).
 */
export async function runCli(argv: string[], program: Command = buildProgram()): Promise<number> {
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ConfigError || error instanceof AppError) {
      console.error(error.message);
    } else {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    return 1;
  }
}
