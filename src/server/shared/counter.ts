import { sql } from 'kysely';
import type { Db, Trx } from '../db/database';

/**
 * Next value of a named counter (organisation numbers, later case and invoice numbers).
 * One statement, so concurrent callers on PostgreSQL serialise on the row and never reuse a number.
 */
export async function nextCounterValue(db: Db | Trx, name: string): Promise<number> {
  const row = await db
    .insertInto('counter')
    .values({ name, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql`counter.value + 1` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}
