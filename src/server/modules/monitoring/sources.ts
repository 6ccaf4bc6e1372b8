import { sql } from 'kysely';
import { FEED_SOURCE_MANAGE_ROLES, FEED_SOURCE_READ_ROLES } from '../../../shared/roles';
import type { Db } from '../../db/database';
import { toNumber } from '../../db/dialect';
import { AppError } from '../../shared/app-error';
import { addMinutes, isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { requireRole, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import type { FeedSourceRow } from './monitoring.table';
import type { CreateFeedSourceBody, FeedSource, UpdateFeedSourceBody } from './schemas';

// Feed sources: which feeds are watched for which terms. Operator only: the admin manages them,
// agents (who work the mention cases) read them to see what is watched and which source fails.

export function sourceView(row: FeedSourceRow, mentionsFound: number): FeedSource {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    terms: JSON.parse(row.terms) as string[],
    allowPrivateNetwork: row.allow_private_network === 1,
    intervalMinutes: row.interval_minutes,
    groupId: row.group_id,
    active: row.active === 1,
    lastPolledAt: row.last_polled_at,
    nextPollAt: row.next_poll_at,
    errorCount: row.error_count,
    lastError:
      row.last_error_code && row.last_error && row.last_error_at
        ? {
            ...(JSON.parse(row.last_error) as { message: string; params: Record<string, string | number> }),
            code: row.last_error_code,
            at: row.last_error_at,
          }
        : null,
    mentionsFound,
    createdAt: row.created_at,
  };
}

async function mentionCounts(db: Db, sourceIds: string[]): Promise<Map<string, number>> {
  if (sourceIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('feed_entry_seen')
    .select(['source_id', sql<number>`count(case_id)`.as('n')])
    .where('source_id', 'in', sourceIds)
    .groupBy('source_id')
    .execute();
  return new Map(rows.map((r) => [r.source_id, toNumber(r.n)]));
}

/** One source as the API shows it. */
export async function readSource(db: Db, id: string): Promise<FeedSource> {
  const row = await db.selectFrom('feed_source').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw AppError.notFound('Feed source');
  return sourceView(row, (await mentionCounts(db, [id])).get(id) ?? 0);
}

/** All sources, by name. */
export async function listFeedSources(deps: Deps, scope: Scope): Promise<FeedSource[]> {
  requireRole(scope, FEED_SOURCE_READ_ROLES);
  const rows = await deps.db.selectFrom('feed_source').selectAll().orderBy('name').orderBy('id').execute();
  const counts = await mentionCounts(
    deps.db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => sourceView(row, counts.get(row.id) ?? 0));
}

async function requireGroup(db: Db, groupId: string | null | undefined): Promise<void> {
  if (!groupId) return;
  const group = await db.selectFrom('case_group').select('id').where('id', '=', groupId).executeTakeFirst();
  if (!group) throw AppError.field('groupId', 'is not a group');
}

function uniqueTerms(terms: string[]): string[] {
  return [...new Set(terms.map((t) => t.trim()))];
}

/** Adds a source; it is polled right away by the next worker pass. */
export async function createFeedSource(
  deps: Deps,
  scope: Scope,
  input: CreateFeedSourceBody,
): Promise<FeedSource> {
  requireRole(scope, FEED_SOURCE_MANAGE_ROLES);
  await requireGroup(deps.db, input.groupId);
  const now = isoNow(deps.clock);
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('feed_source')
      .values({
        id,
        name: input.name,
        url: input.url,
        terms: JSON.stringify(uniqueTerms(input.terms)),
        allow_private_network: input.allowPrivateNetwork ? 1 : 0,
        interval_minutes: input.intervalMinutes,
        group_id: input.groupId ?? null,
        etag: null,
        last_modified: null,
        last_polled_at: null,
        next_poll_at: now,
        error_count: 0,
        last_error_code: null,
        last_error: null,
        last_error_at: null,
        active: input.active ? 1 : 0,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, scope, deps.clock, {
      action: 'feed_source.created',
      entityType: 'feed_source',
      entityId: id,
      after: row,
    });
  });
  return readSource(deps.db, id);
}

/**
 * Changes a source. A new URL forgets the validators (ETag, Last-Modified) and the error state
 * and is polled at once; so is a source switched on again.
 */
export async function updateFeedSource(
  deps: Deps,
  scope: Scope,
  id: string,
  input: UpdateFeedSourceBody,
): Promise<FeedSource> {
  requireRole(scope, FEED_SOURCE_MANAGE_ROLES);
  await requireGroup(deps.db, input.groupId);
  const now = isoNow(deps.clock);
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('feed_source').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw AppError.notFound('Feed source');
    const urlChanged = input.url !== undefined && input.url !== before.url;
    const reactivated = input.active === true && before.active === 0;
    const allowanceChanged =
      input.allowPrivateNetwork !== undefined &&
      (input.allowPrivateNetwork ? 1 : 0) !== before.allow_private_network;
    const after = await trx
      .updateTable('feed_source')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.url !== undefined ? { url: input.url } : {}),
        ...(input.terms !== undefined ? { terms: JSON.stringify(uniqueTerms(input.terms)) } : {}),
        ...(input.allowPrivateNetwork !== undefined
          ? { allow_private_network: input.allowPrivateNetwork ? 1 : 0 }
          : {}),
        ...(input.intervalMinutes !== undefined
          ? {
              interval_minutes: input.intervalMinutes,
              // A shorter interval takes effect now, not after the old, longer wait.
              next_poll_at: minIso(
                before.next_poll_at,
                addMinutes(deps.clock.now(), input.intervalMinutes).toISOString(),
              ),
            }
          : {}),
        ...(input.groupId !== undefined ? { group_id: input.groupId } : {}),
        ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
        ...(urlChanged ? { etag: null, last_modified: null } : {}),
        ...(urlChanged || reactivated || allowanceChanged
          ? {
              next_poll_at: now,
              error_count: 0,
              last_error_code: null,
              last_error: null,
              last_error_at: null,
            }
          : {}),
        updated_at: now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, scope, deps.clock, {
      action: 'feed_source.updated',
      entityType: 'feed_source',
      entityId: id,
      before,
      after,
    });
  });
  return readSource(deps.db, id);
}

function minIso(a: string, b: string): string {
  return a < b ? a : b;
}
