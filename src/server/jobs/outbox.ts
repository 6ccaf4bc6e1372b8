import type { Db, Trx } from '../db/database';
import { type DialectName, skipLocked } from '../db/dialect';
import type { OutgoingMail } from '../modules/mail/outbound';
import { type Clock, isoNow } from '../shared/clock';
import { newId } from '../shared/ids';
import { retryDelaySeconds, shouldGiveUp } from './backoff';
import type { OutboxRow } from './outbox.table';

/** Message kinds that leave the process. Each topic has one handler in the dispatcher. */
export type OutboxMessage = {
  topic: 'mail.send';
  payload: OutgoingMail & { locale?: 'de' | 'en' };
};

/**
 * Writes a message in the caller's transaction: it is delivered if and only if the
 * change that caused it commits.
 */
export async function enqueueOutbox(trx: Trx | Db, clock: Clock, message: OutboxMessage): Promise<string> {
  const id = newId();
  const now = isoNow(clock);
  await trx
    .insertInto('outbox')
    .values({
      id,
      topic: message.topic,
      payload: JSON.stringify(message.payload),
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      created_at: now,
    })
    .execute();
  return id;
}

const LEASE_SECONDS = 120;

/**
 * Claims up to `limit` due messages for this worker. On PostgreSQL, concurrent workers skip
 * each other's locked rows; the lease (locked_until) hides claimed rows until delivery ends,
 * and lets another worker retry them if this one dies mid-delivery.
 */
export async function claimDueOutbox(
  db: Db,
  dialect: DialectName,
  clock: Clock,
  limit: number,
): Promise<OutboxRow[]> {
  const now = clock.now();
  const nowIso = now.toISOString();
  const leaseUntil = new Date(now.getTime() + LEASE_SECONDS * 1000).toISOString();
  return db.transaction().execute(async (trx) => {
    const due = await skipLocked(
      dialect,
      trx
        .selectFrom('outbox')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', nowIso)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', nowIso)]))
        .orderBy('next_attempt_at')
        .limit(limit),
    ).execute();
    if (due.length === 0) return [];
    return trx
      .updateTable('outbox')
      .set({ locked_until: leaseUntil })
      .where(
        'id',
        'in',
        due.map((row) => row.id),
      )
      .returningAll()
      .execute();
  });
}

export async function markOutboxDone(db: Db, clock: Clock, id: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status: 'done', done_at: isoNow(clock), locked_until: null, last_error: null })
    .where('id', '=', id)
    .execute();
}

/** Schedules the next attempt with backoff, or gives up for good after the last one. */
export async function markOutboxFailed(db: Db, clock: Clock, row: OutboxRow, error: string): Promise<void> {
  const attempts = row.attempts + 1;
  const giveUp = shouldGiveUp(attempts);
  const next = new Date(clock.now().getTime() + retryDelaySeconds(attempts) * 1000).toISOString();
  await db
    .updateTable('outbox')
    .set({
      attempts,
      status: giveUp ? 'failed' : 'pending',
      next_attempt_at: next,
      locked_until: null,
      last_error: error.slice(0, 2000),
    })
    .where('id', '=', row.id)
    .execute();
}
