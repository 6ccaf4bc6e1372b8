import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/**
 * The only reader of process.env. Every setting is parsed here; an invalid value stops
 * start-up with a message naming the variable.
 */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|sqlite:)/, 'must start with postgres://, postgresql:// or sqlite:')
    .optional(),
  PUBLIC_URL: z.url().optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('channeldesk <no-reply@channeldesk.example>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  DEMO_DATA: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  CASE_NUMBER_PREFIX: z
    .string()
    .regex(/^[A-Z]{1,10}$/, 'must be 1 to 10 capital letters, such as CD')
    .default('CD'),
  CASE_CLOSE_AFTER_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  ATTACHMENT_MAX_MB: z.coerce.number().min(1).max(500).default(25),
  MAIL_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  MAIL_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  MAIL_SMTP_TLS_KEY: z.string().min(1).optional(),
  MAIL_SMTP_TLS_CERT: z.string().min(1).optional(),
  MAIL_MAX_MB: z.coerce.number().min(1).max(200).default(30),
  MAIL_AUTO_REPLIES_PER_HOUR: z.coerce.number().int().min(0).default(5),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
});

export type DatabaseTarget = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseTarget;
  publicUrl: string;
  sessionSecret: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  trustProxy: boolean;
  demoData: boolean;
  login: { maxFailures: number; lockMinutes: number; rateLimitPerMinute: number };
  cases: { numberPrefix: string; closeAfterDays: number; attachmentMaxBytes: number };
  mail: {
    /** The built-in SMTP listener; off unless MAIL_SMTP_PORT is set. */
    smtp: { port: number; host: string; tlsKeyFile?: string; tlsCertFile?: string } | null;
    maxBytes: number;
    /** Auto-replies one sender gets per hour at most; more would feed a mail loop. */
    autoRepliesPerHour: number;
  };
};

export class ConfigError extends Error {}

/** Parses the environment into a Config; throws ConfigError naming each bad variable. */
export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  const database: DatabaseTarget =
    e.DATABASE_URL?.startsWith('postgres') === true
      ? { dialect: 'postgres', url: e.DATABASE_URL }
      : { dialect: 'sqlite', file: sqliteFile(e.DATABASE_URL, dataDir) };
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    sessionSecret: e.SESSION_SECRET ?? '',
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    demoData: e.DEMO_DATA,
    cases: {
      numberPrefix: e.CASE_NUMBER_PREFIX,
      closeAfterDays: e.CASE_CLOSE_AFTER_DAYS,
      attachmentMaxBytes: Math.round(e.ATTACHMENT_MAX_MB * 1024 * 1024),
    },
    mail: {
      smtp:
        e.MAIL_SMTP_PORT === undefined
          ? null
          : {
              port: e.MAIL_SMTP_PORT,
              host: e.MAIL_SMTP_HOST,
              tlsKeyFile: e.MAIL_SMTP_TLS_KEY,
              tlsCertFile: e.MAIL_SMTP_TLS_CERT,
            },
      maxBytes: Math.round(e.MAIL_MAX_MB * 1024 * 1024),
      autoRepliesPerHour: e.MAIL_AUTO_REPLIES_PER_HOUR,
    },
    login: {
      maxFailures: e.LOGIN_MAX_FAILURES,
      lockMinutes: e.LOGIN_LOCK_MINUTES,
      rateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    },
  };
}

function sqliteFile(url: string | undefined, dataDir: string): string {
  if (url === undefined) return join(dataDir, 'channeldesk.sqlite');
  const path = url.replace(/^sqlite:(\/\/)?/, '');
  return path === ':memory:' ? path : resolve(path);
}

/**
 * Creates the data directory and, when SESSION_SECRET is not set, a random secret kept in
 * DATA_DIR/secret so signed links stay valid across restarts.
 */
export function prepareDataDir(config: Config): Config {
  mkdirSync(config.dataDir, { recursive: true });
  if (config.sessionSecret !== '') return config;
  const secretFile = join(config.dataDir, 'secret');
  if (!existsSync(secretFile)) {
    writeFileSync(secretFile, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return { ...config, sessionSecret: readFileSync(secretFile, 'utf8').trim() };
}
