import type { Db, Trx } from '../../db/database';
import type { TimerRow } from '../../jobs/timer.table';
import { ensureTimer, scheduleTimer } from '../../jobs/timers';
import { requireRole, type Scope, systemScope } from '../../shared/scope';
import { readChannelSettings } from './channel-settings';
import { insertAndRouteLead } from './lead-create';
import { actorOf, type LeadDeps } from './lead-placement';
import { findAssetsDueForRenewal } from './lead-repository';
import { countPlacement, loadRoutingPartnerSet } from './lead-routing-input';
import type { RenewalsResult } from './lead-schemas';
import { LEAD_MANAGE_ROLES } from './leads';

// The renewal job: a warranty-extension lead for every asset whose warranty ends within the next
// N days (channel_settings.renewal_lead_days), once per asset and warranty period. The unique
// renewal_key (`assetId:warrantyEnd`) and an insert that ignores the conflict make a second
// worker running at the same time create nothing twice; a new warranty end is a new period.
// The job is a claimed timer (`lead_renewals`, subject 'daily'), so one worker runs it per day.

const DAY_MS = 86_400_000;
const JOB = systemScope('renewal job');
export const RENEWAL_TIMER_SUBJECT = 'daily';
/** The daily run's time of day (UTC): at night, before the partners' working day. */
const RUN_HOUR_UTC = 2;

/** The operator's calendar day: a run by hand late in the evening counts for that German day, not the UTC one. */
const OPERATOR_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' });

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * Makes the renewal leads for `today` (YYYY-MM-DD; default the clock's date in Germany). Each asset in
 * its own transaction, so a failure leaves the others made and a rerun makes the rest.
 */
export async function runRenewals(
  deps: LeadDeps,
  options: { today?: string; scope?: Scope; onProgress?: (done: number, total: number) => void } = {},
): Promise<RenewalsResult> {
  const today = options.today ?? OPERATOR_DAY.format(deps.clock.now());
  const settings = await readChannelSettings(deps.db);
  const due = await findAssetsDueForRenewal(deps.db, today, addDays(today, settings.renewal_lead_days));
  const actor = actorOf(options.scope ?? JOB);
  // Partners, their open-lead counts and the partner index are read once per run, not once per
  // asset (that re-read every profile and counted every held lead per asset); each placed lead
  // raises its partner's count here, so capacity holds across the run.
  const partnerSet = await loadRoutingPartnerSet(deps.db);
  let created = 0;
  options.onProgress?.(0, due.length);
  for (const [index, asset] of due.entries()) {
    const lead = await deps.db.transaction().execute((trx) =>
      insertAndRouteLead(
        trx,
        deps,
        actor,
        {
          customerId: asset.customer_id,
          kind: 'warranty_extension',
          source: 'renewal_job',
          productLine: asset.product_line,
          assetId: asset.id,
          note: null,
          renewalKey: `${asset.id}:${asset.warranty_end}`,
        },
        partnerSet,
      ),
    );
    if (lead) {
      created += 1;
      // Counted only once committed: a rolled-back placement holds nothing.
      if (lead.status === 'offered') countPlacement(partnerSet, lead.partner_id);
    }
    options.onProgress?.(index + 1, due.length);
  }
  return { created, checked: due.length };
}

/** POST /api/leads/renewals: the "run now" button (operator admin, channel manager). */
export async function runRenewalsNow(deps: LeadDeps, scope: Scope, today?: string): Promise<RenewalsResult> {
  requireRole(scope, LEAD_MANAGE_ROLES);
  return runRenewals(deps, { today, scope });
}

/** The next daily run after `now`. */
export function nextRenewalRun(now: Date): string {
  const next = new Date(now);
  next.setUTCHours(RUN_HOUR_UTC, 0, 0, 0);
  if (next.getTime() <= now.getTime()) next.setTime(next.getTime() + DAY_MS);
  return next.toISOString();
}

/** Makes sure the daily timer exists (at startup); an existing one keeps its due time. */
export async function ensureRenewalTimer(db: Db | Trx, now: Date): Promise<void> {
  await ensureTimer(db, 'lead_renewals', RENEWAL_TIMER_SUBJECT, nextRenewalRun(now));
}

/** The daily timer fired (claimed by one worker): run the job, then set the next day's run. */
export async function handleRenewalTimer(deps: LeadDeps, _timer: TimerRow): Promise<void> {
  await runRenewals(deps);
  await deps.db
    .transaction()
    .execute((trx) =>
      scheduleTimer(trx, 'lead_renewals', RENEWAL_TIMER_SUBJECT, nextRenewalRun(deps.clock.now())),
    );
}
