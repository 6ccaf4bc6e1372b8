import { defineConfig } from 'vitest/config';

// Two projects: `unit` runs pure logic without a database; `db` runs service and
// HTTP tests against real SQLite and (when TEST_DATABASE_URL is set) real PostgreSQL.
export default defineConfig({
  test: {
    // Two cores: two test workers keep SQLite and PostgreSQL busy without thrashing.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          exclude: ['src/**/*.db.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'db',
          include: ['src/**/*.db.test.ts', 'test/**/*.db.test.ts'],
          environment: 'node',
          // Migrates once per run and dialect; each test database is a copy of that template.
          globalSetup: ['test/db-template.setup.ts'],
          // Each file builds its own app on its own database, so the files of a worker can share one
          // module graph: loading the whole server anew for every file cost more than the tests.
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
