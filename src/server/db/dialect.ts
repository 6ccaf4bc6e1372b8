import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';

/**
 * The one place for differences between SQLite and PostgreSQL. Everything else is
 * written in the shared subset Kysely offers.
 *
 * Storage conventions shared by both dialects:
 * - ids are UUIDv7 text (sortable by creation time);
 * - timestamps are ISO-8601 UTC text (`2026-11-24T08:50:02.123Z`), which sorts correctly;
 * - booleans are integers 0/1; JSON is text.
 */
export type DialectName = 'sqlite' | 'postgres';

/** Row-locking clause for queue claims: PostgreSQL lets concurrent workers skip each other's rows;
 * SQLite has a single writer, so no clause is needed. */
export function skipLocked<DB, TB extends keyof DB, O>(
  dialect: DialectName,
  query: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return dialect === 'postgres' ? query.forUpdate().skipLocked() : query;
}

/** Case-insensitive "contains" match; umlauts compare case-insensitively on PostgreSQL only
 * (SQLite's LIKE folds ASCII only), which the full-text search takes care of later. */
export function containsOperator(dialect: DialectName): 'ilike' | 'like' {
  return dialect === 'postgres' ? 'ilike' : 'like';
}

/** Checks that the database answers. */
// biome-ignore lint/suspicious/noExplicitAny: any schema will do for a ping
export async function ping(db: Kysely<any>): Promise<void> {
  await sql`select 1`.execute(db);
}

/** Converts a count/aggregate that pg returns as string (int8) to a number. */
export function toNumber(value: string | number | bigint | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}
