import { VAT_TREATMENT_RULES } from '../../../shared/billing';
import type { Db, Trx } from '../../db/database';
import type { TimerRow } from '../../jobs/timer.table';
import { ensureTimer, scheduleTimer } from '../../jobs/timers';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { actorLabel, requireRole, type Scope, systemScope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import { insertCharge } from './accounts';
import type { ChargeRow } from './billing.table';
import { findChargeType } from './charge-types';
import { dunningTitle, mailDunningNotice } from './dunning-mail';
import { type DunningStep, nextDunningStep } from './dunning-rules';
import type { DunningRunResult } from './dunning-schemas';
import { DUNNING_ROLES, type DunningRules, readDunningRules } from './dunning-settings';
import { lineNetCents, vatCents } from './invoice-totals';
import { type OpenInvoice, openInvoiceAmounts } from './open-items';

// The dunning run: for every customer with overdue open invoices, the next level when its days
// have passed — the notice mailed to the customer's users, the level's fee charged on the
// configured charge type, and at the block level the service block. Each customer's step is one
// transaction that starts by inserting its notice (unique per customer, cycle and level): a second
// run at the same time (another worker, the button) hits the index, skips that customer, and so
// nobody is dunned twice or charged two fees. A daily claimed timer (`billing_dunning`) runs it.

const DAY_MS = 86_400_000;
const TIMER_SUBJECT = 'daily';
/** At night, after the renewal run, before the working day. */
const RUN_HOUR_UTC = 3;
const OPERATOR_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' });

export type DunningDeps = Pick<Deps, 'db' | 'clock' | 'config'>;

/** Customers with an issued invoice due before today (payments are looked at per customer). */
async function customersWithOverdueInvoices(db: Db, today: string): Promise<string[]> {
  const rows = await db
    .selectFrom('invoice')
    .select('customer_id')
    .distinct()
    .where('kind', '=', 'invoice')
    .where('status', '=', 'issued')
    .where('due_date', '<', today)
    .orderBy('customer_id')
    .execute();
  return rows.map((row) => row.customer_id);
}

async function customerFacts(trx: Db | Trx, customerId: string) {
  const customer = await trx
    .selectFrom('organisation')
    .select('name')
    .where('id', '=', customerId)
    .executeTakeFirstOrThrow();
  const person = await trx
    .selectFrom('person')
    .select('locale')
    .where('organisation_id', '=', customerId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return { name: customer.name, language: person?.locale === 'en' ? ('en' as const) : ('de' as const) };
}

async function ensureAccountRow(trx: Db | Trx, customerId: string, now: string) {
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
  return trx
    .selectFrom('billing_account')
    .selectAll()
    .where('customer_id', '=', customerId)
    .executeTakeFirstOrThrow();
}

type Step = DunningRunResult['steps'][number];

/** Takes one customer's due step, or nothing (not due, or another run took it). */
async function dunCustomer(
  deps: DunningDeps,
  actor: Scope,
  rules: DunningRules,
  customerId: string,
  today: string,
): Promise<Step | null> {
  const overdue = (await openInvoiceAmounts(deps, customerId)).filter((invoice) => invoice.dueDate < today);
  if (overdue.length === 0) return null;
  const now = isoNow(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    const account = await ensureAccountRow(trx, customerId, now);
    const last = await trx
      .selectFrom('dunning_notice')
      .select('notice_date')
      .where('customer_id', '=', customerId)
      .where('cycle', '=', account.dunning_cycle)
      .orderBy('level', 'desc')
      .limit(1)
      .executeTakeFirst();
    const step = nextDunningStep(
      {
        level: account.dunning_level,
        lastNoticeDate: last?.notice_date ?? null,
        oldestOverdueDueDate: overdue[0]!.dueDate,
        today,
      },
      rules,
    );
    if (!step) return null;
    const noticeId = newId();
    const openCents = overdue.reduce((sum, invoice) => sum + invoice.openCents, 0);
    // The claim: of two runs taking the same step, one inserts and the other inserts nothing
    // (on PostgreSQL it waits for the first to commit, then sees the row).
    const claimed = await trx
      .insertInto('dunning_notice')
      .values({
        id: noticeId,
        customer_id: customerId,
        cycle: account.dunning_cycle,
        level: step.level,
        notice_date: today,
        invoice_ids: JSON.stringify(overdue.map((invoice) => invoice.invoiceId)),
        open_cents: openCents,
        fee_charge_id: null,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['customer_id', 'cycle', 'level']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!claimed) return null;
    const customer = await customerFacts(trx, customerId);
    const fee = await chargeFee(trx, deps, actor, customerId, step, overdue, today, rules, customer.language);
    if (fee) {
      await trx
        .updateTable('dunning_notice')
        .set({ fee_charge_id: fee.id })
        .where('id', '=', noticeId)
        .execute();
    }
    const blocks = step.blocks && account.blocked_at === null;
    const numbers = overdue.map((invoice) => invoice.number);
    await trx
      .updateTable('billing_account')
      .set({
        dunning_level: step.level,
        updated_at: now,
        ...(blocks
          ? {
              blocked_at: now,
              blocked_reason: `${dunningTitle(step.level, 'de')}: ${numbers.join(', ')}`,
              block_source: 'dunning' as const,
            }
          : {}),
      })
      .where('customer_id', '=', customerId)
      .execute();
    await recordAudit(trx, actor, deps.clock, {
      action: 'billing_account.dunned',
      entityType: 'billing_account',
      entityId: customerId,
      before: { dunningLevel: account.dunning_level },
      after: {
        dunningLevel: step.level,
        cycle: account.dunning_cycle,
        invoiceIds: overdue.map((invoice) => invoice.invoiceId),
        openCents,
        feeChargeId: fee?.id ?? null,
      },
    });
    if (blocks) {
      await recordAudit(trx, actor, deps.clock, {
        action: 'billing_account.blocked',
        entityType: 'billing_account',
        entityId: customerId,
        before: { blockedAt: null },
        after: { blockedAt: now, source: 'dunning', dunningLevel: step.level },
      });
    }
    await mailDunningNotice(trx, deps, customerId, {
      level: step.level,
      customerName: customer.name,
      invoices: overdue,
      feeCents: fee?.line_net_cents ?? 0,
      feeGrossCents: fee ? fee.line_net_cents + fee.vat : 0,
      blocks: step.blocks,
    });
    return {
      customerId,
      customerName: customer.name,
      level: step.level,
      invoiceNumbers: numbers,
      openCents,
      feeCents: fee?.line_net_cents ?? 0,
      blocked: step.blocks,
    };
  });
}

/**
 * The level's fee as a charge of the configured type, taxed as that type says. No fee when the
 * level's fee is 0 or the type is missing or deactivated (the settings refuse such a type; an
 * install without it dunns without fees rather than not at all).
 */
async function chargeFee(
  trx: Trx,
  deps: DunningDeps,
  actor: Scope,
  customerId: string,
  step: DunningStep,
  overdue: OpenInvoice[],
  today: string,
  rules: DunningRules,
  language: 'de' | 'en',
) {
  if (step.feeCents <= 0) return null;
  const type = await findChargeType(trx, rules.feeChargeType);
  if (type?.active !== 1) return null;
  const numbers = overdue.map((invoice) => invoice.number).join(', ');
  const row: ChargeRow = {
    id: newId(),
    customer_id: customerId,
    type_code: type.code,
    vat_treatment: type.vat_treatment,
    exemption_note: type.exemption_note,
    description:
      language === 'de'
        ? `Mahngebühr ${dunningTitle(step.level, 'de')} zu ${numbers}`
        : `Dunning fee, ${dunningTitle(step.level, 'en').toLowerCase()} for ${numbers}`,
    quantity_thousandths: 1000,
    unit_price_cents: step.feeCents,
    line_net_cents: lineNetCents(1000, step.feeCents),
    service_date: today,
    service_date_to: null,
    case_id: null,
    invoice_id: null,
    created_by_person_id: null,
    created_at: isoNow(deps.clock),
  };
  await insertCharge(trx, deps.clock, actor, row);
  return {
    ...row,
    vat: vatCents(row.line_net_cents, VAT_TREATMENT_RULES[type.vat_treatment].rateBasisPoints),
  };
}

/** Runs dunning for `today` (YYYY-MM-DD; default the clock's day in Germany), one customer at a time. */
export async function runDunning(
  deps: DunningDeps,
  options: { today?: string; startedBy?: Scope } = {},
): Promise<DunningRunResult> {
  const today = options.today ?? OPERATOR_DAY.format(deps.clock.now());
  // Steps are the system's doing (as the timer's are); who pressed the button is in the label.
  const actor = systemScope(
    options.startedBy?.kind === 'user'
      ? `dunning run (started by ${actorLabel(options.startedBy)})`
      : 'dunning run',
  );
  const rules = await readDunningRules(deps.db);
  const customers = await customersWithOverdueInvoices(deps.db, today);
  const steps: Step[] = [];
  for (const customerId of customers) {
    const step = await dunCustomer(deps, actor, rules, customerId, today);
    if (step) steps.push(step);
  }
  // Say so when a step was due a fee that could not be charged, rather than dun without it silently.
  const feeType = await findChargeType(deps.db, rules.feeChargeType);
  const feeWasDue = steps.some((step) => rules.feeCents[step.level as 1 | 2 | 3] > 0);
  const feeChargeTypeUnusable = feeWasDue && feeType?.active !== 1 ? rules.feeChargeType : null;
  return { today, checked: customers.length, feeChargeTypeUnusable, steps };
}

/** POST /api/billing/dunning/run: "Mahnlauf jetzt starten" (billing roles). */
export async function runDunningNow(
  deps: DunningDeps,
  scope: Scope,
  today?: string,
): Promise<DunningRunResult> {
  requireRole(scope, DUNNING_ROLES);
  return runDunning(deps, { today, startedBy: scope });
}

export function nextDunningRun(now: Date): string {
  const next = new Date(now);
  next.setUTCHours(RUN_HOUR_UTC, 0, 0, 0);
  if (next.getTime() <= now.getTime()) next.setTime(next.getTime() + DAY_MS);
  return next.toISOString();
}

export async function ensureDunningTimer(db: Db | Trx, now: Date): Promise<void> {
  await ensureTimer(db, 'billing_dunning', TIMER_SUBJECT, nextDunningRun(now));
}

/** The daily timer fired (claimed by one worker): run, then set the next day's run. */
export async function handleDunningTimer(deps: DunningDeps, _timer: TimerRow): Promise<void> {
  await runDunning(deps);
  await deps.db
    .transaction()
    .execute((trx) => scheduleTimer(trx, 'billing_dunning', TIMER_SUBJECT, nextDunningRun(deps.clock.now())));
}
