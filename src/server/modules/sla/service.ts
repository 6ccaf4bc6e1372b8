import type { Trx } from '../../db/database';
import { scheduleTimer } from '../../jobs/timers';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { requireRole, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import type { SupportCaseRow } from '../cases/case.table';
import type { CaseHappening } from '../cases/case-hooks';
import { type BusinessCalendar, DEFAULT_CALENDAR, validateCalendar } from './business-calendar';
import type { CaseClockRow, SlaPolicyRow } from './sla.table';
import {
  type ClockEvent,
  type ClockEventType,
  type ClockKind,
  type ClockState,
  computeClock,
  nextTimerAt,
} from './sla-clock';

const KINDS: readonly ClockKind[] = ['first_response', 'silence', 'resolution'];

function targetOf(policy: SlaPolicyRow, kind: ClockKind): number | null {
  if (kind === 'first_response') return policy.first_response_minutes;
  if (kind === 'silence') return policy.silence_minutes;
  return policy.resolution_minutes;
}

/** The first active policy (by position) whose case type, priority and customer tier match; null criteria match all. */
export async function pickPolicy(trx: Trx, row: SupportCaseRow): Promise<SlaPolicyRow | undefined> {
  const tier = await trx
    .selectFrom('organisation')
    .select('tier')
    .where('id', '=', row.customer_id)
    .executeTakeFirst();
  return trx
    .selectFrom('sla_policy')
    .selectAll()
    .where('active', '=', 1)
    .where((eb) => eb.or([eb('case_type', 'is', null), eb('case_type', '=', row.type)]))
    .where((eb) => eb.or([eb('priority', 'is', null), eb('priority', '=', row.priority)]))
    .where((eb) =>
      eb.or([eb('customer_tier', 'is', null), eb('customer_tier', '=', tier?.tier ?? 'standard')]),
    )
    .orderBy('position')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

function parseEvents(json: string): ClockEvent[] {
  return (JSON.parse(json) as { at: string; type: ClockEventType }[]).map((e) => ({
    at: new Date(e.at),
    type: e.type,
  }));
}

function serialiseEvents(events: ClockEvent[]): string {
  return JSON.stringify(events.map((e) => ({ at: e.at.toISOString(), type: e.type })));
}

async function policiesById(
  db: Trx | Deps['db'],
  clocks: CaseClockRow[],
): Promise<Map<string, SlaPolicyRow>> {
  const ids = [...new Set(clocks.map((c) => c.policy_id))];
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('sla_policy').selectAll().where('id', 'in', ids).execute();
  return new Map(rows.map((p) => [p.id, p]));
}

/** Which clock events a happening causes. Pure, so the rules read in one place. */
export function clockEventsFor(happening: CaseHappening, kind: ClockKind): ClockEventType[] {
  switch (happening.type) {
    case 'created':
      return ['start'];
    case 'public_reply':
      // The first public reply meets the first-response clock; every public reply restarts silence.
      if (kind === 'first_response') return ['stop'];
      if (kind === 'silence') return ['restart'];
      return [];
    case 'status_changed': {
      const events: ClockEventType[] = [];
      if (happening.to === 'waiting_customer') events.push('pause');
      if (happening.from === 'waiting_customer') events.push('resume');
      if (happening.to === 'resolved' || happening.to === 'closed') events.push('stop');
      // A reopened case runs its resolution and silence clocks again from zero.
      if (
        (happening.from === 'resolved' || happening.from === 'closed') &&
        happening.to !== 'closed' &&
        kind !== 'first_response'
      ) {
        events.push('restart');
      }
      return events;
    }
    default:
      return [];
  }
}

export function calendarOf(policy: SlaPolicyRow | undefined): BusinessCalendar {
  return policy ? (JSON.parse(policy.calendar) as BusinessCalendar) : DEFAULT_CALENDAR;
}

/** A clock's state now, from its stored history. */
export function clockState(clock: CaseClockRow, policy: SlaPolicyRow | undefined, now: Date): ClockState {
  return computeClock(
    calendarOf(policy),
    clock.target_minutes,
    parseEvents(clock.events),
    now,
    policy?.warn_before_minutes ?? 0,
  );
}

/** Notes that the warning before a breach went out, so it goes out once. */
export async function markClockWarned(trx: Trx, clock: CaseClockRow, at: string): Promise<void> {
  await trx
    .updateTable('case_clock')
    .set({ warned_at: at })
    .where('case_id', '=', clock.case_id)
    .where('kind', '=', clock.kind)
    .execute();
}

/** A case merged into another stops its own clocks; the target's clocks go on. */
export async function dropCaseClocks(trx: Trx, caseId: string): Promise<void> {
  const clocks = await trx.selectFrom('case_clock').select('kind').where('case_id', '=', caseId).execute();
  for (const clock of clocks) await scheduleTimer(trx, 'case_clock', `${caseId}:${clock.kind}`, null);
  await trx.deleteFrom('case_clock').where('case_id', '=', caseId).execute();
}

/** The stored clock of a case, with its policy (undefined when the case has no such clock). */
export async function findCaseClock(trx: Trx, caseId: string, kind: CaseClockRow['kind']) {
  const clock = await trx
    .selectFrom('case_clock')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  if (!clock) return undefined;
  const policy = await trx
    .selectFrom('sla_policy')
    .selectAll()
    .where('id', '=', clock.policy_id)
    .executeTakeFirst();
  return { clock, policy };
}

/** Stores a clock's computed state and schedules the scheduler's next look (warning or breach). */
export async function storeClockState(trx: Trx, clock: CaseClockRow, state: ClockState): Promise<void> {
  await trx
    .updateTable('case_clock')
    .set({
      state: state.state,
      due_at: state.dueAt?.toISOString() ?? null,
      warn_at: state.warnAt?.toISOString() ?? null,
      breached_at: state.breachedAt?.toISOString() ?? null,
      met: state.met === null ? null : state.met ? 1 : 0,
    })
    .where('case_id', '=', clock.case_id)
    .where('kind', '=', clock.kind)
    .execute();
  await scheduleTimer(
    trx,
    'case_clock',
    `${clock.case_id}:${clock.kind}`,
    nextTimerAt(state)?.toISOString() ?? null,
  );
}

/** Whether any SLA clock of the case is breached (the case's "breaching" flag reads this). */
export async function hasBreachedClock(trx: Trx, caseId: string): Promise<boolean> {
  const breached = await trx
    .selectFrom('case_clock')
    .select('kind')
    .where('case_id', '=', caseId)
    .where('state', '=', 'breached')
    .executeTakeFirst();
  return breached !== undefined;
}

/**
 * Keeps a case's SLA clocks in step with what happened, in the same transaction: creates them from
 * the matching policy, appends start/pause/resume/stop/restart events, re-targets them when a
 * priority change selects another policy, and stores each clock's state and next timer.
 * Answers whether a clock may have changed between breached and not, so the case's flag is refreshed.
 */
export async function syncCaseClocks(
  trx: Trx,
  deps: Deps,
  row: SupportCaseRow,
  happening: CaseHappening,
): Promise<boolean> {
  const now = deps.clock.now();
  // Only creation and a priority change choose a policy; other happenings keep each clock's own.
  const policy =
    happening.type === 'created' || happening.type === 'priority_changed'
      ? await pickPolicy(trx, row)
      : undefined;
  if (happening.type === 'created') {
    if (!policy) return false;
    let breached = false;
    for (const kind of KINDS) {
      const target = targetOf(policy, kind);
      if (target === null) continue;
      const events: ClockEvent[] = [{ at: now, type: 'start' }];
      if (row.status === 'waiting_customer') events.push({ at: now, type: 'pause' });
      const draft: CaseClockRow = {
        case_id: row.id,
        kind,
        policy_id: policy.id,
        target_minutes: target,
        events: serialiseEvents(events),
        state: 'running',
        due_at: null,
        warn_at: null,
        breached_at: null,
        warned_at: null,
        met: null,
      };
      // Computed before the insert, so a new clock costs one insert and one timer row.
      const state = clockState(draft, policy, now);
      breached ||= state.state === 'breached';
      await trx
        .insertInto('case_clock')
        .values({
          ...draft,
          state: state.state,
          due_at: state.dueAt?.toISOString() ?? null,
          warn_at: state.warnAt?.toISOString() ?? null,
          breached_at: state.breachedAt?.toISOString() ?? null,
          met: state.met === null ? null : state.met ? 1 : 0,
        })
        .execute();
      await scheduleTimer(trx, 'case_clock', `${row.id}:${kind}`, nextTimerAt(state)?.toISOString() ?? null);
    }
    return breached;
  }
  const clocks = await trx.selectFrom('case_clock').selectAll().where('case_id', '=', row.id).execute();
  if (clocks.length === 0) return false;
  const policies = await policiesById(trx, clocks);
  for (const clock of clocks) {
    const events = parseEvents(clock.events);
    for (const type of clockEventsFor(happening, clock.kind)) events.push({ at: now, type });
    let updated: CaseClockRow = { ...clock, events: serialiseEvents(events) };
    let clockPolicy = policy?.id === clock.policy_id ? policy : undefined;
    if (happening.type === 'priority_changed' && policy && policy.id !== clock.policy_id) {
      const target = targetOf(policy, clock.kind);
      if (target !== null) {
        updated = { ...updated, policy_id: policy.id, target_minutes: target };
        clockPolicy = policy;
      }
    }
    clockPolicy ??= policies.get(updated.policy_id);
    await trx
      .updateTable('case_clock')
      .set({ events: updated.events, policy_id: updated.policy_id, target_minutes: updated.target_minutes })
      .where('case_id', '=', clock.case_id)
      .where('kind', '=', clock.kind)
      .execute();
    await storeClockState(trx, updated, clockState(updated, clockPolicy, now));
  }
  return true;
}

/** Clock states for the case API, computed for now (remaining business time changes by the minute). */
export async function readCaseClocks(deps: Deps, caseId: string) {
  const clocks = await deps.db
    .selectFrom('case_clock')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('kind')
    .execute();
  const now = deps.clock.now();
  const result = [];
  const policies = await policiesById(deps.db, clocks);
  for (const clock of clocks) {
    const state = clockState(clock, policies.get(clock.policy_id), now);
    result.push({
      kind: clock.kind,
      state: state.state,
      targetMinutes: clock.target_minutes,
      dueAt: state.dueAt?.toISOString() ?? null,
      breachedAt: state.breachedAt?.toISOString() ?? null,
      remainingBusinessMinutes: Math.round(state.remainingBusinessMinutes),
      met: state.met,
    });
  }
  return result;
}

// ------------------------------------------------------------------ policies

export type SlaPolicyInput = {
  name: string;
  position?: number;
  caseType?: SlaPolicyRow['case_type'];
  priority?: SlaPolicyRow['priority'];
  customerTier?: string | null;
  firstResponseMinutes?: number | null;
  silenceMinutes?: number | null;
  resolutionMinutes?: number | null;
  warnBeforeMinutes?: number;
  calendar?: BusinessCalendar;
  active?: boolean;
};

function checkCalendar(calendar: BusinessCalendar): void {
  const problems = validateCalendar(calendar);
  if (problems.length > 0) {
    throw new AppError(
      'validation',
      problems.map((p) => `calendar.${p.field}: ${p.message}`).join('; '),
      problems.map((p) => ({ field: `calendar.${p.field}`, message: p.message })),
    );
  }
}

export function toSlaPolicy(row: SlaPolicyRow) {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    caseType: row.case_type,
    priority: row.priority,
    customerTier: row.customer_tier,
    firstResponseMinutes: row.first_response_minutes,
    silenceMinutes: row.silence_minutes,
    resolutionMinutes: row.resolution_minutes,
    warnBeforeMinutes: row.warn_before_minutes,
    calendar: JSON.parse(row.calendar) as BusinessCalendar,
    active: row.active === 1,
  };
}

export async function listSlaPolicies(deps: Deps) {
  const rows = await deps.db.selectFrom('sla_policy').selectAll().orderBy('position').orderBy('id').execute();
  return rows.map(toSlaPolicy);
}

/** Creates a policy; it applies to cases created (or re-prioritised) from now on. */
export async function createSlaPolicy(deps: Deps, scope: Scope, input: SlaPolicyInput) {
  requireRole(scope, ['operator_admin']);
  const calendar = input.calendar ?? DEFAULT_CALENDAR;
  checkCalendar(calendar);
  const row: SlaPolicyRow = {
    id: newId(),
    name: input.name,
    position: input.position ?? 100,
    case_type: input.caseType ?? null,
    priority: input.priority ?? null,
    customer_tier: input.customerTier ?? null,
    first_response_minutes: input.firstResponseMinutes ?? null,
    silence_minutes: input.silenceMinutes ?? null,
    resolution_minutes: input.resolutionMinutes ?? null,
    warn_before_minutes: input.warnBeforeMinutes ?? 60,
    calendar: JSON.stringify(calendar),
    active: input.active === false ? 0 : 1,
    created_at: isoNow(deps.clock),
  };
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('sla_policy').values(row).execute();
    await recordAudit(trx, scope, deps.clock, {
      action: 'sla_policy.created',
      entityType: 'sla_policy',
      entityId: row.id,
      after: row,
    });
  });
  return toSlaPolicy(row);
}

