import { EventEmitter } from 'node:events';
import { sql } from 'kysely';
import pg from 'pg';
import type { Trx } from '../../db/database';
import type { DialectName } from '../../db/dialect';
import type { Visibility } from './case.table';

/** A change on a case, as live updates announce it. Carries what scope filtering needs. */
export type CaseChange = {
  caseId: string;
  number: string;
  customerId: string;
  partnerId: string | null;
  type: string;
  visibility: Visibility;
  at: string;
};

const CHANNEL = 'case_changes';

/**
 * Fans case changes out to the SSE streams of this process. On PostgreSQL a change is sent with
 * pg_notify inside the transaction, so it is delivered only if the change commits, and every
 * instance (LISTEN) hears it. On SQLite (one process) changes are published after commit.
 */
export type LiveCaseChanges = {
  /** Call inside the transaction that makes the change. */
  announce(trx: Trx, changes: CaseChange[]): Promise<void>;
  /** Call after the transaction committed (no-op on PostgreSQL, where NOTIFY delivers on commit). */
  afterCommit(changes: CaseChange[]): void;
  subscribe(listener: (change: CaseChange) => void): () => void;
  close(): Promise<void>;
};

export function createLiveCaseChanges(options: {
  dialect: DialectName;
  postgresUrl?: string;
}): LiveCaseChanges {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  let listener: pg.Client | undefined;
  let connecting: Promise<void> | undefined;

  async function listen(): Promise<void> {
    if (options.dialect !== 'postgres' || !options.postgresUrl || listener) return;
    connecting ??= (async () => {
      const client = new pg.Client({ connectionString: options.postgresUrl });
      await client.connect();
      client.on('notification', (message) => {
        if (message.channel !== CHANNEL || !message.payload) return;
        for (const change of JSON.parse(message.payload) as CaseChange[]) emitter.emit('change', change);
      });
      await client.query(`listen ${CHANNEL}`);
      listener = client;
    })();
    await connecting;
  }

  return {
    async announce(trx, changes) {
      if (options.dialect !== 'postgres' || changes.length === 0) return;
      // NOTIFY payloads are limited to 8000 bytes; changes are small, but split to be safe.
      for (let i = 0; i < changes.length; i += 20) {
        await sql`select pg_notify(${CHANNEL}, ${JSON.stringify(changes.slice(i, i + 20))})`.execute(trx);
      }
    },
    afterCommit(changes) {
      if (options.dialect === 'postgres') return;
      for (const change of changes) emitter.emit('change', change);
    },
    subscribe(fn) {
      void listen().catch(() => {
        connecting = undefined;
      });
      emitter.on('change', fn);
      return () => emitter.off('change', fn);
    },
    async close() {
      emitter.removeAllListeners();
      await listener?.end();
      listener = undefined;
    },
  };
}
