// The return's state machine and the rules of the receiving inspection, free of I/O.
import type { ItemCondition, ReturnOutcome, ReturnState } from '../../../shared/returns';

export type ReturnAction = 'authorise' | 'receive' | 'inspect' | 'close' | 'reject';

/** From which states an action may be taken, and the state it leads to. */
const TRANSITIONS: Record<ReturnAction, { from: readonly ReturnState[]; to: ReturnState }> = {
  authorise: { from: ['requested'], to: 'authorised' },
  receive: { from: ['authorised'], to: 'received' },
  inspect: { from: ['received'], to: 'inspected' },
  close: { from: ['inspected'], to: 'closed' },
  // Rejected before the goods come back (not eligible) or after inspection (the outcome "rejected").
  reject: { from: ['requested', 'authorised', 'received', 'inspected'], to: 'rejected' },
};

export type TransitionResult = { ok: true; to: ReturnState } | { ok: false; message: string };

export function transition(state: ReturnState, action: ReturnAction): TransitionResult {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(state)) {
    return { ok: false, message: `A ${state} return cannot be ${pastTense(action)}` };
  }
  return { ok: true, to: rule.to };
}

function pastTense(action: ReturnAction): string {
  return {
    authorise: 'authorised',
    receive: 'received',
    inspect: 'inspected',
    close: 'closed',
    reject: 'rejected',
  }[action];
}

/**
 * Business days allowed to reach the next step from each state: the SLA target stored with the
 * return. Ends (closed, rejected) have none; `authorised` waits on the customer's parcel.
 */
export const RETURN_TARGET_BUSINESS_DAYS: Record<ReturnState, number | null> = {
  requested: 1,
  authorised: 10,
  received: 2,
  inspected: 1,
  closed: null,
  rejected: null,
};

export type InspectionItem = { condition: ItemCondition; notes?: string | null };
export type InspectionProblem =
  | { kind: 'field'; field: string; message: string }
  | { kind: 'refund_refused'; positions: number[]; message: string };

/**
 * Checks an inspection of `itemCount` items: one finding per item, in item order; a parcel that
 * held something else (`wrong_contents`) is never refunded, the positions are named.
 */
export function checkInspection(
  itemCount: number,
  items: readonly InspectionItem[],
  outcome: ReturnOutcome,
): InspectionProblem | null {
  if (items.length !== itemCount) {
    return {
      kind: 'field',
      field: 'items',
      message: `needs a condition for each of the ${itemCount} items (got ${items.length})`,
    };
  }
  const wrong = items.flatMap((item, index) => (item.condition === 'wrong_contents' ? [index + 1] : []));
  if (outcome === 'refund' && wrong.length > 0) {
    return {
      kind: 'refund_refused',
      positions: wrong,
      message: `A return with wrong contents is never refunded (item ${wrong.join(', ')})`,
    };
  }
  return null;
}

/** True when the inspection must flag the customer's account for review. */
export function needsReview(items: readonly InspectionItem[]): boolean {
  return items.some((item) => item.condition === 'wrong_contents');
}
