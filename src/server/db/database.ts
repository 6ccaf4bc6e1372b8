import type { Kysely, Transaction } from 'kysely';
import type { OutboxTable } from '../jobs/outbox.table';
import type { AuditLogTable } from '../modules/audit/audit.table';
import type { ApiTokenTable, SessionTable } from '../modules/auth/auth.table';
import type { OrganisationTable, ResellerOfRecordTable } from '../modules/organisations/organisation.table';
import type { PersonTable } from '../modules/users/person.table';
import type { DialectName } from './dialect';

export interface CounterTable {
  name: string;
  value: number | string;
}

/** The whole schema, composed from the modules' table files. */
export interface Database {
  counter: CounterTable;
  organisation: OrganisationTable;
  reseller_of_record: ResellerOfRecordTable;
  person: PersonTable;
  session: SessionTable;
  api_token: ApiTokenTable;
  audit_log: AuditLogTable;
  outbox: OutboxTable;
}

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;

/** A database handle together with what dialect it speaks. */
export type DatabaseContext = {
  db: Db;
  dialect: DialectName;
  close(): Promise<void>;
  /** SQLite only: writes a consistent copy of the live database to `file`. */
  backup?(file: string, onProgress: (done: number, total: number) => void): Promise<void>;
};
