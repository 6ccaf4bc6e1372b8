// Changing a case's fields, status and tags; each change is a timeline event.
import { OPERATOR_ROLES } from '../../../shared/roles';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import type { Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import { audienceOf } from './access';
import {
  type CaseStatus,
  PRIORITIES,
  type Priority,
  type SupportCaseRow,
  type Visibility,
} from './case.table';
import { getCase } from './case-detail';
import { requireCauseToResolve } from './case-settings';
import { changeCase } from './change-case';
import { settleOpenCommitments } from './commitment-outcomes';
import {
  requireAssignee,
  requireCause,
  requireGroup,
  requireOrganisation,
  requirePersonOf,
} from './field-checks';
import { findTags, updateCaseRow } from './repository';
import type { CaseDetail, UpdateCaseBody } from './schemas';
import { rebuildCaseSearch } from './search-document';

const PRIORITY_ORDER: readonly Priority[] = PRIORITIES;

const PUBLIC_FIELD_EVENTS = new Set(['status', 'priority', 'type', 'subject']);

/** Changes status, priority, assignment and the other case fields; each change is a timeline event. */
export async function updateCase(
  deps: Deps,
  scope: Scope,
  idOrNumber: string,
  input: UpdateCaseBody,
): Promise<CaseDetail> {
  if (audienceOf(scope) !== 'operator')
    throw new AppError('forbidden', 'Only the operator changes case fields');
  if (scope.kind === 'user' && !scope.roles.some((r) => OPERATOR_ROLES.includes(r))) {
    throw new AppError('forbidden', 'Your role does not allow this action');
  }
  const id = await changeCase(deps, scope, idOrNumber, async (ctx) => {
    const { row, trx } = ctx;
    if (row.status === 'closed')
      throw new AppError(
        'conflict',
        'The case is closed; closed cases do not change. Open a new case and link it.',
      );
    if (row.merged_into_id)
      throw new AppError('conflict', 'The case was merged into another case; change that one.');
    if (input.assigneeId) await requireAssignee(trx, input.assigneeId);
    if (input.groupId) await requireGroup(trx, input.groupId);
    if (input.causeId) await requireCause(trx, input.causeId);
    if (input.partnerId) await requireOrganisation(trx, input.partnerId, 'partner', 'partnerId');
    if (input.thirdPartyId) await requireOrganisation(trx, input.thirdPartyId, 'third_party', 'thirdPartyId');
    if (input.contactId) await requirePersonOf(trx, input.contactId, row.customer_id, 'contactId');
    if (input.status === 'resolved' && row.status !== 'resolved')
      await requireCauseToResolve(trx, input.causeId !== undefined ? input.causeId : row.cause_id);
    // Ending the work on a case ends no promise silently: each open commitment is accounted for.
    if ((input.status === 'resolved' || input.status === 'closed') && row.status !== 'resolved')
      await settleOpenCommitments(deps, scope, ctx, input.commitments);
    const now = isoNow(deps.clock);
    const fields: [keyof UpdateCaseBody, keyof SupportCaseRow][] = [
      ['subject', 'subject'],
      ['type', 'type'],
      ['status', 'status'],
      ['priority', 'priority'],
      ['assigneeId', 'assignee_id'],
      ['groupId', 'group_id'],
      ['causeId', 'cause_id'],
      ['partnerId', 'partner_id'],
      ['thirdPartyId', 'third_party_id'],
      ['contactId', 'contact_id'],
    ];
    const update: Record<string, unknown> = {};
    for (const [field, column] of fields) {
      const next = input[field];
      if (next === undefined || next === row[column]) continue;
      update[column] = next;
      const visibility: Visibility = PUBLIC_FIELD_EVENTS.has(field)
        ? 'public'
        : field === 'partnerId'
          ? 'partner'
          : 'internal';
      // A partner change is told to the partner now on the case (or the one taken off it).
      await ctx.event(
        `${field.replace(/Id$/, '')}_changed`,
        visibility,
        { from: row[column], to: next },
        field === 'partnerId' ? { addressedTo: (next as string | null) ?? row.partner_id } : {},
      );
    }
    if (input.status && input.status !== row.status) {
      if (input.status === 'resolved') update.resolved_at = now;
      if (input.status === 'closed') update.closed_at = now;
      if (row.status === 'resolved' && input.status !== 'closed') update.resolved_at = null;
      ctx.happened({ type: 'status_changed', from: row.status, to: input.status });
    }
    if (input.priority && input.priority !== row.priority) ctx.happened({ type: 'priority_changed' });
    if (Object.keys(update).length > 0) {
      await updateCaseRow(trx, row.id, update);
      if ('subject' in update || 'contact_id' in update) await rebuildCaseSearch(trx, deps.dialect, row.id);
      await recordAudit(trx, scope, deps.clock, {
        action: 'case.updated',
        entityType: 'case',
        entityId: row.id,
        before: Object.fromEntries(Object.keys(update).map((k) => [k, row[k as keyof SupportCaseRow]])),
        after: update,
      });
    }
    return row.id;
  });
  return (await getCase(deps, scope, id)) as CaseDetail;
}

export async function setTags(
  deps: Deps,
  scope: Scope,
  idOrNumber: string,
  tags: string[],
): Promise<string[]> {
  if (audienceOf(scope) !== 'operator') throw new AppError('forbidden', 'Only the operator tags cases');
  return changeCase(deps, scope, idOrNumber, async (ctx) => {
    const before = await findTags(ctx.trx, ctx.row.id);
    const after = [...new Set(tags.map((t) => t.toLowerCase()))].sort();
    if (before.join('\n') === after.join('\n')) return after;
    await ctx.trx.deleteFrom('case_tag').where('case_id', '=', ctx.row.id).execute();
    if (after.length > 0)
      await ctx.trx
        .insertInto('case_tag')
        .values(after.map((tag) => ({ case_id: ctx.row.id, tag })))
        .execute();
    await ctx.event('tags_changed', 'internal', { from: before, to: after });
    return after;
  });
}

export function raisePriority(priority: Priority): Priority {
  const index = PRIORITY_ORDER.indexOf(priority);
  return PRIORITY_ORDER[Math.min(index + 1, PRIORITY_ORDER.length - 1)] ?? priority;
}

export function isClosedStatus(status: CaseStatus): boolean {
  return status === 'closed';
}
