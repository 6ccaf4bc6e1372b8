import type { Trx } from '../../db/database';
import type { Deps } from '../../shared/deps';
import type { CaseStatus, SupportCaseRow } from './case.table';

/** Something that happened to a case that clocks, search or other modules react to. */
export type CaseHappening =
  | { type: 'created' }
  | { type: 'public_reply' }
  | { type: 'customer_message' }
  | { type: 'priority_changed' }
  | { type: 'status_changed'; from: CaseStatus; to: CaseStatus };

type Hook = (trx: Trx, deps: Deps, row: SupportCaseRow, happening: CaseHappening) => Promise<void>;
const hooks: Hook[] = [];

/** Other modules (SLA clocks, search) register here so the case module does not import them. */
export function registerCaseHook(hook: Hook): void {
  hooks.push(hook);
}

/** Runs every registered hook inside the transaction of the change. */
export async function onCaseHappening(
  trx: Trx,
  deps: Deps,
  row: SupportCaseRow,
  happening: CaseHappening,
): Promise<void> {
  for (const hook of hooks) await hook(trx, deps, row, happening);
}
