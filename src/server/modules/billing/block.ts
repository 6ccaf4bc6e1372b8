import { BILLING_ROLES } from '../../../shared/roles';
import type { Db, Trx } from '../../db/database';
import type { TimerRow } from '../../jobs/timer.table';
import { ensureTimer, scheduleTimer } from '../../jobs/timers';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { requireRole, type Scope, systemScope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import { type AccountStanding, accountStanding, requireCustomer } from './accounts';
import type { BillingAccountRow } from './billing.table';
import { mailBlockLifted } from './dunning-mail';
import type { BlockState } from './dunning-schemas';
import { formatEuroText } from './money-text';
import { openInvoiceAmounts } from './open-items';

// The service block: set by the dunning run at the block level (source 'dunning') or by a clerk
// by hand (source 'manual'). A dunning block lifts itself once the balance is settled (≤ 0):
// right after a payment commits (the payments work calls liftBlockIfSettled) and at the latest
// within 30 s by a claimed timer (`billing_block_lift`), so one worker does it. Settling also ends
// the dunning cycle: the level goes back to 0 and the next overdue invoice starts at the reminder.
// A manual block waits for a clerk's unblock. The block stops service, not the customer portal.

const LIFT_TIMER_SUBJECT = 'sweep';
const LIFT_INTERVAL_MS = 30_000;
const LIFTER = systemScope('block lift');

async function findAccountRow(db: Db | Trx, customerId: string): Promise<BillingAccountRow | undefined> {
  return db
    .selectFrom('billing_account')
    .selectAll()
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
}

/**
 * Lifts a dunning block and ends the dunning cycle when the customer's balance is ≤ 0 (audited,
 * the customer is mailed that service is available again). Safe to call after every payment and
 * from several workers: the update is guarded, so the lift and its mail happen once.
 * Returns true when it lifted a block.
 */
export async function liftBlockIfSettled(deps: Deps, customerId: string): Promise<boolean> {
  const account = await findAccountRow(deps.db, customerId);
  if (!account) return false;
  const liftable = account.blocked_at !== null && account.block_source === 'dunning';
  if (!liftable && account.dunning_level === 0) return false;
  const { balanceCents } = await accountStanding(deps, customerId);
  if (balanceCents > 0) return false;
  const now = isoNow(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('billing_account')
      .set({
        dunning_level: 0,
        dunning_cycle: account.dunning_cycle + 1,
        updated_at: now,
        ...(liftable ? { blocked_at: null, blocked_reason: null, block_source: null } : {}),
      })
      .where('customer_id', '=', customerId)
      .where('dunning_cycle', '=', account.dunning_cycle)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await recordAudit(trx, LIFTER, deps.clock, {
      action: liftable ? 'billing_account.unblocked' : 'billing_account.dunning_settled',
      entityType: 'billing_account',
      entityId: customerId,
      before: {
        dunningLevel: account.dunning_level,
        blockedAt: account.blocked_at,
        blockedReason: account.blocked_reason,
      },
      after: { dunningLevel: 0, blockedAt: liftable ? null : account.blocked_at, balanceCents },
    });
    if (liftable) await mailBlockLifted(trx, deps, customerId);
    return liftable;
  });
}

/** Every account in a dunning cycle or under a dunning block, settled ones lifted; returns how many were lifted. */
export async function liftSettledBlocks(deps: Deps): Promise<number> {
  const accounts = await deps.db
    .selectFrom('billing_account')
    .select('customer_id')
    .where((eb) =>
      eb.or([
        eb('dunning_level', '>', 0),
        eb.and([eb('blocked_at', 'is not', null), eb('block_source', '=', 'dunning')]),
      ]),
    )
    .execute();
  let lifted = 0;
  for (const { customer_id } of accounts) {
    if (await liftBlockIfSettled(deps, customer_id)) lifted += 1;
  }
  return lifted;
}

export async function ensureBlockLiftTimer(db: Db | Trx, now: Date): Promise<void> {
  await ensureTimer(
    db,
    'billing_block_lift',
    LIFT_TIMER_SUBJECT,
    new Date(now.getTime() + LIFT_INTERVAL_MS).toISOString(),
  );
}

/** The 30-second timer fired (claimed by one worker): lift what is settled, then look again in 30 s. */
export async function handleBlockLiftTimer(deps: Deps, _timer: TimerRow): Promise<void> {
  await liftSettledBlocks(deps);
  const next = new Date(deps.clock.now().getTime() + LIFT_INTERVAL_MS).toISOString();
  await deps.db
    .transaction()
    .execute((trx) => scheduleTimer(trx, 'billing_block_lift', LIFT_TIMER_SUBJECT, next));
}

