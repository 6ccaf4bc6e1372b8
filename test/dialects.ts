import type { DialectName } from '../src/server/db/dialect';

/**
 * Dialects the db tests run on: SQLite always; PostgreSQL when TEST_DATABASE_URL is set.
 * DIALECTS=sqlite (or postgres) narrows a local run. Under CI the PostgreSQL URL is required.
 */
function resolveDialects(): DialectName[] {
  const wanted = (process.env.DIALECTS ?? 'sqlite,postgres').split(',').map((d) => d.trim());
  const dialects: DialectName[] = [];
  if (wanted.includes('sqlite')) dialects.push('sqlite');
  if (wanted.includes('postgres')) {
    if (process.env.TEST_DATABASE_URL) dialects.push('postgres');
    else if (process.env.CI === 'true') {
      throw new Error('CI=true but TEST_DATABASE_URL is not set: the db tests must run on PostgreSQL too');
    }
  }
  return dialects;
}

export const DIALECTS: DialectName[] = resolveDialects();
