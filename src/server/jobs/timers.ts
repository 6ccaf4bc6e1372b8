import type { Db, Trx } from '../db/database';
import { newId } from '../shared/ids';
import type { TimerRow } from './timer.table';

// The timer table belongs to the scheduler; modules set and clear their due times through here.

/** Sets when the scheduler looks at a subject next (one timer per kind and subject), or clears it with null. */
export async function scheduleTimer(
  trx: Trx,
  kind: TimerRow['kind'],
  subjectId: string,
  dueAt: string | null,
): Promise<void> {
  if (dueAt === null) {
    await trx.deleteFrom('timer').where('kind', '=', kind).where('subject_id', '=', subjectId).execute();
    return;
  }
  await trx
    .insertInto('timer')
    .values({ id: newId(), kind, subject_id: subjectId, due_at: dueAt, locked_until: null })
    .onConflict((oc) => oc.columns(['kind', 'subject_id']).doUpdateSet({ due_at: dueAt, locked_until: null }))
    .execute();
}

/** A handled timer whose subject needs no further look. */
export async function deleteTimer(db: Db | Trx, timerId: string): Promise<void> {
  await db.deleteFrom('timer').where('id', '=', timerId).execute();
}

/** A claimed timer that fired early (its subject's due time moved): look again at `dueAt`. */
export async function postponeTimer(db: Db | Trx, timerId: string, dueAt: string): Promise<void> {
  await db
    .updateTable('timer')
    .set({ due_at: dueAt, locked_until: null })
    .where('id', '=', timerId)
    .execute();
}

/** Sets a timer only if none of its kind and subject exists yet; an existing one keeps its due time. */
export async function ensureTimer(
  db: Db | Trx,
  kind: TimerRow['kind'],
  subjectId: string,
  dueAt: string,
): Promise<void> {
  await db
    .insertInto('timer')
    .values({ id: newId(), kind, subject_id: subjectId, due_at: dueAt, locked_until: null })
    .onConflict((oc) => oc.columns(['kind', 'subject_id']).doNothing())
    .execute();
}
