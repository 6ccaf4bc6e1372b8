// Which merges are possible: one set of rules for the dry-run check the web app asks before it
// offers the confirmation and for the merge itself, so the two can never disagree.
import { AppError } from '../../shared/app-error';
import type { Deps } from '../../shared/deps';
import type { Scope } from '../../shared/scope';
import { audienceOf } from './access';
import type { SupportCaseRow } from './case.table';
import { findCase } from './repository';

export const MERGE_REFUSALS = [
  'not_found',
  'same_case',
  'already_merged',
  'target_merged',
  'target_closed',
  'other_customer',
] as const;
export type MergeRefusal = (typeof MERGE_REFUSALS)[number];

type MergeRow = Pick<SupportCaseRow, 'id' | 'customer_id' | 'status' | 'merged_into_id'>;

/** Why `duplicate` cannot be merged into `target`, or null when it can. */
export function mergeRefusal(duplicate: MergeRow, target: MergeRow | undefined): MergeRefusal | null {
  if (!target) return 'not_found';
  if (duplicate.id === target.id) return 'same_case';
  if (duplicate.merged_into_id) return 'already_merged';
  if (target.merged_into_id) return 'target_merged';
  if (target.status === 'closed') return 'target_closed';
  if (duplicate.customer_id !== target.customer_id) return 'other_customer';
  return null;
}

/** The API's answer to a refused merge; the texts are for API callers, the web app has its own. */
export function mergeRefusalError(refusal: MergeRefusal): AppError {
  switch (refusal) {
    case 'not_found':
      return AppError.field('into', 'is not a case you can see');
    case 'same_case':
      return AppError.field('into', 'a case cannot be merged into itself');
    case 'already_merged':
      return new AppError('conflict', 'This case was already merged.');
    case 'target_merged':
      return AppError.field('into', 'was itself merged; merge into the case it was merged into');
    case 'target_closed':
      return AppError.field('into', 'is closed; merge into an open case');
    case 'other_customer':
      return AppError.field('into', 'belongs to another customer; only duplicates of one customer merge');
  }
}

export interface MergeCheck {
  possible: boolean;
  refusal: MergeRefusal | null;
  /** The case it would merge into, as the caller may see it; null when there is no such case. */
  target: {
    id: string;
    number: string;
    subject: string;
    status: SupportCaseRow['status'];
    customer: { id: string; name: string };
    lastActivityAt: string;
  } | null;
}

/** Would merging this case into `into` work? Changes nothing; the merge applies the same rules. */
export async function checkMerge(
  deps: Deps,
  scope: Scope,
  duplicateIdOrNumber: string,
  into: string,
): Promise<MergeCheck> {
  if (audienceOf(scope) !== 'operator')
    throw new AppError('forbidden', 'Only the operator links and merges cases');
  const duplicate = await findCase(deps.db, scope, duplicateIdOrNumber);
  if (!duplicate) throw AppError.notFound('Case');
  const target = await findCase(deps.db, scope, into);
  const refusal = mergeRefusal(duplicate, target);
  if (!target) return { possible: false, refusal, target: null };
  const customer = await deps.db
    .selectFrom('organisation')
    .select(['id', 'name'])
    .where('id', '=', target.customer_id)
    .executeTakeFirstOrThrow();
  return {
    possible: refusal === null,
    refusal,
    target: {
      id: target.id,
      number: target.number,
      subject: target.subject,
      status: target.status,
      customer: { id: customer.id, name: customer.name },
      lastActivityAt: target.updated_at,
    },
  };
}
