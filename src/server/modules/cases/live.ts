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
  /** For a `partner` change: the partner organisation it belongs to (see cases/access.ts). */
  partnerOrganisationId: string | null;
  at: string;
  /** For a `notification` change: the only people whose streams hear of it (their bell). */
  personIds?: string[];
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
  /** Resolves once this instance hears changes (LISTEN is active on PostgreSQL; at once on SQLite). */
  listening(): Promise<void>;
  close(): Promise<void>;
};

const RECONNECT_MS = 1000;

export function createLiveCaseChanges(options: {
  dialect: DialectName;
  postgresUrl?: string;
  onError?: (error: unknown) => void;
}): LiveCaseChanges {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const usesListen = options.dialect === 'postgres' && options.postgresUrl !== undefined;
  let client: pg.Client | undefined;
  let connecting: Promise<void> | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let closed = false;

  function scheduleReconnect(): void {
    if (closed || reconnectTimer || emitter.listenerCount('change') === 0) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      connect().catch(() => scheduleReconnect());
    }, RECONNECT_MS);
    reconnectTimer.unref();
  }

  // One LISTEN connection per instance. A lost connection (database restart) is reported, not
  // thrown, and re-established; streams miss only what happened while it was down.
  function connect(): Promise<void> {
    if (!usesListen || closed) return Promise.resolve();
    connecting ??= (async () => {
      const next = new pg.Client({ connectionString: options.postgresUrl });
      next.on('error', (error) => options.onError?.(error));
      next.on('end', () => {
        if (client !== next) return;
        client = undefined;
        connecting = undefined;
        scheduleReconnect();
      });
      next.on('notification', (message) => {
        if (message.channel !== CHANNEL || !message.payload) return;
        for (const change of JSON.parse(message.payload) as CaseChange[]) emitter.emit('change', change);
      });
      await next.connect();
      if (closed) {
        await next.end();
        return;
      }
      await next.query(`listen ${CHANNEL}`);
      client = next;
    })().catch((error: unknown) => {
      connecting = undefined;
      options.onError?.(error);
      throw error;
    });
    return connecting;
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
      emitter.on('change', fn);
      connect().catch(() => scheduleReconnect());
      return () => emitter.off('change', fn);
    },
    listening() {
      return connect();
    },
    async close() {
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      emitter.removeAllListeners();
      await connecting?.catch(() => undefined);
      const current = client;
      client = undefined;
      await current?.end();
    },
  };
}
