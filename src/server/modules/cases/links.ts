import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import type { Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import { removeCaseSearchText } from '../search/case-search';
import { dropCaseClocks } from '../sla/service';
import { audienceOf } from './access';
import type { LinkKind } from './case.table';
import { changeCase } from './change-case';
import { mergeRefusal, mergeRefusalError } from './merge-rules';
import { findCase } from './repository';
import { rebuildCaseSearch } from './search-document';

function requireOperator(scope: Scope): void {
  if (audienceOf(scope) !== 'operator')
    throw new AppError('forbidden', 'Only the operator links and merges cases');
}

/** Links two cases (relates_to, duplicate_of, parent_of). Linking twice is harmless. */
export async function linkCases(
  deps: Deps,
  scope: Scope,
  caseIdOrNumber: string,
  kind: LinkKind,
  target: string,
): Promise<void> {
  requireOperator(scope);
  const other = await findCase(deps.db, scope, target);
  if (!other) throw AppError.field('target', 'is not a case you can see');
  await changeCase(deps, scope, caseIdOrNumber, async ({ trx, row, event }) => {
    if (other.id === row.id) throw AppError.field('target', 'a case cannot be linked to itself');
    const inserted = await trx
      .insertInto('case_link')
      .values({ from_case_id: row.id, to_case_id: other.id, kind, created_at: isoNow(deps.clock) })
      .onConflict((oc) => oc.columns(['from_case_id', 'to_case_id', 'kind']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return;
    await event('linked', 'internal', { kind, caseId: other.id, number: other.number });
  });
}

export async function unlinkCases(
  deps: Deps,
  scope: Scope,
  caseIdOrNumber: string,
  kind: LinkKind,
  target: string,
): Promise<void> {
  requireOperator(scope);
  const other = await findCase(deps.db, scope, target);
  if (!other) throw AppError.notFound('Link');
  await changeCase(deps, scope, caseIdOrNumber, async ({ trx, row, event }) => {
    const result = await trx
      .deleteFrom('case_link')
      .where('from_case_id', '=', row.id)
      .where('to_case_id', '=', other.id)
      .where('kind', '=', kind)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw AppError.notFound('Link');
    await event('unlinked', 'internal', { kind, caseId: other.id, number: other.number });
  });
}

/**
 * Merges a duplicate into the case that stays: its messages, events, attachments, facts (unless the
 * target has the same key), commitments, decisions and tags move over; the duplicate is closed and
 * its number redirects to the target from then on.
 */
export async function mergeCase(
  deps: Deps,
  scope: Scope,
  duplicateIdOrNumber: string,
  into: string,
): Promise<{ id: string; number: string }> {
  requireOperator(scope);
  const target = await findCase(deps.db, scope, into);
  if (!target) throw mergeRefusalError('not_found');
  await changeCase(deps, scope, duplicateIdOrNumber, async ({ trx, row, event }) => {
    // The same rules the dry-run check (GET /cases/:id/merge-check) answers with.
    const refusal = mergeRefusal(row, target);
    if (refusal) throw mergeRefusalError(refusal);
    const now = isoNow(deps.clock);
    for (const table of [
      'case_message',
      'case_event',
      'case_attachment',
      'case_commitment',
      'case_decision',
    ] as const) {
      await trx.updateTable(table).set({ case_id: target.id }).where('case_id', '=', row.id).execute();
    }
    const targetKeys = (
      await trx.selectFrom('case_fact').select('key').where('case_id', '=', target.id).execute()
    ).map((f) => f.key);
    let factsToMove = trx.updateTable('case_fact').set({ case_id: target.id }).where('case_id', '=', row.id);
    if (targetKeys.length > 0) factsToMove = factsToMove.where('key', 'not in', targetKeys);
    await factsToMove.execute();
    const tags = await trx.selectFrom('case_tag').select('tag').where('case_id', '=', row.id).execute();
    if (tags.length > 0) {
      await trx
        .insertInto('case_tag')
        .values(tags.map((t) => ({ case_id: target.id, tag: t.tag })))
        .onConflict((oc) => oc.columns(['case_id', 'tag']).doNothing())
        .execute();
    }
    await trx
      .updateTable('support_case')
      .set({ merged_into_id: target.id, status: 'closed', closed_at: now })
      .where('id', '=', row.id)
      .execute();
    await trx.updateTable('support_case').set({ updated_at: now }).where('id', '=', target.id).execute();
    await dropCaseClocks(trx, row.id);
    await trx
      .insertInto('case_link')
      .values({ from_case_id: row.id, to_case_id: target.id, kind: 'duplicate_of', created_at: now })
      .onConflict((oc) => oc.columns(['from_case_id', 'to_case_id', 'kind']).doNothing())
      .execute();
    await rebuildCaseSearch(trx, deps.dialect, target.id);
    await removeCaseSearchText(trx, deps.dialect, row.id);
    // The event lands on the target, where the moved timeline now lives.
    await event('merged', 'public', { from: row.number, into: target.number });
    await trx.updateTable('case_event').set({ case_id: target.id }).where('case_id', '=', row.id).execute();
    await recordAudit(trx, scope, deps.clock, {
      action: 'case.merged',
      entityType: 'case',
      entityId: row.id,
      after: { mergedInto: target.id, number: target.number },
    });
  });
  return { id: target.id, number: target.number };
}