export async function updateSlaPolicy(deps: Deps, scope: Scope, id: string, input: Partial<SlaPolicyInput>) {
  requireRole(scope, ['operator_admin']);
  if (input.calendar) checkCalendar(input.calendar);
  return deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('sla_policy').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw AppError.notFound('SLA policy');
    const after = await trx
      .updateTable('sla_policy')
      .set({
        name: input.name,
        position: input.position,
        case_type: input.caseType,
        priority: input.priority,
        customer_tier: input.customerTier,
        first_response_minutes: input.firstResponseMinutes,
        silence_minutes: input.silenceMinutes,
        resolution_minutes: input.resolutionMinutes,
        warn_before_minutes: input.warnBeforeMinutes,
        calendar: input.calendar ? JSON.stringify(input.calendar) : undefined,
        active: input.active === undefined ? undefined : input.active ? 1 : 0,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, scope, deps.clock, {
      action: 'sla_policy.updated',
      entityType: 'sla_policy',
      entityId: id,
      before,
      after,
    });
    return toSlaPolicy(after);
  });
}

/**
 * Puts the policies in the given order (the first is tried first): `ids` names every policy once.
 * Positions become 10, 20, 30 … so a policy created later with a position fits between two.
 */
export async function orderSlaPolicies(deps: Deps, scope: Scope, ids: string[]) {
  requireRole(scope, ['operator_admin']);
  return deps.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('sla_policy')
      .select(['id', 'position'])
      .orderBy('position')
      .orderBy('id')
      .execute();
    const known = new Set(before.map((p) => p.id));
    if (new Set(ids).size !== ids.length || ids.length !== known.size || ids.some((id) => !known.has(id)))
      throw AppError.field('ids', 'must name every SLA policy exactly once');
    for (const [index, id] of ids.entries())
      await trx
        .updateTable('sla_policy')
        .set({ position: (index + 1) * 10 })
        .where('id', '=', id)
        .execute();
    await recordAudit(trx, scope, deps.clock, {
      action: 'sla_policy.reordered',
      entityType: 'sla_policy',
      entityId: ids[0] ?? 'none',
      before: before.map((p) => p.id),
      after: ids,
    });
    const rows = await trx.selectFrom('sla_policy').selectAll().orderBy('position').orderBy('id').execute();
    return rows.map(toSlaPolicy);
  });
}