function toBlockState(customerId: string, row: BillingAccountRow | undefined): BlockState {
  return {
    customerId,
    blocked: Boolean(row?.blocked_at),
    blockedAt: row?.blocked_at ?? null,
    blockedReason: row?.blocked_reason ?? null,
    dunningLevel: row?.dunning_level ?? 0,
  };
}

/** Blocks the service by hand (billing roles, audited); a manual block is lifted only by hand. */
export async function blockAccount(
  deps: Deps,
  scope: Scope,
  customerId: string,
  reason: string,
): Promise<BlockState> {
  requireRole(scope, BILLING_ROLES);
  await requireCustomer(deps, scope, customerId);
  const now = isoNow(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('billing_account')
      .values({
        customer_id: customerId,
        dunning_level: 0,
        blocked_at: null,
        blocked_reason: null,
        dunning_cycle: 0,
        block_source: null,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('customer_id').doNothing())
      .execute();
    const before = await findAccountRow(trx, customerId);
    await trx
      .updateTable('billing_account')
      .set({
        blocked_at: before?.blocked_at ?? now,
        blocked_reason: reason,
        block_source: 'manual',
        updated_at: now,
      })
      .where('customer_id', '=', customerId)
      .execute();
    const after = await findAccountRow(trx, customerId);
    await recordAudit(trx, scope, deps.clock, {
      action: 'billing_account.blocked',
      entityType: 'billing_account',
      entityId: customerId,
      before: { blockedAt: before?.blocked_at ?? null, blockedReason: before?.blocked_reason ?? null },
      after: { blockedAt: after?.blocked_at, blockedReason: reason, source: 'manual' },
    });
    return toBlockState(customerId, after);
  });
}

/** Lifts any block by hand (billing roles, audited, with the reason); the dunning level stays. */
export async function unblockAccount(
  deps: Deps,
  scope: Scope,
  customerId: string,
  reason: string,
): Promise<BlockState> {
  requireRole(scope, BILLING_ROLES);
  await requireCustomer(deps, scope, customerId);
  const now = isoNow(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    const before = await findAccountRow(trx, customerId);
    if (!before?.blocked_at) throw new AppError('account_not_blocked', 'The account has no service block');
    await trx
      .updateTable('billing_account')
      .set({ blocked_at: null, blocked_reason: null, block_source: null, updated_at: now })
      .where('customer_id', '=', customerId)
      .execute();
    await recordAudit(trx, scope, deps.clock, {
      action: 'billing_account.unblocked',
      entityType: 'billing_account',
      entityId: customerId,
      before: {
        blockedAt: before.blocked_at,
        blockedReason: before.blocked_reason,
        source: before.block_source,
      },
      after: { blockedAt: null, reason },
    });
    await mailBlockLifted(trx, deps, customerId);
    return toBlockState(customerId, await findAccountRow(trx, customerId));
  });
}

export type CaseBillingSummary = AccountStanding;

/**
 * Balance, block and dunning level of a case's customer, for the operator's staff on the case.
 * The caller decides the audience: never hand this to a partner or a customer user's view.
 */
export async function billingSummaryForCase(deps: Deps, customerId: string): Promise<CaseBillingSummary> {
  return accountStanding(deps, customerId);
}

/**
 * Texts about the customer's billing that must never reach a public reply, a partner view or a
 * mail to anyone but the customer: the block's words while blocked, the balance and each open
 * amount as written in German and English. For the leak guard on replies.
 */
export async function billingFactsForLeakGuard(deps: Deps, customerId: string): Promise<string[]> {
  const summary = await billingSummaryForCase(deps, customerId);
  const facts = new Set<string>();
  if (summary.blocked)
    for (const word of ['Leistungssperre', 'gesperrt', 'Sperre', 'blocked']) facts.add(word);
  if (summary.dunningLevel > 0)
    for (const word of ['Mahnung', 'Zahlungserinnerung', 'Mahnstufe']) facts.add(word);
  const amounts = [
    summary.balanceCents,
    ...(await openInvoiceAmounts(deps, customerId)).map((i) => i.openCents),
  ];
  for (const cents of amounts) {
    if (cents <= 0) continue;
    facts.add(formatEuroText(cents, 'de'));
    facts.add(formatEuroText(cents, 'en'));
  }
  return [...facts];
}
