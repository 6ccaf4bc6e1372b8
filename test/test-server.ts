import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/server/app';
import { type Config, parseConfig } from '../src/server/config';
import type { DialectName } from '../src/server/db/dialect';
import { createLiveCaseChanges } from '../src/server/modules/cases/live';
import type { Clock } from '../src/server/shared/clock';
import type { Deps } from '../src/server/shared/deps';
import { createTestDatabase, type TestDatabase } from './test-db';

/** A clock the test moves by hand. */
export function testClock(start = '2026-11-24T09:00:00.000Z'): Clock & { advanceMinutes(m: number): void } {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    advanceMinutes(minutes: number) {
      now = new Date(now.getTime() + minutes * 60_000);
    },
  };
}

export type TestServer = {
  app: FastifyInstance;
  deps: Deps;
  database: TestDatabase;
  clock: ReturnType<typeof testClock>;
  close(): Promise<void>;
};

/** The whole HTTP app on a fresh database of the given dialect, driven through app.inject. */
export async function startTestServer(
  dialect: DialectName,
  overrides: Partial<Config['login']> = {},
  beforeReady: (app: FastifyInstance) => void = () => {},
): Promise<TestServer> {
  const database = await createTestDatabase(dialect);
  const base = parseConfig({
    DATA_DIR: database.dataDir,
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'https://desk.example',
  });
  const config: Config = {
    ...base,
    sessionSecret: 'test-secret-test-secret-test-secret-0000',
    login: { ...base.login, ...overrides },
  };
  const clock = testClock();
  // The config above points at SQLite whatever the dialect, so the bus is built from the test
  // database itself and shared: services called with `deps` announce to the app's streams.
  const live = createLiveCaseChanges({
    dialect,
    postgresUrl: dialect === 'postgres' ? database.url : undefined,
  });
  const app = await buildApp({ config, database, clock, webRoot: '/nonexistent', live });
  beforeReady(app);
  await app.ready();
  return {
    app,
    deps: { db: database.db, dialect, clock, config, live },
    database,
    clock,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** A logged-in browser: carries the session cookie and sends the CSRF token on changes. */
export type Session = {
  cookie: string;
  csrfToken: string;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
};

export async function logIn(app: FastifyInstance, email: string, password: string): Promise<Session> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (response.statusCode !== 200)
    throw new Error(`login failed for ${email}: ${response.statusCode} ${response.body}`);
  const setCookie = response.cookies.find((c) => c.name === 'cd_session');
  if (!setCookie) throw new Error('no session cookie');
  const cookie = `cd_session=${setCookie.value}`;
  const csrfToken = response.json<{ csrfToken: string }>().csrfToken;
  return {
    cookie,
    csrfToken,
    request: (options) =>
      app.inject({
        ...options,
        headers: { cookie, 'x-csrf-token': csrfToken, ...(options.headers ?? {}) },
      }),
  };
}
