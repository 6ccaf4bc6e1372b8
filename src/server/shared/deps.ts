import type { Config } from '../config';
import type { Db } from '../db/database';
import type { DialectName } from '../db/dialect';
import type { LiveCaseChanges } from '../modules/cases/live';
import type { Clock } from './clock';

/** What every service function needs: the database, its dialect, the time and the configuration. */
export type Deps = {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  config: Config;
  /** Live case updates (SSE); absent in the CLI, where nobody listens. */
  live?: LiveCaseChanges;
};
