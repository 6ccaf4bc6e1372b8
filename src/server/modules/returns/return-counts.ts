// Counts of returns for the operator's cause report: how returns ended and what the receiving
// inspection found. Counts only, across every customer, so only the operator may ask.
import { AppError } from '../../shared/app-error';
import type { Deps } from '../../shared/deps';
import { isOperator, type Scope } from '../../shared/scope';

export type ReturnCounts = {
  /** Returns inspected in the range by outcome, plus those rejected before inspection as `rejected`. */
  byOutcome: { outcome: string; count: number }[];
  /** Items of returns inspected in the range by the condition the inspection found. */
  byCondition: { condition: string; count: number }[];
};

const byCountThenName =
  <K extends string>(key: K) =>
  (a: Record<K, string> & { count: number }, b: Record<K, string> & { count: number }) =>
    b.count - a.count || a[key].localeCompare(b[key]);

/** Returns inspected (or rejected before inspection) in [start, end): operator scopes only. */
export async function countReturns(
  deps: Pick<Deps, 'db'>,
  scope: Scope,
  range: { start: string; end: string },
): Promise<ReturnCounts> {
  if (!isOperator(scope)) throw new AppError('forbidden', 'Only the operator sees return counts');
  const { start, end } = range;
  const [returns, items] = await Promise.all([
    deps.db
      .selectFrom('case_return')
      .select(['outcome', 'state'])
      .where((eb) =>
        eb.or([
          eb.and([eb('inspected_at', '>=', start), eb('inspected_at', '<', end)]),
          eb.and([
            eb('inspected_at', 'is', null),
            eb('rejected_at', '>=', start),
            eb('rejected_at', '<', end),
          ]),
        ]),
      )
      .execute(),
    deps.db
      .selectFrom('case_return_item')
      .innerJoin('case_return', 'case_return.id', 'case_return_item.return_id')
      .select(['case_return_item.condition'])
      .select((eb) => eb.fn.countAll().as('count'))
      .where('case_return.inspected_at', '>=', start)
      .where('case_return.inspected_at', '<', end)
      .where('case_return_item.condition', 'is not', null)
      .groupBy('case_return_item.condition')
      .execute(),
  ]);
  const outcomes = new Map<string, number>();
  for (const row of returns) {
    const outcome = row.outcome ?? (row.state === 'rejected' ? 'rejected' : null);
    if (outcome) outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
  return {
    byOutcome: [...outcomes.entries()]
      .map(([outcome, count]) => ({ outcome, count }))
      .sort(byCountThenName('outcome')),
    byCondition: items
      .map((r) => ({ condition: r.condition as string, count: Number(r.count) }))
      .sort(byCountThenName('condition')),
  };
}
